import { randomUUID } from 'node:crypto';
import type { BreachRegisterRow } from '../../../projections/breach-register.js';
import type { DeadlineStatus } from '../../../projections/breach-reports.js';
import { LATE_REASON_VERDICTS } from '../../breaches/breach.events.js';
import type { ProblemDetails } from '../../http/problem-details.js';
import { formGuards, heading, problemAlert, table, time } from '../components.js';
import { fieldErrors, formText, formValue, momentOf, offeredMoment, type FieldErrors, type FormBody } from '../forms.js';
import { html, type Html } from '../html.js';
import { labelOf, textsIn, type Lang, type Texts } from '../i18n/texts.js';
import { pageDocument } from '../layout.js';
import type { PageAnswer, PageContext, WebRoute } from '../page-context.js';

const TEXTS = {
  nl: {
    title: 'Functionaris gegevensbescherming',
    intro: 'Wat op uw oordeel of advies wacht: redenen voor te late meldingen aan de AP zonder uw oordeel, datalekken waarover u bent geïnformeerd maar nog niet adviseerde, en open datalekken waarover u nog niet bent geïnformeerd.',
    lateTitle: 'Redenen voor te late melding om te beoordelen',
    lateNone: 'Geen te late melding wacht op uw oordeel.',
    adviceTitle: 'Advies te geven',
    adviceNone: 'Geen datalek wacht op uw advies.',
    adviceMore: 'Alleen de {count} meest recente datalekken waarover u bent geïnformeerd zijn nagekeken.',
    notInformedTitle: 'Open datalekken waarover de FG niet is geïnformeerd',
    notInformedIntro: 'Het informeren van de FG wordt door de privacy officers vastgelegd in het dossier.',
    notInformedCaption: 'Open datalekken zonder vastgelegde informatie aan de FG, de meest recent ontdekte eerst',
    notInformedNone: 'U bent over elk open datalek geïnformeerd.',
    breach: 'Datalek',
    dienst: 'Dienst',
    awareAt: 'Ontdekt',
    status: 'Status',
    reportedAt: 'Gemeld aan de AP',
    hoursToReport: 'Uren tot melding',
    reason: 'Reden',
    apView: 'Oordeel van de AP over deze reden',
    explanation: 'Toelichting',
    informedAt: 'FG geïnformeerd',
    verdict: 'Uw oordeel',
    comment: 'Toelichting bij uw oordeel',
    assessedAt: 'Beoordeeld op (Nederlandse tijd)',
    judge: 'Oordeel vastleggen',
    judgeSummary: 'Reden beoordelen',
    advice: 'Uw advies',
    advisedAt: 'Geadviseerd op (Nederlandse tijd)',
    give: 'Advies vastleggen',
    giveSummary: 'Advies geven',
    judged: 'Uw oordeel over de reden van de te late melding van “{title}” is vastgelegd.',
    advised: 'Uw advies over “{title}” is vastgelegd.',
    dossier: 'Naar het dossier',
    truncated: 'Er zijn meer dan {count} datalekken; alleen de eerste {count} zijn hier getoond.',
  },
  en: {
    title: 'Data protection officer',
    intro: 'What awaits your verdict or advice: reasons for late reports to the AP without your verdict, breaches you were informed of but have not yet advised on, and open breaches you have not been informed of.',
    lateTitle: 'Late-reporting reasons to judge',
    lateNone: 'No late report awaits your verdict.',
    adviceTitle: 'Advice to give',
    adviceNone: 'No breach awaits your advice.',
    adviceMore: 'Only the {count} most recent breaches you were informed of were checked.',
    notInformedTitle: 'Open breaches the DPO was not informed of',
    notInformedIntro: 'Informing the DPO is recorded by the privacy officers in the dossier.',
    notInformedCaption: 'Open breaches without a recorded notice to the DPO, most recently found first',
    notInformedNone: 'You have been informed of every open breach.',
    breach: 'Breach',
    dienst: 'Dienst',
    awareAt: 'Aware',
    status: 'Status',
    reportedAt: 'Reported to the AP',
    hoursToReport: 'Hours to report',
    reason: 'Reason',
    apView: "The AP's view of this reason",
    explanation: 'Explanation',
    informedAt: 'DPO informed',
    verdict: 'Your verdict',
    comment: 'Comment on your verdict',
    assessedAt: 'Judged at (Dutch time)',
    judge: 'Record the verdict',
    judgeSummary: 'Judge the reason',
    advice: 'Your advice',
    advisedAt: 'Advised at (Dutch time)',
    give: 'Record the advice',
    giveSummary: 'Give advice',
    judged: 'Your verdict on the reason for the late report of “{title}” is recorded.',
    advised: 'Your advice on “{title}” is recorded.',
    dossier: 'To the dossier',
    truncated: 'There are more than {count} breaches; only the first {count} are shown here.',
  },
} as const satisfies Texts<string>;

type Row = BreachRegisterRow & { readonly status: DeadlineStatus };
type ListPage = { readonly items: Row[]; readonly total: number };

const PAGE_SIZE = 200;
const MAX_PAGES = 5;
/** How many informed, open breaches are checked for advice (one timeline read each). */
const ADVICE_CHECKS = 30;

/** Every breach of a register query, page by page (at most MAX_PAGES pages). */
async function allRows(context: PageContext, query: string): Promise<{ rows: Row[]; truncated: boolean } | { problem: ProblemDetails }> {
  const rows: Row[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await context.api.view<ListPage>(`/breaches?${query}${query ? '&' : ''}pageSize=${PAGE_SIZE}&page=${page}`);
    if (!answer.ok) return { problem: answer.problem };
    rows.push(...answer.body.items);
    if (rows.length >= answer.body.total) return { rows, truncated: false };
  }
  return { rows, truncated: true };
}

/** The late reports whose reason has no verdict of the FG yet (a late report without a reason cannot be judged). */
export function lateReasonsToJudge(rows: readonly Row[]): Row[] {
  return rows.filter((row) => row.late === true && row.lateReasonCode !== null && row.lateReasonVerdict === null);
}

/** A refused form, shown again on the FG page beside its breach. */
interface Refused {
  readonly kind: 'verdict' | 'advice';
  readonly breachId: string;
  readonly body: FormBody;
  readonly problem: ProblemDetails;
}

const fieldId = (form: string, breachId: string, name: string) => `${form}-${breachId}-${name}`;

function fieldMessage(errors: FieldErrors, form: string, breachId: string, name: string): { attributes: Html; message: Html | '' } {
  const message = errors[name];
  if (!message) return { attributes: html``, message: '' };
  const id = `${fieldId(form, breachId, name)}-error`;
  return { attributes: html` aria-invalid="true" aria-describedby="${id}"`, message: html`<p class="utrecht-form-field-error-message pl-field-error" id="${id}">${message}</p>` };
}

function textBox(form: string, breachId: string, name: string, label: string, value: string, errors: FieldErrors, type: 'textarea' | 'datetime-local'): Html {
  const id = fieldId(form, breachId, name);
  const { attributes, message } = fieldMessage(errors, form, breachId, name);
  return html`<div class="utrecht-form-field utrecht-form-field--text${message ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
    ${message}
    <div class="utrecht-form-field__input">${
      type === 'textarea'
        ? html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${id}" name="${name}" rows="3" required${attributes}>${value}</textarea>`
        : html`<input class="utrecht-textbox utrecht-textbox--html-input" type="datetime-local" id="${id}" name="${name}" value="${value}" required autocomplete="off"${attributes}>`
    }</div>
  </div>`;
}

function verdictForm(context: PageContext, row: Row, refused?: Refused): Html {
  const t = textsIn(TEXTS, context.lang);
  const mine = refused?.kind === 'verdict' && refused.breachId === row.breachId ? refused : undefined;
  const errors = mine ? fieldErrors(context.lang, mine.problem.errors) : {};
  const body = mine?.body ?? {};
  const chosen = formValue(body, 'verdict');
  const verdict = fieldMessage(errors, 'verdict', row.breachId, 'verdict');
  return html`<details class="pl-action"${mine ? html` open` : ''}><summary>${t('judgeSummary')}</summary>
    ${mine ? problemAlert(context.lang, mine.problem) : ''}
    <form method="post" action="/app/fg/late-reason-verdicts/${row.breachId}" class="pl-form" novalidate>
      ${formGuards(context, formValue(body, 'idempotencyKey') ?? randomUUID())}
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"${verdict.message ? html` aria-describedby="${fieldId('verdict', row.breachId, 'verdict')}-error"` : ''}>
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('verdict')}</legend>
        ${verdict.message}
        ${LATE_REASON_VERDICTS.map(
          (code) => html`<div class="utrecht-form-field utrecht-form-field--radio">
            <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${fieldId('verdict', row.breachId, code)}" name="verdict" value="${code}"${chosen === code ? html` checked` : ''}>
            <label class="utrecht-form-label utrecht-form-label--radio" for="${fieldId('verdict', row.breachId, code)}">${labelOf('verdict', code, context.lang)}</label>
          </div>`,
        )}
      </fieldset>
      ${textBox('verdict', row.breachId, 'comment', t('comment'), formValue(body, 'comment') ?? '', errors, 'textarea')}
      ${textBox('verdict', row.breachId, 'assessedAt', t('assessedAt'), offeredMoment(body, 'assessedAt').value, errors, 'datetime-local')}${offeredMoment(body, 'assessedAt').hidden}
      <div class="pl-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">${t('judge')}</button></div>
    </form></details>`;
}

function adviceForm(context: PageContext, row: Row, refused?: Refused): Html {
  const t = textsIn(TEXTS, context.lang);
  const mine = refused?.kind === 'advice' && refused.breachId === row.breachId ? refused : undefined;
  const errors = mine ? fieldErrors(context.lang, mine.problem.errors) : {};
  const body = mine?.body ?? {};
  return html`<details class="pl-action"${mine ? html` open` : ''}><summary>${t('giveSummary')}</summary>
    ${mine ? problemAlert(context.lang, mine.problem) : ''}
    <form method="post" action="/app/fg/dpo-advice/${row.breachId}" class="pl-form" novalidate>
      ${formGuards(context, formValue(body, 'idempotencyKey') ?? randomUUID())}
      ${textBox('advice', row.breachId, 'advice', t('advice'), formValue(body, 'advice') ?? '', errors, 'textarea')}
      ${textBox('advice', row.breachId, 'advisedAt', t('advisedAt'), offeredMoment(body, 'advisedAt').value, errors, 'datetime-local')}${offeredMoment(body, 'advisedAt').hidden}
      <div class="pl-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">${t('give')}</button></div>
    </form></details>`;
}

function breachLink(row: Pick<Row, 'breachId' | 'title'>): Html {
  return html`<a class="utrecht-link" href="/app/breaches/${row.breachId}">${row.title}</a>`;
}

function lateItem(context: PageContext, row: Row, refused?: Refused): Html {
  const t = textsIn(TEXTS, context.lang);
  const lang: Lang = context.lang;
  return html`<li class="pl-card pl-fg-item" data-breach="${row.breachId}">
    <h3 class="utrecht-heading-3">${breachLink(row)}</h3>
    <dl class="pl-dl">
      <dt>${t('dienst')}</dt><dd>${context.dienstName(row.dienst)}</dd>
      <dt>${t('awareAt')}</dt><dd>${time(lang, row.awareAt)}</dd>
      <dt>${t('reportedAt')}</dt><dd>${time(lang, row.reportedAt)}</dd>
      <dt>${t('hoursToReport')}</dt><dd>${row.hoursToReport === null ? '–' : String(Math.round(row.hoursToReport))}</dd>
      <dt>${t('reason')}</dt><dd>${labelOf('lateReason', row.lateReasonCode ?? 'no-reason', lang)}</dd>
      <dt>${t('apView')}</dt><dd>${row.apView ? labelOf('apView', row.apView, lang) : '–'}</dd>
      <dt>${t('explanation')}</dt><dd>${row.lateReasonExplanation ?? '–'}</dd>
    </dl>
    ${verdictForm(context, row, refused)}
  </li>`;
}

function adviceItem(context: PageContext, row: Row, refused?: Refused): Html {
  const t = textsIn(TEXTS, context.lang);
  return html`<li class="pl-card pl-fg-item" data-breach="${row.breachId}">
    <h3 class="utrecht-heading-3">${breachLink(row)}</h3>
    <dl class="pl-dl">
      <dt>${t('dienst')}</dt><dd>${context.dienstName(row.dienst)}</dd>
      <dt>${t('awareAt')}</dt><dd>${time(context.lang, row.awareAt)}</dd>
      <dt>${t('informedAt')}</dt><dd>${time(context.lang, row.dpoInformedAt)}</dd>
      <dt>${t('status')}</dt><dd>${labelOf('deadlineStatus', row.status, context.lang)}</dd>
    </dl>
    ${adviceForm(context, row, refused)}
  </li>`;
}

async function fgPage(context: PageContext, refused?: Refused): Promise<PageAnswer> {
  const t = textsIn(TEXTS, context.lang);
  const lang = context.lang;
  const [late, recent] = [await allRows(context, 'late=true'), await allRows(context, '')];
  const lateSection =
    'problem' in late
      ? problemAlert(lang, late.problem)
      : (() => {
          const toJudge = lateReasonsToJudge(late.rows);
          return toJudge.length === 0
            ? html`<p class="utrecht-paragraph pl-muted">${t('lateNone')}</p>`
            : html`${late.truncated ? html`<p class="utrecht-paragraph">${t('truncated', { count: late.rows.length })}</p>` : ''}<ul class="pl-grid pl-fg-list" id="late-reasons">${toJudge.map((row) => lateItem(context, row, refused))}</ul>`;
        })();
  let adviceSection: Html;
  let notInformedSection: Html;
  if ('problem' in recent) {
    adviceSection = problemAlert(lang, recent.problem);
    notInformedSection = problemAlert(lang, recent.problem);
  } else {
    const open = recent.rows.filter((row) => !row.closed);
    const informed = open.filter((row) => row.dpoInformedAt !== null);
    const checked = informed.slice(0, ADVICE_CHECKS);
    const awaiting: Row[] = [];
    for (const row of checked) {
      // The register does not say whether the FG advised; the breach's timeline does.
      const timeline = await context.api.view<{ dpoAdvisedAt: string | null }>(`/breaches/${row.breachId}`);
      if (timeline.ok && timeline.body.dpoAdvisedAt === null) awaiting.push(row);
    }
    adviceSection = html`${awaiting.length === 0 ? html`<p class="utrecht-paragraph pl-muted">${t('adviceNone')}</p>` : html`<ul class="pl-grid pl-fg-list" id="advice-to-give">${awaiting.map((row) => adviceItem(context, row, refused))}</ul>`}
      ${informed.length > checked.length ? html`<p class="utrecht-paragraph pl-muted">${t('adviceMore', { count: checked.length })}</p>` : ''}`;
    const notInformed = open.filter((row) => row.dpoInformedAt === null);
    notInformedSection = html`<p class="utrecht-paragraph">${t('notInformedIntro')}</p>${recent.truncated ? html`<p class="utrecht-paragraph">${t('truncated', { count: recent.rows.length })}</p>` : ''}
      ${table(
        t('notInformedCaption'),
        [t('breach'), t('dienst'), t('awareAt'), t('status')],
        notInformed.map((row) => [breachLink(row), context.dienstName(row.dienst), time(lang, row.awareAt), labelOf('deadlineStatus', row.status, lang)]),
        t('notInformedNone'),
      )}`;
  }
  // A refusal about a breach no longer listed (judged or advised meanwhile) is shown at the top.
  const listed = refused !== undefined && (refused.kind === 'verdict' ? lateSection : adviceSection).text.includes(`data-breach="${refused.breachId}"`);
  const body = html`${heading(t('title'))}
    ${refused && !listed ? problemAlert(lang, refused.problem) : ''}
    <p class="utrecht-paragraph">${t('intro')}</p>
    <section aria-labelledby="late-title"><h2 class="utrecht-heading-2" id="late-title">${t('lateTitle')}</h2>${lateSection}</section>
    <section aria-labelledby="advice-title"><h2 class="utrecht-heading-2" id="advice-title">${t('adviceTitle')}</h2>${adviceSection}</section>
    <section aria-labelledby="not-informed-title"><h2 class="utrecht-heading-2" id="not-informed-title">${t('notInformedTitle')}</h2>${notInformedSection}</section>`;
  return { page: pageDocument(context, t('title'), body), ...(refused ? { status: refused.problem.status >= 400 && refused.problem.status < 600 ? refused.problem.status : 422 } : {}) };
}

/** The request body of POST /breaches/:id/late-reason-verdicts, from the form. */
export function verdictOf(body: FormBody): Record<string, unknown> {
  return { verdict: formText(body, 'verdict'), comment: formText(body, 'comment'), assessedAt: momentOf(body, 'assessedAt') };
}

/** The request body of POST /breaches/:id/dpo-advice, from the form. */
export function adviceOf(body: FormBody): Record<string, unknown> {
  return { advice: formText(body, 'advice'), advisedAt: momentOf(body, 'advisedAt') };
}

const breachIdOf = (context: PageContext): string => (context.request.params as { breachId: string }).breachId;

async function titleOf(context: PageContext, breachId: string): Promise<string> {
  const timeline = await context.api.view<{ title: string }>(`/breaches/${breachId}`);
  return timeline.ok ? timeline.body.title : breachId;
}

/** The FG's page: late reasons to judge, advice to give, breaches not informed of; the two acts of the FG as forms. */
export const FG_ROUTES: readonly WebRoute[] = [
  {
    method: 'GET',
    path: '/app/fg',
    permission: 'give-dpo-advice',
    handle: (context) => fgPage(context),
  },
  {
    method: 'POST',
    path: '/app/fg/late-reason-verdicts/:breachId',
    permission: 'assess-late-reason',
    async handle(context) {
      const body = (context.request.body ?? {}) as FormBody;
      const breachId = breachIdOf(context);
      const answer = await context.api.post(`/breaches/${encodeURIComponent(breachId)}/late-reason-verdicts`, verdictOf(body), formValue(body, 'idempotencyKey'));
      if (!answer.ok) return fgPage(context, { kind: 'verdict', breachId, body, problem: answer.problem });
      context.flash('ok', textsIn(TEXTS, context.lang)('judged', { title: await titleOf(context, breachId) }));
      return { redirect: '/app/fg' };
    },
  },
  {
    method: 'POST',
    path: '/app/fg/dpo-advice/:breachId',
    permission: 'give-dpo-advice',
    async handle(context) {
      const body = (context.request.body ?? {}) as FormBody;
      const breachId = breachIdOf(context);
      const answer = await context.api.post(`/breaches/${encodeURIComponent(breachId)}/dpo-advice`, adviceOf(body), formValue(body, 'idempotencyKey'));
      if (!answer.ok) return fgPage(context, { kind: 'advice', breachId, body, problem: answer.problem });
      context.flash('ok', textsIn(TEXTS, context.lang)('advised', { title: await titleOf(context, breachId) }));
      return { redirect: '/app/fg' };
    },
  },
];
