import type { KeyObject } from 'node:crypto';
import { addSignatureLines, parseVerifierKey, splitNote } from './checkpoint.js';
import { verifyCosignature } from './cosignature.js';
import { addCheckpointBody } from '../witness/add-checkpoint.js';

/**
 * The log's side of C2SP tlog-witness: each new checkpoint is sent to every configured
 * witness with a consistency proof from the size that witness last cosigned; the answer is
 * checked with the witness's pinned key before it counts. A witness that is down, slow or
 * refuses never fails the checkpoint: it is logged and asked again at the next one.
 */

export interface WitnessEndpoint {
  readonly name: string;
  /** Submission prefix: the request goes to `<url>/add-checkpoint`. */
  readonly url: string;
  readonly publicKey: KeyObject;
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** One HTTP POST; injectable so tests can stand in for the network. */
export type Post = (url: string, body: string, timeoutMs: number) => Promise<HttpAnswer>;

export const httpPost: Post = async (url, body, timeoutMs) => {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
};

export interface Cosignature {
  readonly name: string;
  /** The verified cosignature/v1 line, with its newline. */
  readonly line: string;
}

export function witnessEndpoint(config: { name: string; url: string; verifierKey: string }): WitnessEndpoint {
  return { name: config.name, url: config.url, publicKey: parseVerifierKey(config.verifierKey).publicKey };
}

export class WitnessPush {
  constructor(
    readonly witnesses: readonly WitnessEndpoint[],
    private readonly options: {
      readonly timeoutMs: number;
      readonly warn: (entry: Record<string, unknown>) => void;
      readonly post?: Post;
    },
  ) {}

  /**
   * Asks every witness, in parallel, to cosign `note` (a checkpoint of `treeSize` leaves).
   * `lastSize(name)` is the size the witness last cosigned as far as the log knows (0 when
   * unknown); `proof(old)` a consistency proof from `old` to `treeSize`, or undefined when
   * the log cannot make one (old beyond the log). Returns the cosignatures that verified.
   */
  async collect(note: string, lastSize: (name: string) => number, proof: (oldSize: number) => Buffer[] | undefined): Promise<Cosignature[]> {
    const answers = await Promise.all(this.witnesses.map((witness) => this.ask(witness, note, lastSize(witness.name), proof)));
    return answers.filter((answer): answer is Cosignature => answer !== undefined);
  }

  private async ask(witness: WitnessEndpoint, note: string, oldSize: number, proof: (oldSize: number) => Buffer[] | undefined): Promise<Cosignature | undefined> {
    const warn = (msg: string, extra: Record<string, unknown> = {}) => this.options.warn({ witness: witness.name, msg, ...extra });
    try {
      let answer = await this.post(witness, note, oldSize, proof);
      // tlog-witness: on 409 the body is the witness's latest size; try once more from it.
      if (answer?.status === 409 && answer.contentType.startsWith('text/x.tlog.size') && /^\d+\n?$/.test(answer.body)) {
        answer = await this.post(witness, note, Number(answer.body.trim()), proof);
      }
      if (!answer) return undefined;
      if (answer.status !== 200) {
        warn('the witness refused the checkpoint', { status: answer.status, answer: answer.body.slice(0, 500) });
        return undefined;
      }
      return this.verified(witness, note, answer.body, warn);
    } catch (error) {
      warn('the witness could not be reached; it is asked again at the next checkpoint', { err: (error as Error).message });
      return undefined;
    }
  }

  private async post(witness: WitnessEndpoint, note: string, oldSize: number, proof: (oldSize: number) => Buffer[] | undefined): Promise<HttpAnswer | undefined> {
    const hashes = proof(oldSize);
    if (!hashes) {
      this.options.warn({ witness: witness.name, msg: `the witness last cosigned size ${oldSize}, beyond this log: no consistency proof can be made` });
      return undefined;
    }
    const body = addCheckpointBody({ oldSize, proof: hashes, note });
    return (this.options.post ?? httpPost)(`${witness.url}/add-checkpoint`, body, this.options.timeoutMs);
  }

  /** tlog-witness: "The client MUST ignore any cosignatures from unknown keys"; ours must verify. */
  private verified(witness: WitnessEndpoint, note: string, body: string, warn: (msg: string) => void): Cosignature | undefined {
    const lines = body.split('\n').filter((line) => line.startsWith(`\u2014 ${witness.name} `));
    for (const line of lines) {
      try {
        if (verifyCosignature(splitNote(addSignatureLines(note, [line])), witness) !== undefined) return { name: witness.name, line: `${line}\n` };
      } catch {
        // malformed or clashing line: ignored like a line of an unknown key
      }
    }
    warn('the witness answered without a cosignature that verifies with its pinned key');
    return undefined;
  }
}
