import { createHash } from 'node:crypto';
import { MalformedNoteError, decodeBase64, splitNote, verifyNoteSignature, type SignedText } from '../ledger/checkpoint.js';
import { verifyConsistency } from '../ledger/merkle.js';
import { parseTreeHead, type TreeHead } from '../ledger/open-checkpoint.js';
import type { LogKey } from './witness-store.js';

/**
 * The add-checkpoint call of C2SP tlog-witness (https://c2sp.org/tlog-witness), as pure
 * functions: parse a request body, and decide whether a witness whose latest cosigned
 * checkpoint of a log is `latest` may cosign the submitted one. No I/O, no clock.
 */

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Buffer[];
  /** The submitted signed checkpoint note, exactly as received. */
  readonly note: string;
}

/** Each refusal with the HTTP status tlog-witness prescribes; `code` is stable. */
export type Refusal =
  | { readonly status: 400; readonly code: 'malformed-request'; readonly message: string }
  | { readonly status: 403; readonly code: 'log-signature-invalid'; readonly message: string }
  | { readonly status: 404; readonly code: 'unknown-log'; readonly message: string }
  | { readonly status: 409; readonly code: 'old-size-mismatch' | 'root-mismatch'; readonly message: string; readonly size: number }
  | { readonly status: 422; readonly code: 'consistency-proof-invalid'; readonly message: string };

export type Decision = { readonly ok: true; readonly head: TreeHead; readonly note: SignedText } | ({ readonly ok: false } & Refusal);

/** "The client MUST NOT send more than 63 consistency proof lines." */
const MAX_PROOF_LINES = 63;
const OLD_LINE = /^old (0|[1-9]\d*)$/;

function malformed(message: string): { ok: false } & Refusal {
  return { ok: false, status: 400, code: 'malformed-request', message };
}

/**
 * "add-checkpoint": an old size line, zero or more base64 proof lines, an empty line, then
 * the checkpoint note; every line ends in a newline.
 */
export function parseAddCheckpointBody(body: string): AddCheckpointRequest | ({ ok: false } & Refusal) {
  const blank = body.indexOf('\n\n');
  if (blank < 0) return malformed('the body is "old <size>", proof lines, an empty line, then the checkpoint');
  const [oldLine, ...proofLines] = body.slice(0, blank).split('\n');
  const old = OLD_LINE.exec(oldLine ?? '');
  if (!old || !Number.isSafeInteger(Number(old[1]))) return malformed('the first line is "old <size>", a decimal without leading zeroes');
  if (proofLines.length > MAX_PROOF_LINES) return malformed(`at most ${MAX_PROOF_LINES} consistency proof lines`);
  const proof: Buffer[] = [];
  for (const line of proofLines) {
    try {
      const hash = decodeBase64(line, 'a consistency proof line');
      if (hash.length !== 32) return malformed('a consistency proof line is one 32-byte hash');
      proof.push(hash);
    } catch (error) {
      return malformed((error as Error).message);
    }
  }
  return { oldSize: Number(old[1]), proof, note: body.slice(blank + 2) };
}

/** The request body a log sends (the inverse of parseAddCheckpointBody). */
export function addCheckpointBody(request: AddCheckpointRequest): string {
  return `old ${request.oldSize}\n${request.proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${request.note}`;
}

/** RFC 9162 §2.1.1: the root of the empty tree, the witness's state before any checkpoint. */
const EMPTY_ROOT = createHash('sha256').digest();

/**
 * The checks of "add-checkpoint", in its order: a known origin (404), a valid signature by a
 * key configured for it (403; signatures of unknown keys are ignored), old size not above
 * the new size (400), old size equal to the latest cosigned size (409 with that size), equal
 * roots at equal sizes (409), then a consistency proof from the latest cosigned checkpoint
 * (422). Origins and keys come from the witness's configuration, never from the note.
 */
export function decideAddCheckpoint(request: AddCheckpointRequest, config: { readonly keys: readonly LogKey[]; readonly latest?: TreeHead } | undefined): Decision {
  let note: SignedText;
  let head: TreeHead;
  try {
    note = splitNote(request.note);
    head = parseTreeHead(note.body);
  } catch (error) {
    if (error instanceof MalformedNoteError) return malformed(`not a signed checkpoint note: ${error.message}`);
    throw error;
  }
  if (!config) return { ok: false, status: 404, code: 'unknown-log', message: `this witness is not configured for the log ${JSON.stringify(head.origin)}` };
  if (!config.keys.some((key) => verifyNoteSignature(note, key))) {
    return { ok: false, status: 403, code: 'log-signature-invalid', message: `no signature on the checkpoint verifies with a key configured for ${head.origin}` };
  }
  if (request.oldSize > head.treeSize) return malformed(`old size ${request.oldSize} is larger than the checkpoint's size ${head.treeSize}`);
  const latest = config.latest ?? { origin: head.origin, treeSize: 0, rootHash: EMPTY_ROOT.toString('base64') };
  if (request.oldSize !== latest.treeSize) {
    return { ok: false, status: 409, code: 'old-size-mismatch', size: latest.treeSize, message: `the latest checkpoint this witness cosigned for ${head.origin} has size ${latest.treeSize}, not ${request.oldSize}` };
  }
  if (head.treeSize === latest.treeSize && head.rootHash !== latest.rootHash) {
    return { ok: false, status: 409, code: 'root-mismatch', size: latest.treeSize, message: `this witness cosigned another root at size ${latest.treeSize}: the log forked` };
  }
  // tlog-witness: "The proof MUST be empty if the old size is zero"; verifyConsistency demands it.
  if (!verifyConsistency(latest.treeSize, head.treeSize, Buffer.from(latest.rootHash, 'base64'), Buffer.from(head.rootHash, 'base64'), request.proof)) {
    return { ok: false, status: 422, code: 'consistency-proof-invalid', message: `the proof does not show that the checkpoint of size ${head.treeSize} extends the one of size ${latest.treeSize} this witness cosigned` };
  }
  return { ok: true, head, note };
}
