import { SeededRandom } from './breaches/generate-breach-year.js';
import { DEFAULT_LATE_REASON_WEIGHTS, DIENST_DATA, GENERIC_DATA, INCIDENT_TEMPLATES, LATE_EXPLANATIONS, NOT_REPORTABLE_RATIONALES } from './breaches/breach-year-texts.js';
import type { LateReasonCode } from '../../src/breaches/breach.events.js';

/**
 * The example registers shipped in docs/examples/, as an old spreadsheet would hold them: made
 * with the year generator's invented texts (no real person, no real case), in the shape of the
 * FG's 2021 figures: 255 breaches registered, 50 reported to the AP, 44 of them late.
 * `test/imports/example-registers.e2e.spec.ts` checks that the shipped files are exactly this
 * output and that the service accepts every row (and writes them when run with
 * WRITE_EXAMPLES=1).
 */

const DIENSTEN: readonly (readonly [string, number])[] = [['DBV', 12], ['OCW', 20], ['DPZ', 15], ['SZW', 30], ['DSB', 10], ['DSO', 8], ['BSD', 5]];
const HOUR = 3_600_000;
const YEAR_START = Date.UTC(2021, 0, 1);
const YEAR_MS = Date.UTC(2021, 11, 1) - YEAR_START;
const LATE_CODES = Object.entries(DEFAULT_LATE_REASON_WEIGHTS) as [LateReasonCode, number][];

const BREACH_COLUMNS = [
  'title', 'description', 'dienst', 'aware_at', 'registered_at', 'reportable', 'rationale', 'risk', 'incident_kind', 'cia_aspects', 'data_categories', 'data_subjects',
  'encrypted', 'dpo_informed_at', 'dpo_informed_by', 'reported_at', 'ap_reference', 'report_phase', 'late_reason_code', 'late_reason_explanation', 'closed_at', 'closing_summary',
] as const;

/** A time in the Netherlands' offset of that day (CET, or CEST from the last Sunday of March to the last of October, 2021). */
function local(ms: number): string {
  const summer = ms >= Date.UTC(2021, 2, 28, 1) && ms < Date.UTC(2021, 9, 31, 1);
  const offset = summer ? 2 : 1;
  const shifted = new Date(ms + offset * HOUR).toISOString().slice(0, 19);
  return `${shifted}+0${offset}:00`;
}

const cell = (value: string | number | boolean | null): string => {
  const text = value === null ? '' : typeof value === 'boolean' ? (value ? 'ja' : 'nee') : String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** `datalekken-2021.csv`: the breach register of 2021, `;`-separated as Dutch Excel saves it. */
export function exampleBreachRegister(): string {
  const random = new SeededRandom(2021);
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    let left = random.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of entries) if ((left -= weight) < 0) return value;
    return entries[entries.length - 1]![0];
  };
  const templates = INCIDENT_TEMPLATES.map((template) => [template, template.weight] as const);
  // 50 reported, 44 of them late; 6 of the late ones with no reason in the old register.
  const reported = new Set<number>();
  while (reported.size < 50) reported.add(random.int(0, 254));
  const order = [...reported];
  const onTime = new Set(order.slice(0, 6));
  const noReason = new Set(order.slice(6, 12));
  const rows = Array.from({ length: 255 }, (_, i) => {
    const template = weighted(templates);
    const dienst = weighted(DIENSTEN);
    const aware = YEAR_START + Math.floor(random.next() * YEAR_MS / 60_000) * 60_000;
    const registered = aware + Math.round(random.skewed(1, 96)) * HOUR;
    const isReported = reported.has(i);
    const reportedAt = isReported ? (onTime.has(i) ? aware + Math.round(random.between(4, 60)) * HOUR : aware + Math.round(random.skewed(74, 400)) * HOUR) : null;
    const lateCode = isReported && !onTime.has(i) && !noReason.has(i) ? weighted(LATE_CODES) : null;
    const informed = random.chance(0.3) ? registered + Math.round(random.between(1, 48)) * HOUR : null;
    const closed = Math.max(registered, reportedAt ?? 0, informed ?? 0) + Math.round(random.between(24, 900)) * HOUR;
    const count = random.chance(template.bulkChance) ? random.int(20, 400) : random.int(1, 3);
    const encrypted = random.chance(template.encryptedChance);
    const row: Record<(typeof BREACH_COLUMNS)[number], string | number | boolean | null> = {
      title: `${random.pick(template.titles)} (${dienst}-2021-${String(i + 1).padStart(3, '0')})`,
      description: random.pick(template.details),
      dienst,
      aware_at: local(aware),
      registered_at: local(registered),
      reportable: isReported,
      rationale: isReported ? null : encrypted ? 'The data was encrypted and the key was not compromised.' : random.pick(NOT_REPORTABLE_RATIONALES),
      risk: isReported ? 'risk' : 'none',
      incident_kind: template.kind,
      cia_aspects: template.cia.join('|'),
      data_categories: [...new Set([random.pick(GENERIC_DATA), random.pick(DIENST_DATA[dienst] ?? GENERIC_DATA)])].join('|'),
      data_subjects: count,
      encrypted,
      dpo_informed_at: informed === null ? null : local(informed),
      dpo_informed_by: informed === null ? null : `Privacy officer ${dienst}`,
      reported_at: reportedAt === null ? null : local(reportedAt),
      ap_reference: reportedAt === null ? null : `M-2021-${String(10_000 + i * 37).padStart(6, '0')}`,
      report_phase: reportedAt === null ? null : 'final',
      late_reason_code: lateCode,
      late_reason_explanation: lateCode === null ? null : random.pick(LATE_EXPLANATIONS[lateCode]),
      closed_at: local(closed),
      closing_summary: random.pick(template.containment),
    };
    return BREACH_COLUMNS.map((column) => cell(row[column])).join(';');
  });
  return `${[BREACH_COLUMNS.join(';'), ...rows].join('\r\n')}\r\n`;
}

const ACTIVITIES: readonly (readonly [string, string, string, string, string])[] = [
  ['Bijzondere bijstand', 'SZW', 'Assessing applications for special assistance:public-task', 'Seven years after the last payment', 'Name|BSN|Income|Household'],
  ['Schuldhulpverlening', 'SZW', 'Debt counselling:public-task', 'Seven years after the case is closed', 'Name|BSN|Debts|Income'],
  ['Participatiewet uitkeringen', 'SZW', 'Paying benefits:legal-obligation', 'Seven years after the benefit ends', 'Name|BSN|Income|Bank account'],
  ['Leerplicht', 'OCW', 'Enforcing compulsory education:legal-obligation', 'Five years after the pupil turns 23', "Child's name|School|Absence"],
  ['Jeugdhulp', 'OCW', 'Providing youth care:public-task', 'Fifteen years after the care ends', "Child's name|Youth care|Family situation"],
  ['Leerlingenvervoer', 'OCW', 'Arranging school transport:public-task', 'Two years after the school year', "Child's name|Address|Health"],
  ['Basisregistratie Personen', 'DPZ', 'Keeping the population register:legal-obligation', 'As the BRP Act requires', 'BRP record|Civil-status data'],
  ['Reisdocumenten', 'DPZ', 'Issuing passports and identity cards:legal-obligation', 'Eleven years after issue', 'Name|Photograph|Fingerprints'],
  ['Rijbewijzen', 'DPZ', "Issuing driving licences:legal-obligation", 'Eleven years after issue', 'Name|Photograph|Medical declaration'],
  ['Burgerlijke stand', 'DPZ', 'Registering births, marriages and deaths:legal-obligation', 'Permanent', 'Civil-status data'],
  ['Parkeervergunningen', 'DSB', 'Issuing parking permits:public-task', 'Two years after the permit ends', 'Name|Address|Licence plate'],
  ['Handhaving openbare ruimte', 'DSB', 'Enforcing local by-laws:public-task', 'Five years after the report', 'Name|Enforcement report'],
  ['Meldingen openbare ruimte', 'DSB', 'Handling reports about public space:public-task', 'One year after handling', 'Name|E-mail address|Location'],
  ['Cameratoezicht', 'DSB', 'Camera surveillance of public places:public-task', 'Four weeks', 'Images'],
  ['Omgevingsvergunningen', 'DSO', 'Granting environmental permits:legal-obligation', 'Permanent for granted permits', 'Name|Address|Permit application'],
  ['Woonruimteverdeling', 'DSO', 'Allocating housing:public-task', 'Five years after allocation', 'Name|Household|Housing situation|Income'],
  ['Overlastmeldingen', 'DSO', 'Handling nuisance reports:public-task', 'Two years after handling', 'Name|Address|Nuisance report'],
  ['Personeelsadministratie', 'DBV', 'Employing staff:contract', 'Seven years after employment ends', 'Personnel file|Salary|BSN'],
  ['Verzuimregistratie', 'DBV', 'Managing absence:legal-obligation', 'Two years after recovery', 'Absence'],
  ['Werving en selectie', 'DBV', 'Recruiting staff:contract|Keeping a pool of candidates:consent', 'Four weeks after the procedure, one year with consent', 'Name|CV|Contact details'],
  ['Klachtbehandeling', 'BSD', 'Handling complaints:legal-obligation', 'Five years after handling', 'Name|Complaint'],
  ['Raadsinformatie', 'BSD', 'Informing the council:public-task', 'Permanent', 'Name|Council correspondence'],
  ['Bezwaar en beroep', 'BSD', 'Handling objections:legal-obligation', 'Ten years after the decision', 'Name|Objection|Decision'],
  ['Wob- en Woo-verzoeken', 'BSD', 'Handling requests for public information:legal-obligation', 'Five years after the decision', 'Name|Request|Contact details'],
  ['Archief', 'BSD', 'Keeping records|Historical research:', 'Permanent', 'Name'],
];

/** `verwerkingsregister.csv`: a register of processing activities, `,`-separated. */
export function exampleProcessingRegister(): string {
  const columns = ['name', 'dienst', 'purposes', 'retention', 'dpia_needed', 'data_subject_categories', 'personal_data_categories', 'recipients', 'security_measures', 'owner_kind', 'owner_name', 'owner_reason', 'registered_at'];
  const rows = ACTIVITIES.map(([name, dienst, purposes, retention, data], i) => {
    // Two entries of the old register name no owner; the municipality-wide ones are the GS's.
    const owner = i % 9 === 8 ? ['', '', ''] : dienst === 'BSD' ? ['gs', 'Gemeentesecretaris', 'Municipality-wide: no director can be named'] : ['ad', `AD ${dienst}`, ''];
    const values = [name, dienst, purposes, retention, i % 4 === 0 ? 'yes' : 'no', 'Residents', data, i % 3 === 0 ? 'Processors under contract' : '', 'Role-based access|Logging', owner[0]!, owner[1]!, owner[2]!, local(Date.UTC(2021, 1, 1) + i * 24 * HOUR)];
    return values.map((value) => (/[,"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(',');
  });
  return `${[columns.join(','), ...rows].join('\r\n')}\r\n`;
}
