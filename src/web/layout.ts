import type { Permission } from '../auth/permissions.js';
import { html, type Html, type HtmlValue } from './html.js';
import { textsIn, type Lang, type Texts } from './i18n/texts.js';
import type { FlashKind, PageContext } from './page-context.js';

const TEXTS = {
  nl: {
    appName: 'Privacy Ledger',
    municipality: 'Gemeente — privacyorganisatie',
    skip: 'Direct naar de inhoud',
    mainNav: 'Hoofdnavigatie',
    board: 'Termijnen',
    intake: 'Nieuw datalek',
    fg: 'FG',
    annual: 'Jaarverslag',
    dpias: 'DPIA’s',
    register: 'Verwerkingsregister',
    recommendations: 'Aanbevelingen',
    inquiries: 'Vragen van de AP',
    audit: 'Verificatie en export',
    signedInAs: 'Ingelogd als {name} ({role})',
    signOut: 'Uitloggen',
    otherLanguage: 'English',
    otherLanguageLabel: 'Switch to English',
    footer: 'Elk feit staat onveranderlijk in het logboek; alle tijden in Nederlandse tijd, opgeslagen in UTC.',
    flashOk: 'Gelukt',
    flashInfo: 'Let op',
    flashWarning: 'Waarschuwing',
    flashError: 'Fout',
  },
  en: {
    appName: 'Privacy Ledger',
    municipality: 'Municipality — privacy organisation',
    skip: 'Skip to content',
    mainNav: 'Main navigation',
    board: 'Deadlines',
    intake: 'New breach',
    fg: 'DPO',
    annual: 'Annual report',
    dpias: 'DPIAs',
    register: 'Processing register',
    recommendations: 'Recommendations',
    inquiries: 'AP inquiries',
    audit: 'Verification and export',
    signedInAs: 'Signed in as {name} ({role})',
    signOut: 'Sign out',
    otherLanguage: 'Nederlands',
    otherLanguageLabel: 'Naar het Nederlands',
    footer: 'Every fact is in the log, never changed; times shown in Dutch time, stored in UTC.',
    flashOk: 'Done',
    flashInfo: 'Note',
    flashWarning: 'Warning',
    flashError: 'Error',
  },
} as const satisfies Texts<string>;

type NavKey = 'board' | 'intake' | 'fg' | 'annual' | 'dpias' | 'register' | 'recommendations' | 'inquiries' | 'audit';

/** The menu: each entry shown only to whom the permission table grants what the page needs. */
export const NAVIGATION: readonly { readonly key: NavKey; readonly href: string; readonly permission: readonly Permission[] }[] = [
  { key: 'board', href: '/app/board', permission: ['list-breaches'] },
  { key: 'intake', href: '/app/breaches/new', permission: ['register-breach'] },
  { key: 'fg', href: '/app/fg', permission: ['give-dpo-advice'] },
  { key: 'annual', href: '/app/reports/annual', permission: ['read-reports'] },
  { key: 'dpias', href: '/app/dpias', permission: ['read-dpias'] },
  { key: 'register', href: '/app/register', permission: ['read-register'] },
  { key: 'recommendations', href: '/app/recommendations', permission: ['read-reports'] },
  { key: 'inquiries', href: '/app/inquiries', permission: ['list-inquiries'] },
  { key: 'audit', href: '/app/audit', permission: ['replay-log', 'read-ledger'] },
];

export const ROLE_NAMES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  nl: { 'privacy-officer': 'privacy officer', dpo: 'functionaris gegevensbescherming', cpo: 'CPO', auditor: 'auditor', 'supervisory-authority': 'Autoriteit Persoonsgegevens', app: 'applicatie', admin: 'beheerder' },
  en: { 'privacy-officer': 'privacy officer', dpo: 'data protection officer', cpo: 'CPO', auditor: 'auditor', 'supervisory-authority': 'Dutch Data Protection Authority', app: 'application', admin: 'administrator' },
};

const FLASH_TITLE: Record<FlashKind, 'flashOk' | 'flashInfo' | 'flashWarning' | 'flashError'> = { ok: 'flashOk', info: 'flashInfo', warning: 'flashWarning', error: 'flashError' };

/** The first page the signed-in person may see: where `/` and the sign-in lead. */
export function homeOf(can: (permission: Permission) => boolean): string {
  return NAVIGATION.find((item) => item.permission.some(can))?.href ?? '/app/account';
}

/** A whole document, signed out (the sign-in page): no menu. */
export function bareDocument(lang: Lang, title: string, body: HtmlValue, path: string): Html {
  const t = textsIn(TEXTS, lang);
  return document(lang, title, html`
    <header class="utrecht-page-header pl-header"><div class="utrecht-page-header__content pl-header__content">
      <p class="pl-brand">${t('appName')} <span class="pl-brand__sub">${t('municipality')}</span></p>
      ${languageSwitch(lang, path)}
    </div></header>
    <main id="main" class="utrecht-page-content pl-main" tabindex="-1">${body}</main>
    ${footer(lang)}`);
}

/** A whole document with the menu, the signed-in person and the language switch. */
export function pageDocument(context: PageContext, title: string, body: HtmlValue): Html {
  const t = textsIn(TEXTS, context.lang);
  const principal = context.session.principal;
  const current = context.path.split('?')[0] ?? '';
  const items = NAVIGATION.filter((item) => item.permission.some((permission) => context.can(permission)));
  const flash = context.shownFlash;
  return document(context.lang, title, html`
    <header class="utrecht-page-header pl-header"><div class="utrecht-page-header__content pl-header__content">
      <p class="pl-brand"><a class="utrecht-link pl-brand__link" href="/">${t('appName')}</a> <span class="pl-brand__sub">${t('municipality')}</span></p>
      <div class="pl-account">
        <span>${t('signedInAs', { name: principal.name, role: principal.roles.map((role) => ROLE_NAMES[context.lang][role] ?? role).join(', ') })}</span>
        <form method="post" action="/app/sign-out" class="pl-inline-form">
          <input type="hidden" name="_csrf" value="${context.csrfToken}">
          <button type="submit" class="utrecht-button utrecht-button--subtle">${t('signOut')}</button>
        </form>
        ${languageSwitch(context.lang, context.path)}
      </div>
    </div>
    <nav class="pl-nav" aria-label="${t('mainNav')}"><ul class="utrecht-nav-list pl-nav__list">
      ${items.map((item) => html`<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link pl-nav__link" href="${item.href}"${current === item.href || (item.href !== '/' && current.startsWith(`${item.href}/`) && item.href !== '/app/breaches/new') ? html` aria-current="page"` : ''}>${t(item.key)}</a></li>`)}
    </ul></nav></header>
    <main id="main" class="utrecht-page-content pl-main" tabindex="-1">
      ${flash ? html`<div class="utrecht-alert utrecht-alert--${flash.kind} pl-flash" role="${flash.kind === 'error' ? 'alert' : 'status'}"><div class="utrecht-alert__content"><p class="utrecht-alert__message"><strong>${t(FLASH_TITLE[flash.kind])}:</strong> ${flash.text}</p></div></div>` : ''}
      ${body}
    </main>
    ${footer(context.lang)}`);
}

function languageSwitch(lang: Lang, path: string): Html {
  const t = textsIn(TEXTS, lang);
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return html`<a class="utrecht-link pl-lang" href="/app/language?to=${other}&amp;back=${encodeURIComponent(path)}" lang="${other}" hreflang="${other}" aria-label="${t('otherLanguageLabel')}">${t('otherLanguage')}</a>`;
}

function footer(lang: Lang): Html {
  return html`<footer class="utrecht-page-footer pl-footer"><div class="utrecht-page-footer__content"><p>${textsIn(TEXTS, lang)('footer')}</p></div></footer>`;
}

function document(lang: Lang, title: string, body: Html): Html {
  const t = textsIn(TEXTS, lang);
  return html`<!DOCTYPE html>
<html lang="${lang}" class="utrecht-theme">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${t('appName')}</title>
<link rel="stylesheet" href="/app/assets/tokens.css">
<link rel="stylesheet" href="/app/assets/components.css">
<link rel="stylesheet" href="/app/assets/app.css">
<script src="/app/assets/app.js" defer></script>
</head>
<body class="utrecht-page-body utrecht-document">
<a class="utrecht-skip-link pl-skip" href="#main">${t('skip')}</a>
<div class="utrecht-page pl-page">
${body}
</div>
</body>
</html>`;
}
