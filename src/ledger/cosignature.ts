import { sign, verify, type KeyObject } from 'node:crypto';
import { COSIGNATURE_V1, ED25519, checkBody, fail, keyIdOf, verifyNoteSignature, type SignedText } from './checkpoint.js';

/**
 * C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), Ed25519 "cosignature/v1": the
 * statement of a witness that, as of its timestamp, this is the largest consistent tree it
 * has seen of the log named by the origin line. What a standard witness produces and checks.
 */

const EM_DASH = '\u2014 ';
/** "MUST NOT exceed 2^63 - 1". */
const MAX_TIMESTAMP = 2n ** 63n - 1n;
/** timestamped_signature: u64 timestamp || 64-byte Ed25519 signature. */
const TIMESTAMPED_SIGNATURE_BYTES = 8 + 64;

/** "Ed25519 signed message": the header line, the time line, then the whole note body. */
export function cosignatureMessage(body: string, timestamp: number): Buffer {
  checkBody(body);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) fail(`timestamp ${timestamp} is not a POSIX time in seconds`);
  // "an ASCII decimal with no leading zeroes": what String() of a safe integer gives.
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`, 'utf8');
}

/** "Format": key ID = SHA-256(<name> || "\n" || 0x04 || 32-byte Ed25519 public key)[:4]. */
export function cosignatureKeyId(name: string, publicKey: KeyObject): Buffer {
  return keyIdOf(name, COSIGNATURE_V1, publicKey);
}

/** A cosignature/v1 note signature line over `body`, made at `timestamp` (POSIX seconds). */
export function cosignatureLine(body: string, signer: { name: string; privateKey: KeyObject }, timestamp: number): string {
  const message = cosignatureMessage(body, timestamp);
  const time = Buffer.alloc(8);
  // RFC 8446 §3.3 serialisation: the u64 timestamp big-endian, then the signature.
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, message, signer.privateKey);
  return `${EM_DASH}${signer.name} ${Buffer.concat([cosignatureKeyId(signer.name, signer.privateKey), time, signature]).toString('base64')}\n`;
}

/**
 * The timestamp of the cosignature/v1 by this cosigner, when the note carries one and every
 * line under its name and key ID verifies; undefined otherwise. Lines of other keys are
 * ignored ("Clients ... ignore any signature lines that don't match the name and key ID").
 */
export function verifyCosignature(note: SignedText, cosigner: { name: string; publicKey: KeyObject }): number | undefined {
  const keyId = cosignatureKeyId(cosigner.name, cosigner.publicKey);
  const lines = note.signatures.filter((s) => s.name === cosigner.name && s.keyId.equals(keyId));
  let newest: number | undefined;
  for (const { signature } of lines) {
    if (signature.length !== TIMESTAMPED_SIGNATURE_BYTES) return undefined;
    const timestamp = signature.readBigUInt64BE(0);
    if (timestamp > MAX_TIMESTAMP || timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    if (!verify(null, cosignatureMessage(note.body, Number(timestamp)), cosigner.publicKey, signature.subarray(8))) return undefined;
    newest = Math.max(newest ?? 0, Number(timestamp));
  }
  return newest;
}

export type SignatureKind = 'ed25519' | 'cosignature/v1';

/** Whether the note carries any line under this name and the key ID of either kind. */
export function signatureKindsOf(note: SignedText, signer: { name: string; publicKey: KeyObject }): SignatureKind[] {
  const kinds: SignatureKind[] = [];
  const has = (type: typeof ED25519 | typeof COSIGNATURE_V1) => note.signatures.some((s) => s.name === signer.name && s.keyId.equals(keyIdOf(signer.name, type, signer.publicKey)));
  if (has(ED25519)) kinds.push('ed25519');
  if (has(COSIGNATURE_V1)) kinds.push('cosignature/v1');
  return kinds;
}

/**
 * A party's signature on a note, of either kind: the countersignatures recorded before
 * cosignature/v1 (type 0x01 over the body) and cosignature/v1 (type 0x04). `valid` is false
 * when a line of that key is present and does not verify; `present` when any line is.
 */
export function checkCountersignature(note: SignedText, signer: { name: string; publicKey: KeyObject }): { present: boolean; valid: boolean; kind?: SignatureKind; timestamp?: number } {
  const kinds = signatureKindsOf(note, signer);
  if (kinds.length === 0) return { present: false, valid: false };
  let timestamp: number | undefined;
  for (const kind of kinds) {
    if (kind === 'ed25519' && !verifyNoteSignature(note, signer)) return { present: true, valid: false };
    if (kind === 'cosignature/v1' && (timestamp = verifyCosignature(note, signer)) === undefined) return { present: true, valid: false };
  }
  const kind = kinds.includes('cosignature/v1') ? 'cosignature/v1' : 'ed25519';
  return { present: true, valid: true, kind, ...(timestamp !== undefined ? { timestamp } : {}) };
}
