import type { JsonObject } from './json.js';

/**
 * A command refused by a rule of the domain. `code` is stable and machine-readable
 * (clients branch on it); the message is for people. Pure: no HTTP here — the HTTP layer
 * maps every DomainError to 422 in one place.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: JsonObject = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The thing a command is about does not exist (HTTP 404). */
export class NotFoundError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}
