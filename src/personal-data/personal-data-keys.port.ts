import { DomainError } from '../shared/domain-error.js';

/**
 * The keys that personal data in event payloads is encrypted under, one per subject (a
 * breach), kept outside the log (docs/architecture.md "Personal data in an immutable log"). Erasing
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
  /**
   * Optional: the subject's key for data about to be appended to the subject's stream. A new
   * key may be handed out before it is on disk, when the store sees to it that the append
   * carries it and that it is durable no later than the append's events (the SQLite key
   * store beside the SQLite event store). Where absent, getOrCreate is used.
   */
  keyForAppend?(subjectId: string): Promise<Buffer>;
  /** The subject's key; undefined when it has none (never created, or erased: see erasedAt). */
  get(subjectId: string): Promise<Buffer | undefined>;
  /**
   * Deletes the subject's key, overwriting its bytes, and records when. Idempotent: erasing
   * again deletes whatever is still there and keeps the time of the first erasure.
   */
  erase(subjectId: string): Promise<void>;
  /** When the subject's key was erased; undefined when it was not. */
  erasedAt(subjectId: string): Promise<string | undefined>;
  /** How many subjects ever got a key (those with a key and those erased): never fewer over time. */
  subjectCount(): Promise<number>;
  /** How far the log was found served by this store at the last start (see key-coverage.ts). */
  coverage(): Promise<KeyCoverage | undefined>;
  recordCoverage(coverage: KeyCoverage): Promise<void>;
  /** Rejects with PersonalDataKeysUnavailableError when the store cannot be written (its file is gone, say). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What the start check found: every subject with ciphertext in the log up to `position` (of
 * the log whose first event is `logId`) has a key or an erasure here, and the store then held
 * `subjects` subjects.
 */
export interface KeyCoverage {
  readonly logId: string;
  readonly position: bigint;
  readonly subjects: number;
}

export const PERSONAL_DATA_KEYS = Symbol('PersonalDataKeys');

/** Nothing personal may be encrypted for a subject whose key was erased (HTTP 422). */
export class PersonalDataErasedError extends DomainError {
  constructor(subjectId: string, erasedAt: string) {
    super('personal-data-erased', `the personal data of ${subjectId} was erased at ${erasedAt}; none may be recorded again`, { erasedAt });
    this.name = 'PersonalDataErasedError';
  }
}

/** The key store cannot be used (a foreign file, a closed store, a file deleted or replaced, an I/O failure): HTTP 503. */
export class PersonalDataKeysUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PersonalDataKeysUnavailableError';
  }
}
