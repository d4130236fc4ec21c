import { randomUUID } from 'node:crypto';
import type { InquiryDocument } from '../../../projections/inquiries.js';
import type { ProblemDetails } from '../../http/problem-details.js';
import { SCOPE_CRITERION_KINDS } from '../../inquiries/inquiry.events.js';
import { formGuards, heading, problemAlert, table, time } from '../components.js';
import { fieldErrors, formNumber, formText, formValue, momentOf, offeredMoment, offeredName, selectField, submitButton, textArea, textField, type FieldErrors, type FormBody } from '../forms.js';
import { html, type Html } from '../html.js';
import { formatHours, labelOf, textsIn, toLocalInput, type Lang, type Texts } from '../i18n/texts.js';
import { pageDocument } from '../layout.js';
import type { PageContext, WebRoute } from '../page-context.js';
import { streamFromApi, streamedFile } from '../stream-from-api.js';

const TEXTS = {
  nl: {
    listTitle: 'Vragen van de AP',
    listIntro: 'De onderzoeken en vragen van de Autoriteit Persoonsgegevens, de vroegste antwoordtermijn eerst. Zolang een vraag open is, kan de AP de datalekken binnen haar reikwijdte inzien.',
    listIntroAp: 'Uw vragen aan de gemeente, de vroegste antwoordtermijn eerst. Zolang een vraag open is, kunt u de datalekken binnen haar reikwijdte inzien; het antwoord is een bestand dat u zelf controleert.',
    filter: 'Toon',
    open: 'Open',
    closed: 'Gesloten',
    all: 'Alle',
    caption: 'Vragen van de AP ({filter}), de vroegste antwoordtermijn eerst',
    none: 'Er zijn geen vragen in deze selectie.',
    apReference: 'Kenmerk AP',
    question: 'Vraag',
    receivedAt: 'Ontvangen',
    answerDueAt: 'Antwoord uiterlijk',
    status: 'Status',
    answers: 'Antwoorden',
    overdue: 'Te laat ({time})',
    dueIn: 'nog {time}',
    answered: 'Beantwoord',
    newInquiry: 'Vraag van de AP vastleggen',
    inquiryTitle: 'Vraag van de AP {reference}',
    inquiryNotFound: 'Vraag van de AP',
    notYourInquiry: 'U mag deze vraag niet inzien: zij noemt u niet als lezer, of uw rol mag dit niet.',
    details: 'Gegevens',
    closedAt: 'Gesloten op',
    closureReason: 'Reden van sluiten',
    scopeTitle: 'Reikwijdte: over welke datalekken gaat de vraag',
    namedBreaches: 'Genoemde datalekken',
    noNamedBreaches: 'Geen datalekken bij naam genoemd.',
    period: 'Periode van ontdekken',
    periodFromWord: 'van',
    periodToWord: 'tot',
    criterion: 'Criterium',
    criterionValue: '{kind} in {year}',
    none_: 'geen',
    readers: 'Wie van de AP mag lezen',
    allReaders: 'Iedere identiteit van de AP',
    answersTitle: 'Antwoorden',
    answersIntro: 'Een antwoord is één NDJSON-bestand met de feiten, de gebeurtenissen waar ze uit komen en de bewijzen dat die in het ondertekende logboek staan. De AP controleert het zelf met privacy-ledger verify-answer en de publieke sleutel.',
    answersCaption: 'Antwoorden op deze vraag',
    noAnswers: 'Deze vraag is nog niet beantwoord.',
    number: 'Nr.',
    answeredAt: 'Beantwoord op',
    breaches: 'Datalekken',
    treeSize: 'Logboek (gebeurtenissen)',
    sha256: 'SHA-256 van het bestand',
    download: 'Bestand',
    downloadAnswer: 'Antwoord {number} downloaden',
    inAnswerTitle: 'Datalekken in het laatste antwoord',
    inAnswerIntro: 'De reikwijdte zoals die op het logboek van het antwoord uitkwam ({count}).',
    inAnswerNone: 'Het antwoord omvat geen datalekken.',
    inAnswerUnavailable: 'De datalekken van het antwoord konden niet worden gelezen.',
    openBreach: 'Datalek {id}',
    historyTitle: 'Verloop',
    InquiryReceived: 'Ontvangen',
    InquiryScopeChanged: 'Reikwijdte gewijzigd',
    InquiryAnswered: 'Beantwoord',
    InquiryClosed: 'Gesloten',
    by: 'door {actor}, vastgelegd',
    reason: 'Reden',
    actionsTitle: 'Behandelen',
    answerAction: 'Beantwoorden vanuit het logboek',
    answerIntro: 'De service ondertekent een checkpoint, bepaalt de reikwijdte op dat logboek, stelt het antwoordbestand samen en legt de hash ervan vast. Daarna kunt u het bestand aan de AP sturen; de AP kan het ook zelf downloaden.',
    answerSubmit: 'Vraag nu beantwoorden',
    answeredFlash: 'Beantwoord: antwoord {number} omvat {breaches} datalek(ken), vastgelegd met SHA-256 {sha256}.',
    scopeAction: 'Reikwijdte wijzigen',
    scopeIntro: 'Geef de hele nieuwe reikwijdte op: genoemde datalekken en/of een periode en/of een criterium.',
    changedAt: 'Gewijzigd op (Nederlandse tijd)',
    scopeBreachIds: 'Genoemde datalekken (id’s)',
    scopeBreachIdsHint: 'Eén id per regel of gescheiden door komma’s.',
    periodFrom: 'Ontdekt vanaf (Nederlandse tijd)',
    periodTo: 'Ontdekt tot (niet meer inbegrepen)',
    criterionKind: 'Criterium',
    noCriterion: 'Geen criterium',
    criterionYear: 'Jaar van het criterium',
    readersField: 'Identiteiten van de AP die mogen lezen',
    readersHint: 'Eén per regel (bijvoorbeeld api-key:3f9a0c1d2e4b5a69). Leeg: iedere identiteit van de AP.',
    scopeReason: 'Reden van de wijziging',
    scopeSubmit: 'Reikwijdte wijzigen',
    scopeChangedFlash: 'De reikwijdte is gewijzigd; de AP ziet vanaf nu precies de datalekken in de nieuwe reikwijdte.',
    closeAction: 'Vraag sluiten',
    closeIntro: 'Na het sluiten kan de AP de datalekken van deze vraag niet meer inzien.',
    closedAtField: 'Gesloten op (Nederlandse tijd)',
    closeReasonField: 'Reden',
    closeSubmit: 'Vraag sluiten',
    closedFlash: 'De vraag is gesloten.',
    receiveTitle: 'Vraag van de AP vastleggen',
    receiveIntro: 'Leg een onderzoek of vraag van de AP vast zoals die binnenkwam. Vanaf dat moment kan de AP de datalekken binnen de reikwijdte inzien, tot de vraag gesloten wordt.',
    receivedAtField: 'Ontvangen op (Nederlandse tijd)',
    apReferenceField: 'Kenmerk van de AP',
    questionField: 'De vraag in de woorden van de AP',
    answerDueAtField: 'Antwoord uiterlijk (Nederlandse tijd)',
    scopeLegend: 'Reikwijdte',
    receiveScopeIntro: 'Noem de datalekken waar de vraag over gaat en/of beschrijf ze met een periode van ontdekken en/of een criterium (beide moeten dan gelden).',
    whenLegend: 'Wanneer',
    whatLegend: 'De vraag',
    receiveSubmit: 'Vraag vastleggen',
    receivedFlash: 'De vraag van de AP is vastgelegd.',
    bundleTitle: 'Antwoordbestand',
  },
  en: {
    listTitle: 'AP inquiries',
    listIntro: 'The investigations and questions of the Dutch Data Protection Authority, the earliest answer deadline first. While an inquiry is open, the AP may read the breaches in its scope.',
    listIntroAp: 'Your questions to the municipality, the earliest answer deadline first. While an inquiry is open you may read the breaches in its scope; the answer is a file you check yourself.',
    filter: 'Show',
    open: 'Open',
    closed: 'Closed',
    all: 'All',
    caption: 'AP inquiries ({filter}), earliest answer deadline first',
    none: 'There are no inquiries in this selection.',
    apReference: 'AP reference',
    question: 'Question',
    receivedAt: 'Received',
    answerDueAt: 'Answer due',
    status: 'Status',
    answers: 'Answers',
    overdue: 'Overdue ({time})',
    dueIn: '{time} left',
    answered: 'Answered',
    newInquiry: 'Record an AP inquiry',
    inquiryTitle: 'AP inquiry {reference}',
    inquiryNotFound: 'AP inquiry',
    notYourInquiry: 'You may not read this inquiry: it does not name you as a reader, or your role may not do this.',
    details: 'Details',
    closedAt: 'Closed at',
    closureReason: 'Reason for closing',
    scopeTitle: 'Scope: which breaches the inquiry is about',
    namedBreaches: 'Breaches named',
    noNamedBreaches: 'No breach named.',
    period: 'Period of awareness',
    periodFromWord: 'from',
    periodToWord: 'until',
    criterion: 'Criterion',
    criterionValue: '{kind} in {year}',
    none_: 'none',
    readers: 'Who at the AP may read',
    allReaders: 'Every AP identity',
    answersTitle: 'Answers',
    answersIntro: 'An answer is one NDJSON file with the facts, the events they come from and the proofs that those are in the signed log. The AP checks it on its own with privacy-ledger verify-answer and the public key.',
    answersCaption: 'Answers to this inquiry',
    noAnswers: 'This inquiry has not been answered yet.',
    number: 'No.',
    answeredAt: 'Answered at',
    breaches: 'Breaches',
    treeSize: 'Log (events)',
    sha256: 'SHA-256 of the file',
    download: 'File',
    downloadAnswer: 'Download answer {number}',
    inAnswerTitle: 'Breaches in the latest answer',
    inAnswerIntro: 'The scope as it resolved on the answer’s log ({count}).',
    inAnswerNone: 'The answer covers no breach.',
    inAnswerUnavailable: 'The breaches of the answer could not be read.',
    openBreach: 'Breach {id}',
    historyTitle: 'History',
    InquiryReceived: 'Received',
    InquiryScopeChanged: 'Scope changed',
    InquiryAnswered: 'Answered',
    InquiryClosed: 'Closed',
    by: 'by {actor}, recorded',
    reason: 'Reason',
    actionsTitle: 'Handle',
    answerAction: 'Answer from the log',
    answerIntro: 'The service signs a checkpoint, resolves the scope on that log, builds the answer file and records its hash. You can then send the file to the AP; the AP can also download it itself.',
    answerSubmit: 'Answer the inquiry now',
    answeredFlash: 'Answered: answer {number} covers {breaches} breach(es), recorded with SHA-256 {sha256}.',
    scopeAction: 'Change the scope',
    scopeIntro: 'Give the whole new scope: breaches named and/or a period and/or a criterion.',
    changedAt: 'Changed at (Dutch time)',
    scopeBreachIds: 'Breaches named (ids)',
    scopeBreachIdsHint: 'One id per line or separated by commas.',
    periodFrom: 'Aware from (Dutch time)',
    periodTo: 'Aware until (not included)',
    criterionKind: 'Criterion',
    noCriterion: 'No criterion',
    criterionYear: 'Year of the criterion',
    readersField: 'AP identities that may read',
    readersHint: 'One per line (e.g. api-key:3f9a0c1d2e4b5a69). Empty: every AP identity.',
    scopeReason: 'Reason for the change',
    scopeSubmit: 'Change the scope',
    scopeChangedFlash: 'The scope has changed; from now on the AP sees exactly the breaches in the new scope.',
    closeAction: 'Close the inquiry',
    closeIntro: 'Once closed, the AP can no longer read the breaches of this inquiry.',
    closedAtField: 'Closed at (Dutch time)',
    closeReasonField: 'Reason',
    closeSubmit: 'Close the inquiry',
    closedFlash: 'The inquiry is closed.',
    receiveTitle: 'Record an AP inquiry',
    receiveIntro: 'Record an investigation or question of the AP as it arrived. From then on the AP may read the breaches in its scope, until the inquiry is closed.',
    receivedAtField: 'Received at (Dutch time)',
    apReferenceField: 'The AP’s reference',
    questionField: 'The question in the AP’s words',
    answerDueAtField: 'Answer due (Dutch time)',
    scopeLegend: 'Scope',
    receiveScopeIntro: 'Name the breaches the inquiry is about and/or describe them by a period of awareness and/or a criterion (both must then hold).',
    whenLegend: 'When',
    whatLegend: 'The question',
    receiveSubmit: 'Record the inquiry',
    receivedFlash: 'The AP inquiry has been recorded.',
    bundleTitle: 'Answer file',
  },
} as const satisfies Texts<string>;


type InquiryLine = InquiryDocument & { readonly answerOverdue: boolean; readonly hoursToAnswerDue: number };

const STATUS_FILTERS = ['open', 'closed', 'all'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

const inquiryPath = (inquiryId: string) => `/inquiries/${encodeURIComponent(inquiryId)}`;
const pagePath = (inquiryId: string) => `/app/inquiries/${encodeURIComponent(inquiryId)}`;
const statusOf = (problem: ProblemDetails): number => (problem.status >= 400 && problem.status < 600 ? problem.status : 502);
const paramOf = (context: PageContext): string => String((context.request.params as { inquiryId?: unknown }).inquiryId ?? '');

function deadlineText(lang: Lang, inquiry: InquiryLine): string {
  const t = textsIn(TEXTS, lang);
  if (inquiry.status === 'closed') return labelOf('inquiryStatus', 'closed', lang);
  if (inquiry.answers.length > 0) return t('answered');
  if (inquiry.answerOverdue) return t('overdue', { time: formatHours(lang, -inquiry.hoursToAnswerDue) });
  return t('dueIn', { time: formatHours(lang, inquiry.hoursToAnswerDue) });
}

async function listPage(context: PageContext): Promise<Html> {
  const t = textsIn(TEXTS, context.lang);
  const asked = (context.request.query as { status?: unknown }).status;
  const filter: StatusFilter = STATUS_FILTERS.includes(asked as StatusFilter) ? (asked as StatusFilter) : 'open';
  const list = await context.api.view<{ items: InquiryLine[]; now: string }>(`/inquiries?status=${filter}`);
  const isAp = context.session.principal.roles.includes('supervisory-authority');
  return html`${heading(t('listTitle'))}
    <p class="utrecht-paragraph">${isAp ? t('listIntroAp') : t('listIntro')}</p>
    ${context.can('receive-inquiry') ? html`<p><a class="utrecht-button-link utrecht-button-link--primary-action" href="/app/inquiries/new">${t('newInquiry')}</a></p>` : ''}
    <nav aria-label="${t('filter')}"><ul class="pl-filters">${STATUS_FILTERS.map(
      (status) => html`<li><a class="utrecht-link" href="/app/inquiries?status=${status}"${status === filter ? html` aria-current="page"` : ''}>${status === filter ? html`<strong>${t(status)}</strong>` : t(status)}</a></li>`,
    )}</ul></nav>
    ${list.ok
      ? table(
          t('caption', { filter: t(filter).toLowerCase() }),
          [t('apReference'), t('question'), t('receivedAt'), t('answerDueAt'), t('status'), t('answers')],
          list.body.items.map((inquiry) => [
            html`<a class="utrecht-link" href="${pagePath(inquiry.inquiryId)}">${inquiry.apReference}</a>`,
            inquiry.question.length > 160 ? `${inquiry.question.slice(0, 157)}…` : inquiry.question,
            time(context.lang, inquiry.receivedAt),
            time(context.lang, inquiry.answerDueAt),
            inquiry.answerOverdue ? html`<span class="pl-status pl-status--overdue">${deadlineText(context.lang, inquiry)}</span>` : deadlineText(context.lang, inquiry),
            String(inquiry.answers.length),
          ]),
          t('none'),
        )
      : problemAlert(context.lang, list.problem)}`;
}

/**
 * The breaches an answer covers: the first line of its bundle (the header, `breachIds`), read as
 * the API streams it; the rest is left unread (the stream is closed, and the API stops building it).
 * The inquiry view gives only their number. Undefined when the bundle cannot be read.
 */
async function breachesOfAnswer(context: PageContext, inquiryId: string, number: number): Promise<readonly string[] | undefined> {
  const streamed = await streamFromApi(context, `${inquiryPath(inquiryId)}/answer?number=${number}`, 'application/x-ndjson');
  if ('problem' in streamed) return undefined;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of streamed.body) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      if (buffer.includes(0x0a) || chunks.length > 256) break;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const end = text.indexOf('\n');
    const header = JSON.parse(end >= 0 ? text.slice(0, end) : text) as { kind?: unknown; breachIds?: unknown };
    return header.kind === 'answer' && Array.isArray(header.breachIds) ? header.breachIds.filter((id): id is string => typeof id === 'string') : undefined;
  } catch {
    return undefined;
  } finally {
    streamed.body.destroy();
  }
}

const breachLink = (lang: Lang, breachId: string) => html`<a class="utrecht-link pl-code" href="/app/breaches/${encodeURIComponent(breachId)}" aria-label="${textsIn(TEXTS, lang)('openBreach', { id: breachId })}">${breachId}</a>`;

function scopeSection(lang: Lang, inquiry: InquiryDocument): Html {
  const t = textsIn(TEXTS, lang);
  const { scope } = inquiry;
  return html`<section aria-labelledby="scope-title">
    <h2 class="utrecht-heading-2" id="scope-title">${t('scopeTitle')}</h2>
    <dl class="pl-dl">
      <dt>${t('namedBreaches')}</dt>
      <dd>${scope.breachIds.length > 0 ? html`<ul class="utrecht-unordered-list">${scope.breachIds.map((id) => html`<li>${breachLink(lang, id)}</li>`)}</ul>` : t('noNamedBreaches')}</dd>
      <dt>${t('period')}</dt>
      <dd>${scope.period ? html`${t('periodFromWord')} ${time(lang, scope.period.from)} ${t('periodToWord')} ${time(lang, scope.period.to)}` : t('none_')}</dd>
      <dt>${t('criterion')}</dt>
      <dd>${scope.criterion ? t('criterionValue', { kind: labelOf('scopeCriterion', scope.criterion.kind, lang), year: scope.criterion.year }) : t('none_')}</dd>
      <dt>${t('readers')}</dt>
      <dd>${inquiry.readers === null ? t('allReaders') : html`<ul class="utrecht-unordered-list">${inquiry.readers.map((reader) => html`<li class="pl-code">${reader}</li>`)}</ul>`}</dd>
    </dl>
  </section>`;
}

/** What a refused action on the inquiry page brings back: which form, what was typed, and why. */
interface Failed {
  readonly action: 'answer' | 'scope' | 'close';
  readonly body: FormBody;
  readonly problem: ProblemDetails;
}

function scopeFields(lang: Lang, errors: FieldErrors, v: (name: string) => string | undefined): Html {
  const t = textsIn(TEXTS, lang);
  const common = { lang, errors };
  return html`
    ${textArea({ ...common, name: 'scopeBreachIds', errorKey: 'scope.breachIds', label: t('scopeBreachIds'), hint: t('scopeBreachIdsHint'), value: v('scopeBreachIds'), rows: 3 })}
    ${textField({ ...common, name: 'scopePeriodFrom', errorKey: 'scope.period.from', type: 'datetime-local', label: t('periodFrom'), value: v('scopePeriodFrom') })}
    ${textField({ ...common, name: 'scopePeriodTo', errorKey: 'scope.period.to', type: 'datetime-local', label: t('periodTo'), value: v('scopePeriodTo') })}
    ${selectField({ ...common, name: 'scopeCriterionKind', errorKey: 'scope.criterion.kind', label: t('criterionKind'), value: v('scopeCriterionKind'), placeholder: t('noCriterion'), choices: SCOPE_CRITERION_KINDS.map((kind) => ({ value: kind, label: labelOf('scopeCriterion', kind, lang) })) })}
    ${textField({ ...common, name: 'scopeCriterionYear', errorKey: 'scope.criterion.year', type: 'number', label: t('criterionYear'), value: v('scopeCriterionYear') })}
    ${textArea({ ...common, name: 'readers', label: t('readersField'), hint: t('readersHint'), value: v('readers'), rows: 2 })}`;
}

/** The form's values of a scope as it stands (to change it from). */
function scopeValues(inquiry: InquiryDocument): Record<string, string> {
  const { scope } = inquiry;
  return {
    scopeBreachIds: scope.breachIds.join('\n'),
    scopePeriodFrom: scope.period ? toLocalInput(scope.period.from) : '',
    scopePeriodTo: scope.period ? toLocalInput(scope.period.to) : '',
    scopeCriterionKind: scope.criterion?.kind ?? '',
    scopeCriterionYear: scope.criterion ? String(scope.criterion.year) : '',
    readers: inquiry.readers?.join('\n') ?? '',
  };
}

const listOf = (text: string | undefined): string[] => [
  ...new Set(
    (text ?? '')
      .split(/[\s,;]+/)
      .map((part) => part.trim())
      .filter(Boolean),
  ),
];


/** The request's scope from the form's fields (the API validates it; the form only shapes it). */
export function scopeOf(body: FormBody): Record<string, unknown> {
  const from = momentOf(body, 'scopePeriodFrom');
  const to = momentOf(body, 'scopePeriodTo');
  const kind = formText(body, 'scopeCriterionKind');
  const year = formNumber(body, 'scopeCriterionYear');
  return {
    breachIds: [...new Set(listOf(formValue(body, 'scopeBreachIds')).map((id) => id.toLowerCase()))],
    period: from === undefined && to === undefined ? null : { from, to },
    criterion: kind === undefined && year === undefined ? null : { kind, year },
  };
}

/** The readers from the form: null (every AP identity) when none is given. */
export function readersOf(body: FormBody): string[] | null {
  const readers = listOf(formValue(body, 'readers'));
  return readers.length > 0 ? readers : null;
}

/** POST /inquiries from the receipt form. */
export function receiptOf(body: FormBody): Record<string, unknown> {
  return { receivedAt: momentOf(body, 'receivedAt'), apReference: formText(body, 'apReference'), question: formText(body, 'question'), scope: scopeOf(body), answerDueAt: momentOf(body, 'answerDueAt'), readers: readersOf(body) };
}

function actionsSection(context: PageContext, inquiry: InquiryDocument, failed?: Failed): Html {
  const lang = context.lang;
  const t = textsIn(TEXTS, lang);
  const may = { answer: context.can('answer-inquiry'), scope: context.can('change-inquiry-scope'), close: context.can('close-inquiry') };
  if (inquiry.status === 'closed' || !(may.answer || may.scope || may.close)) return html``;
  const errorsOf = (action: Failed['action']): FieldErrors => (failed?.action === action ? fieldErrors(lang, failed.problem.errors) : {});
  const valueOf = (action: Failed['action'], defaults: Record<string, string>) => (name: string) => (failed?.action === action ? formValue(failed.body, name) : defaults[name]);
  const alertFor = (action: Failed['action']) => (failed?.action === action ? problemAlert(lang, failed.problem) : '');
  const openFor = (action: Failed['action']) => (failed?.action === action ? html` open` : '');
  const base = pagePath(inquiry.inquiryId);
  const now = toLocalInput(new Date());
  const scopeV = valueOf('scope', { ...scopeValues(inquiry), changedAt: now, [offeredName('changedAt')]: now });
  const closeV = valueOf('close', { closedAt: now, [offeredName('closedAt')]: now });
  return html`<section aria-labelledby="actions-title">
    <h2 class="utrecht-heading-2" id="actions-title">${t('actionsTitle')}</h2>
    ${may.answer
      ? html`<details class="pl-action"${openFor('answer')}><summary>${t('answerAction')}</summary>
          ${alertFor('answer')}
          <p class="utrecht-paragraph">${t('answerIntro')}</p>
          <form method="post" action="${base}/answer" class="pl-form">${formGuards(context, randomUUID())}${submitButton(t('answerSubmit'))}</form>
        </details>`
      : ''}
    ${may.scope
      ? html`<details class="pl-action"${openFor('scope')}><summary>${t('scopeAction')}</summary>
          ${alertFor('scope')}
          <p class="utrecht-paragraph">${t('scopeIntro')}</p>
          <form method="post" action="${base}/scope" class="pl-form" novalidate>
            ${formGuards(context, randomUUID())}
            ${textField({ lang, errors: errorsOf('scope'), name: 'changedAt', type: 'datetime-local', label: t('changedAt'), value: scopeV('changedAt'), required: true })}${offeredMoment({ changedAt: scopeV('changedAt'), [offeredName('changedAt')]: scopeV(offeredName('changedAt')) }, 'changedAt').hidden}
            ${scopeFields(lang, errorsOf('scope'), scopeV)}
            ${textArea({ lang, errors: errorsOf('scope'), name: 'scopeReason', errorKey: 'reason', label: t('scopeReason'), value: scopeV('scopeReason'), rows: 3, required: true })}
            ${submitButton(t('scopeSubmit'))}
          </form>
        </details>`
      : ''}
    ${may.close
      ? html`<details class="pl-action"${openFor('close')}><summary>${t('closeAction')}</summary>
          ${alertFor('close')}
          <p class="utrecht-paragraph">${t('closeIntro')}</p>
          <form method="post" action="${base}/closure" class="pl-form" novalidate>
            ${formGuards(context, randomUUID())}
            ${textField({ lang, errors: errorsOf('close'), name: 'closedAt', type: 'datetime-local', label: t('closedAtField'), value: closeV('closedAt'), required: true })}${offeredMoment({ closedAt: closeV('closedAt'), [offeredName('closedAt')]: closeV(offeredName('closedAt')) }, 'closedAt').hidden}
            ${textArea({ lang, errors: errorsOf('close'), name: 'closeReason', errorKey: 'reason', label: t('closeReasonField'), value: closeV('closeReason'), rows: 3, required: true })}
            ${submitButton(t('closeSubmit'))}
          </form>
        </details>`
      : ''}
  </section>`;
}

async function inquiryPage(context: PageContext, inquiryId: string, failed?: Failed): Promise<{ page: Html; status?: number }> {
  const lang = context.lang;
  const t = textsIn(TEXTS, lang);
  const read = await context.api.view<InquiryLine>(inquiryPath(inquiryId));
  if (!read.ok) {
    const why = read.problem.code === 'forbidden' ? html`<p class="utrecht-paragraph">${t('notYourInquiry')}</p>` : '';
    return { page: pageDocument(context, t('inquiryNotFound'), html`${heading(t('inquiryNotFound'))}${problemAlert(lang, read.problem)}${why}`), status: statusOf(read.problem) };
  }
  const inquiry = read.body;
  const latest = inquiry.answers.at(-1);
  const inAnswer = latest ? await breachesOfAnswer(context, inquiry.inquiryId, latest.number) : undefined;
  const title = t('inquiryTitle', { reference: inquiry.apReference });
  const body = html`${heading(title)}
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/app/inquiries">${t('listTitle')}</a></p>
    <blockquote class="pl-question" aria-label="${t('question')}">${inquiry.question}</blockquote>
    <dl class="pl-dl">
      <dt>${t('apReference')}</dt><dd>${inquiry.apReference}</dd>
      <dt>${t('status')}</dt><dd>${labelOf('inquiryStatus', inquiry.status, lang)}</dd>
      <dt>${t('receivedAt')}</dt><dd>${time(lang, inquiry.receivedAt)}</dd>
      <dt>${t('answerDueAt')}</dt><dd>${time(lang, inquiry.answerDueAt)} (${inquiry.answerOverdue ? html`<strong>${deadlineText(lang, inquiry)}</strong>` : deadlineText(lang, inquiry)})</dd>
      ${inquiry.status === 'closed' ? html`<dt>${t('closedAt')}</dt><dd>${time(lang, inquiry.closedAt)}</dd><dt>${t('closureReason')}</dt><dd>${inquiry.closureReason}</dd>` : ''}
    </dl>
    ${scopeSection(lang, inquiry)}
    <section aria-labelledby="answers-title">
      <h2 class="utrecht-heading-2" id="answers-title">${t('answersTitle')}</h2>
      <p class="utrecht-paragraph">${t('answersIntro')}</p>
      ${table(
        t('answersCaption'),
        [t('number'), t('answeredAt'), t('breaches'), t('treeSize'), t('sha256'), t('download')],
        [...inquiry.answers].reverse().map((answer) => [
          String(answer.number),
          time(lang, answer.answeredAt),
          String(answer.breaches),
          String(answer.treeSize),
          html`<span class="pl-code">${answer.answerSha256}</span>`,
          html`<a class="utrecht-link" href="${pagePath(inquiry.inquiryId)}/bundle?number=${answer.number}">${t('downloadAnswer', { number: answer.number })}</a>`,
        ]),
        t('noAnswers'),
      )}
      ${latest
        ? html`<h3 class="utrecht-heading-3">${t('inAnswerTitle')}</h3>
          ${inAnswer === undefined
            ? html`<p class="utrecht-paragraph pl-muted">${t('inAnswerUnavailable')}</p>`
            : inAnswer.length === 0
              ? html`<p class="utrecht-paragraph">${t('inAnswerNone')}</p>`
              : html`<p class="utrecht-paragraph">${t('inAnswerIntro', { count: inAnswer.length })}</p><ul class="utrecht-unordered-list" id="answer-breaches">${inAnswer.map((id) => html`<li>${breachLink(lang, id)}</li>`)}</ul>`}`
        : ''}
    </section>
    <section aria-labelledby="history-title">
      <h2 class="utrecht-heading-2" id="history-title">${t('historyTitle')}</h2>
      <ol class="pl-timeline">${inquiry.history.map((entry) => {
        const reason = typeof entry.detail.reason === 'string' ? entry.detail.reason : undefined;
        const type = (['InquiryReceived', 'InquiryScopeChanged', 'InquiryAnswered', 'InquiryClosed'] as const).find((known) => known === entry.type);
        return html`<li><strong>${type ? t(type) : entry.type}</strong> — ${time(lang, entry.businessTime ?? entry.recordedAt)}
          <br><span class="pl-muted">${t('by', { actor: entry.actor.id })} ${time(lang, entry.recordedAt)}</span>
          ${reason ? html`<br>${t('reason')}: ${reason}` : ''}</li>`;
      })}</ol>
    </section>
    ${actionsSection(context, inquiry, failed)}`;
  return { page: pageDocument(context, title, body), ...(failed ? { status: failed.problem.status } : {}) };
}

function receiveForm(context: PageContext, body: FormBody, refused?: ProblemDetails): Html {
  const lang = context.lang;
  const t = textsIn(TEXTS, lang);
  const errors: FieldErrors = refused ? fieldErrors(lang, refused.errors) : {};
  const v = (name: string) => formValue(body, name);
  const common = { lang, errors };
  const legend = (text: string) => html`<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${text}</legend>`;
  return html`${heading(t('receiveTitle'))}
    <p class="utrecht-paragraph">${t('receiveIntro')}</p>
    ${refused ? problemAlert(lang, refused) : ''}
    <form method="post" action="/app/inquiries/new" class="pl-form" novalidate>
      ${formGuards(context, randomUUID())}
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">${legend(t('whatLegend'))}
        ${textField({ ...common, name: 'apReference', label: t('apReferenceField'), value: v('apReference'), required: true })}
        ${textArea({ ...common, name: 'question', label: t('questionField'), value: v('question'), rows: 5, required: true })}
      </fieldset>
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">${legend(t('whenLegend'))}
        ${textField({ ...common, name: 'receivedAt', type: 'datetime-local', label: t('receivedAtField'), value: offeredMoment(body, 'receivedAt').value, required: true })}${offeredMoment(body, 'receivedAt').hidden}
        ${textField({ ...common, name: 'answerDueAt', type: 'datetime-local', label: t('answerDueAtField'), value: v('answerDueAt'), required: true })}
      </fieldset>
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">${legend(t('scopeLegend'))}
        <p class="utrecht-paragraph">${t('receiveScopeIntro')}</p>
        ${scopeFields(lang, errors, v)}
      </fieldset>
      ${submitButton(t('receiveSubmit'))}
    </form>`;
}

/** An action of the inquiry page: the command, then back to the inquiry (or the page again with the refusal). */
function inquiryAction(action: Failed['action'], path: string, command: string, bodyOf: (form: FormBody) => Record<string, unknown>, done: (context: PageContext, answer: Record<string, unknown>) => string): WebRoute {
  return {
    method: 'POST',
    path: `/app/inquiries/:inquiryId/${path}`,
    permission: action === 'answer' ? 'answer-inquiry' : action === 'scope' ? 'change-inquiry-scope' : 'close-inquiry',
    async handle(context) {
      const inquiryId = paramOf(context);
      const form = (context.request.body ?? {}) as FormBody;
      const answer = await context.api.post<Record<string, unknown>>(`${inquiryPath(inquiryId)}/${command}`, bodyOf(form), formValue(form, 'idempotencyKey'));
      if (!answer.ok) return inquiryPage(context, inquiryId, { action, body: form, problem: answer.problem });
      context.flash('ok', done(context, answer.body));
      return { redirect: pagePath(inquiryId) };
    },
  };
}

/**
 * The inquiries of the AP: the list (the AP sees only its own, as the API answers it), one
 * inquiry with its scope, deadline, answers and the breaches the latest answer covers (linked to
 * their dossiers), the answer file to download (streamed from the API), and for the privacy
 * officers, the FG and the CPO the forms to record, re-scope, answer and close an inquiry.
 */
export const INQUIRY_ROUTES: readonly WebRoute[] = [
  {
    method: 'GET',
    path: '/app/inquiries',
    permission: 'list-inquiries',
    async handle(context) {
      return { page: pageDocument(context, textsIn(TEXTS, context.lang)('listTitle'), await listPage(context)) };
    },
  },
  {
    method: 'GET',
    path: '/app/inquiries/new',
    permission: 'receive-inquiry',
    async handle(context) {
      return { page: pageDocument(context, textsIn(TEXTS, context.lang)('receiveTitle'), receiveForm(context, {})) };
    },
  },
  {
    method: 'POST',
    path: '/app/inquiries/new',
    permission: 'receive-inquiry',
    async handle(context) {
      const body = (context.request.body ?? {}) as FormBody;
      const answer = await context.api.post<{ inquiryId: string }>('/inquiries', receiptOf(body), formValue(body, 'idempotencyKey'));
      if (!answer.ok) return { page: pageDocument(context, textsIn(TEXTS, context.lang)('receiveTitle'), receiveForm(context, body, answer.problem)), status: answer.status };
      context.flash('ok', textsIn(TEXTS, context.lang)('receivedFlash'));
      return { redirect: pagePath(answer.body.inquiryId) };
    },
  },
  {
    method: 'GET',
    path: '/app/inquiries/:inquiryId',
    permission: 'read-inquiry',
    async handle(context) {
      return inquiryPage(context, paramOf(context));
    },
  },
  {
    method: 'GET',
    path: '/app/inquiries/:inquiryId/bundle',
    permission: 'read-inquiry',
    async handle(context) {
      const inquiryId = paramOf(context);
      const number = formNumber((context.request.query ?? {}) as FormBody, 'number');
      const streamed = await streamFromApi(context, `${inquiryPath(inquiryId)}/answer${typeof number === 'number' ? `?number=${number}` : ''}`, 'application/x-ndjson');
      if ('problem' in streamed) {
        const t = textsIn(TEXTS, context.lang);
        return { page: pageDocument(context, t('bundleTitle'), html`${heading(t('bundleTitle'))}${problemAlert(context.lang, streamed.problem)}`), status: statusOf(streamed.problem) };
      }
      return streamedFile(streamed);
    },
  },
  inquiryAction('answer', 'answer', 'answers', () => ({}), (context, answer) =>
    textsIn(TEXTS, context.lang)('answeredFlash', { number: String(answer.answer ?? '').replace(/^.*number=/, ''), breaches: Number(answer.breaches ?? 0), sha256: String(answer.answerSha256 ?? '') }),
  ),
  inquiryAction('scope', 'scope', 'scope-changes', (form) => ({ changedAt: momentOf(form, 'changedAt'), scope: scopeOf(form), readers: readersOf(form), reason: formText(form, 'scopeReason') }), (context) => textsIn(TEXTS, context.lang)('scopeChangedFlash')),
  inquiryAction('close', 'closure', 'closure', (form) => ({ closedAt: momentOf(form, 'closedAt'), reason: formText(form, 'closeReason') }), (context) => textsIn(TEXTS, context.lang)('closedFlash')),
];

