import { exportJWK, generateKeyPair } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

export interface OpenIdProvider {
  /** `http://localhost:<port>`: the issuer, its discovery document and JWKS (`/jwks`) under it. */
  readonly issuer: string;
  readonly provider: Provider;
  /** The grants the token endpoint answered, in order (`authorization_code`, `refresh_token`). */
  readonly grants: string[];
  /** When set, rewrites where the identity provider redirects the browser to (a man in the middle, for tests of tampering). */
  rewriteRedirect?: (location: string) => string;
  /** When true, the token endpoint refuses every request (`invalid_grant`), as after the grant was revoked. */
  refuseTokens?: boolean;
  close(): Promise<void>;
}

export interface OpenIdProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The service's callback and where the identity provider may send the browser after signing out. */
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  /** The resource indicator (the API's audience, AUTH_JWT_AUDIENCE) access tokens are issued for. */
  readonly audience: string;
  /** The roles of an account by its login (the `sub`); an account without roles gets none. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  /** How long an access token lives (seconds). */
  readonly accessTokenSeconds?: number;
}

/** A free port of this machine (for a server whose URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real OpenID provider in this process (panva's certified `oidc-provider`): a confidential
 * client that must use PKCE, its development login and consent pages (any login, any password),
 * and JWT access tokens for the API's audience (resource indicators) carrying a `roles` claim.
 */
export async function startOpenIdProvider(options: OpenIdProviderOptions): Promise<OpenIdProvider> {
  const server: Server = createServer();
  // Every address (IPv4 and IPv6): `localhost` may resolve to either.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const pair = await generateKeyPair('RS256', { extractable: true });
  const grants: string[] = [];
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(pair.privateKey)), kid: 'test-idp', alg: 'RS256', use: 'sig' }] as never },
    pkce: { required: () => true },
    cookies: { keys: ['a test key for the identity provider’s cookies'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, name: `Test ${sub}` }) }),
    claims: { openid: ['sub'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => options.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== options.audience) throw new Error(`unknown resource ${indicator}`);
          return { scope: 'openid profile', audience: options.audience, accessTokenFormat: 'jwt', accessTokenTTL: options.accessTokenSeconds ?? 300, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    extraTokenClaims: async (_ctx, token) => ('accountId' in token && typeof token.accountId === 'string' ? { roles: options.roles[token.accountId] ?? [], name: `Test ${token.accountId}` } : undefined),
    issueRefreshToken: async () => true,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: options.accessTokenSeconds ?? 300, RefreshToken: 3600, IdToken: 300, AuthorizationCode: 60 },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('grant.success', (ctx) => grants.push(String((ctx.oidc.params as { grant_type?: unknown } | undefined)?.grant_type)));
  const handle = provider.callback();
  const started: OpenIdProvider = {
    issuer,
    provider,
    grants,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('request', (request, response) => {
    if (started.refuseTokens && request.method === 'POST' && request.url?.startsWith('/token')) {
      response.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ error: 'invalid_grant', error_description: 'grant revoked' }));
      return;
    }
    const setHeader = response.setHeader.bind(response);
    response.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'location' && started.rewriteRedirect && typeof value === 'string' ? started.rewriteRedirect(value) : value);
    handle(request, response);
  });
  return started;
}
