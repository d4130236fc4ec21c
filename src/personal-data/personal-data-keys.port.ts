import { DomainError } from '../shared/domain-error.js';

/**
 * The keys that personal data in event payloads is encrypted under, one per subject (a
 * breach), kept outside the log (DESIGN.md "Personal data in an immutable log"). Erasing
 * a key is the erasure of everything encrypted under it; the log itself never changes.
 * The embedded default is a SQLite file of its own (sqlite/); with READ_STORE=mongodb the
 * keys live in the shared database (mongodb/), so an erasure holds on every instance. A KMS
 * could go behind the same port.
 */
export interface PersonalDataKeys {
  /**
   * The subject's 32-byte key, created on first use. It is durably stored before this
   * resolves: a key must never be lost once ciphertext under it may have been written.
   * Refuses a subject whose key was erased (PersonalDataErasedError): it never gets a new one.
   */
  getOrCreate(subjectId: string): Promise<Buffer>;
  /** The subject's key; undefined when it has none (never created, or erased: see erasedAt). */
  get(subjectId: string): Promise<Buffer | undefined>;
  /**
   * Deletes the subject's key, overwriting its bytes, and records when. Idempotent: erasing
   * again deletes whatever is still there and keeps the time of the first erasure.
   */
  erase(subjectId: string): Promise<void>;
  /** When the subject's key was erased; undefined when it was not. */
  erasedAt(subjectId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export const PERSONAL_DATA_KEYS = Symbol('PersonalDataKeys');

/** Nothing personal may be encrypted for a subject whose key was erased (HTTP 422). */
export class PersonalDataErasedError extends DomainError {
  constructor(subjectId: string, erasedAt: string) {
    super('personal-data-erased', `the personal data of ${subjectId} was erased at ${erasedAt}; none may be recorded again`, { erasedAt });
    this.name = 'PersonalDataErasedError';
  }
}

/** The key store cannot be used (a foreign file, a closed store, an I/O failure). */
export class PersonalDataKeysUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PersonalDataKeysUnavailableError';
  }
}
