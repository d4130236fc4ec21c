import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../event-store/event-store.port.js';
import { ApiKeyStore } from './api-key-store.js';
import { JwtVerifier } from './jwt-verifier.js';
import { ROUTE_PERMISSIONS, isScopedFor, rolesFor, type Permission } from './permissions.js';
import { ForbiddenError, UnauthenticatedError, type Principal } from './principal.js';

/** Which breaches an identity of the supervisory authority may read: what its inquiries put in scope. */
export interface InquiryScopes {
  breachesInScope(principalId: string): Promise<ReadonlySet<string>>;
}
export const INQUIRY_SCOPES = Symbol('InquiryScopes');

/** Until the inquiry work lands, no inquiry has put anything in scope. */
export const noInquiries: InquiryScopes = { breachesInScope: async () => new Set() };

type AuthenticatedRequest = FastifyRequest & { actor?: Actor; principal?: Principal };

/**
 * The one guard on every route: authenticates the request and checks the permission table.
 * A route missing from the table is refused (fail closed) and logged.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly apiKeys: ApiKeyStore,
    @Inject(JwtVerifier) private readonly jwt: JwtVerifier | null,
    @Inject(INQUIRY_SCOPES) private readonly inquiries: InquiryScopes,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const permission = ROUTE_PERMISSIONS[route];
    if (permission === 'public') return true;
    if (permission === undefined) {
      this.logger.error(`route ${route} is not in the permission table: refused`);
      throw new ForbiddenError('none', 'this route is not in the permission table');
    }
    const principal = await this.authenticate(request.headers.authorization);
    const role = await this.grantingRole(principal, permission, request);
    request.principal = principal;
    // The actor recorded in every event: the authenticated identity, never the body.
    request.actor = { id: principal.id, role };
    return true;
  }

  async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header ?? '');
    if (!match) throw new UnauthenticatedError();
    const credential = match[1] as string;
    const principal = credential.startsWith('plk_') ? this.apiKeys.verify(credential) : await this.jwt?.verify(credential);
    if (!principal) throw new UnauthenticatedError('the API key or token is not valid');
    return principal;
  }

  private async grantingRole(principal: Principal, permission: Permission, request: AuthenticatedRequest): Promise<string> {
    for (const role of principal.roles) {
      if (!rolesFor(permission).includes(role)) continue;
      if (role === 'app' && !principal.allowed.includes(permission)) continue;
      if (isScopedFor(permission, role)) {
        const breachId = (request.params as { breachId?: string } | undefined)?.breachId;
        if (!breachId || !(await this.inquiries.breachesInScope(principal.id)).has(breachId)) continue;
      }
      return role;
    }
    throw new ForbiddenError(permission, `${principal.roles.join(', ')} may not ${permission}${principal.roles.includes('supervisory-authority') ? ' outside an inquiry\'s scope' : ''}`);
  }
}
