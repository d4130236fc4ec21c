import { createHmac } from 'node:crypto';

/**
 * A command's request fingerprint keyed per subject (a breach), for the events of its
 * stream: HMAC-SHA256 of the installation-keyed fingerprint (src/http/request-fingerprint.ts)
 * under a key derived from the subject's personal-data key. Erasing that key therefore
 * erases this one: after an erasure nobody holding the log and the data folder can
 * recompute the fingerprint of a guessed body, so it cannot confirm an erased text.
 *
 * Stored as `subject-hmac:<hex>`; a bare hex fingerprint is the installation-keyed one
 * (events written before this scheme, and commands on a subject already erased).
 */
export const SUBJECT_KEYED = 'subject-hmac:';

const INFO = 'privacy-ledger request fingerprint';

/** HKDF-Expand's input for the one block of output: the info, then the block counter 0x01 (RFC 5869 §2.3). */
const EXPAND_INPUT = Buffer.concat([Buffer.from(INFO, 'utf8'), Buffer.from([1])]);
/** HKDF-Extract without a salt: a string of HashLen zeros (RFC 5869 §2.2). */
const NO_SALT = Buffer.alloc(32);

/**
 * HKDF-SHA256 of the data key (no salt, INFO, 32 bytes), written out as its two HMACs: the
 * same bytes as `hkdfSync('sha256', dataKey, '', INFO, 32)` (a test compares them), at under
 * half the cost, since every breach command computes it (hkdfSync builds and checks a
 * KeyObject each call, measured at ~14 µs against ~6 µs for the two HMACs).
 */
export function fingerprintKey(dataKey: Buffer): Buffer {
  const pseudorandomKey = createHmac('sha256', NO_SALT).update(dataKey).digest();
  return createHmac('sha256', pseudorandomKey).update(EXPAND_INPUT).digest();
}

export function subjectFingerprint(dataKey: Buffer, requestHash: string, key: Buffer = fingerprintKey(dataKey)): string {
  // A key of its own (HKDF), so the AES key is never used as an HMAC key as well.
  return `${SUBJECT_KEYED}${createHmac('sha256', key).update(requestHash, 'utf8').digest('hex')}`;
}

export const isSubjectKeyed = (stored: string | undefined): stored is string => stored?.startsWith(SUBJECT_KEYED) === true;

/** How many subjects' fingerprint keys FingerprintKeys holds at most. */
export const DEFAULT_FINGERPRINT_KEYS = 4096;

/**
 * The fingerprint keys this process derived lately, by subject, each beside a copy of the data
 * key it was derived from. Every command on a breach stores or compares a subject-keyed
 * fingerprint (a registration and its report: two), and deriving the key is two of its three
 * HMACs. A key is answered from here only for a data key equal byte for byte to the one it was
 * derived from, and the caller asks with the key the key store has just given: an erased key
 * is never looked past (there is no data key to ask with). Bounded, the oldest dropped first;
 * `forget` drops a subject's once its key is erased, as RecentlyEncrypted drops its texts, so
 * neither key stays in memory waiting to be pushed out by newer ones.
 */
export class FingerprintKeys {
  private readonly derived = new Map<string, { readonly dataKey: Buffer; readonly key: Buffer }>();

  constructor(readonly maxKeys: number = DEFAULT_FINGERPRINT_KEYS) {
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new RangeError(`maxKeys must be a whole number of at least 0, not ${maxKeys}`);
  }

  get size(): number {
    return this.derived.size;
  }

  /** fingerprintKey(dataKey), derived once while the subject's entry is remembered with this same data key. */
  of(subject: string, dataKey: Buffer): Buffer {
    const known = this.derived.get(subject);
    if (known?.dataKey.equals(dataKey)) return known.key;
    const key = fingerprintKey(dataKey);
    if (this.maxKeys === 0) return key;
    this.derived.delete(subject);
    this.derived.set(subject, { dataKey: Buffer.from(dataKey), key });
    while (this.derived.size > this.maxKeys) this.derived.delete(this.derived.keys().next().value as string);
    return key;
  }

  /** Drops a subject's derived key (its data key was erased). */
  forget(subject: string): void {
    this.derived.delete(subject);
  }
}
