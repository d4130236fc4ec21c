import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';

/** How a person signed in: an API key given on the sign-in page, or the identity provider (OpenID Connect). */
export type SignInMethod = 'api-key' | 'oidc';

/** What the identity provider gave, kept to renew the access token before it expires. */
export interface OidcTokens {
  readonly refreshToken?: string;
  /** When the access token expires (epoch ms). */
  readonly expiresAt: number;
  readonly idToken?: string;
}

export interface WebSession {
  readonly id: string;
  readonly principal: Principal;
  readonly method: SignInMethod;
  /**
   * The credential the pages call the API with (the API key, or the identity provider's access
   * token): each call goes through the API's own guard, so a revoked key or an expired token
   * ends the session's rights at once. Held in this process's memory only; never in a cookie.
   */
  credential: string;
  oidc?: OidcTokens;
  /** The log position of this person's last accepted command: views read at least up to it (read your writes). */
  lastPosition?: bigint;
  /** The API no longer accepts the credential (a key revoked, a token expired): the session ends after this page. */
  refused?: boolean;
  readonly createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  /** A session unused this long ends. */
  readonly idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  readonly absoluteMs: number;
  /** At most this many sessions at once; the least recently used gives way. */
  readonly max: number;
}

/**
 * Server-side sessions: the cookie holds only a random id (256 bits). Kept in this process's
 * memory, so a restart signs everyone out, and several instances behind a balancer need
 * sticky sessions (docs/web.md).
 */
export class WebSessions {
  private readonly sessions = new Map<string, WebSession>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  start(principal: Principal, method: SignInMethod, credential: string, oidc?: OidcTokens): WebSession {
    const at = this.now();
    const session: WebSession = { id: randomBytes(32).toString('base64url'), principal, method, credential, oidc, createdAt: at, lastSeenAt: at };
    while (this.sessions.size >= this.limits.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session under this id, touched; undefined (and forgotten) when unknown, idle too long or too old. */
  find(id: string | undefined): WebSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastSeenAt > this.limits.idleMs || at - session.createdAt > this.limits.absoluteMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = at;
    // Map order is insertion order: re-inserting keeps the least recently used first.
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}
