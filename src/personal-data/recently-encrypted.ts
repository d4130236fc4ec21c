import type { EncryptedField } from './field-encryption.js';

/** How many fields are remembered: enough for the projections to catch up with a burst of commands (a registration encrypts 3). */
export const DEFAULT_RECENT_FIELDS = 4096;

interface Remembered {
  readonly kid: string;
  readonly key: Buffer;
  readonly aad: Buffer;
  readonly text: string;
}

/**
 * The plaintexts of the fields this process encrypted last, so that decoding an event moments
 * after its command encoded it (the projections read every appended event) does not decrypt
 * what was just encrypted. AES-256-GCM is deterministic given key, IV, additional data and
 * ciphertext, and the tag authenticates all four: a field is answered from here only when its
 * IV, tag and ciphertext are exactly the remembered ones and the key and additional data
 * given now are byte for byte the ones it was encrypted with, which is exactly when
 * decrypting it would succeed and give this text. Anything else (an altered or moved field,
 * another key) is decrypted as ever, and fails as ever.
 *
 * Bounded: at most `maxFields` entries, the oldest dropped first. An erasure is honoured
 * without it: the codec only asks here with the key the store gives now (none once erased),
 * and forgets a subject's entries when it finds its key gone.
 */
export class RecentlyEncrypted {
  private readonly fields = new Map<string, Remembered>();
  private readonly bySubject = new Map<string, Set<string>>();

  constructor(readonly maxFields: number = DEFAULT_RECENT_FIELDS) {
    if (!Number.isInteger(maxFields) || maxFields < 0) throw new RangeError(`maxFields must be a whole number of at least 0, not ${maxFields}`);
  }

  get size(): number {
    return this.fields.size;
  }

  remember(key: Buffer, field: EncryptedField, aad: Buffer, text: string): void {
    if (this.maxFields === 0) return;
    const id = idOf(field);
    this.drop(id);
    this.fields.set(id, { kid: field.kid, key: Buffer.from(key), aad, text });
    let ids = this.bySubject.get(field.kid);
    if (!ids) this.bySubject.set(field.kid, (ids = new Set()));
    ids.add(id);
    while (this.fields.size > this.maxFields) this.drop(this.fields.keys().next().value as string);
  }

  /** The text `field` decrypts to under `key` with `aad`, when this process encrypted it so; undefined otherwise. */
  plaintext(key: Buffer, field: EncryptedField, aad: Buffer): string | undefined {
    const remembered = this.fields.get(idOf(field));
    if (!remembered || remembered.kid !== field.kid || !remembered.key.equals(key) || !remembered.aad.equals(aad)) return undefined;
    return remembered.text;
  }

  /** Drops every remembered field of a subject (its key was erased). */
  forget(subject: string): void {
    for (const id of this.bySubject.get(subject) ?? []) this.drop(id);
  }

  private drop(id: string): void {
    const remembered = this.fields.get(id);
    if (!remembered) return;
    this.fields.delete(id);
    const ids = this.bySubject.get(remembered.kid);
    ids?.delete(id);
    if (ids?.size === 0) this.bySubject.delete(remembered.kid);
  }
}

function idOf(field: EncryptedField): string {
  return `${field.kid}\n${field.iv}\n${field.tag}\n${field.ct}`;
}
