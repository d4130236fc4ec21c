import type { Worker } from 'node:worker_threads';

/**
 * Requests to a thread and their replies, matched by id: the thread is started with the first
 * request (and again after it died), holds the process open only while requests are under way,
 * and answers each request with one message `{ id, … }`, or `{ failed }` when it could not start.
 * If the thread dies, what it held fails with an error naming `what`, and the next request
 * starts a new one. Its program ends on the message 'close'.
 */
export class RequestThread<Request extends object, Reply extends { readonly id: number }> {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private drained: (() => void)[] = [];
  private nextId = 1;

  constructor(
    /** Names the thread in its errors ("the read-model writer thread"). */
    private readonly what: string,
    private readonly startThread: () => Worker,
  ) {}

  request(request: Request): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      try {
        const worker = (this.worker ??= this.start());
        worker.ref(); // the process waits for requests under way
        worker.postMessage({ ...request, id });
      } catch (error) {
        this.pending.delete(id);
        reject(error as Error);
      }
    });
  }

  /** Waits for the requests under way, then ends the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    if (this.pending.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref(); // the process waits for the thread to close its file
    worker.postMessage('close');
    await exited;
    this.worker = undefined;
  }

  private settled(worker: Worker): void {
    if (this.pending.size > 0) return;
    worker.unref();
    this.drained.splice(0).forEach((resolve) => resolve());
  }

  private start(): Worker {
    const worker = this.startThread();
    let stopped = false;
    const stop = (error: Error) => {
      if (stopped) return;
      stopped = true;
      if (this.worker === worker) this.worker = undefined;
      const pending = [...this.pending.values()];
      this.pending.clear();
      pending.forEach(({ reject }) => reject(error));
      this.settled(worker);
    };
    worker.on('message', (reply: Reply | { failed: string }) => {
      if ('failed' in reply) return stop(new Error(`${this.what} failed: ${reply.failed}`));
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
      this.settled(worker);
    });
    worker.on('error', (error) => stop(new Error(`${this.what} failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => stop(new Error(`${this.what} stopped (exit code ${code})`)));
    return worker;
  }
}

/**
 * The program of a thread that answers requests on one SQLite connection, as source text (eval:
 * Jest runs this project from TypeScript sources, which a worker thread could not load as a
 * file). It opens `workerData.file` with `workerData.options` as `db`, runs `setup` (program
 * text that sets `answer`, a function from a request to its reply), and answers each request
 * in the order given; 'close' closes the connection and ends the thread.
 */
export function sqliteRequestProgram(setup: string): string {
  return `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
let answer;
let db;
try {
  db = new (require(workerData.sqlite))(workerData.file, workerData.options);
  ${setup}
} catch (error) {
  parentPort.postMessage({ failed: error.message });
  process.exit(1);
}
parentPort.on('message', (request) => {
  if (request === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  parentPort.postMessage(answer(request));
});
`;
}
