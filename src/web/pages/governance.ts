import type { OpenRecommendationsReport } from '../../../projections/audit-reports.js';
import type { DpiaOverviewDocument } from '../../../projections/dpia-overview.js';
import type { CompletenessReport, DpiaReviewDue } from '../../../projections/governance-reports.js';
import type { ProcessingRegisterDocument } from '../../../projections/processing-register.js';
import { heading, problemAlert, table, time, unavailable } from '../components.js';
import { selectField } from '../forms.js';
import { html, type Html } from '../html.js';
import { formatDate, labelOf, textsIn, type Lang, type Texts } from '../i18n/texts.js';
import { pageDocument } from '../layout.js';
import type { PageContext, WebRoute } from '../page-context.js';

const TEXTS = {
  nl: {
    dpiasTitle: 'DPIA’s',
    dpiasIntro: 'Gegevensbeschermingseffectbeoordelingen (art. 35 AVG): lopend, afgerond en gestaakt, met het advies van de FG en de herbeoordelingen.',
    registerTitle: 'Verwerkingsregister',
    registerIntro: 'Het register van verwerkingsactiviteiten (art. 30 AVG), met wat er per verwerking nog ontbreekt.',
    recommendationsTitle: 'Openstaande aanbevelingen',
    recommendationsIntro: 'Aanbevelingen uit audits die nog niet zijn uitgevoerd, of uitgevoerd zonder dat de FG daarover is geïnformeerd.',
    filters: 'Filteren',
    filter: 'Filteren',
    all: 'Alle',
    dienst: 'Dienst',
    status: 'Status',
    yes: 'Ja',
    no: 'Nee',
    page: 'Pagina {page} van {pages} ({total} in totaal)',
    previous: 'Vorige pagina',
    next: 'Volgende pagina',
    pages: 'Pagina’s',
    dpiaCaption: 'DPIA’s, de laatst gestarte eerst',
    dpiaNone: 'Geen DPIA’s gevonden.',
    dpiaTitle: 'DPIA',
    startedAt: 'Gestart',
    completedAt: 'Afgerond',
    residualRisk: 'Restrisico',
    dpoAdvisedAt: 'Advies FG',
    reviewDueAt: 'Herbeoordeling',
    withoutDpoAdvice: 'Afgerond zonder advies van de FG',
    highRisk: 'Hoog restrisico zonder voorafgaande raadpleging',
    reviewsTitle: 'Herbeoordelingen die aan de beurt zijn',
    reviewsCaption: 'DPIA’s waarvan de herbeoordeling binnen {days} dagen valt of verstreken is, de vroegste eerst',
    reviewsNone: 'Geen herbeoordeling aan de beurt.',
    dueAt: 'Uiterlijk',
    overdue: 'Verstreken',
    reasons: 'Waarom',
    owner: 'Eigenaar',
    abandonReason: 'Reden van staken',
    adviceFollowed: 'Advies gevolgd',
    priorConsultation: 'Voorafgaande raadpleging van de AP',
    requested: 'aangevraagd {date} ({reference})',
    lastReviewedAt: 'Laatst herbeoordeeld',
    processingActivity: 'Verwerking',
    imported: 'Geïmporteerd',
    back: 'Terug naar de DPIA’s',
    activityCaption: 'Verwerkingen, op naam',
    activityNone: 'Geen verwerkingen gevonden.',
    name: 'Naam',
    published: 'Gepubliceerd',
    gaps: 'Ontbreekt',
    complete: 'Volledig',
    registered: 'In het register',
    retired: 'Beëindigd',
    missingOwner: 'Zonder eigenaar',
    missingLegalBasis: 'Zonder grondslag',
    dpiaNeeded: 'DPIA nodig',
    completenessTitle: 'Volledigheid van het register',
    completenessCaption: 'Volledigheid per dienst',
    activities: 'Verwerkingen',
    dpiaNeededWithoutDpia: 'DPIA nodig, geen gekoppeld',
    incompleteCaption: 'Verwerkingen met een lacune',
    incompleteNone: 'Elke verwerking is volledig.',
    total: 'Totaal',
    recTotalsCaption: 'Openstaande aanbevelingen per dienst',
    open: 'Open',
    notImplemented: 'Niet uitgevoerd',
    implementedFgNotInformed: 'Uitgevoerd, FG niet geïnformeerd',
    oldest: 'Oudste (dagen)',
    recCaption: 'Openstaande aanbevelingen, de oudste eerst',
    recNone: 'Geen openstaande aanbevelingen.',
    audit: 'Audit',
    recommendation: 'Aanbeveling',
    issuedAt: 'Gedaan',
    age: 'Leeftijd (dagen)',
  },
  en: {
    dpiasTitle: 'DPIAs',
    dpiasIntro: 'Data protection impact assessments (GDPR Art. 35): in progress, completed and abandoned, with the DPO’s advice and the reviews.',
    registerTitle: 'Processing register',
    registerIntro: 'The record of processing activities (GDPR Art. 30), with what each activity still lacks.',
    recommendationsTitle: 'Open recommendations',
    recommendationsIntro: 'Audit recommendations not yet implemented, or implemented without the DPO being informed.',
    filters: 'Filter',
    filter: 'Filter',
    all: 'All',
    dienst: 'Dienst',
    status: 'Status',
    yes: 'Yes',
    no: 'No',
    page: 'Page {page} of {pages} ({total} in total)',
    previous: 'Previous page',
    next: 'Next page',
    pages: 'Pages',
    dpiaCaption: 'DPIAs, most recently started first',
    dpiaNone: 'No DPIAs found.',
    dpiaTitle: 'DPIA',
    startedAt: 'Started',
    completedAt: 'Completed',
    residualRisk: 'Residual risk',
    dpoAdvisedAt: 'DPO advice',
    reviewDueAt: 'Review due',
    withoutDpoAdvice: 'Completed without the DPO’s advice',
    highRisk: 'High residual risk without prior consultation',
    reviewsTitle: 'Reviews due',
    reviewsCaption: 'DPIAs whose review falls due within {days} days or is overdue, earliest first',
    reviewsNone: 'No review is due.',
    dueAt: 'Due',
    overdue: 'Overdue',
    reasons: 'Why',
    owner: 'Owner',
    abandonReason: 'Reason for abandoning',
    adviceFollowed: 'Advice followed',
    priorConsultation: 'Prior consultation of the AP',
    requested: 'requested {date} ({reference})',
    lastReviewedAt: 'Last reviewed',
    processingActivity: 'Processing activity',
    imported: 'Imported',
    back: 'Back to the DPIAs',
    activityCaption: 'Processing activities, by name',
    activityNone: 'No processing activities found.',
    name: 'Name',
    published: 'Published',
    gaps: 'Missing',
    complete: 'Complete',
    registered: 'Registered',
    retired: 'Retired',
    missingOwner: 'Without an owner',
    missingLegalBasis: 'Without a lawful basis',
    dpiaNeeded: 'DPIA needed',
    completenessTitle: 'Completeness of the register',
    completenessCaption: 'Completeness per dienst',
    activities: 'Activities',
    dpiaNeededWithoutDpia: 'DPIA needed, none linked',
    incompleteCaption: 'Activities with a gap',
    incompleteNone: 'Every activity is complete.',
    total: 'Total',
    recTotalsCaption: 'Open recommendations per dienst',
    open: 'Open',
    notImplemented: 'Not implemented',
    implementedFgNotInformed: 'Implemented, DPO not informed',
    oldest: 'Oldest (days)',
    recCaption: 'Open recommendations, oldest first',
    recNone: 'No open recommendations.',
    audit: 'Audit',
    recommendation: 'Recommendation',
    issuedAt: 'Issued',
    age: 'Age (days)',
  },
} as const satisfies Texts<string>;

const REVIEW_WITHIN_DAYS = 90;
const PAGE_SIZE = 50;

type Query = Readonly<Record<string, string | undefined>>;
interface Paged<T> {
  readonly items: T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/** The filters a page passes on to the API: only the named ones, only when filled in. */
export function apiQuery(query: Query, allowed: readonly string[], extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams();
  for (const name of allowed) {
    const value = query[name]?.trim();
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const queryOf = (context: PageContext): Query => (context.request.query ?? {}) as Query;

function filterForm(context: PageContext, action: string, fields: readonly Html[]): Html {
  const t = textsIn(TEXTS, context.lang);
  return html`<form method="get" action="${action}" class="pl-filter" aria-label="${t('filters')}">
    ${fields}
    <div class="pl-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('filter')}</button></div>
  </form>`;
}

function choice(context: PageContext, name: string, label: string, choices: readonly { value: string; label: string }[], withAll = true): Html {
  const t = textsIn(TEXTS, context.lang);
  return selectField({ lang: context.lang, name, label, value: queryOf(context)[name], errors: {}, required: !withAll, unmarked: true, ...(withAll ? { placeholder: t('all') } : {}), choices });
}

function dienstChoice(context: PageContext): Html {
  return choice(context, 'dienst', textsIn(TEXTS, context.lang)('dienst'), context.diensten.map((dienst) => ({ value: dienst.code, label: dienst.name })));
}

function yesNoChoice(context: PageContext, name: string, label: string): Html {
  const t = textsIn(TEXTS, context.lang);
  return choice(context, name, label, [
    { value: 'true', label: t('yes') },
    { value: 'false', label: t('no') },
  ]);
}

/** Previous/next links keeping the filters. */
function pager(context: PageContext, path: string, paged: Paged<unknown>): Html {
  const t = textsIn(TEXTS, context.lang);
  const pages = Math.max(1, Math.ceil(paged.total / paged.pageSize));
  const link = (page: number) => {
    const params = new URLSearchParams(Object.entries(queryOf(context)).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'page'));
    params.set('page', String(page));
    return `${path}?${params.toString()}`;
  };
  return html`<nav class="pl-actions" aria-label="${t('pages')}">
    <span>${t('page', { page: paged.page, pages, total: paged.total })}</span>
    ${paged.page > 1 ? html`<a class="utrecht-link" href="${link(paged.page - 1)}" rel="prev">${t('previous')}</a>` : ''}
    ${paged.page < pages ? html`<a class="utrecht-link" href="${link(paged.page + 1)}" rel="next">${t('next')}</a>` : ''}
  </nav>`;
}

const date = (lang: Lang, iso: string | null | undefined): Html => (iso ? html`<time datetime="${iso}">${formatDate(lang, iso)}</time>` : html`–`);
const yesNo = (lang: Lang, value: boolean): string => labelOf('yesNo', String(value), lang);

/* ------------------------------------------------------------------ DPIAs */

async function dpiasPage(context: PageContext) {
  const t = textsIn(TEXTS, context.lang);
  const lang = context.lang;
  const query = queryOf(context);
  const list = await context.api.view<Paged<DpiaOverviewDocument>>(`/dpias${apiQuery(query, ['dienst', 'status', 'withoutDpoAdvice', 'highRiskWithoutPriorConsultation', 'page'], { pageSize: String(PAGE_SIZE) })}`);
  const due = await context.api.view<{ now: string; withinDays: number; items: DpiaReviewDue[] }>(`/dpias/reviews-due?withinDays=${REVIEW_WITHIN_DAYS}`);
  const filters = filterForm(context, '/app/dpias', [
    dienstChoice(context),
    choice(context, 'status', t('status'), (['in-progress', 'completed', 'abandoned'] as const).map((status) => ({ value: status, label: labelOf('dpiaStatus', status, lang) }))),
    yesNoChoice(context, 'withoutDpoAdvice', t('withoutDpoAdvice')),
    yesNoChoice(context, 'highRiskWithoutPriorConsultation', t('highRisk')),
  ]);
  const dpias = list.ok
    ? html`${table(
        t('dpiaCaption'),
        [t('dpiaTitle'), t('dienst'), t('status'), t('startedAt'), t('completedAt'), t('residualRisk'), t('dpoAdvisedAt'), t('reviewDueAt')],
        list.body.items.map((dpia) => [
          html`<a class="utrecht-link" href="/app/dpias/${dpia.dpiaId}">${dpia.title}</a>`,
          context.dienstName(dpia.dienst),
          labelOf('dpiaStatus', dpia.status, lang),
          date(lang, dpia.startedAt),
          date(lang, dpia.completedAt),
          dpia.residualRisk ? labelOf('residualRisk', dpia.residualRisk, lang) : '–',
          date(lang, dpia.dpoAdvisedAt),
          date(lang, dpia.reviewDueAt),
        ]),
        t('dpiaNone'),
      )}${list.body.total > list.body.pageSize ? pager(context, '/app/dpias', list.body) : ''}`
    : problemAlert(lang, list.problem);
  const reviews = due.ok
    ? table(
        t('reviewsCaption', { days: due.body.withinDays }),
        [t('dpiaTitle'), t('dienst'), t('dueAt'), t('overdue'), t('reasons')],
        due.body.items.map((item) => [
          html`<a class="utrecht-link" href="/app/dpias/${item.dpiaId}">${item.title}</a>`,
          context.dienstName(item.dienst),
          date(lang, item.dueAt),
          item.overdue ? html`<span class="pl-status pl-status--overdue">${t('overdue')}</span>` : t('no'),
          item.reasons.map((reason) => labelOf('reviewReason', reason.kind, lang)).join(', '),
        ]),
        t('reviewsNone'),
      )
    : problemAlert(lang, due.problem);
  const body = html`${heading(t('dpiasTitle'))}
    <p class="utrecht-paragraph">${t('dpiasIntro')}</p>
    ${filters}${dpias}
    <h2 class="utrecht-heading-2">${t('reviewsTitle')}</h2>${reviews}`;
  return { page: pageDocument(context, t('dpiasTitle'), body) };
}

async function dpiaPage(context: PageContext) {
  const t = textsIn(TEXTS, context.lang);
  const lang = context.lang;
  const dpiaId = (context.request.params as { dpiaId: string }).dpiaId;
  const answer = await context.api.view<DpiaOverviewDocument>(`/dpias/${encodeURIComponent(dpiaId)}`);
  if (!answer.ok) {
    const refused = unavailable(context, t('dpiaTitle'), answer.problem);
    return { page: pageDocument(context, t('dpiaTitle'), refused.page), status: refused.status };
  }
  const dpia = answer.body;
  const item = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const body = html`${heading(dpia.title)}
    <dl class="pl-dl">
      ${item(t('dienst'), context.dienstName(dpia.dienst))}
      ${item(t('owner'), dpia.owner)}
      ${item(t('status'), labelOf('dpiaStatus', dpia.status, lang))}
      ${item(t('startedAt'), time(lang, dpia.startedAt))}
      ${item(t('dpoAdvisedAt'), time(lang, dpia.dpoAdvisedAt))}
      ${item(t('completedAt'), time(lang, dpia.completedAt))}
      ${item(t('residualRisk'), dpia.residualRisk ? labelOf('residualRisk', dpia.residualRisk, lang) : '–')}
      ${item(t('adviceFollowed'), dpia.adviceFollowed ? labelOf('adviceFollowed', dpia.adviceFollowed, lang) : '–')}
      ${item(t('priorConsultation'), dpia.priorConsultation ? t('requested', { date: formatDate(lang, dpia.priorConsultation.requestedAt), reference: dpia.priorConsultation.apReference }) : '–')}
      ${item(t('lastReviewedAt'), time(lang, dpia.lastReviewedAt))}
      ${item(t('reviewDueAt'), date(lang, dpia.reviewDueAt))}
      ${dpia.abandonReason ? item(t('abandonReason'), dpia.abandonReason) : ''}
      ${item(t('imported'), yesNo(lang, dpia.imported))}
    </dl>
    <p><a class="utrecht-link" href="/app/dpias">${t('back')}</a></p>`;
  return { page: pageDocument(context, dpia.title, body) };
}

/* ------------------------------------------------------------------ the register */

async function registerPage(context: PageContext) {
  const t = textsIn(TEXTS, context.lang);
  const lang = context.lang;
  const query = queryOf(context);
  const list = await context.api.view<Paged<ProcessingRegisterDocument>>(
    `/processing-activities${apiQuery(query, ['dienst', 'status', 'published', 'missingOwner', 'missingLegalBasis', 'dpiaNeeded', 'page'], { pageSize: String(PAGE_SIZE) })}`,
  );
  const completeness = await context.api.view<CompletenessReport>('/processing-activities/completeness');
  const filters = filterForm(context, '/app/register', [
    dienstChoice(context),
    choice(context, 'status', t('status'), [
      { value: 'registered', label: t('registered') },
      { value: 'retired', label: t('retired') },
      { value: 'all', label: t('all') },
    ], false),
    yesNoChoice(context, 'published', t('published')),
    yesNoChoice(context, 'missingOwner', t('missingOwner')),
    yesNoChoice(context, 'missingLegalBasis', t('missingLegalBasis')),
    yesNoChoice(context, 'dpiaNeeded', t('dpiaNeeded')),
  ]);
  // The completeness report names every gap (the Art. 30(1) fields and a missing DPIA too); the list's own flags when it could not be read.
  const gapsById = new Map(completeness.ok ? completeness.body.incomplete.map((item) => [item.processingActivityId, item.gaps] as const) : []);
  const gapsOf = (activity: ProcessingRegisterDocument): string =>
    (completeness.ok
      ? (gapsById.get(activity.processingActivityId) ?? []).map((gap) => labelOf('registerGap', gap, lang))
      : [activity.missingOwner ? labelOf('registerGap', 'missing-owner', lang) : '', activity.missingLegalBasis ? labelOf('registerGap', 'missing-legal-basis', lang) : ''].filter(Boolean)
    ).join(', ') || '–';
  const activities = list.ok
    ? html`${table(
        t('activityCaption'),
        [t('name'), t('dienst'), t('owner'), t('status'), t('published'), t('dpiaNeeded'), t('gaps')],
        list.body.items.map((activity) => [
          activity.name,
          context.dienstName(activity.dienst),
          activity.owner ? `${activity.owner.name} (${labelOf('ownerKind', activity.owner.kind, lang)})` : '–',
          labelOf('processingStatus', activity.status, lang),
          yesNo(lang, activity.published),
          yesNo(lang, activity.dpiaNeeded),
          gapsOf(activity),
        ]),
        t('activityNone'),
      )}${list.body.total > list.body.pageSize ? pager(context, '/app/register', list.body) : ''}`
    : problemAlert(lang, list.problem);
  const counts = (row: CompletenessReport['total']) => [String(row.activities), String(row.complete), String(row.missingOwner), String(row.missingLegalBasis), String(row.dpiaNeededWithoutDpia)];
  const gapsSection = completeness.ok
    ? html`${table(
        t('completenessCaption'),
        [t('dienst'), t('activities'), t('complete'), t('missingOwner'), t('missingLegalBasis'), t('dpiaNeededWithoutDpia')],
        [...completeness.body.byDienst.map((row) => [context.dienstName(row.dienst), ...counts(row)]), [html`<strong>${t('total')}</strong>`, ...counts(completeness.body.total)]],
        '',
      )}
      ${table(
        t('incompleteCaption'),
        [t('name'), t('dienst'), t('gaps')],
        completeness.body.incomplete.map((item) => [item.name, context.dienstName(item.dienst), item.gaps.map((gap) => labelOf('registerGap', gap, lang)).join(', ')]),
        t('incompleteNone'),
      )}`
    : problemAlert(lang, completeness.problem);
  const body = html`${heading(t('registerTitle'))}
    <p class="utrecht-paragraph">${t('registerIntro')}</p>
    ${filters}${activities}
    <h2 class="utrecht-heading-2">${t('completenessTitle')}</h2>${gapsSection}`;
  return { page: pageDocument(context, t('registerTitle'), body) };
}

/* ------------------------------------------------------------------ recommendations */

async function recommendationsPage(context: PageContext) {
  const t = textsIn(TEXTS, context.lang);
  const lang = context.lang;
  const answer = await context.api.view<OpenRecommendationsReport>(`/audits/recommendations/open${apiQuery(queryOf(context), ['dienst'])}`);
  const filters = filterForm(context, '/app/recommendations', [dienstChoice(context)]);
  let content: Html;
  if (!answer.ok) content = problemAlert(lang, answer.problem);
  else {
    const report = answer.body;
    const counts = (row: OpenRecommendationsReport['total']) => [String(row.open), String(row.notImplemented), String(row.implementedFgNotInformed), String(row.overdue), row.oldestAgeDays === null ? '–' : String(row.oldestAgeDays)];
    const items = report.byDienst.flatMap((row) => row.recommendations).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
    content = html`${table(
      t('recTotalsCaption'),
      [t('dienst'), t('open'), t('notImplemented'), t('implementedFgNotInformed'), t('overdue'), t('oldest')],
      [...report.byDienst.map((row) => [context.dienstName(row.dienst), ...counts(row)]), [html`<strong>${t('total')}</strong>`, ...counts(report.total)]],
      '',
    )}
    ${table(
      t('recCaption'),
      [t('recommendation'), t('audit'), t('dienst'), t('issuedAt'), t('dueAt'), t('age'), t('status')],
      items.map((item) => [
        item.description,
        `${item.auditTitle} (${labelOf('auditKind', item.auditKind, lang)})`,
        context.dienstName(item.dienst),
        date(lang, item.issuedAt),
        item.overdue ? html`${date(lang, item.dueAt)} <span class="pl-status pl-status--overdue">${t('overdue')}</span>` : date(lang, item.dueAt),
        String(item.ageDays),
        labelOf('recommendationStatus', item.implemented ? 'implemented-fg-not-informed' : 'not-implemented', lang),
      ]),
      t('recNone'),
    )}`;
  }
  const body = html`${heading(t('recommendationsTitle'))}
    <p class="utrecht-paragraph">${t('recommendationsIntro')}</p>
    ${filters}${content}`;
  return { page: pageDocument(context, t('recommendationsTitle'), body) };
}

/** DPIAs (list, reviews due, one DPIA), the processing register with its gaps, and the open audit recommendations. */
export const GOVERNANCE_ROUTES: readonly WebRoute[] = [
  { method: 'GET', path: '/app/dpias', permission: 'read-dpias', handle: dpiasPage },
  { method: 'GET', path: '/app/dpias/:dpiaId', permission: 'read-dpias', handle: dpiaPage },
  { method: 'GET', path: '/app/register', permission: 'read-register', handle: registerPage },
  { method: 'GET', path: '/app/recommendations', permission: 'read-reports', handle: recommendationsPage },
];
