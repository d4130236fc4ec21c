import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../event-store/event-store.port.js';
import { API_KEYS, type ApiKeys } from './api-keys.port.js';
import { logsScopedReads } from '../access-log/access-logged.js';
import { JwtVerifier } from './jwt-verifier.js';
import { ROUTE_PERMISSIONS, isScopedFor, rolesFor, type Permission } from './permissions.js';
import { ForbiddenError, UnauthenticatedError, type Principal } from './principal.js';

/** What an identity of the supervisory authority may read: what its open inquiries put in scope, and its inquiries. */
export interface InquiryScopes {
  breachesInScope(principalId: string): Promise<ReadonlySet<string>>;
  inquiriesOf(principalId: string): Promise<readonly { readonly inquiryId: string }[]>;
  /** The breach whose stream holds the event at a log position, if any. */
  breachAt(position: bigint): Promise<string | undefined>;
}
export const INQUIRY_SCOPES = Symbol('InquiryScopes');

/** Without the inquiry slice, nothing is in scope (fail closed). */
const noInquiries: InquiryScopes = { breachesInScope: async () => new Set(), inquiriesOf: async () => [], breachAt: async () => undefined };

/** What a scoped grant rests on, for the access log: the inquiries that put the thing read in scope. */
export interface ScopedGrant {
  readonly breachId?: string;
  readonly inquiryId?: string;
}

const AUTHENTICATION = Symbol('authentication');

type AuthenticatedRequest = FastifyRequest & { actor?: Actor; principal?: Principal; scopedGrant?: ScopedGrant };

/**
 * The one guard on every route: authenticates the request and checks the permission table.
 * A route missing from the table is refused (fail closed) and logged.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(API_KEYS) private readonly apiKeys: ApiKeys,
    @Inject(JwtVerifier) private readonly jwt: JwtVerifier | null,
    private readonly modules: ModuleRef,
  ) {}

  /** The inquiry slice's answer, looked up when first needed (it depends on the read side, which depends on auth). */
  private get inquiries(): InquiryScopes {
    try {
      return this.modules.get<InquiryScopes>(INQUIRY_SCOPES, { strict: false });
    } catch {
      return noInquiries;
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const permission = ROUTE_PERMISSIONS[route];
    if (permission === 'public') return true;
    if (permission === undefined) {
      this.logger.error(`route ${route} is not in the permission table: refused`);
      throw new ForbiddenError('none', 'this route is not in the permission table');
    }
    const principal = await this.authenticationOf(request);
    const role = await this.grantingRole(principal, permission, request, context.getHandler());
    request.principal = principal;
    // The actor recorded in every event: the authenticated identity, never the body.
    request.actor = { id: principal.id, role };
    return true;
  }

  /** The request's credential, checked once: the rate limit (which keys on the identity) asks first, this guard after. */
  authenticationOf(request: FastifyRequest): Promise<Principal> {
    const memo = request as FastifyRequest & { [AUTHENTICATION]?: Promise<Principal> };
    memo[AUTHENTICATION] ??= this.authenticate(request.headers.authorization);
    return memo[AUTHENTICATION];
  }

  async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header ?? '');
    if (!match) throw new UnauthenticatedError();
    const credential = match[1] as string;
    const principal = credential.startsWith('plk_') ? await this.apiKeys.verify(credential) : await this.jwt?.verify(credential);
    if (!principal) throw new UnauthenticatedError('the API key or token is not valid');
    return principal;
  }

  private async grantingRole(principal: Principal, permission: Permission, request: AuthenticatedRequest, handler: object): Promise<string> {
    for (const role of principal.roles) {
      if (!rolesFor(permission).includes(role)) continue;
      if (role === 'app' && !principal.allowed.includes(permission)) continue;
      if (isScopedFor(permission, role)) {
        // A read under a scope is served only where it is written to the access log (fail closed).
        if (!logsScopedReads(handler)) {
          this.logger.error(`route ${request.method} ${request.routeOptions.url ?? ''} grants ${permission} under a scope but does not log such reads (ScopedReadsLogged): refused`);
          continue;
        }
        const grant = await this.scopedGrant(principal, request);
        if (!grant) continue;
        request.scopedGrant = grant;
      }
      return role;
    }
    throw new ForbiddenError(permission, `${principal.roles.join(', ')} may not ${permission}${principal.roles.includes('supervisory-authority') ? ' outside an inquiry\'s scope' : ''}`);
  }

  /** A scoped grant holds for the breach or the inquiry the path names (or the breach of the event at `?position=`), and only when an open inquiry (or its own inquiry) covers it. */
  private async scopedGrant(principal: Principal, request: AuthenticatedRequest): Promise<ScopedGrant | undefined> {
    const params = (request.params ?? {}) as { breachId?: string; inquiryId?: string };
    const position = (request.query as { position?: unknown } | undefined)?.position;
    if (params.breachId === undefined && typeof position === 'string' && /^\d{1,19}$/.test(position)) {
      const breachId = await this.inquiries.breachAt(BigInt(position));
      return breachId !== undefined && (await this.inquiries.breachesInScope(principal.id)).has(breachId) ? { breachId } : undefined;
    }
    if (params.breachId) return (await this.inquiries.breachesInScope(principal.id)).has(params.breachId.toLowerCase()) ? { breachId: params.breachId } : undefined;
    if (params.inquiryId) return (await this.inquiries.inquiriesOf(principal.id)).some((inquiry) => inquiry.inquiryId === params.inquiryId?.toLowerCase()) ? { inquiryId: params.inquiryId } : undefined;
    return undefined;
  }
}
