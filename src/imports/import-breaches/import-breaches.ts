import { decideAssessBreach } from '../../breaches/assess-breach/assess-breach.js';
import { BREACH_EVENT_SCHEMA_VERSIONS, type BreachEvent } from '../../breaches/breach.events.js';
import { evolve, initialState, type BreachState } from '../../breaches/breach.state.js';
import { decideCloseBreach, type CloseBreach } from '../../breaches/close-breach/close-breach.js';
import { decideInformDpo } from '../../breaches/inform-dpo/inform-dpo.js';
import { decideNotifyDataSubjects } from '../../breaches/notify-data-subjects/notify-data-subjects.js';
import { decideRegisterBreach } from '../../breaches/register-breach/register-breach.js';
import { decideReportBreachToAP, type ReportBreachToAP } from '../../breaches/report-breach-to-ap/report-breach-to-ap.js';
import type { DecisionContext } from '../../breaches/breach.rules.js';
import { DomainError } from '../../shared/domain-error.js';
import type { JsonObject } from '../../shared/json.js';
import { duplicateRows, type CsvTable } from '../csv-table.js';
import { decideOrRefuse, planImport, planned, type ImportPlan, type ImportPlanning, type RefusalColumns, type RowOutcome } from '../import-plan.js';
import { RowReader } from '../row-reader.js';
import { readBreachRow, type BreachRowCommands } from './breach-row.js';

/**
 * Past breaches from an existing register, one per row, become the events the commands
 * would have recorded: BreachDetected, then DpoInformed, BreachAssessed, BreachReportedToAP
 * and DataSubjectsNotified in the order of their times, then BreachClosed. Each is decided
 * by the command's own decide, folded with the slice's evolve, so every rule of the
 * commands holds for imported history (diensten, times not in the future and in order,
 * Art. 33/34 decisions, closure). One exception, and only here: a late report without a
 * reason, because the old register did not record one (the annual report counts these as
 * "late without any recorded reason", docs/domain.md).
 */
export function decideImportBreaches(table: CsvTable, context: DecisionContext): ImportPlan {
  return planned(planBreachImport(table, context));
}

/** The same, in slices (import-plan.ts `planInSlices`). */
export function planBreachImport(table: CsvTable, context: DecisionContext): ImportPlanning {
  // The same breach twice in one file: every cell the same.
  const duplicates = duplicateRows(table.rows, (row) => JSON.stringify(table.columns.map((column) => row.cells[column]?.toLowerCase())), 'the same breach');
  return planImport('breaches', table, duplicates, (row, breachId) => {
    const read = new RowReader(row);
    const commands = readBreachRow(read, breachId);
    if (commands === null) return { refused: read.refusals };
    return decideRow(commands, context, row.row);
  });
}

type Step = { readonly at: string; readonly decide: (state: BreachState) => readonly BreachEvent[] };

function decideRow(commands: BreachRowCommands, context: DecisionContext, row: number): RowOutcome {
  const { register, informDpo, assess, report, notify, close } = commands;
  const middle: Step[] = [
    ...(informDpo ? [{ at: informDpo.informedAt, decide: (s: BreachState) => decideInformDpo(informDpo, s, context) }] : []),
    { at: assess.assessedAt, decide: (s: BreachState) => decideAssessBreach(assess, s, context) },
    ...(report ? [{ at: report.reportedAt, decide: (s: BreachState) => reportAsImported(report, s, context) }] : []),
    ...(notify ? [{ at: notify.notifiedAt, decide: (s: BreachState) => decideNotifyDataSubjects(notify, s, context) }] : []),
  ];
  // In the order they happened (stable: on a tie, as listed), as the commands would have come.
  middle.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const steps = [(s: BreachState) => decideRegisterBreach(register, s, context), ...middle.map((step) => step.decide), ...(close ? [(s: BreachState) => closeAsImported(close, s, context)] : [])];
  return decideOrRefuse(row, COLUMNS, () => {
    const events: BreachEvent[] = [];
    let state = initialState();
    for (const step of steps) {
      for (const event of step(state)) {
        events.push(event);
        state = evolve(state, event);
      }
    }
    return events.map((event) => ({ type: event.type, schemaVersion: BREACH_EVENT_SCHEMA_VERSIONS[event.type], data: event.data as unknown as JsonObject }));
  });
}

/**
 * The report as the command decides it, but a late one may lack its reason: the old
 * register did not record one. Every other check of the command still holds, because the
 * missing reason is the last thing the command checks.
 */
function reportAsImported(report: ReportBreachToAP, state: BreachState, context: DecisionContext): BreachEvent[] {
  try {
    return decideReportBreachToAP(report, state, context);
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'late-report-requires-reason') || state.status === 'none') throw error;
    return [{ type: 'BreachReportedToAP', data: { ...report, apReference: report.apReference.trim(), deadline: state.deadline, late: true, lateReason: null } }];
  }
}

/**
 * The closure as the command decides it, but a reported breach may close without a root
 * cause: the old register did not record causes (the annual report counts these as closed
 * without a root cause). The root cause is the last thing the command checks.
 */
function closeAsImported(close: CloseBreach, state: BreachState, context: DecisionContext): BreachEvent[] {
  try {
    return decideCloseBreach(close, state, context);
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'closure-requires-root-cause')) throw error;
    return [{ type: 'BreachClosed', data: { closedAt: close.closedAt, summary: close.summary.trim() } }];
  }
}

/** The CSV column a refusal is about: by the field the rule names, else by its code. */
const COLUMNS: RefusalColumns = {
  fields: {
    awareAt: 'aware_at',
    occurredFrom: 'occurred_from',
    occurredTo: 'occurred_to',
    informedAt: 'dpo_informed_at',
    informedBy: 'dpo_informed_by',
    dpoInformedAt: 'dpo_informed_at',
    assessedAt: 'assessed_at',
    rationale: 'rationale',
    reportedAt: 'reported_at',
    notifiedAt: 'data_subjects_notified_at',
    closedAt: 'closed_at',
    summary: 'closing_summary',
  },
  codes: {
    'unknown-dienst': 'dienst',
    'invalid-data-subject-range': 'data_subjects',
    'risk-requires-report': 'reportable',
    'notification-requires-high-risk': 'risk',
    'report-not-late': 'late_reason_code',
    'assessed-not-reportable': 'reportable',
    'not-reported': 'reported_at',
    'data-subjects-not-notified': 'data_subjects_notified_at',
    'not-assessed': 'reportable',
  },
};
