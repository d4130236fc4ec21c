import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { MAX_ACTOR_ID_LENGTH } from '../event-store/append-input.js';
import { jwtActorId } from './actor-id.js';
import { APP_GRANTABLE, type Permission } from './permissions.js';
import type { Principal } from './principal.js';
import { isRole } from './roles.js';

export interface JwtSettings {
  readonly issuer: string;
  readonly audience: string;
  /** The identity provider's JWKS endpoint, or a local JWKS file (offline, tests). */
  readonly jwksUrl?: string;
  readonly jwksFile?: string;
  /** The claim that holds the roles (a string or an array of strings). */
  readonly rolesClaim: string;
}

/**
 * Bearer JWTs from the municipality's identity provider, verified with `jose` against the
 * configured issuer, audience and JWKS: signature, expiry and not-before are checked, and
 * `alg: none` and HMAC algorithms are never accepted. The actor is `jwt:<issuer>#<sub>`:
 * never an API key's or the service's id, whatever `sub` says. Roles come from `rolesClaim`; an app's
 * permitted commands from the OAuth `scope` claim.
 */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: JwtSettings) {
    if (settings.jwksFile) this.keys = createLocalJWKSet(JSON.parse(readFileSync(settings.jwksFile, 'utf8')) as JSONWebKeySet);
    else if (settings.jwksUrl) this.keys = createRemoteJWKSet(new URL(settings.jwksUrl));
    else throw new Error('a JWKS URL or file is required');
  }

  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
        requiredClaims: ['sub', 'exp'],
      });
      const claimed = payload[this.settings.rolesClaim];
      const roles = (Array.isArray(claimed) ? claimed : [claimed]).filter(isRole);
      if (roles.length === 0 || typeof payload.sub !== 'string') return undefined;
      const scope = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      const allowed = scope.filter((permission): permission is Permission => (APP_GRANTABLE as readonly string[]).includes(permission));
      const id = jwtActorId(this.settings.issuer, payload.sub);
      // Events refuse longer actor ids: refuse the token here, not the command later.
      if (id.length > MAX_ACTOR_ID_LENGTH) return undefined;
      const name = typeof payload.name === 'string' ? payload.name : payload.sub;
      return { id, name, roles, allowed, via: 'jwt' };
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }
}
