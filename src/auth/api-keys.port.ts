import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

export interface NewKey {
  readonly name: string;
  readonly role: Role;
  /** The commands an app key may send; nothing for the other roles. */
  readonly allowed?: readonly string[];
}

export interface CreatedKey {
  readonly keyId: string;
  /** The key itself: shown now, never again. */
  readonly key: string;
  readonly name: string;
  readonly role: Role;
  readonly allowed: readonly Permission[];
}

export interface KeyRecord {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  readonly allowed: readonly Permission[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/**
 * The API keys (the embedded default: a SQLite file; with READ_STORE=mongodb: a collection
 * every instance shares, so a key created or revoked on one host holds on all). Only a hash
 * of each key's secret is stored (api-key-format.ts).
 */
export interface ApiKeys {
  /** Refuses a bad name, role or allow-list with an Error saying why. */
  create(input: NewKey, now: Date): Promise<CreatedKey>;
  /** The principal a key stands for, or undefined for an unknown, wrong or revoked key. */
  verify(key: string): Promise<Principal | undefined>;
  /** Whether an active key was revoked now (false: unknown, or revoked before). */
  revoke(keyId: string, now: Date): Promise<boolean>;
  /** Every key, oldest first, without its secret. */
  list(): Promise<KeyRecord[]>;
  close(): Promise<void>;
}

export const API_KEYS = Symbol('ApiKeys');

/** The key store cannot be relied on (its file deleted or replaced while running): credentials are not checked, HTTP 503. */
export class ApiKeysUnavailableError extends Error {
  readonly code = 'api-keys-unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeysUnavailableError';
  }
}
