import type { Permission } from './permissions.js';
import type { Role } from './roles.js';

/** An authenticated identity. */
export interface Principal {
  /** Stable id, as events record the actor: `api-key:<keyId>` or `jwt:<issuer>#<sub>` (actor-id.ts). */
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** For the role `app`: the commands this app may send. */
  readonly allowed: readonly Permission[];
  readonly via: 'api-key' | 'jwt';
}

export class UnauthenticatedError extends Error {
  readonly code = 'unauthenticated';
  constructor(message = 'authenticate with Authorization: Bearer <API key or token>') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends Error {
  readonly code = 'forbidden';
  constructor(
    readonly permission: string,
    message: string,
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
