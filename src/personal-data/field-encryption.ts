import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JsonValue } from '../shared/json.js';

/**
 * One personal field, encrypted: AES-256-GCM (node:crypto) under its subject's key, with a
 * fresh 96-bit IV every time and the event type and field path as additional authenticated
 * data, so a ciphertext moved to another field or event type fails to decrypt. As stored:
 *
 *   { "$enc": "A256GCM", "kid": "<breachId>", "iv": b64, "tag": b64, "ct": b64 }
 *
 * `kid` names the key (the subject); it is not secret. The plaintext is the field's string.
 */
export interface EncryptedField {
  readonly $enc: typeof ALGORITHM;
  readonly kid: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

const ALGORITHM = 'A256GCM';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * IVs are cut from a pool of random bytes filled 256 IVs at a time (node:crypto's CSPRNG, as
 * randomBytes per field was): one call into OpenSSL per 256 fields instead of one per field.
 * Every IV is used once; a spent pool is dropped, never refilled in place (the IVs handed out
 * are views of it).
 */
const IVS_PER_POOL = 256;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

/** A fresh 96-bit IV. */
export function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * IVS_PER_POOL);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** A field that cannot be decrypted as it is: altered, moved, malformed, or under another key. */
export class PersonalFieldUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonalFieldUnreadableError';
  }
}

/** The additional authenticated data of a field: which event type and which path it belongs to. */
export function fieldAad(eventType: string, path: string): Buffer {
  return Buffer.from(JSON.stringify([eventType, path]), 'utf8');
}

export function encryptField(key: Buffer, kid: string, aad: Buffer, plaintext: string): EncryptedField {
  requireKey(key);
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { $enc: ALGORITHM, kid, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

/** The plaintext; throws PersonalFieldUnreadableError when the field or its context was altered. */
export function decryptField(key: Buffer, field: EncryptedField, aad: Buffer, where = `a field of ${field.kid}`): string {
  requireKey(key);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(field.iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(field.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(field.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new PersonalFieldUnreadableError(`${where} fails authentication: altered, moved to another field, or under another key (${(error as Error).message})`);
  }
}

/** Whether a stored value is meant as an encrypted field (then it must be a well-formed one). */
export function looksEncrypted(value: JsonValue): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, '$enc');
}

/** The value as an encrypted field, or PersonalFieldUnreadableError naming what is wrong with it. */
export function asEncryptedField(value: JsonValue, where: string): EncryptedField {
  const field = value as Partial<Record<keyof EncryptedField, JsonValue>> | null;
  const bytes = (name: 'iv' | 'tag' | 'ct', length?: number): boolean => {
    const text = field?.[name];
    return typeof text === 'string' && BASE64.test(text) && (length === undefined || Buffer.from(text, 'base64').length === length);
  };
  const keys = field && typeof field === 'object' && !Array.isArray(field) ? Object.keys(field).sort().join(',') : '';
  if (keys !== '$enc,ct,iv,kid,tag' || field?.$enc !== ALGORITHM || typeof field.kid !== 'string' || !bytes('iv', IV_BYTES) || !bytes('tag', TAG_BYTES) || !bytes('ct')) {
    throw new PersonalFieldUnreadableError(`${where} is not a well-formed ${ALGORITHM} field`);
  }
  return field as unknown as EncryptedField;
}

function requireKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`an AES-256 key has ${KEY_BYTES} bytes, not ${key.length}`);
}
