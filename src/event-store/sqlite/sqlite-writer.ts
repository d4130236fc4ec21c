import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import type { ResourceLimits } from 'node:worker_threads';
import { WRITER_THREAD_LIMITS, startSqliteThread } from '../../shared/sqlite-thread.js';
import { createWriterCore, decodeReplies, WIRE_FIELD, type AppendWire, type KeyOutcome, type KeyWire, type WireItem, type WireRound, type WriterCore, type WriterFailure, type WriterReply, type WriterSettings } from './sqlite-writer-core.js';

/** The writer thread stopped (crashed, or was ended) with requests outstanding: they may or may not have been committed. */
export class WriterThreadError extends Error {
  readonly code = 'writer-thread-stopped';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WriterThreadError';
  }
}

/** The writer was closed: nothing more is taken. */
export class WriterClosedError extends Error {
  constructor() {
    super('the SQLite writer is closed');
    this.name = 'WriterClosedError';
  }
}

/** An append's submission as the thread is sent it (submissionWire), or keys to store. */
type Request = { kind: 'append'; submission: string | readonly AppendWire[]; keys?: readonly KeyWire[] } | { kind: 'keys'; keys: readonly KeyWire[] };
type Success = Extract<WriterReply, { ok: true }>;

interface Pending {
  readonly request: Request & { readonly id: number };
  readonly resolve: (reply: Success) => void;
  readonly reject: (failure: WriterFailure | Error) => void;
}

/** Where the rounds run: a worker thread, or (for an in-memory database, which a thread cannot share) this one. */
interface Host {
  /** Sends requests of the open round; `end`: its last (the thread answers the round then). */
  send(items: readonly WireItem[], end: boolean): void;
  /** Nothing outstanding: the thread may let the process exit. */
  idle?(): void;
  close(): Promise<void>;
}

/**
 * The side of this process that talks to the writer: requests arriving during one turn of
 * the event loop go to the writer together (group commit), and while it writes, the next
 * group gathers. The writer is a worker thread owning the write connections, so the
 * commits and their fsyncs never stall this thread's event loop; this thread keeps its own
 * connection for reads, which see every commit once its reply arrives (WAL).
 *
 * Replies come back in the order of the requests; the caller's promise settles with each.
 * If the thread dies, every request it held fails with WriterThreadError (never a hang) and
 * the next request starts a new thread.
 */
export class SqliteWriter {
  private host: Host | undefined;
  private readonly gathering: Pending[] = [];
  private readonly inFlight = new Map<number, Pending>();
  private nextId = 1;
  private scheduled = false;
  /**
   * This turn's requests open a round on an idle thread: from the second on, each is sent as
   * it is made (the thread writes it while this thread makes the next), and the turn's end
   * closes the round. Not for an in-memory database (written on this thread anyway).
   */
  private turnRound: 'no' | 'gathering' | 'sending' = 'no';
  /** An in-memory database, which no thread can share: its rounds run on this thread (inThread). */
  private readonly inMemory: boolean;
  private state: 'open' | 'closed' = 'open';
  private counters = { commits: 0, requests: 0 };
  private idle: (() => void)[] = [];
  private sent = 0;

  constructor(
    private readonly settings: WriterSettings,
    /** Called after each round in which appends committed, with how many, before the callers are answered. */
    private readonly afterCommit: (appends: number) => void = () => undefined,
    /** The thread's heap limits; Node's defaults when absent. */
    private readonly resourceLimits?: ResourceLimits,
    /** For an in-memory database (`:memory:`): its one connection, written on this thread. */
    private readonly memory?: Database.Database,
    /** Called after each round with what became of the keys it was given, before the callers are answered. */
    private readonly afterKeys: (outcomes: readonly KeyOutcome[]) => void = () => undefined,
  ) {
    this.inMemory = settings.eventsFile === ':memory:';
  }

  /** Appends (one submission: all of it or none) or new keys. Rejects with the writer's failure, WriterThreadError or WriterClosedError. */
  submit(request: Request): Promise<Success> {
    if (this.state !== 'open') return Promise.reject(new WriterClosedError());
    return new Promise<Success>((resolve, reject) => {
      this.gathering.push({ request: { ...request, id: this.nextId++ }, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Nothing in flight: the request goes as soon as this turn's synchronous code and
        // microtasks are done (the requests they make go with it), not a loop turn later; a
        // promise job rather than queueMicrotask, which wraps each callback in an async
        // resource of its own (~1.5 µs of this thread per lone append).
        // A round in flight: wait for the turn's I/O callbacks (other requests) to enqueue
        // too; the thread takes whatever has arrived when its round ends, as its next round.
        if (this.inFlight.size === 0) {
          if (!this.inMemory) this.turnRound = 'gathering';
          void Promise.resolve().then(() => this.send());
        } else setImmediate(() => this.send());
      } else if (this.turnRound === 'sending' || (this.turnRound === 'gathering' && this.gathering.length >= 2)) {
        // A lone request goes with the round's end, in one message, as before; two or more in
        // one turn (16 writers answered at once) go as they come.
        this.turnRound = 'sending';
        this.post(false);
      }
    });
  }

  /**
   * Which group the next submission joins: it changes when a group is sent to the thread, at
   * the latest one turn of the event loop after its first submission. What holds for every
   * request of a group (the event file still in place) need be looked at once per group.
   */
  get group(): number {
    return this.sent;
  }

  /** Transactions committed and the submissions they carried (for tests and benchmarks). */
  get stats(): { readonly commits: number; readonly requests: number } {
    return { ...this.counters };
  }

  /** Waits for everything submitted, then ends the thread; later submissions are refused. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.send();
    if (this.inFlight.size > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.host?.close();
    this.host = undefined;
  }

  private send(): void {
    this.scheduled = false;
    const open = this.turnRound === 'sending';
    this.turnRound = 'no';
    if (this.gathering.length === 0 && !open) return;
    this.sent += 1;
    this.post(true);
  }

  /** Sends what has gathered; `end`: it closes the round. */
  private post(end: boolean): void {
    const batch = this.gathering.splice(0);
    batch.forEach((pending) => this.inFlight.set(pending.request.id, pending));
    try {
      this.host ??= this.inMemory ? this.inThread() : this.thread();
      this.host.send(wireItems(batch), end);
    } catch (error) {
      this.failAll(error instanceof WriterThreadError ? error : new WriterThreadError(`cannot start the SQLite writer thread: ${(error as Error).message}`, { cause: error }));
    }
  }

  private received(round: WireRound): void {
    const { commits, keys } = round;
    const replies = decodeReplies(round);
    this.counters.commits += commits;
    if (keys.length > 0) this.afterKeys(keys);
    let committed = 0;
    for (const reply of replies) {
      const pending = this.inFlight.get(reply.id);
      if (!pending) continue;
      if (pending.request.kind === 'append' && (reply.ok || reply.failure.refusal !== undefined)) this.counters.requests += 1;
      if (reply.ok && pending.request.kind === 'append') committed += 1;
    }
    if (committed > 0) this.afterCommit(committed);
    for (const reply of replies) {
      const pending = this.inFlight.get(reply.id);
      if (!pending) continue;
      this.inFlight.delete(reply.id);
      if (reply.ok) pending.resolve(reply);
      else pending.reject(reply.failure);
    }
    this.settled();
  }

  private failAll(error: Error): void {
    const pending = [...this.inFlight.values()];
    this.inFlight.clear();
    pending.forEach(({ reject }) => reject(error));
    this.settled();
  }

  private settled(): void {
    if (this.inFlight.size > 0) return;
    this.host?.idle?.();
    const idle = this.idle.splice(0);
    idle.forEach((resolve) => resolve());
  }

  private thread(): Host {
    // The thread sleeps in Atomics.wait on this counter; each message posted to it is followed by
    // an increment and a notify, a futex wake-up, quicker than the thread's event loop being
    // woken for the message (src/event-store/README.md, "Where the time goes").
    const wake = new Int32Array(new SharedArrayBuffer(4));
    const post = (message: WireMessage | 'close') => {
      worker.postMessage(message);
      Atomics.add(wake, 0, 1);
      Atomics.notify(wake, 0);
    };
    const worker = startSqliteThread(WORKER_SOURCE, { settings: this.settings, wake: wake.buffer }, { ...WRITER_THREAD_LIMITS, ...this.resourceLimits });
    let stopped = false;
    const stop = (error: Error) => {
      if (stopped) return;
      stopped = true;
      if (this.host === host) this.host = undefined;
      this.failAll(error);
    };
    worker.on('message', (round: WireRound | { failed: string }) => {
      if ('failed' in round) stop(new WriterThreadError(`the SQLite writer thread failed: ${round.failed}`));
      else this.received(round);
    });
    worker.on('error', (error) => stop(new WriterThreadError(`the SQLite writer thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => stop(new WriterThreadError(`the SQLite writer thread stopped (exit code ${code})`)));
    const host = {
      send: (items: readonly WireItem[], end: boolean) => {
        worker.ref(); // keeps the process alive while requests are outstanding
        post(end ? [...items, ROUND_END] : items);
      },
      idle: () => worker.unref(),
      close: async () => {
        if (stopped) return;
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.ref(); // the process waits for the thread to close its files
        post('close');
        await exited;
      },
    };
    return host;
  }

  /**
   * An in-memory database lives in one connection, which no thread can share: the rounds
   * run here, on the reading connection itself (the store closes it).
   */
  private inThread(): Host {
    const memory = this.memory;
    if (!memory) throw new WriterThreadError('an in-memory database needs its connection given to the writer');
    const core: WriterCore = createWriterCore(
      {
        open: (file, timeout) => (file === this.settings.eventsFile ? memory : new Database(file, { timeout })),
        sha256: (a, b) => hash('sha256', a + b, 'hex'),
      },
      this.settings,
    );
    // Never sent a round in parts (turnRound): each round is whole.
    return { send: (items) => setImmediate(() => this.received(core.roundWire(items))), close: async () => undefined };
  }
}

/** What closes a round in the thread's messages: the last element of the round's last part. */
const ROUND_END = null;

/** A part of a round as the thread is sent it: its requests, ROUND_END last when it is the round's last. */
type WireMessage = readonly (WireItem | typeof ROUND_END)[];

/** The requests of a round as the thread is sent them: consecutive appends without keys as one text. */
function wireItems(batch: readonly Pending[]): WireItem[] {
  const items: WireItem[] = [];
  let text = '';
  for (const { request } of batch) {
    if (request.kind === 'append' && request.keys === undefined && typeof request.submission === 'string') {
      text += text === '' ? `${request.id}${WIRE_FIELD}${request.submission}` : `${WIRE_FIELD}${request.id}${WIRE_FIELD}${request.submission}`;
      continue;
    }
    if (text !== '') items.push(text);
    text = '';
    items.push(request);
  }
  if (text !== '') items.push(text);
  return items;
}

/**
 * The thread's program, from source text (eval): Jest runs this project from TypeScript
 * sources, which a worker thread could not load as a file, and dist/ and the image run the
 * compiled files; the text of createWriterCore is the same function in all three.
 * Requests that arrive while a round is being written wait and form the next round. The
 * requests still travel as messages; only the thread's wake-up is a futex (Atomics.wait), which
 * spares it the trip through its event loop on every round.
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
// crypto.hash, one call per digest: about half the time of createHash().update().digest() for an event's few hundred bytes.
const { hash } = require('node:crypto');
const createWriterCore = ${createWriterCore.toString()};
let core;
try {
  core = createWriterCore({
    open: (file, timeout) => new (require(workerData.sqlite))(file, { timeout }),
    sha256: (a, b) => hash('sha256', a + b, 'hex'),
  }, workerData.settings);
} catch (error) {
  parentPort.postMessage({ failed: error.message });
  process.exit(1);
}
// Between messages the thread blocks on the wake-up counter (the main thread adds one after each
// message). The messages that have arrived by then are taken as one part of a round, up to the
// last that ends a round (null last: the rounds it ends are answered together), and what
// follows as the start of the next.
const wake = new Int32Array(workerData.wake);
// A function of its own so that a CPU profile names the time the thread sleeps here: V8 counts
// a thread blocked in Atomics.wait as busy, in the frame that called it (bench/profiles.ts counts
// this one as waiting).
function waitForRequests(seen) {
  Atomics.wait(wake, 0, seen);
  return Atomics.load(wake, 0);
}
for (let seen = 0, closing = false; !closing; ) {
  seen = waitForRequests(seen);
  const items = [];
  let ended = -1; // how many of the items the last end of a round seen closes
  for (let next = receiveMessageOnPort(parentPort); next; next = receiveMessageOnPort(parentPort)) {
    if (next.message === 'close') closing = true;
    else if (next.message[next.message.length - 1] === null) {
      items.push(...next.message.slice(0, -1));
      ended = items.length;
    } else items.push(...next.message);
  }
  // The rounds an end closes are answered as one (one commit), then the next one's start is taken.
  if (ended >= 0) parentPort.postMessage(core.take(items.splice(0, ended), true));
  if (items.length > 0) core.take(items, false);
  if (closing) {
    core.close();
    parentPort.close();
  }
}
`;
