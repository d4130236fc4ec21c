import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed checkpoints (docs/architecture.md "Tamper evidence"): a C2SP tlog-checkpoint body
 * (https://c2sp.org/tlog-checkpoint) inside a C2SP signed note (https://c2sp.org/signed-note)
 * with Ed25519 signatures, so that a party outside the service (the FG, an auditor, the AP)
 * can check and countersign it with standard tooling (e.g. Go's sumdb/note).
 */

export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** The RFC 9162 root at treeSize, standard base64 (tlog-checkpoint line 3). */
  readonly rootHash: string;
  /** ISO-8601 UTC. */
  readonly checkpointedAt: string;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Buffer;
  readonly signature: Buffer;
  /** The signature line exactly as in the note, with its final newline. */
  readonly line: string;
}

export interface ParsedNote {
  /** The signed text: everything up to and including the newline before the blank line. */
  readonly body: string;
  readonly checkpoint: Checkpoint;
  readonly signatures: readonly NoteSignature[];
}

/** A signed note's text and signature lines, whatever the text is. */
export type SignedText = Pick<ParsedNote, 'body' | 'signatures'>;

/** Any refusal of a note, key or checkpoint that does not follow the specs. */
export class MalformedNoteError extends Error {
  readonly code = 'malformed-note';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedNoteError';
  }
}

const EM_DASH = '\u2014 ';
/** signed-note: the signature type byte of Ed25519. */
export const ED25519 = 0x01;
/** tlog-cosignature "Format": the type byte of an Ed25519 cosignature/v1 key. */
export const COSIGNATURE_V1 = 0x04;
export type SignatureType = typeof ED25519 | typeof COSIGNATURE_V1;
/** signed-note: verifiers SHOULD cap the signatures and MUST accept 16; Go's sumdb/note takes 100. */
const MAX_SIGNATURES = 100;
const TIME_PREFIX = 'time ';
const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z$/;

export function fail(message: string): never {
  throw new MalformedNoteError(message);
}

/** signed-note "Format": valid UTF-8 (no lone surrogates) and no control character but newline. */
function checkText(text: string, what: string): void {
  if (!text.isWellFormed()) fail(`${what} is not valid UTF-8`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) fail(`${what} contains the control character U+${c.toString(16).padStart(4, '0')}`);
  }
}

/** signed-note "Format": key names are non-empty, without Unicode spaces or '+'. */
export function checkName(name: string): void {
  if (name === '' || /[\p{White_Space}+]/u.test(name)) fail(`key name ${JSON.stringify(name)} is empty or contains a space or '+'`);
  checkText(name, `key name ${JSON.stringify(name)}`);
}

/** Standard base64 (RFC 4648 §4) in its one canonical spelling, so equal bytes mean equal text. */
export function decodeBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || bytes.toString('base64') !== text) fail(`${what} is not canonical base64`);
  return bytes;
}

function checkTime(time: string): void {
  const match = ISO_UTC.exec(time);
  const date = new Date(time);
  // Date.parse accepts 2024-02-30; the round trip does not.
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== match[1]) fail(`${JSON.stringify(time)} is not an ISO-8601 UTC time`);
}

function checkCheckpoint({ origin, treeSize, rootHash, checkpointedAt }: Checkpoint): void {
  if (origin === '' || origin.includes('\n')) fail('the origin must be one non-empty line');
  checkText(origin, 'the origin');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) fail(`tree size ${treeSize} is not a non-negative integer`);
  if (decodeBase64(rootHash, 'the root hash').length !== 32) fail('the root hash is not 32 bytes');
  checkTime(checkpointedAt);
}

/**
 * tlog-checkpoint "Note text": origin, tree size, root hash, then our one extension line,
 * `time <checkpointedAt>`. The spec lets extension lines carry anything non-empty (and warns
 * monitors cannot audit them); the time is there for people, the proofs never rely on it.
 */
export function checkpointBody(checkpoint: Checkpoint): string {
  checkCheckpoint(checkpoint);
  const { origin, treeSize, rootHash, checkpointedAt } = checkpoint;
  return `${origin}\n${treeSize}\n${rootHash}\n${TIME_PREFIX}${checkpointedAt}\n`;
}

/** The inverse of checkpointBody, and as strict: exactly those four lines. */
function parseCheckpoint(body: string): Checkpoint {
  const lines = body.slice(0, -1).split('\n');
  if (lines.length !== 4) fail(`a checkpoint has 4 lines (origin, tree size, root hash, time), this one ${lines.length}`);
  const [origin, size, rootHash, time] = lines as [string, string, string, string];
  // tlog-checkpoint: "ASCII decimal ... with no leading zeroes".
  if (!/^(0|[1-9]\d*)$/.test(size)) fail(`tree size ${JSON.stringify(size)} is not a decimal number without leading zeros`);
  if (!Number.isSafeInteger(Number(size))) fail(`tree size ${size} is beyond 2^53`);
  if (!time.startsWith(TIME_PREFIX)) fail(`the fourth line is not "${TIME_PREFIX}<ISO-8601 UTC>"`);
  const checkpoint = { origin, treeSize: Number(size), rootHash, checkpointedAt: time.slice(TIME_PREFIX.length) };
  checkCheckpoint(checkpoint);
  return checkpoint;
}

/** The public half of an Ed25519 key: signed-note keys and checkpoints are Ed25519 only. */
function ed25519PublicKey(key: KeyObject): KeyObject {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') fail(`not an Ed25519 key (${publicKey.asymmetricKeyType ?? publicKey.type})`);
  return publicKey;
}

/** The 32-byte RFC 8032 encoding, which the key ID and verifier key are built from. */
export function rawEd25519(key: KeyObject): Buffer {
  return Buffer.from(ed25519PublicKey(key).export({ format: 'jwk' }).x ?? '', 'base64url');
}

/**
 * signed-note "Signatures": key ID = SHA-256(name || 0x0A || type || key)[:4], where the type
 * byte is 0x01 for plain Ed25519 and 0x04 for a tlog-cosignature cosignature/v1 key.
 */
export function keyIdOf(name: string, type: SignatureType, publicKey: KeyObject): Buffer {
  checkName(name);
  const hash = createHash('sha256').update(name, 'utf8').update(Buffer.of(0x0a, type)).update(rawEd25519(publicKey));
  return hash.digest().subarray(0, 4);
}

/** signed-note "Ed25519 signatures": key ID = SHA-256(name || 0x0A || 0x01 || 32-byte key)[:4]. */
export function noteKeyId(name: string, publicKey: KeyObject): Buffer {
  return keyIdOf(name, ED25519, publicKey);
}

export function checkBody(body: string): void {
  if (body === '' || !body.endsWith('\n')) fail('a note text is non-empty and ends in a newline');
  checkText(body, 'the note text');
}

/** signed-note "Signatures": `— <name> base64(key ID || Ed25519 signature over the text)`. */
export function signatureLine(body: string, signer: { name: string; privateKey: KeyObject }): string {
  checkBody(body);
  const keyId = noteKeyId(signer.name, signer.privateKey);
  const signature = sign(null, Buffer.from(body, 'utf8'), signer.privateKey);
  return `${EM_DASH}${signer.name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}

export function signNote(body: string, signers: readonly { name: string; privateKey: KeyObject }[]): string {
  if (signers.length === 0) fail('a signed note carries at least one signature');
  checkBody(body);
  return addSignatureLines(`${body}\n${signatureLine(body, signers[0]!)}`, signers.slice(1).map((signer) => signatureLine(body, signer)));
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(EM_DASH)) fail(`a signature line starts with an em dash and a space: ${JSON.stringify(line)}`);
  const rest = line.slice(EM_DASH.length);
  const space = rest.indexOf(' ');
  if (space < 0) fail(`a signature line is "— <name> <base64>": ${JSON.stringify(line)}`);
  const name = rest.slice(0, space);
  checkName(name);
  const bytes = decodeBase64(rest.slice(space + 1), `the signature of ${name}`);
  // A 4-byte key ID and at least one byte of signature.
  if (bytes.length < 5) fail(`the signature of ${name} is too short`);
  return { name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4), line: `${line}\n` };
}

/** signed-note "Format": the text is separated from the signatures by the last blank line. */
export function splitNote(text: string): { body: string; signatures: NoteSignature[] } {
  checkText(text, 'the note');
  const blank = text.lastIndexOf('\n\n');
  if (blank < 0) fail('a signed note has a blank line between its text and its signatures');
  const block = text.slice(blank + 2);
  if (block === '' || !block.endsWith('\n')) fail('a signed note ends in one or more signature lines, each ending in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) fail(`a note may carry at most ${MAX_SIGNATURES} signatures`);
  return { body: text.slice(0, blank + 1), signatures: lines.map(parseSignatureLine) };
}

export function parseNote(text: string): ParsedNote {
  const { body, signatures } = splitNote(text);
  return { body, checkpoint: parseCheckpoint(body), signatures };
}

/**
 * signed-note "Signatures": a signature counts when name and key ID both match the key.
 * Every such line must verify: "If a signature from a known key fails to verify, clients
 * SHOULD reject the whole note."
 */
export function verifyNoteSignature(note: SignedText, verifier: { name: string; publicKey: KeyObject }): boolean {
  const keyId = noteKeyId(verifier.name, verifier.publicKey);
  const candidates = note.signatures.filter((s) => s.name === verifier.name && s.keyId.equals(keyId));
  const body = Buffer.from(note.body, 'utf8');
  return candidates.length > 0 && candidates.every((s) => s.signature.length === 64 && verify(null, body, verifier.publicKey, s.signature));
}

/**
 * Adds countersignature lines to a note (any note, checkpoint or not). A line may come with
 * or without its final newline; a line already present is skipped, so countersigning twice
 * is harmless; a different signature under the same name and key ID is refused.
 */
export function addSignatureLines(text: string, lines: readonly string[]): string {
  const note = splitNote(text);
  let result = text;
  for (const raw of lines) {
    const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (line.includes('\n')) fail('a signature line is one line');
    checkText(line, 'the signature line');
    const added = parseSignatureLine(line);
    const same = note.signatures.find((s) => s.name === added.name && s.keyId.equals(added.keyId));
    if (same?.line === added.line) continue;
    if (same) fail(`the note already carries a different signature by ${added.name}+${added.keyId.toString('hex')}`);
    if (note.signatures.length >= MAX_SIGNATURES) fail(`a note may carry at most ${MAX_SIGNATURES} signatures`);
    note.signatures.push(added);
    result += added.line;
  }
  return result;
}

/** signed-note verifier key: `<name>+<hex key ID>+<base64(type || 32-byte key)>`; type 0x01 unless told. */
export function verifierKeyText(name: string, publicKey: KeyObject, type: SignatureType = ED25519): string {
  const keyId = keyIdOf(name, type, publicKey);
  return `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.of(type), rawEd25519(publicKey)]).toString('base64')}`;
}

export interface VerifierKey {
  readonly name: string;
  readonly type: SignatureType;
  readonly publicKey: KeyObject;
}

/**
 * A signed-note verifier key (https://c2sp.org/signed-note#verifier-keys) of type 0x01
 * (Ed25519) or 0x04 (tlog-cosignature cosignature/v1, Ed25519), whose key ID must match.
 */
export function parseVerifierKey(text: string): VerifierKey {
  const trimmed = text.trim();
  // The name holds no '+', the key ID is hex; only the base64 key may hold more '+'.
  const first = trimmed.indexOf('+');
  const second = trimmed.indexOf('+', first + 1);
  if (first < 0 || second < 0) fail('a verifier key is "<name>+<key id>+<base64 key>"');
  const name = trimmed.slice(0, first);
  const keyIdHex = trimmed.slice(first + 1, second);
  checkName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(keyIdHex)) fail(`verifier key id ${JSON.stringify(keyIdHex)} is not 8 hex digits`);
  const bytes = decodeBase64(trimmed.slice(second + 1), 'the verifier key');
  const type = bytes[0];
  if (bytes.length !== 33 || (type !== ED25519 && type !== COSIGNATURE_V1)) fail('the verifier key is not 0x01 or 0x04 followed by a 32-byte Ed25519 key');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(1).toString('base64url') }, format: 'jwk' });
  if (!keyIdOf(name, type, publicKey).equals(Buffer.from(keyIdHex, 'hex'))) fail(`verifier key id ${keyIdHex} does not match the key and name`);
  return { name, type, publicKey };
}

/** An Ed25519 public key as PEM (SPKI) or as a signed-note verifier key (type 0x01 or 0x04). */
export function publicKeyFromText(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN') && !trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) fail('only a public key is accepted: PEM "BEGIN PUBLIC KEY" (SPKI) or a verifier key');
  if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: trimmed, format: 'pem' });
    } catch (error) {
      fail(`unreadable PEM public key: ${(error as Error).message}`);
    }
    return ed25519PublicKey(key);
  }
  if (!trimmed.includes('+')) fail('a public key is PEM (SPKI) or a verifier key "<name>+<key id>+<base64 key>"');
  return parseVerifierKey(trimmed).publicKey;
}
