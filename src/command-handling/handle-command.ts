import { DuplicateEventIdError, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store/event-store.errors.js';
import type { EventStore, NewEvent, StoredEvent } from '../event-store/event-store.port.js';
import type { JsonObject } from '../shared/json.js';
import type { AnyStreamEvent, SchemaVersions } from '../shared/stream-events.js';
import type { CommandEnvelope } from './command-envelope.js';
import { IdempotencyKeyReusedError, RevisionConflictError } from './command-errors.js';
import type { FoldedStates } from './folded-states.js';
import { nameBasedIds } from './name-based-id.js';

/**
 * A stream's model: how its events fold into the state a command decides on, and the version
 * each type is written with. The decision itself is each command's `decide` (HandleOptions).
 */
export interface StreamModel<S, E extends AnyStreamEvent> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  /** The version each type is written with today; older stored versions go through `upcast`. */
  readonly schemaVersions: SchemaVersions<E>;
  /** Turns a stored event of an older schema version into today's shape (never rewriting it). */
  readonly upcast?: (event: StoredEvent) => E;
}

/** A stored event this build cannot read: an unknown type, or a newer schema version. */
export class UnreadableEventError extends Error {
  constructor(event: StoredEvent, reason: string) {
    super(`${event.streamId}@${event.revision} (${event.type} v${event.schemaVersion}): ${reason}`);
    this.name = 'UnreadableEventError';
  }
}

/** Today's shape of a stored event, refusing what this build does not know rather than misreading it. */
export function readEvent<S, E extends AnyStreamEvent>(model: StreamModel<S, E>, event: StoredEvent): E {
  const current = (model.schemaVersions as Record<string, number | undefined>)[event.type];
  if (current === undefined) throw new UnreadableEventError(event, 'unknown event type');
  if (event.schemaVersion > current) throw new UnreadableEventError(event, `written by a newer version (this build reads up to v${current})`);
  if (event.schemaVersion < current) {
    if (!model.upcast) throw new UnreadableEventError(event, `no upcaster from v${event.schemaVersion}`);
    return model.upcast(event);
  }
  return { type: event.type, data: event.data } as unknown as E;
}

export interface CommandOutcome {
  readonly streamId: string;
  /** The stream's revision after the command (its last event). */
  readonly revision: number;
  readonly position: bigint;
  /** The events this command wrote (on a replay: the ones it wrote the first time), as stored: encoded, not decoded. */
  readonly events: readonly StoredEvent[];
  /** True when this is a retry answered from the events of the first attempt. */
  readonly replayed: boolean;
}

export interface HandleOptions<S, E> {
  /** Whether the command may start the stream; otherwise a missing stream is `notFound()`. */
  readonly creates: boolean;
  readonly notFound: () => Error;
  /** decide: pure, throws a DomainError to refuse. `history` holds the decoded events when `keepsEvents` asks for them. */
  readonly decide: (state: S, history: FoldedHistory) => readonly E[];
  /**
   * Called when the append lost its race and the command is about to decide again on the
   * stream as it is now: whatever was remembered for the attempt (e.g. a key looked up before
   * an erasure that won the race) is forgotten.
   */
  readonly lostRace?: () => void;
  /** The payload to store for a decided event (e.g. its personal fields encrypted); its data as decided when absent. */
  readonly encode?: (event: E) => Promise<JsonObject>;
  /** A stored event as evolve reads it (e.g. its personal fields decrypted); as stored when absent. */
  readonly decode?: (event: StoredEvent) => Promise<StoredEvent>;
  /**
   * An event this command has just appended, as `decode` reads it, made from what was decided
   * (its data before `encode`) instead of undoing `encode` (decrypting what was just
   * encrypted). It must give exactly what `decode` gives for the stored event; `decode` is
   * used when absent. Only for keeping the state after an append (`states`).
   */
  readonly decodeAppended?: (stored: StoredEvent, decided: E) => Promise<StoredEvent>;
  /** How the request's fingerprint is stored and compared (e.g. keyed per subject); `envelope.requestHash` as is when absent. */
  readonly fingerprint?: RequestFingerprint;
  /** States kept between commands (folded-states.ts): then only the events after the kept revision are read and decoded. */
  readonly states?: FoldedStates<S>;
  /**
   * Whether a state folded over this event may be kept: not when decoding the events again
   * could read otherwise (after an erasure, a key is deleted that earlier events were
   * decoded with). Every event may when absent.
   */
  readonly keepsStateAfter?: (event: StoredEvent) => boolean;
  /**
   * Whether decide needs the stream's events themselves (decoded), not only the state folded
   * from them: then they are kept with the state too, so a decision over the history (the AP
   * form a filing copies) reads no more of the stream than one over the state.
   */
  readonly keepsEvents?: boolean;
  /**
   * Whether a command may decide on the kept state (or, for a command that creates its
   * stream and has none kept, on the empty stream) without reading the stream first: the
   * append names the kept revision as the expected one, so the store itself checks that the
   * stream is still where it was. If it is not (another instance appended, the stream
   * exists already, a retry's first attempt is there), the command reads the stream and
   * decides again as it would have without this. A refusal, a decision to append nothing or
   * an If-Match other than the kept revision is never answered from the kept state alone:
   * the stream is read and the command decided on it. Saves the stream read (a SQLite query
   * on the event loop) of every command on a stream this process keeps.
   */
  readonly decidesOnKeptHead?: boolean;
}

/** What decide may know of the stream besides its state: its head, and its decoded events when the handler keeps them. */
export interface FoldedHistory {
  /** The revision decided on; null for a stream with no events. */
  readonly revision: number | null;
  /** Every event of the stream, decoded, in order (empty unless `keepsEvents`). */
  readonly events: readonly StoredEvent[];
}

/** How a command's request fingerprint is stored with its events, and recognised on a retry. */
export interface RequestFingerprint {
  /**
   * What the events about to be appended store as `metadata.extensions.requestHash`.
   * `decidedOn`: the stream's revision the append will name as expected (null: no stream yet;
   * left out: not known).
   */
  readonly toStore: (decidedOn?: number | null) => Promise<string>;
  /** Whether a fingerprint stored by an earlier attempt of the same idempotency key is this request's. */
  readonly matches: (stored: string | undefined) => Promise<boolean>;
}

/** The envelope's fingerprint, stored as it is and compared for equality. */
export const plainFingerprint = (requestHash: string): RequestFingerprint => ({ toStore: async () => requestHash, matches: async (stored) => stored === requestHash });

/** Namespace of the event ids derived from a command's idempotency key. */
const EVENT_ID_NAMESPACE = '7d1f4c9e-2b6a-5e8d-9c3f-1a2b3c4d5e6f';
const eventIdOf = nameBasedIds(EVENT_ID_NAMESPACE);
/**
 * After a lost race, wait a random 0..n ms (n doubling per attempt up to this) before
 * deciding again: concurrent commands that lost together (the SQLite adapter commits a
 * group of appends at once, so they all read the same head) spread over later commits
 * instead of racing as one group again, where only one of them can win each time.
 */
const MAX_RETRY_JITTER_MS = 32;

/**
 * The one way a command is handled: read the stream, answer a retry from the events the
 * first attempt wrote, fold, decide, append with the expected revision. Retries are safe
 * here, not by trusting the store's event-id de-duplication (docs/architecture.md).
 */
export async function handleCommand<S, E extends AnyStreamEvent>(
  store: EventStore,
  streamId: string,
  model: StreamModel<S, E>,
  envelope: CommandEnvelope,
  options: HandleOptions<S, E>,
): Promise<CommandOutcome> {
  let lost: { readonly expected: number | null } | undefined;
  const fingerprint = options.fingerprint ?? plainFingerprint(envelope.requestHash);
  // The state decided on first without a read (decidesOnKeptHead), if any: only the append's revision check vouches for it.
  let unread = options.decidesOnKeptHead ? unreadHead(streamId, model, envelope, options) : undefined;
  for (let attempt = 1; ; attempt += 1) {
    const guessed = unread !== undefined;
    const folded = unread ?? (await foldStream(store, streamId, model, envelope, fingerprint, options));
    unread = undefined;
    if ('replayed' in folded) return folded;
    if (folded.revision === null && !options.creates) throw options.notFound();
    const current = folded.revision;
    // Each lost race means another command on the stream succeeded, so there is no cap on
    // the attempts: only a stream that did not move on since the lost race (which a store
    // keeping its word never shows) ends the loop, rather than spinning.
    if (lost && !movedOn(lost.expected, current)) throw new RevisionConflictError(streamId, lost.expected ?? -1, current);
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) {
      throw new RevisionConflictError(streamId, envelope.expectedRevision, current);
    }
    let decided: readonly E[];
    try {
      decided = options.decide(folded.state, { revision: current, events: folded.events });
    } catch (refusal) {
      // A refusal is only given on the stream as read: the unread state may be behind it.
      if (guessed) continue;
      throw refusal;
    }
    if (decided.length === 0) {
      if (guessed) continue;
      return { streamId, revision: current ?? -1, position: folded.position, events: [], replayed: false };
    }
    // Encoded on every attempt: what is stored (and hashed) is the encoded payload.
    let payloads: readonly JsonObject[];
    let requestHash: string;
    try {
      payloads = await Promise.all(decided.map((event) => (options.encode ? options.encode(event) : (event.data as JsonObject))));
      requestHash = await fingerprint.toStore(current);
    } catch (failure) {
      // Encoding may refuse what the stream as read would never have asked (personal data of a
      // breach whose key was erased, when the unread state is behind the erasure or the retry
      // of a registration): read the stream and decide again.
      if (!guessed) throw failure;
      options.states?.delete(streamId);
      options.lostRace?.();
      continue;
    }
    try {
      const result = await store.append(
        streamId,
        decided.map((event, index) => toNewEvent(model.schemaVersions, event, payloads[index] as JsonObject, index, streamId, { ...envelope, requestHash })),
        { expectedRevision: current ?? 'no_stream' },
      );
      // The events as stored (not as decided) are folded in: the next command starts from exactly what a full read gives.
      if (options.states && folded.keepable) await keepAppended(streamId, model, options, folded, result.events, decided);
      return { streamId, revision: result.nextExpectedRevision, position: result.position, events: result.events, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError)) throw error;
      if (guessed) {
        // The stream was not where it was kept (or already there for a creation): read it and
        // decide again, forgetting what the attempt remembered, as after a lost race.
        options.states?.delete(streamId);
        options.lostRace?.();
        continue;
      }
      // Someone appended in between. A client that named its revision gets a conflict
      // (unless it was its own retry that won); otherwise decide again on the new state.
      if (envelope.expectedRevision !== undefined) {
        const now = await readHistory(store, streamId);
        const won = await answerRetry(streamId, now, envelope, fingerprint);
        if (won) return won;
        throw new RevisionConflictError(streamId, envelope.expectedRevision, now.at(-1)?.revision ?? null);
      }
      lost = { expected: current };
      options.lostRace?.();
      await jitter(attempt);
    }
  }
}

/** The stream's state at its head, folded here: null revision for a stream with no events. */
interface Folded<S> {
  readonly revision: number | null;
  readonly position: bigint;
  readonly state: S;
  readonly commandIds: ReadonlySet<string>;
  /** The decoded events folded so far, when the handler keeps them (`keepsEvents`). */
  readonly events: readonly StoredEvent[];
  /** Whether this state may be kept (no event folded into it forbids it). */
  readonly keepable: boolean;
}

/**
 * The state at the stream's head, or the answer to a retry. From a kept state, only the
 * events after its revision are read: the head is always the store's, never the kept one. A
 * retry of a command among the kept state's events is answered from a whole read.
 */
async function foldStream<S, E extends AnyStreamEvent>(
  store: EventStore,
  streamId: string,
  model: StreamModel<S, E>,
  envelope: CommandEnvelope,
  fingerprint: RequestFingerprint,
  options: HandleOptions<S, E>,
): Promise<Folded<S> | CommandOutcome> {
  const cached = options.states?.get(streamId);
  // A state kept without its events cannot serve a decision that reads them: fold it all again.
  const kept = cached && (!options.keepsEvents || cached.events !== undefined) ? cached : undefined;
  const read = kept && !kept.commandIds.has(envelope.idempotencyKey) ? await readTail(store, streamId, kept.revision + 1) : undefined;
  // A new event that forbids keeping (an erasure) may change how the kept events decode: fold them all again.
  const tail = read?.every((event) => options.keepsStateAfter?.(event) ?? true) ? read : undefined;
  if (kept && !tail) options.states?.delete(streamId);
  const base: Folded<S> = kept && tail ? { ...kept, events: kept.events ?? [], keepable: true } : { revision: null, position: 0n, state: model.initialState(), commandIds: new Set(), events: [], keepable: true };
  const events = tail ?? (await readHistory(store, streamId));
  const earlier = await answerRetry(streamId, events, envelope, fingerprint);
  if (earlier) return earlier;
  return keepFolded(streamId, model, options, base, events);
}

/**
 * What a command with `decidesOnKeptHead` decides on before reading anything: the kept state
 * (with its events when the handler keeps them), or the empty stream for a command that
 * creates it. Undefined (read first) for a retry of a kept command, an If-Match other than
 * the kept revision, or a stream neither kept nor to be created.
 */
function unreadHead<S, E extends AnyStreamEvent>(
  streamId: string,
  model: StreamModel<S, E>,
  envelope: CommandEnvelope,
  options: HandleOptions<S, E>,
): Folded<S> | undefined {
  const kept = options.states?.get(streamId);
  if (kept === undefined) {
    if (!options.creates || envelope.expectedRevision !== undefined) return undefined;
    return { revision: null, position: 0n, state: model.initialState(), commandIds: new Set(), events: [], keepable: true };
  }
  if (options.keepsEvents && kept.events === undefined) return undefined;
  if (kept.commandIds.has(envelope.idempotencyKey)) return undefined;
  if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== kept.revision) return undefined;
  return { ...kept, events: kept.events ?? [], keepable: true };
}

/**
 * The events just appended (as stored) folded onto the state they were decided on, and kept:
 * decoded from what was decided where the handler can (`decodeAppended`). Events that forbid
 * keeping (an erasure) are not decoded at all: the state is dropped, as keepFolded would.
 */
async function keepAppended<S, E extends AnyStreamEvent>(
  streamId: string,
  model: StreamModel<S, E>,
  options: HandleOptions<S, E>,
  base: Folded<S>,
  appended: readonly StoredEvent[],
  decided: readonly E[],
): Promise<void> {
  if (!appended.every((event) => options.keepsStateAfter?.(event) ?? true)) {
    options.states?.delete(streamId);
    return;
  }
  const decodeAppended = options.decodeAppended;
  await keepFolded(streamId, model, options, base, appended, decodeAppended && (await Promise.all(appended.map((event, index) => decodeAppended(event, decided[index] as E)))));
}

/** `events` (the next ones of the stream, as stored) folded onto `base`, and kept when they allow it; `decoded`: the same events already decoded. */
async function keepFolded<S, E extends AnyStreamEvent>(
  streamId: string,
  model: StreamModel<S, E>,
  options: HandleOptions<S, E>,
  base: Folded<S>,
  events: readonly StoredEvent[],
  decoded?: readonly StoredEvent[],
): Promise<Folded<S>> {
  const last = events.at(-1);
  if (!last) return base;
  const readable = decoded ?? (options.decode ? await Promise.all(events.map(options.decode)) : events);
  const folded: Folded<S> = {
    revision: last.revision,
    position: last.position,
    state: readable.reduce((state, event) => model.evolve(state, readEvent(model, event)), base.state),
    commandIds: new Set([...base.commandIds, ...events.map((event) => event.metadata.commandId)]),
    events: options.keepsEvents ? [...base.events, ...readable] : base.events,
    keepable: base.keepable && events.every((event) => options.keepsStateAfter?.(event) ?? true),
  };
  if (folded.keepable) options.states?.set(streamId, { revision: folded.revision as number, position: folded.position, state: folded.state, commandIds: folded.commandIds, ...(options.keepsEvents ? { events: folded.events } : {}) });
  else options.states?.delete(streamId);
  return folded;
}

function movedOn(expected: number | null, current: number | null): boolean {
  return current !== null && (expected === null || current > expected);
}

function jitter(attempt: number): Promise<void> {
  const ceiling = Math.min(MAX_RETRY_JITTER_MS, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * The state of another stream, for a decision that depends on it (e.g. a DPIA links a
 * registered processing activity). Read, not locked: only facts that cannot be undone
 * (that a stream exists, that it was retired) should be decided on this way.
 */
export async function loadState<S, E extends AnyStreamEvent>(store: EventStore, streamId: string, model: StreamModel<S, E>): Promise<S> {
  const history = await readHistory(store, streamId);
  return history.reduce((state, event) => model.evolve(state, readEvent(model, event)), model.initialState());
}

/** The events from `fromRevision` on; undefined when the stream has none at all (a kept state of it is not to be trusted). */
function readTail(store: EventStore, streamId: string, fromRevision: number): Promise<readonly StoredEvent[] | undefined> {
  return readIfExists(store, streamId, fromRevision);
}

async function readHistory(store: EventStore, streamId: string): Promise<readonly StoredEvent[]> {
  return (await readIfExists(store, streamId, 0)) ?? [];
}

/** The stream's events from `fromRevision` on, undefined when it has none: without an error where the store can (a new stream is no failure here). */
async function readIfExists(store: EventStore, streamId: string, fromRevision: number): Promise<readonly StoredEvent[] | undefined> {
  const options = fromRevision === 0 ? undefined : { fromRevision };
  if (store.readStreamIfExists) return store.readStreamIfExists(streamId, options);
  try {
    return await store.readStream(streamId, options);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}

/** The events an earlier attempt of this command wrote, if any; refused if the request differs. */
async function answerRetry(streamId: string, history: readonly StoredEvent[], envelope: CommandEnvelope, fingerprint: RequestFingerprint): Promise<CommandOutcome | undefined> {
  const events = history.filter((event) => event.metadata.commandId === envelope.idempotencyKey);
  const last = events.at(-1);
  if (!last) return undefined;
  for (const event of events) {
    if (!(await fingerprint.matches(event.metadata.extensions?.requestHash as string | undefined))) throw new IdempotencyKeyReusedError(envelope.idempotencyKey);
  }
  return { streamId, revision: last.revision, position: last.position, events, replayed: true };
}

function toNewEvent<E extends AnyStreamEvent>(
  schemaVersions: SchemaVersions<E>,
  event: E,
  data: JsonObject,
  index: number,
  streamId: string,
  envelope: CommandEnvelope,
): NewEvent {
  return {
    // Stable across retries of one command: derived from its idempotency key.
    eventId: eventIdOf(`${streamId}\n${envelope.idempotencyKey}\n${index}`),
    type: event.type,
    schemaVersion: schemaVersions[event.type as E['type']],
    data,
    metadata: {
      actor: envelope.actor,
      commandId: envelope.idempotencyKey,
      correlationId: envelope.correlationId,
      causationId: envelope.idempotencyKey,
      extensions: { requestHash: envelope.requestHash },
    },
  };
}
