import type { KeyObject } from 'node:crypto';
import { MalformedNoteError, decodeBase64, splitNote, verifyNoteSignature, type SignedText } from './checkpoint.js';

/** The first three lines of any C2SP tlog-checkpoint body, which is all a witness or verifier relies on. */
export interface TreeHead {
  readonly origin: string;
  readonly treeSize: number;
  /** Standard base64 of the 32-byte RFC 9162 root. */
  readonly rootHash: string;
}

export type OpenedCheckpoint = { readonly ok: true; readonly head: TreeHead; readonly note: SignedText } | { readonly ok: false; readonly code: OpenFailure; readonly message: string };

/** malformed: not a signed note holding a checkpoint; origin: another log; signature: no valid log signature. */
export type OpenFailure = 'malformed' | 'origin' | 'signature';

/**
 * tlog-checkpoint "Note text": origin, decimal size without leading zeroes, base64 root, then
 * optional non-empty extension lines (our `time …` line is one), which nothing here trusts.
 */
export function parseTreeHead(body: string): TreeHead {
  const lines = body.slice(0, -1).split('\n');
  const [origin, size, root] = lines;
  if (lines.length < 3 || !origin || size === undefined || root === undefined) throw new MalformedNoteError('a checkpoint has at least 3 lines: origin, tree size, root hash');
  if (lines.slice(3).some((line) => line === '')) throw new MalformedNoteError('a checkpoint extension line is never empty');
  if (!/^(0|[1-9]\d*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new MalformedNoteError(`tree size ${JSON.stringify(size)} is not a decimal number without leading zeros below 2^53`);
  if (decodeBase64(root, 'the root hash').length !== 32) throw new MalformedNoteError('the root hash is not 32 bytes');
  return { origin, treeSize: Number(size), rootHash: root };
}

/**
 * What transparency-dev formats/log ParseCheckpoint does: the caller supplies the origin it
 * expects and the log's key; a note is opened only when the log's signature verifies and its
 * origin is the expected one. Nothing is taken from the note that the caller did not pin.
 * The log key's name is the origin unless given (tlog-checkpoint: the key name SHOULD be the origin).
 */
export function openCheckpoint(text: string, log: { readonly origin: string; readonly publicKey: KeyObject; readonly name?: string }): OpenedCheckpoint {
  let note: SignedText;
  let head: TreeHead;
  try {
    note = splitNote(text);
    head = parseTreeHead(note.body);
  } catch (error) {
    return { ok: false, code: 'malformed', message: `not a signed checkpoint note: ${(error as Error).message}` };
  }
  const name = log.name ?? log.origin;
  if (!verifyNoteSignature(note, { name, publicKey: log.publicKey })) {
    return { ok: false, code: 'signature', message: `the checkpoint of size ${head.treeSize} carries no valid signature by the log key ${name}` };
  }
  if (head.origin !== log.origin) return { ok: false, code: 'origin', message: `the checkpoint is of log ${JSON.stringify(head.origin)}, not ${JSON.stringify(log.origin)}` };
  return { ok: true, head, note };
}
