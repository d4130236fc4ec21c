import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import type { Principal } from '../auth/principal.js';
import { DEFAULT_LANG, isLang, textsIn, type Lang, type Texts } from './i18n/texts.js';
import type { OidcSignIn } from './oidc-sign-in.js';
import type { OidcTokens, WebSession } from './web-sessions.js';

export interface OidcClientSettings {
  /** The identity provider (AUTH_JWT_ISSUER); its metadata at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** A confidential client's secret, in a file; without it the client is public (PKCE only). */
  readonly clientSecretFile?: string;
  /** This service's callback, `https://<host>/app/sign-in/callback`, as registered at the identity provider. */
  readonly redirectUrl: string;
  readonly scopes: string;
  readonly cookieSecure: boolean;
  /** The access token is renewed when it expires within this long (default one minute). */
  readonly renewBeforeMs?: number;
}

/** How the service verifies a bearer token (JwtVerifier): the pages' token must pass the same check as any API call. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<Principal | undefined>;
}

/** What the callback needs, kept between the redirect and the callback in a signed cookie (10 minutes). */
interface Pending {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly back: string;
}

const PENDING_SECONDS = 600;

const TEXTS = {
  nl: {
    expired: 'Het inloggen duurde te lang of is niet op deze site begonnen. Probeer het opnieuw.',
    state: 'Het antwoord van de identiteitsprovider hoort niet bij dit inloggen (de controlecode klopt niet). Probeer het opnieuw.',
    denied: 'Het inloggen is afgebroken of u gaf geen toestemming.',
    idp: 'De identiteitsprovider weigerde het inloggen ({error}).',
    exchange: 'Het inloggen kon niet worden afgerond bij de identiteitsprovider. Probeer het opnieuw.',
    token: 'Uw account geeft geen toegang tot deze dienst: het toegangsbewijs is niet voor deze dienst bedoeld of bevat geen rol.',
  },
  en: {
    expired: 'Signing in took too long or did not start on this site. Try again.',
    state: 'The identity provider’s answer does not belong to this sign-in (the check code does not match). Try again.',
    denied: 'Signing in was cancelled or you gave no consent.',
    idp: 'The identity provider refused the sign-in ({error}).',
    exchange: 'Signing in could not be completed at the identity provider. Try again.',
    token: 'Your account gives no access to this service: the access token is not meant for this service or holds no role.',
  },
} as const satisfies Texts<string>;

const loopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** When an access token expires: the token response's `expires_in`, else the JWT's own `exp`, else in five minutes. */
function expiryOf(response: client.TokenEndpointResponse, now: number): number {
  if (typeof response.expires_in === 'number') return now + response.expires_in * 1000;
  try {
    const payload = JSON.parse(Buffer.from(response.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof payload.exp === 'number') return payload.exp * 1000;
  } catch {
    // Not a JWT we can read: the fallback below.
  }
  return now + 300_000;
}

/**
 * Sign-in with the municipality's identity provider through `openid-client`: the authorization
 * code flow with PKCE (S256), state and nonce. The access token the identity provider issues is
 * verified with the service's own JwtVerifier, as every API call verifies it: the pages call the
 * API with that token as Bearer, so the person's roles are the token's, and the actor of what they
 * record is `jwt:<issuer>#<sub>`. Discovery happens at the first sign-in (not at start-up: the
 * service starts while the identity provider is away) and is tried again after a failure.
 */
export class OidcClientSignIn implements OidcSignIn {
  private discovered?: client.Configuration;
  private discovering?: Promise<client.Configuration>;
  private readonly renewing = new WeakMap<WebSession, Promise<boolean>>();
  private readonly cookieName: string;

  constructor(
    private readonly settings: OidcClientSettings,
    private readonly verifier: AccessTokenVerifier,
    private readonly now: () => number = Date.now,
  ) {
    this.cookieName = settings.cookieSecure ? '__Host-pl-oidc' : 'pl-oidc';
  }

  /** The identity provider's configuration (discovery, once); plain http only for an issuer on this machine (development, tests). */
  private configuration(): Promise<client.Configuration> {
    if (this.discovered) return Promise.resolve(this.discovered);
    this.discovering ??= (async () => {
      const issuer = new URL(this.settings.issuer);
      const secret = this.settings.clientSecretFile ? readFileSync(this.settings.clientSecretFile, 'utf8').trim() : undefined;
      const configuration = await client.discovery(issuer, this.settings.clientId, secret, secret === undefined ? client.None() : client.ClientSecretPost(secret), {
        ...(issuer.protocol === 'http:' && loopback(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      });
      this.discovered = configuration;
      return configuration;
    })().finally(() => {
      this.discovering = undefined;
    });
    return this.discovering;
  }

  async start(_request: FastifyRequest, reply: FastifyReply, back: string): Promise<string> {
    const configuration = await this.configuration();
    const pending: Pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), back };
    void reply.setCookie(this.cookieName, Buffer.from(JSON.stringify(pending)).toString('base64url'), { ...this.cookieOptions(), maxAge: PENDING_SECONDS, signed: true });
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    }).href;
  }

  async finish(request: FastifyRequest, reply: FastifyReply): Promise<{ principal: Principal; accessToken: string; tokens: OidcTokens; back: string } | { error: string }> {
    const t = textsIn(TEXTS, langOf(request));
    const pending = this.pendingOf(request);
    // Used once: the cookie goes whatever the outcome.
    void reply.clearCookie(this.cookieName, this.cookieOptions());
    const query = (request.query ?? {}) as Record<string, unknown>;
    if (!pending) return { error: t('expired') };
    if (typeof query.state !== 'string' || !sameText(query.state, pending.state)) return { error: t('state') };
    if (typeof query.error === 'string') {
      return { error: query.error === 'access_denied' ? t('denied') : t('idp', { error: query.error.replace(/[^\x21-\x7e]/g, '').slice(0, 80) }) };
    }
    let response: client.TokenEndpointResponse;
    try {
      const configuration = await this.configuration();
      const callback = new URL(this.settings.redirectUrl);
      callback.search = new URL(request.url, 'http://callback').search;
      response = await client.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (error) {
      request.log.warn({ err: error }, 'OpenID Connect code exchange failed');
      return { error: t('exchange') };
    }
    const principal = await this.verifier.verify(response.access_token);
    if (!principal) return { error: t('token') };
    return { principal, accessToken: response.access_token, tokens: this.tokensOf(response, undefined), back: pending.back };
  }

  async fresh(session: WebSession): Promise<boolean> {
    const tokens = session.oidc;
    if (session.method !== 'oidc' || !tokens) return true;
    const now = this.now();
    if (tokens.expiresAt - now > (this.settings.renewBeforeMs ?? 60_000)) return true;
    if (!tokens.refreshToken) return now < tokens.expiresAt;
    // One renewal per session at a time: a rotated refresh token is good for one use only.
    const inFlight = this.renewing.get(session);
    if (inFlight) return inFlight;
    const renewal = this.renew(session, tokens.refreshToken).finally(() => this.renewing.delete(session));
    this.renewing.set(session, renewal);
    return renewal;
  }

  endSessionUrl(session: WebSession): string | undefined {
    const configuration = this.discovered;
    if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      client_id: this.settings.clientId,
      post_logout_redirect_uri: new URL('/app/sign-in', this.settings.redirectUrl).href,
      ...(session.oidc?.idToken ? { id_token_hint: session.oidc.idToken } : {}),
    }).href;
  }

  /** The origins the pages' forms may lead to (the sign-in's redirect, the sign-out's): for the Content-Security-Policy's form-action. */
  formTargets(): readonly string[] {
    const metadata = this.discovered?.serverMetadata();
    const urls = [this.settings.issuer, metadata?.authorization_endpoint, metadata?.end_session_endpoint].filter((url): url is string => typeof url === 'string');
    return [...new Set(urls.map((url) => new URL(url).origin))];
  }

  private async renew(session: WebSession, refreshToken: string): Promise<boolean> {
    try {
      const response = await client.refreshTokenGrant(await this.configuration(), refreshToken);
      const principal = await this.verifier.verify(response.access_token);
      // Another person, or other roles than the menu was built for: sign in again.
      if (!principal || principal.id !== session.principal.id || principal.roles.join(' ') !== session.principal.roles.join(' ')) return false;
      session.credential = response.access_token;
      session.oidc = this.tokensOf(response, session.oidc);
      return true;
    } catch {
      return false;
    }
  }

  private tokensOf(response: client.TokenEndpointResponse, before: OidcTokens | undefined): OidcTokens {
    const refreshToken = response.refresh_token ?? before?.refreshToken;
    const idToken = response.id_token ?? before?.idToken;
    return { expiresAt: expiryOf(response, this.now()), ...(refreshToken ? { refreshToken } : {}), ...(idToken ? { idToken } : {}) };
  }

  private pendingOf(request: FastifyRequest): Pending | undefined {
    const raw = request.cookies[this.cookieName];
    if (raw === undefined) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return undefined;
    try {
      const value = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Partial<Pending>;
      if (typeof value.state !== 'string' || typeof value.nonce !== 'string' || typeof value.verifier !== 'string' || typeof value.back !== 'string') return undefined;
      return { state: value.state, nonce: value.nonce, verifier: value.verifier, back: value.back };
    } catch {
      return undefined;
    }
  }

  private cookieOptions() {
    return { path: '/', httpOnly: true, secure: this.settings.cookieSecure, sameSite: 'lax' as const };
  }
}

function langOf(request: FastifyRequest): Lang {
  const lang = (request as FastifyRequest & { lang?: unknown }).lang;
  return isLang(lang) ? lang : DEFAULT_LANG;
}
