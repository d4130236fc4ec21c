import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { rolesFor, type Permission } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import type { Html } from './html.js';
import type { Lang } from './i18n/texts.js';
import type { PageApi } from './page-api.js';
import type { WebSession } from './web-sessions.js';

/** What a page handler gets: who is signed in, in which language, and the API in their name. */
export interface PageContext {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly session: WebSession;
  readonly lang: Lang;
  readonly api: PageApi;
  /** A token for the forms of this page (CSRF); every POST must carry it back as `_csrf`. */
  readonly csrfToken: string;
  /** The configured diensten (DIENSTEN), each with its name in the page's language. */
  readonly diensten: readonly { readonly code: string; readonly name: string }[];
  /** A dienst's name in the page's language (its code when DIENST_NAMES has none). */
  dienstName(code: string): string;
  /** The current path with its query, to come back to after a language switch or an action. */
  readonly path: string;
  /** Whether the permission table grants this permission to the signed-in person (scoped grants are checked by the API on the call itself). */
  can(permission: Permission): boolean;
  /** A one-off message for the next page (after a redirect). */
  flash(kind: FlashKind, text: string): void;
  /** The message left by the previous form, shown on this page (pageDocument does). */
  readonly shownFlash?: Flash;
}

export type FlashKind = 'ok' | 'info' | 'warning' | 'error';
export interface Flash {
  readonly kind: FlashKind;
  readonly text: string;
}

/** What a page handler answers: a page, a redirect after a form (303, POST-redirect-GET), or a file from the API. */
export type PageAnswer =
  | { readonly page: Html; readonly status?: number }
  | { readonly redirect: string }
  | { readonly file: { readonly contentType: string; readonly contentDisposition?: string; readonly body: Buffer | Readable } };

/**
 * One page or form action. `permission` is a permission of the API's own table (src/auth/permissions.ts):
 * a page is not offered, and its route answers 403, to whom the table does not grant it — and the
 * API calls the page makes are checked again by the API's guard.
 */
export interface WebRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly permission: Permission | readonly Permission[] | 'signed-in';
  handle(context: PageContext): Promise<PageAnswer>;
}

/** The permission table's answer for a signed-in person (an app's own allow-list included). */
export function granted(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((role) => rolesFor(permission).includes(role) && (role !== 'app' || principal.allowed.includes(permission)));
}

export function grantedAny(principal: Principal, needed: WebRoute['permission']): boolean {
  if (needed === 'signed-in') return true;
  return (typeof needed === 'string' ? [needed] : needed).some((permission) => granted(principal, permission));
}
