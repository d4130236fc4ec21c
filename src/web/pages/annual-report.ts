import type { AnnualReport } from '../../../projections/annual-report.js';
import type { BreachFigures, Share } from '../../../projections/breach-reports.js';
import { LATE_REASON_CODES } from '../../breaches/breach.rules.js';
import { barChart, type Bar } from '../charts.js';
import { heading, problemAlert, unavailable } from '../components.js';
import { textField } from '../forms.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { labelOf, textsIn, type Lang, type Texts } from '../i18n/texts.js';
import { pageDocument } from '../layout.js';
import type { PageContext, WebRoute } from '../page-context.js';

const TEXTS = {
  nl: {
    title: 'Jaarverslag {year}',
    pageTitle: 'Jaarverslag',
    intro: 'De cijfers voor het jaarverslag van de functionaris gegevensbescherming over {year}: datalekken (naar het moment van ontdekken, Nederlandse tijd), DPIA’s, het verwerkingsregister en audits.',
    chooseYear: 'Jaar kiezen',
    year: 'Jaar',
    show: 'Tonen',
    downloads: 'Downloaden',
    csv: 'CSV (tabellen)',
    xlsx: 'Excel (een tabblad per tabel)',
    pdf: 'PDF (afdrukbaar, met grafieken)',
    downloadOf: 'Jaarverslag {year} als {format}',
    figuresTitle: 'Datalekken in totaal',
    figuresCaption: 'Datalekken ontdekt in {year}, in totaal',
    figure: 'Cijfer',
    value: 'Waarde',
    registered: 'Geregistreerd',
    notReportable: 'Niet meldplichtig',
    awaitingReport: 'Nog niet gemeld of beoordeeld',
    reported: 'Gemeld aan de AP',
    reportedOnTime: 'Op tijd gemeld',
    reportedLate: 'Te laat gemeld',
    lateReasonNotAccepted: 'Te laat met een reden die de AP niet aanvaardt',
    lateWithoutReason: 'Te laat zonder reden',
    lateWithoutValidExcuse: 'Te laat zonder geldige reden',
    verdictsContradictingAp: 'Oordelen van de FG die een door de AP niet aanvaarde reden aanvaarden',
    dpoInformed: 'FG geïnformeerd',
    dpoInformedBeforeReport: 'FG geïnformeerd vóór de melding',
    median: 'Mediaan uren tot melding',
    p90: '90e percentiel uren tot melding',
    notified: 'Betrokkenen geïnformeerd (datalekken / personen)',
    withdrawn: 'Melding ingetrokken',
    refiled: 'Opnieuw gemeld',
    closedWithoutRootCause: 'Afgesloten zonder bekende oorzaak',
    share: '{count} van {of} ({percent})',
    dienstTitle: 'Per dienst',
    dienstCaption: 'Datalekken ontdekt in {year}, per dienst',
    dienst: 'Dienst',
    monthTitle: 'Meldingen aan de AP per maand',
    monthChart: 'Meldingen aan de AP per maand van ontdekken, {year}',
    monthDesc: 'Staafdiagram met per maand het aantal datalekken dat aan de AP is gemeld. De tabel hieronder geeft dezelfde aantallen, met op tijd en te laat apart.',
    monthCaption: 'Datalekken per maand van ontdekken, {year}',
    month: 'Maand',
    lateTitle: 'Redenen van te late meldingen per dienst',
    lateChart: 'Te late meldingen per dienst, {year}',
    lateDesc: 'Staafdiagram met per dienst het aantal te late meldingen. De tabel hieronder geeft per dienst de aantallen per reden.',
    lateCaption: 'Te late meldingen per dienst en reden, {year}',
    total: 'Totaal',
    dpiaTitle: 'DPIA’s per dienst',
    dpiaChart: 'DPIA’s gestart per dienst, {year}',
    dpiaDesc: 'Staafdiagram met per dienst het aantal in {year} gestarte DPIA’s. De tabel hieronder geeft ook de afgeronde, gestaakte en lopende.',
    dpiaCaption: 'DPIA’s per dienst, {year}',
    started: 'Gestart',
    completed: 'Afgerond',
    abandoned: 'Gestaakt',
    inProgress: 'Lopend aan het eind van het jaar',
    dpiaWithoutAdvice: 'Afgerond zonder advies van de FG',
    dpiaHighRisk: 'Hoog restrisico zonder voorafgaande raadpleging van de AP',
    registerTitle: 'Verwerkingsregister',
    registerCaption: 'Het verwerkingsregister in {year}',
    amendments: 'Wijzigingen',
    published: 'Gepubliceerd',
    retired: 'Beëindigd',
    atYearEnd: 'Verwerkingen aan het eind van het jaar',
    complete: 'Volledig aan het eind van het jaar',
    missingOwner: 'Zonder eigenaar',
    missingLegalBasis: 'Zonder grondslag',
    dpiaNeededWithoutDpia: 'DPIA nodig, geen gekoppeld',
    auditsTitle: 'Audits en aanbevelingen',
    auditsCaption: 'Audits en aanbevelingen in {year}',
    auditsCompleted: 'Audits afgerond (intern / extern)',
    issued: 'Aanbevelingen gedaan',
    implemented: 'Waarvan uitgevoerd',
    recDpoInformed: 'Waarvan de FG geïnformeerd over de uitvoering',
    openAtYearEnd: 'Open aan het eind van het jaar',
    earlierOpen: 'Uit eerdere jaren nog open',
    none: '–',
    badYear: 'Geen geldig jaar',
  },
  en: {
    title: 'Annual report {year}',
    pageTitle: 'Annual report',
    intro: "The figures for the data protection officer's annual report on {year}: breaches (by the moment of awareness, Dutch time), DPIAs, the processing register and audits.",
    chooseYear: 'Choose a year',
    year: 'Year',
    show: 'Show',
    downloads: 'Download',
    csv: 'CSV (tables)',
    xlsx: 'Excel (one sheet per table)',
    pdf: 'PDF (printable, with charts)',
    downloadOf: 'Annual report {year} as {format}',
    figuresTitle: 'Breaches in total',
    figuresCaption: 'Breaches found in {year}, in total',
    figure: 'Figure',
    value: 'Value',
    registered: 'Registered',
    notReportable: 'Not reportable',
    awaitingReport: 'Not yet reported or assessed',
    reported: 'Reported to the AP',
    reportedOnTime: 'Reported on time',
    reportedLate: 'Reported late',
    lateReasonNotAccepted: 'Late with a reason the AP does not accept',
    lateWithoutReason: 'Late without a reason',
    lateWithoutValidExcuse: 'Late without a valid excuse',
    verdictsContradictingAp: 'DPO verdicts accepting a reason the AP does not accept',
    dpoInformed: 'DPO informed',
    dpoInformedBeforeReport: 'DPO informed before the report',
    median: 'Median hours to report',
    p90: '90th percentile hours to report',
    notified: 'Data subjects notified (breaches / persons)',
    withdrawn: 'Report withdrawn',
    refiled: 'Filed again',
    closedWithoutRootCause: 'Closed without a known root cause',
    share: '{count} of {of} ({percent})',
    dienstTitle: 'Per dienst',
    dienstCaption: 'Breaches found in {year}, per dienst',
    dienst: 'Dienst',
    monthTitle: 'Reports to the AP per month',
    monthChart: 'Reports to the AP per month of awareness, {year}',
    monthDesc: 'Bar chart of the number of breaches reported to the AP per month. The table below gives the same numbers, on time and late apart.',
    monthCaption: 'Breaches per month of awareness, {year}',
    month: 'Month',
    lateTitle: 'Reasons for late reports per dienst',
    lateChart: 'Late reports per dienst, {year}',
    lateDesc: 'Bar chart of the number of late reports per dienst. The table below gives each dienst’s numbers per reason.',
    lateCaption: 'Late reports per dienst and reason, {year}',
    total: 'Total',
    dpiaTitle: 'DPIAs per dienst',
    dpiaChart: 'DPIAs started per dienst, {year}',
    dpiaDesc: 'Bar chart of the number of DPIAs started in {year} per dienst. The table below also gives the completed, abandoned and ongoing ones.',
    dpiaCaption: 'DPIAs per dienst, {year}',
    started: 'Started',
    completed: 'Completed',
    abandoned: 'Abandoned',
    inProgress: 'In progress at the end of the year',
    dpiaWithoutAdvice: 'Completed without the DPO’s advice',
    dpiaHighRisk: 'High residual risk without prior consultation of the AP',
    registerTitle: 'Processing register',
    registerCaption: 'The processing register in {year}',
    amendments: 'Amendments',
    published: 'Published',
    retired: 'Retired',
    atYearEnd: 'Activities at the end of the year',
    complete: 'Complete at the end of the year',
    missingOwner: 'Without an owner',
    missingLegalBasis: 'Without a lawful basis',
    dpiaNeededWithoutDpia: 'DPIA needed, none linked',
    auditsTitle: 'Audits and recommendations',
    auditsCaption: 'Audits and recommendations in {year}',
    auditsCompleted: 'Audits completed (internal / external)',
    issued: 'Recommendations issued',
    implemented: 'Of which implemented',
    recDpoInformed: 'Of which the DPO was informed of the implementation',
    openAtYearEnd: 'Open at the end of the year',
    earlierOpen: 'Still open from earlier years',
    none: '–',
    badYear: 'Not a valid year',
  },
} as const satisfies Texts<string>;

type Key = keyof (typeof TEXTS)['nl'];

export const EXPORT_FORMATS = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

const currentYear = (): number => Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(new Date()));

/** A year in a path: four digits, or undefined. */
export function yearOf(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{4}$/.test(text) ? Number(text) : undefined;
}

/** `YYYY-MM` as the month's short name in the page's language. */
export function monthName(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15))).replace(/\.$/, '');
}

function number(lang: Lang, value: number | null): string {
  return value === null ? '–' : new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}

/** A table whose first column names the row (a row header) and whose other cells are numbers. */
function figuresTable(caption: string, headers: readonly string[], rows: readonly (readonly [HtmlValue, ...HtmlValue[]])[], id?: string): Html {
  return html`<div class="pl-table-wrap"><table class="utrecht-table pl-table"${id ? html` id="${id}"` : ''}>
    <caption class="utrecht-table__caption">${caption}</caption>
    <thead class="utrecht-table__header"><tr class="utrecht-table__row">${headers.map((header, index) => html`<th scope="col" class="utrecht-table__header-cell${index > 0 ? ' pl-number' : ''}">${header}</th>`)}</tr></thead>
    <tbody class="utrecht-table__body">${rows.map(([first, ...rest]) => html`<tr class="utrecht-table__row"><th scope="row" class="utrecht-table__header-cell">${first}</th>${rest.map((cell) => html`<td class="utrecht-table__cell pl-number">${cell}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

function chartFigure(id: string, title: string, description: string, bars: readonly Bar[], table: Html): Html {
  return html`<figure class="pl-chart-figure" aria-labelledby="${id}-caption"><figcaption id="${id}-caption">${title}</figcaption>${barChart({ id, title, description, bars })}</figure>${table}`;
}

function reportBody(context: PageContext, report: AnnualReport): Html {
  const t = textsIn(TEXTS, context.lang);
  const lang = context.lang;
  const year = report.year;
  const n = (value: number | null) => number(lang, value);
  const share = (value: Share) => (value.share === null ? `${value.count} / ${value.of}` : t('share', { count: value.count, of: value.of, percent: new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(value.share) }));
  const total: BreachFigures = report.total;
  const line = (key: Key, value: string): readonly [string, string] => [t(key), value];
  const months = report.byMonth;
  const lateCodes = [...LATE_REASON_CODES, 'no-reason'] as const;
  const dpias = report.dpias;
  const register = report.processingRegister;
  const audits = report.audits;
  return html`
    <section aria-labelledby="figures-title"><h2 class="utrecht-heading-2" id="figures-title">${t('figuresTitle')}</h2>
      ${figuresTable(t('figuresCaption', { year }), [t('figure'), t('value')], [
        line('registered', n(total.registered)),
        line('notReportable', n(total.notReportable)),
        line('awaitingReport', n(total.awaitingReport)),
        line('reported', n(total.reported)),
        line('reportedOnTime', n(total.reportedOnTime)),
        line('reportedLate', n(total.reportedLate)),
        line('lateReasonNotAccepted', n(total.lateReasonNotAccepted)),
        line('lateWithoutReason', n(total.lateWithoutReason)),
        line('lateWithoutValidExcuse', n(total.lateWithoutValidExcuse)),
        line('verdictsContradictingAp', n(total.verdictsContradictingAp)),
        line('dpoInformed', share(total.dpoInformed)),
        line('dpoInformedBeforeReport', share(total.dpoInformedBeforeReport)),
        line('median', n(total.hoursToReport.median)),
        line('p90', n(total.hoursToReport.p90)),
        line('notified', `${n(total.dataSubjectsNotified.breaches)} / ${n(total.dataSubjectsNotified.persons)}`),
        line('withdrawn', n(total.withdrawn)),
        line('refiled', n(total.refiled)),
        line('closedWithoutRootCause', n(total.closedWithoutRootCause)),
      ], 'figures-total')}
    </section>
    <section aria-labelledby="month-title"><h2 class="utrecht-heading-2" id="month-title">${t('monthTitle')}</h2>
      ${chartFigure(
        'chart-months',
        t('monthChart', { year }),
        t('monthDesc'),
        months.map((month) => ({ label: monthName(month.month, lang), value: month.reported })),
        figuresTable(
          t('monthCaption', { year }),
          [t('month'), t('registered'), t('reported'), t('reportedOnTime'), t('reportedLate'), t('notReportable')],
          months.map((month) => [monthName(month.month, lang), n(month.registered), n(month.reported), n(month.reportedOnTime), n(month.reportedLate), n(month.notReportable)]),
          'table-months',
        ),
      )}
    </section>
    <section aria-labelledby="dienst-title"><h2 class="utrecht-heading-2" id="dienst-title">${t('dienstTitle')}</h2>
      ${figuresTable(
        t('dienstCaption', { year }),
        [t('dienst'), t('registered'), t('reported'), t('reportedLate'), t('lateWithoutValidExcuse'), t('dpoInformed')],
        report.byDienst.map((row) => [context.dienstName(row.dienst), n(row.registered), n(row.reported), n(row.reportedLate), n(row.lateWithoutValidExcuse), share(row.dpoInformed)]),
        'table-diensten',
      )}
    </section>
    <section aria-labelledby="late-title"><h2 class="utrecht-heading-2" id="late-title">${t('lateTitle')}</h2>
      ${chartFigure(
        'chart-late',
        t('lateChart', { year }),
        t('lateDesc'),
        report.lateReasonsByDienst.map((row) => ({ label: row.dienst, value: row.reportedLate })),
        figuresTable(
          t('lateCaption', { year }),
          [t('dienst'), ...lateCodes.map((code) => labelOf('lateReason', code, lang)), t('total')],
          report.lateReasonsByDienst.map((row) => [context.dienstName(row.dienst), ...lateCodes.map((code) => n(row.byReason[code])), n(row.reportedLate)]),
          'table-late',
        ),
      )}
    </section>
    <section aria-labelledby="dpia-title"><h2 class="utrecht-heading-2" id="dpia-title">${t('dpiaTitle')}</h2>
      ${chartFigure(
        'chart-dpias',
        t('dpiaChart', { year }),
        t('dpiaDesc', { year }),
        dpias.byDienst.map((row) => ({ label: row.dienst, value: row.started })),
        figuresTable(
          t('dpiaCaption', { year }),
          [t('dienst'), t('started'), t('completed'), t('abandoned'), t('inProgress')],
          [...dpias.byDienst.map((row) => [context.dienstName(row.dienst), n(row.started), n(row.completed), n(row.abandoned), n(row.inProgress)] as const), [t('total'), n(dpias.total.started), n(dpias.total.completed), n(dpias.total.abandoned), n(dpias.total.inProgress)] as const],
          'table-dpias',
        ),
      )}
      <p class="utrecht-paragraph">${t('dpiaWithoutAdvice')}: ${n(dpias.completedWithoutDpoAdvice.length)}. ${t('dpiaHighRisk')}: ${n(dpias.highRiskWithoutPriorConsultation.length)}.</p>
    </section>
    <section aria-labelledby="register-title"><h2 class="utrecht-heading-2" id="register-title">${t('registerTitle')}</h2>
      ${figuresTable(t('registerCaption', { year }), [t('figure'), t('value')], [
        line('registered', n(register.registered)),
        line('amendments', n(register.amendments)),
        line('published', n(register.published)),
        line('retired', n(register.retired)),
        line('atYearEnd', n(register.atYearEnd.activities)),
        line('complete', n(register.atYearEnd.complete)),
        line('missingOwner', n(register.atYearEnd.missingOwner)),
        line('missingLegalBasis', n(register.atYearEnd.missingLegalBasis)),
        line('dpiaNeededWithoutDpia', n(register.atYearEnd.dpiaNeededWithoutDpia)),
      ])}
    </section>
    <section aria-labelledby="audits-title"><h2 class="utrecht-heading-2" id="audits-title">${t('auditsTitle')}</h2>
      ${figuresTable(t('auditsCaption', { year }), [t('figure'), t('value')], [
        line('auditsCompleted', `${n(audits.auditsCompleted.total)} (${n(audits.auditsCompleted.internal)} / ${n(audits.auditsCompleted.external)})`),
        line('issued', n(audits.recommendations.issued)),
        line('implemented', n(audits.recommendations.implemented)),
        line('recDpoInformed', n(audits.recommendations.dpoInformed)),
        line('openAtYearEnd', n(audits.recommendations.openAtYearEnd)),
        line('earlierOpen', n(audits.recommendations.earlierOpenAtYearEnd)),
      ])}
    </section>`;
}

function yearForm(context: PageContext, year: number): Html {
  const t = textsIn(TEXTS, context.lang);
  return html`<form method="get" action="/app/reports/annual" class="pl-filter" aria-label="${t('chooseYear')}">
    ${textField({ lang: context.lang, name: 'year', type: 'number', label: t('year'), value: String(year), errors: {}, required: true })}
    <div class="pl-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('show')}</button></div>
  </form>`;
}

function downloads(context: PageContext, year: number): Html {
  const t = textsIn(TEXTS, context.lang);
  return html`<nav aria-labelledby="downloads-title"><h2 class="utrecht-heading-2" id="downloads-title">${t('downloads')}</h2><ul class="utrecht-unordered-list">
    ${(['csv', 'xlsx', 'pdf'] as const).map((format) => html`<li><a class="utrecht-link" href="/app/reports/annual/${year}/export?format=${format}" download aria-label="${t('downloadOf', { year, format: t(format) })}">${t(format)}</a></li>`)}
  </ul></nav>`;
}

async function annualPage(context: PageContext, year: number) {
  const t = textsIn(TEXTS, context.lang);
  const title = t('title', { year });
  const answer = await context.api.view<AnnualReport>(`/reports/annual/${year}`);
  if (!answer.ok) {
    const refused = unavailable(context, title, answer.problem);
    return { page: pageDocument(context, title, html`${refused.page}${yearForm(context, year)}`), status: refused.status };
  }
  const body = html`${heading(title)}
    <p class="utrecht-paragraph">${t('intro', { year })}</p>
    ${yearForm(context, year)}
    ${downloads(context, year)}
    ${reportBody(context, answer.body)}`;
  return { page: pageDocument(context, title, body) };
}

/** The FG's annual report: the figures of GET /reports/annual/:year in tables and charts, and its exports. */
export const ANNUAL_REPORT_ROUTES: readonly WebRoute[] = [
  {
    method: 'GET',
    path: '/app/reports/annual',
    permission: 'read-reports',
    async handle(context) {
      const asked = (context.request.query as { year?: string }).year;
      if (asked !== undefined) {
        const year = yearOf(asked.trim());
        if (year !== undefined) return { redirect: `/app/reports/annual/${year}` };
      }
      return annualPage(context, currentYear());
    },
  },
  {
    method: 'GET',
    path: '/app/reports/annual/:year',
    permission: 'read-reports',
    async handle(context) {
      const year = yearOf((context.request.params as { year: string }).year);
      const t = textsIn(TEXTS, context.lang);
      if (year === undefined) return { page: pageDocument(context, t('badYear'), html`${heading(t('badYear'))}${yearForm(context, currentYear())}`), status: 404 };
      return annualPage(context, year);
    },
  },
  {
    method: 'GET',
    path: '/app/reports/annual/:year/export',
    permission: 'read-reports',
    async handle(context) {
      const t = textsIn(TEXTS, context.lang);
      const year = yearOf((context.request.params as { year: string }).year);
      const format = (context.request.query as { format?: string }).format;
      if (year === undefined || format === undefined || !Object.hasOwn(EXPORT_FORMATS, format)) {
        return { page: pageDocument(context, t('pageTitle'), html`${heading(t('pageTitle'))}${problemAlert(context.lang, { type: 'about:blank', title: 'Not found', status: 404, detail: 'format must be csv, xlsx or pdf', code: 'format-not-available' })}`), status: 404 };
      }
      const file = await context.api.file(`/reports/annual/${year}?lang=${context.lang}`, EXPORT_FORMATS[format as ExportFormat]);
      if ('problem' in file) {
        const refused = unavailable(context, t('title', { year }), file.problem);
        return { page: pageDocument(context, t('title', { year }), refused.page), status: refused.status };
      }
      return { file: { contentType: file.contentType, contentDisposition: file.contentDisposition ?? `attachment; filename="jaarverslag-${year}.${format}"`, body: file.body } };
    },
  },
];
