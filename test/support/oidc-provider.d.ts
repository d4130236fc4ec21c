/** The little of oidc-provider's API the tests use (the package ships no types). */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type Configuration = Record<string, unknown> & {
    findAccount?: (ctx: unknown, sub: string) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> } | undefined>;
    extraTokenClaims?: (ctx: unknown, token: { accountId?: unknown; kind?: string }) => Promise<Record<string, unknown> | undefined>;
    issueRefreshToken?: (ctx: unknown, client: unknown, source: unknown) => Promise<boolean>;
    features?: Record<string, Record<string, unknown>>;
  };

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: string, listener: (ctx: { oidc: { params?: unknown } }, ...rest: unknown[]) => void): this;
    proxy: boolean;
  }
}
