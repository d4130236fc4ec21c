import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import type { OidcTokens, WebSession } from './web-sessions.js';

/** Signing in with the identity provider (OpenID Connect, authorization code with PKCE). */
export interface OidcSignIn {
  /** The identity provider's authorization URL to send the browser to; what the callback needs is kept in a short-lived cookie. */
  start(request: FastifyRequest, reply: FastifyReply, back: string): Promise<string>;
  /** The callback: the code exchanged, the access token verified as the API verifies it. */
  finish(request: FastifyRequest, reply: FastifyReply): Promise<{ readonly principal: Principal; readonly accessToken: string; readonly tokens: OidcTokens; readonly back: string } | { readonly error: string }>;
  /** Where to send the browser to end the session at the identity provider too, if it says. */
  endSessionUrl(session: WebSession): string | undefined;
  /**
   * Before a page runs: the access token renewed (refresh token) when it expires soon, the
   * session's credential replaced; false when it cannot be renewed, and the session ends.
   */
  fresh(session: WebSession): Promise<boolean>;
  /** The identity provider's origins a form may lead to (sign-in, sign-out): the pages' form-action allows them. */
  formTargets?(): readonly string[];
}
