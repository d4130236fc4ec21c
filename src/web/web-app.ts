import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import { parse as parseQueryString } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ApiKeys } from '../auth/api-keys.port.js';
import type { Principal } from '../auth/principal.js';
import type { WebConfig } from '../config/config.js';
import type { Text } from '../labels/labels.js';
import { APP_CSS } from './assets/app-css.js';
import { APP_SCRIPT } from './assets/app-script.js';
import { html, type Html } from './html.js';
import { DEFAULT_LANG, isLang, textsIn, type Lang, type Texts } from './i18n/texts.js';
import { bareDocument, homeOf, pageDocument } from './layout.js';
import { PageApi } from './page-api.js';
import { granted, grantedAny, type Flash, type PageAnswer, type PageContext, type WebRoute } from './page-context.js';
import type { OidcSignIn } from './oidc-sign-in.js';
import { WebSessions, type WebSession } from './web-sessions.js';

/** The strict policy of every page: nothing inline, nothing from elsewhere, no framing, forms only to the service. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The policy with the identity provider's origins added to form-action: the sign-in and sign-out forms are redirected there. */
export function pageCsp(formTargets: readonly string[] = []): string {
  return formTargets.length === 0 ? PAGE_CSP : PAGE_CSP.replace("form-action 'self'", `form-action 'self' ${formTargets.join(' ')}`);
}

const TEXTS = {
  nl: {
    signInTitle: 'Inloggen',
    signInIntro: 'Log in om datalekken, DPIA’s, het verwerkingsregister en de vragen van de AP te zien en te behandelen.',
    apiKey: 'API-sleutel',
    apiKeyHint: 'De sleutel die de beheerder voor u maakte (begint met plk_). Hij wordt niet in uw browser bewaard.',
    signIn: 'Inloggen',
    signInOidc: 'Inloggen met uw gemeenteaccount',
    or: 'of',
    badKey: 'Deze sleutel is onbekend, ingetrokken of onjuist.',
    appKey: 'Een sleutel voor een applicatie geeft geen toegang tot de pagina’s; vraag een persoonlijke sleutel.',
    signedOut: 'U bent uitgelogd.',
    sessionEnded: 'Uw sessie is beëindigd (verlopen, of uw sleutel of token geldt niet meer); log opnieuw in.',
    forbiddenTitle: 'Geen toegang',
    forbidden: 'Uw rol geeft geen toegang tot deze pagina.',
    notFoundTitle: 'Niet gevonden',
    notFound: 'Deze pagina bestaat niet.',
    formExpiredTitle: 'Formulier verlopen',
    formExpired: 'Het formulier is verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en probeer het nog eens.',
    errorTitle: 'Er ging iets mis',
    error: 'Er ging iets mis aan onze kant. Niets is vastgelegd. Vermeld bij een melding dit kenmerk: {requestId}.',
    tooMany: 'Te veel pogingen; probeer het over een minuut opnieuw.',
    accountTitle: 'Uw account',
    account: 'Uw rol heeft geen pagina’s in deze app; de API blijft voor u beschikbaar.',
    back: 'Terug naar het begin',
  },
  en: {
    signInTitle: 'Sign in',
    signInIntro: 'Sign in to see and handle breaches, DPIAs, the processing register and the AP’s inquiries.',
    apiKey: 'API key',
    apiKeyHint: 'The key the administrator made for you (it starts with plk_). It is not stored in your browser.',
    signIn: 'Sign in',
    signInOidc: 'Sign in with your municipality account',
    or: 'or',
    badKey: 'This key is unknown, revoked or wrong.',
    appKey: 'An application’s key gives no access to the pages; ask for a personal key.',
    signedOut: 'You have signed out.',
    sessionEnded: 'Your session has ended (expired, or your key or token is no longer valid); sign in again.',
    forbiddenTitle: 'No access',
    forbidden: 'Your role gives no access to this page.',
    notFoundTitle: 'Not found',
    notFound: 'This page does not exist.',
    formExpiredTitle: 'Form expired',
    formExpired: 'The form expired or did not come from this site. Go back, reload the page and try again.',
    errorTitle: 'Something went wrong',
    error: 'Something went wrong on our side. Nothing was recorded. Quote this reference when you report it: {requestId}.',
    tooMany: 'Too many attempts; try again in a minute.',
    accountTitle: 'Your account',
    account: 'Your role has no pages in this app; the API remains available to you.',
    back: 'Back to the start',
  },
} as const satisfies Texts<string>;

export interface WebAppOptions {
  readonly config: WebConfig;
  readonly apiKeys: ApiKeys;
  /** The identity provider's sign-in, when configured. */
  readonly oidc?: OidcSignIn;
  /** The pages and form actions of the slices. */
  readonly routes: readonly WebRoute[];
  /** Failed sign-ins per minute of one address (AUTH_FAILURES_PER_MINUTE). */
  readonly signInAttemptsPerMinute: number;
  readonly sessions?: WebSessions;
  /** The configured diensten and their names (DIENSTEN, DIENST_NAMES). */
  readonly diensten: readonly string[];
  readonly dienstNames: Readonly<Record<string, Text>>;
}

type WebRequest = FastifyRequest & { webSession?: WebSession; lang?: Lang };

const cookieNames = (secure: boolean) => ({
  session: secure ? '__Host-pl-session' : 'pl-session',
  csrf: secure ? '__Host-pl-csrf' : 'pl-csrf',
  lang: 'pl-lang',
});

/** The pages' paths are written in full (`/app/…`); the plugin is registered under the prefix `/app`. */
function withinApp(path: string): string {
  if (!path.startsWith('/app/')) throw new Error(`a page's path starts with /app/: ${path}`);
  return path.slice('/app'.length);
}

/**
 * The web app under `/app`, and `/` leading to it. Registered, not awaited: Fastify loads it
 * with the other plugins when the application starts, after Nest has set the root's error
 * handler — awaiting here would load every plugin queued so far (the documentation's) before
 * that, and they would keep Fastify's default handler.
 */
export function useWebApp(fastify: FastifyInstance, options: WebAppOptions): void {
  fastify.get('/', async (_request, reply) => reply.redirect('/app/', 303));
  void fastify.register(webApp, { ...options, prefix: '/app' });
}

/** A path of this site to come back to; anything else (another host, `//x`, `/\x`) is the start page. */
export function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 2000 ? value : '/';
}

/**
 * The web app for people, served by the service at `/` (pages under `/app/`). Server-rendered
 * HTML with the NL Design System's Utrecht components; every read and command goes through the
 * service's own API (PageApi). Registered as an encapsulated Fastify plugin, so its form parser,
 * cookies, CSRF check and Content-Security-Policy apply to its routes only.
 */
export async function webApp(fastify: FastifyInstance, options: WebAppOptions): Promise<void> {
  const { config } = options;
  const names = cookieNames(config.cookieSecure);
  const sessions = options.sessions ?? new WebSessions({ idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs, max: 10_000 });
  // A one-off message for the next page of a session (after a form's redirect).
  const flashes = new WeakMap<WebSession, Flash>();
  const root = fastify;
  const cookieBase = { path: '/', httpOnly: true, secure: config.cookieSecure, sameSite: 'lax' as const };

  await fastify.register(fastifyCookie, { secret: randomBytes(32).toString('base64url') });
  // Form fields as a plain object (the query-string parser's own has no prototype, which the
  // service's request fingerprint, run on every route, refuses as not JSON).
  await fastify.register(fastifyFormbody, { bodyLimit: 64 * 1024, parser: (text: string) => ({ ...parseQueryString(text) }) });
  await fastify.register(fastifyCsrf, {
    cookieKey: names.csrf,
    cookieOpts: { ...cookieBase, signed: true },
    getToken: (request: FastifyRequest) => (request.body as { _csrf?: unknown } | undefined)?._csrf as string | undefined,
  });

  fastify.addHook('onRequest', async (request: WebRequest, reply) => {
    void reply.header('content-security-policy', pageCsp(options.oidc?.formTargets?.()));
    void reply.header('cache-control', request.url.startsWith('/app/assets/') ? 'public, max-age=3600' : 'no-store');
    void reply.header('referrer-policy', 'same-origin');
    const cookieLang = request.cookies[names.lang];
    request.lang = isLang(cookieLang) ? cookieLang : DEFAULT_LANG;
    request.webSession = sessions.find(request.cookies[names.session]);
    // Signed in with the identity provider: the access token renewed shortly before it expires; when it cannot be, the session ends.
    if (request.webSession && options.oidc && !request.url.startsWith('/app/assets/') && !(await options.oidc.fresh(request.webSession))) {
      sessions.end(request.webSession.id);
      request.webSession = undefined;
    }
  });

  const langOf = (request: FastifyRequest): Lang => (request as WebRequest).lang ?? DEFAULT_LANG;
  const sendPage = (reply: FastifyReply, page: Html, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(page.text);
  const messagePage = (request: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string) => {
    const t = textsIn(TEXTS, langOf(request));
    return sendPage(reply, bareDocument(langOf(request), title, html`<h1 class="utrecht-heading-1">${title}</h1><p class="utrecht-paragraph">${text}</p><p><a class="utrecht-link" href="/">${t('back')}</a></p>`, request.url), status);
  };

  fastify.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const t = textsIn(TEXTS, langOf(request));
    if (error.code?.startsWith('FST_CSRF')) return messagePage(request, reply, 403, t('formExpiredTitle'), t('formExpired'));
    if (error.statusCode === 429) return messagePage(request, reply, 429, t('errorTitle'), t('tooMany'));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return messagePage(request, reply, error.statusCode, t('errorTitle'), error.message);
    request.log.error({ err: error }, 'web page failed');
    return messagePage(request, reply, 500, t('errorTitle'), t('error', { requestId: request.id }));
  });
  fastify.setNotFoundHandler(async (request, reply) => {
    const t = textsIn(TEXTS, langOf(request));
    return messagePage(request, reply, 404, t('notFoundTitle'), t('notFound'));
  });

  // The NL Design System's CSS (Utrecht components and design tokens), and the app's own.
  const require = createRequire(import.meta.url);
  const assets: Record<string, { type: string; body: string }> = {
    'tokens.css': { type: 'text/css; charset=utf-8', body: readFileSync(require.resolve('@utrecht/design-tokens/dist/index.css'), 'utf8') },
    'components.css': { type: 'text/css; charset=utf-8', body: readFileSync(require.resolve('@utrecht/component-library-css/dist/index.css'), 'utf8') },
    'app.css': { type: 'text/css; charset=utf-8', body: APP_CSS },
    'app.js': { type: 'text/javascript; charset=utf-8', body: APP_SCRIPT },
  };
  fastify.get('/assets/:name', async (request, reply) => {
    const asset = assets[(request.params as { name: string }).name];
    if (!asset) return reply.callNotFound();
    return reply.type(asset.type).send(asset.body);
  });

  const startSession = (reply: FastifyReply, principal: Principal, method: WebSession['method'], credential: string, oidc?: WebSession['oidc']) => {
    const session = sessions.start(principal, method, credential, oidc);
    void reply.setCookie(names.session, session.id, cookieBase);
    return session;
  };

  // Sign-in: the form (an API key on the embedded default), and the identity provider's button when configured.
  const signInPage = (request: FastifyRequest, reply: FastifyReply, outcome: { error?: string; notice?: string; status?: number } = {}) => {
    const lang = langOf(request);
    const t = textsIn(TEXTS, lang);
    const back = localPath((request.query as { back?: unknown } | undefined)?.back ?? (request.body as { back?: unknown } | undefined)?.back);
    const token = reply.generateCsrf();
    const body = html`
      <h1 class="utrecht-heading-1">${t('signInTitle')}</h1>
      <p class="utrecht-paragraph">${t('signInIntro')}</p>
      ${outcome.notice ? html`<div class="utrecht-alert utrecht-alert--info" role="status"><p class="utrecht-alert__message">${outcome.notice}</p></div>` : ''}
      ${outcome.error ? html`<div class="utrecht-alert utrecht-alert--error pl-error-summary" role="alert" tabindex="-1" id="error-summary"><p class="utrecht-alert__message">${outcome.error}</p></div>` : ''}
      ${options.oidc ? html`<form method="get" action="/app/sign-in/oidc"><input type="hidden" name="back" value="${back}"><button type="submit" class="utrecht-button utrecht-button--primary-action">${t('signInOidc')}</button></form>` : ''}
      ${config.apiKeySignIn ? html`
      ${options.oidc ? html`<p class="utrecht-paragraph">${t('or')}</p>` : ''}
      <form method="post" action="/app/sign-in" class="pl-form" novalidate>
        <input type="hidden" name="_csrf" value="${token}">
        <input type="hidden" name="back" value="${back}">
        <div class="utrecht-form-field utrecht-form-field--text${outcome.error ? ' utrecht-form-field--invalid' : ''}">
          <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="api-key">${t('apiKey')}</label></div>
          <div class="utrecht-form-field__description" id="api-key-hint">${t('apiKeyHint')}</div>
          <div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input" type="password" id="api-key" name="apiKey" autocomplete="off" required aria-describedby="api-key-hint"${outcome.error ? html` aria-invalid="true"` : ''}></div>
        </div>
        <button type="submit" class="utrecht-button utrecht-button--primary-action">${t('signIn')}</button>
      </form>` : ''}`;
    return sendPage(reply, bareDocument(lang, t('signInTitle'), body, request.url), outcome.status ?? 200);
  };

  fastify.get('/sign-in', async (request, reply) => signInPage(request, reply));
  fastify.post(
    '/sign-in',
    { preHandler: fastify.csrfProtection, config: { rateLimit: { max: options.signInAttemptsPerMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      const t = textsIn(TEXTS, langOf(request));
      if (!config.apiKeySignIn) return reply.callNotFound();
      const key = String((request.body as { apiKey?: unknown }).apiKey ?? '').trim();
      const principal = /^[\x21-\x7e]{1,4096}$/.test(key) && key.startsWith('plk_') ? await options.apiKeys.verify(key) : undefined;
      if (!principal) return signInPage(request, reply, { error: t('badKey'), status: 401 });
      if (principal.roles.every((role) => role === 'app')) return signInPage(request, reply, { error: t('appKey'), status: 403 });
      sessions.end(request.cookies[names.session]);
      const session = startSession(reply, principal, 'api-key', key);
      const back = localPath((request.body as { back?: unknown }).back);
      return reply.redirect(back === '/' ? homeOf((permission) => granted(session.principal, permission)) : back, 303);
    },
  );
  if (options.oidc) {
    const oidc = options.oidc;
    fastify.get('/sign-in/oidc', async (request, reply) => reply.redirect(await oidc.start(request, reply, localPath((request.query as { back?: unknown }).back)), 303));
    fastify.get('/sign-in/callback', async (request, reply) => {
      const t = textsIn(TEXTS, langOf(request));
      const outcome = await oidc.finish(request, reply);
      if ('error' in outcome) return signInPage(request, reply, { error: outcome.error, status: 401 });
      if (outcome.principal.roles.every((role) => role === 'app')) return signInPage(request, reply, { error: t('appKey'), status: 403 });
      sessions.end(request.cookies[names.session]);
      const session = startSession(reply, outcome.principal, 'oidc', outcome.accessToken, outcome.tokens);
      return reply.redirect(outcome.back === '/' ? homeOf((permission) => granted(session.principal, permission)) : outcome.back, 303);
    });
  }
  fastify.post('/sign-out', { preHandler: fastify.csrfProtection }, async (request: WebRequest, reply) => {
    sessions.end(request.cookies[names.session]);
    void reply.clearCookie(names.session, cookieBase);
    const end = request.webSession?.method === 'oidc' && options.oidc ? options.oidc.endSessionUrl(request.webSession) : undefined;
    if (end) return reply.redirect(end, 303);
    return signInPage(request, reply, { notice: textsIn(TEXTS, langOf(request))('signedOut') });
  });
  // The language: a preference, in a cookie of its own; the page comes back in it.
  fastify.get('/language', async (request, reply) => {
    const { to, back } = request.query as { to?: unknown; back?: unknown };
    if (isLang(to)) void reply.setCookie(names.lang, to, { ...cookieBase, maxAge: 365 * 24 * 3600 });
    return reply.redirect(localPath(back), 303);
  });
  fastify.get('/', async (request: WebRequest, reply) => {
    const session = request.webSession;
    if (!session) return reply.redirect('/app/sign-in', 303);
    return reply.redirect(homeOf((permission) => granted(session.principal, permission)), 303);
  });
  fastify.get('/account', async (request: WebRequest, reply) => {
    if (!request.webSession) return reply.redirect('/app/sign-in', 303);
    const t = textsIn(TEXTS, langOf(request));
    const context = contextOf(request, reply, request.webSession);
    return sendPage(reply, pageDocument(context, t('accountTitle'), html`<h1 class="utrecht-heading-1">${t('accountTitle')}</h1><p class="utrecht-paragraph">${t('account')}</p>`));
  });

  const contextOf = (request: WebRequest, reply: FastifyReply, session: WebSession): PageContext => ({
    shownFlash: takeFlash(session),
    request,
    reply,
    session,
    lang: langOf(request),
    api: new PageApi(root, session, request.id),
    csrfToken: reply.generateCsrf(),
    path: localPath(request.url),
    diensten: options.diensten.map((code) => ({ code, name: dienstNameOf(code, langOf(request)) })),
    dienstName: (code) => dienstNameOf(code, langOf(request)),
    can: (permission) => granted(session.principal, permission),
    flash: (kind, text) => flashes.set(session, { kind, text }),
  });

  for (const route of options.routes) {
    fastify.route({
      method: route.method,
      url: withinApp(route.path),
      ...(route.method === 'POST' ? { preHandler: fastify.csrfProtection } : {}),
      handler: async (request: WebRequest, reply) => {
        const session = request.webSession;
        const t = textsIn(TEXTS, langOf(request));
        if (!session) {
          if (request.cookies[names.session] !== undefined) void reply.clearCookie(names.session, cookieBase);
          if (route.method === 'GET') return reply.redirect(`/app/sign-in?back=${encodeURIComponent(localPath(request.url))}`, 303);
          return signInPage(request, reply, { notice: t('sessionEnded'), status: 401 });
        }
        const context = contextOf(request, reply, session);
        if (!grantedAny(session.principal, route.permission)) {
          return sendPage(reply, pageDocument(context, t('forbiddenTitle'), html`<h1 class="utrecht-heading-1">${t('forbiddenTitle')}</h1><p class="utrecht-paragraph">${t('forbidden')}</p>`), 403);
        }
        const answer: PageAnswer = await route.handle(context);
        if (session.refused) {
          // The API refused the session's credential (revoked key, expired token): signed out, now.
          sessions.end(session.id);
          void reply.clearCookie(names.session, cookieBase);
          return signInPage(request, reply, { notice: t('sessionEnded'), status: 401 });
        }
        if ('redirect' in answer) return reply.redirect(localPath(answer.redirect), 303);
        if ('file' in answer) {
          if (answer.file.contentDisposition) void reply.header('content-disposition', answer.file.contentDisposition);
          return reply.type(answer.file.contentType).send(answer.file.body);
        }
        return sendPage(reply, answer.page, answer.status ?? 200);
      },
    });
  }

  function dienstNameOf(code: string, lang: Lang): string {
    return Object.hasOwn(options.dienstNames, code) ? (options.dienstNames[code] as Text)[lang] : code;
  }

  function takeFlash(session: WebSession): Flash | undefined {
    const flash = flashes.get(session);
    flashes.delete(session);
    return flash;
  }
}
