import type { AssessBreach } from '../../breaches/assess-breach/assess-breach.js';
import { CIA_ASPECTS, INCIDENT_KINDS, NOTIFICATION_CHANNELS, REPORT_PHASES, RISK_LEVELS, SEVERITIES, type DataSubjectCount, type LateReasonCode, type RiskLevel, type Severity } from '../../breaches/breach.events.js';
import { LATE_REASON_CODES } from '../../breaches/breach.rules.js';
import type { CloseBreach } from '../../breaches/close-breach/close-breach.js';
import type { InformDpo } from '../../breaches/inform-dpo/inform-dpo.js';
import type { NotifyDataSubjects } from '../../breaches/notify-data-subjects/notify-data-subjects.js';
import type { RegisterBreach } from '../../breaches/register-breach/register-breach.js';
import type { ReportBreachToAP } from '../../breaches/report-breach-to-ap/report-breach-to-ap.js';
import type { ColumnSpec } from '../csv-table.js';
import type { RowReader } from '../row-reader.js';

/** The columns of a breach import (README.md "Breaches"). */
export const BREACH_COLUMNS: ColumnSpec = {
  required: ['title', 'description', 'dienst', 'aware_at', 'reportable'],
  optional: [
    'registered_at',
    'occurred_from',
    'occurred_to',
    'discovered_how',
    'processor',
    'cia_aspects',
    'incident_kind',
    'data_categories',
    'special_categories',
    'bsn',
    'criminal_data',
    'encrypted',
    'data_subjects',
    'risk',
    'severity',
    'notify_data_subjects',
    'assessed_at',
    'rationale',
    'reported_at',
    'ap_reference',
    'report_phase',
    'late_reason_code',
    'late_reason_explanation',
    'dpo_informed_at',
    'dpo_informed_by',
    'data_subjects_notified_at',
    'data_subjects_notified_count',
    'notification_channel',
    'closed_at',
    'closing_summary',
  ],
};

/** What an old register rarely says, recorded as not known rather than invented. */
export const NOT_RECORDED = 'not recorded in the imported register';

/** The commands one row of a breach import stands for; null where the row does not say. */
export interface BreachRowCommands {
  readonly register: RegisterBreach;
  readonly informDpo: InformDpo | null;
  readonly assess: AssessBreach;
  readonly report: ReportBreachToAP | null;
  readonly notify: NotifyDataSubjects | null;
  readonly close: CloseBreach | null;
}

/** The least severity that goes with a risk level, when the row gives none. */
const SEVERITY_OF: { readonly [R in RiskLevel]: Severity } = { none: 'verwaarloosbaar', risk: 'beperkt', high: 'aanzienlijk' };

/** Reads a row's cells into the commands it stands for; null when a cell is refused (the reader holds why). */
export function readBreachRow(read: RowReader, breachId: string): BreachRowCommands | null {
  const register = readRegistration(read, breachId);
  const notifiedAt = read.time('data_subjects_notified_at');
  const notify = readNotification(read, notifiedAt);
  const reportable = read.yesNo('reportable');
  const notifyDataSubjects = read.yesNo('notify_data_subjects', notifiedAt !== null);
  const risk = read.oneOf('risk', RISK_LEVELS, notifyDataSubjects ? 'high' : reportable ? 'risk' : 'none');
  const severity = read.oneOf('severity', SEVERITIES, SEVERITY_OF[risk ?? 'none']);
  const registeredAt = read.time('registered_at');
  const assessedAt = read.time('assessed_at') ?? registeredAt ?? register?.awareAt ?? null;
  const rationale = read.text('rationale', { long: true });
  const report = readReport(read);
  const informedAt = read.time('dpo_informed_at');
  const informedBy = read.text('dpo_informed_by') ?? NOT_RECORDED;
  const closedAt = read.time('closed_at');
  const summary = read.text('closing_summary', { long: true }) ?? '';
  if (read.refusals.length > 0 || register === null || reportable === null || notifyDataSubjects === null || risk === null || severity === null || assessedAt === null) return null;
  return {
    register,
    informDpo: informedAt === null ? null : { informedAt, informedBy },
    assess: { assessedAt, risk, severity, reportable, notifyDataSubjects, rationale },
    report,
    notify,
    close: closedAt === null ? null : { closedAt, summary },
  };
}

function readRegistration(read: RowReader, breachId: string): RegisterBreach | null {
  const title = read.text('title', { required: true });
  const description = read.text('description', { required: true, long: true });
  const dienst = read.text('dienst', { required: true });
  const awareAt = read.time('aware_at', { required: true });
  const occurredFrom = read.time('occurred_from');
  const occurredTo = read.time('occurred_to');
  const how = read.text('discovered_how') ?? NOT_RECORDED;
  const processor = read.text('processor');
  const ciaAspects = read.list('cia_aspects').map((aspect) => aspect.toLowerCase());
  const unknownAspect = ciaAspects.find((aspect) => !(CIA_ASPECTS as readonly string[]).includes(aspect));
  if (unknownAspect !== undefined) read.refuse('cia_aspects', 'invalid-value', `cia_aspects lists ${JSON.stringify(unknownAspect)}; the aspects are ${CIA_ASPECTS.join(', ')}`);
  const incidentKind = read.oneOf('incident_kind', INCIDENT_KINDS, 'other');
  const dataCategories = read.list('data_categories');
  const [specialCategories, bsn, criminalData, encrypted] = ['special_categories', 'bsn', 'criminal_data', 'encrypted'].map((column) => read.yesNo(column, false));
  const dataSubjects = readDataSubjects(read);
  if (title === null || description === null || dienst === null || awareAt === null || incidentKind === null || dataSubjects === null) return null;
  return {
    breachId,
    title,
    description,
    dienst,
    awareAt,
    occurredFrom,
    occurredTo,
    discovery: { how, processor },
    ciaAspects: ciaAspects as RegisterBreach['ciaAspects'],
    incidentKind,
    dataCategories,
    specialCategories: specialCategories ?? false,
    bsn: bsn ?? false,
    criminalData: criminalData ?? false,
    dataSubjects,
    encrypted: encrypted ?? false,
  };
}

/** `12` (exact), `10-50` (a range), or blank / `unknown`. */
function readDataSubjects(read: RowReader): DataSubjectCount | null {
  const value = read.cell('data_subjects').toLowerCase();
  if (value === '' || value === 'unknown') return { kind: 'unknown' };
  const exact = /^(\d{1,9})$/.exec(value);
  if (exact) return { kind: 'exact', count: Number(exact[1]) };
  const range = /^(\d{1,9})\s*-\s*(\d{1,9})$/.exec(value);
  if (range) return { kind: 'range', min: Number(range[1]), max: Number(range[2]) };
  return read.refuse('data_subjects', 'invalid-value', `data_subjects must be a number (12), a range (10-50) or unknown, not ${JSON.stringify(read.cell('data_subjects'))}`);
}

function readReport(read: RowReader): ReportBreachToAP | null {
  const reportedAt = read.time('reported_at');
  const apReference = read.text('ap_reference', { required: reportedAt !== null });
  const phase = read.oneOf('report_phase', REPORT_PHASES, 'final');
  const code = read.oneOf<LateReasonCode>('late_reason_code', LATE_REASON_CODES, 'other');
  const explanation = read.text('late_reason_explanation', { long: true, required: read.has('late_reason_code') });
  if (reportedAt === null) {
    for (const column of ['ap_reference', 'report_phase', 'late_reason_code', 'late_reason_explanation']) {
      if (read.has(column)) read.refuse(column, 'not-reported', `${column} is given but reported_at is blank`);
    }
    return null;
  }
  if (apReference === null || phase === null || code === null) return null;
  const lateReason = read.has('late_reason_code') && explanation !== null ? { code, explanation } : null;
  if (lateReason === null && explanation !== null) read.refuse('late_reason_code', 'value-required', 'late_reason_code is required with late_reason_explanation');
  return { reportedAt, apReference, phase, lateReason };
}

function readNotification(read: RowReader, notifiedAt: string | null): NotifyDataSubjects | null {
  const count = read.integer('data_subjects_notified_count', 1);
  const channel = read.oneOf('notification_channel', NOTIFICATION_CHANNELS, 'other');
  if (notifiedAt === null) {
    for (const column of ['data_subjects_notified_count', 'notification_channel']) {
      if (read.has(column)) read.refuse(column, 'not-notified', `${column} is given but data_subjects_notified_at is blank`);
    }
    return null;
  }
  if (count === null) return read.refuse('data_subjects_notified_count', 'value-required', 'data_subjects_notified_count is required with data_subjects_notified_at');
  return channel === null ? null : { notifiedAt, count, channel };
}
