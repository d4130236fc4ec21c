import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent, CorrectableFacts, CorrectableField, Correction, DataSubjectCount, LateReason } from '../breach.events.js';
import {
  clockStart,
  correctionOutcome,
  elapsedHours,
  requireBreach,
  requireDataSubjectRange,
  requireKnownDienst,
  requireNotBefore,
  requireNotInFuture,
  requireProcessorForInformedAt,
  requireText,
  type DecisionContext,
} from '../breach.rules.js';
import type { BreachState, ExistingBreach } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/** A field to correct and its new value; the old value is taken from the record, never from the client. */
export type FactChange = { readonly [F in CorrectableField]: { readonly field: F; readonly to: CorrectableFacts[F] } }[CorrectableField];

/**
 * Correct recorded facts that proved wrong. Art. 5(1)(d): personal data and the register
 * must be accurate, so this is allowed after closure; the old values stay in the log.
 */
export interface CorrectBreachDetails {
  readonly changes: readonly FactChange[];
  readonly reason: string;
  /** Only when the correction makes the filed report late (Art. 33(1)). */
  readonly lateReason: LateReason | null;
}

type Recorded = Omit<CorrectableFacts, 'reportedAt' | 'apReference'> & { readonly reportedAt: string | null; readonly apReference: string | null };

const TIME_FIELDS: ReadonlySet<CorrectableField> = new Set(['awareAt', 'occurredFrom', 'occurredTo', 'reportedAt', 'processorInformedAt']);

export function decideCorrectBreachDetails(command: CorrectBreachDetails, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireBreach(state);
  requireText('reason', command.reason, 'correction-requires-reason', 'say why the recorded facts are corrected');
  if (command.changes.length === 0) throw new DomainError('nothing-to-correct', 'name at least one field to correct');
  // reportedAt is the first filing's (it decides lateness); apReference the standing filing's.
  const before: Recorded = { ...breach.facts, reportedAt: breach.report?.firstReportedAt ?? null, apReference: breach.report?.apReference ?? null };
  const corrections = command.changes.map((change, index) => toCorrection(change, before, command.changes.slice(0, index)));
  const after = command.changes.reduce<Recorded>((facts, change) => ({ ...facts, [change.field]: change.to }), before);
  requireValidFacts(after, new Set(command.changes.map((change) => change.field)), context);
  if (command.changes.some((change) => change.field === 'processorInformedAt')) requireProcessorForInformedAt(after.processorInformedAt, breach.facts.discovery.processor, context);
  const lateReason = judgeLateness(command.lateReason, breach, after, corrections);
  return [{ type: 'BreachDetailsCorrected', data: { corrections, reason: command.reason.trim(), lateReason } }];
}

function toCorrection(change: FactChange, before: Recorded, earlier: readonly FactChange[]): Correction {
  const { field } = change;
  if (earlier.some((other) => other.field === field)) throw new DomainError('field-corrected-twice', `${field} is corrected twice in one correction`, { field });
  const from = before[field];
  if ((field === 'reportedAt' || field === 'apReference') && from === null) {
    throw new DomainError('not-reported', `the breach has not been reported to the AP, so there is no ${field} to correct`, { field });
  }
  if (canonical(field, from) === canonical(field, change.to)) {
    throw new DomainError('correction-changes-nothing', `${field} already has the value given`, { field });
  }
  return { field, from, to: change.to } as Correction;
}

/** The corrected facts obey the rules of registration (and of the report), judged where a correction touches them. */
function requireValidFacts(after: Recorded, touched: ReadonlySet<CorrectableField>, context: DecisionContext): void {
  const anyOf = (...fields: CorrectableField[]) => fields.some((field) => touched.has(field));
  if (touched.has('dienst')) requireKnownDienst(after.dienst, context);
  for (const field of TIME_FIELDS) {
    const time = after[field] as string | null;
    if (touched.has(field) && time !== null) requireNotInFuture(field, time, context);
  }
  if (anyOf('occurredFrom', 'occurredTo') && after.occurredTo !== null) requireNotBefore('occurredTo', after.occurredTo, 'occurredFrom', after.occurredFrom);
  // One cannot become aware of a breach before it began, nor report it before becoming aware.
  if (anyOf('awareAt', 'occurredFrom')) requireNotBefore('awareAt', after.awareAt, 'occurredFrom', after.occurredFrom);
  if (anyOf('awareAt', 'reportedAt') && after.reportedAt !== null) requireNotBefore('reportedAt', after.reportedAt, 'awareAt', after.awareAt);
  if (touched.has('dataSubjects') && after.dataSubjects.kind === 'range') requireDataSubjectRange(after.dataSubjects.min, after.dataSubjects.max);
}

/**
 * A corrected awareAt moves the deadline (and a corrected reportedAt the filing). Art. 33(1):
 * when that makes the filed report late and it carries no reason for the delay, the correction
 * must carry one; a reason on a correction that does not make the report late is refused.
 */
function judgeLateness(lateReason: LateReason | null, breach: ExistingBreach, after: Recorded, corrections: readonly Correction[]): LateReason | null {
  const report = breach.report;
  // What the correction would change, as the state and the views will apply it (one rule: correctionOutcome).
  const { deadline, filing } = correctionOutcome(breach.facts, report, { corrections, lateReason });
  const firstReportedAt = after.reportedAt;
  const makesLate = report !== null && filing !== null && filing.late && !report.late;
  if (makesLate && lateReason === null && report.lateReason === null) {
    const hoursAfterAwareness = Math.round(elapsedHours(clockStart(after), firstReportedAt as string) * 10) / 10;
    throw new DomainError('late-report-requires-reason', `corrected, the report comes ${hoursAfterAwareness} hours after awareness, past the deadline of ${deadline}: give the reason for the delay`, {
      deadline,
      reportedAt: firstReportedAt,
      hoursAfterAwareness,
    });
  }
  if (!makesLate && lateReason !== null) {
    throw new DomainError('late-reason-not-applicable', 'the correction does not make the filed report late; a reason for delay does not apply', { deadline });
  }
  return lateReason;
}

/** One spelling per value: times by instant, lists as sets, the data-subject count by its parts. */
function canonical(field: CorrectableField, value: unknown): string {
  if (value === null) return 'null';
  if (TIME_FIELDS.has(field)) return String(Date.parse(value as string));
  if (Array.isArray(value)) return JSON.stringify([...(value as string[])].sort());
  if (field === 'dataSubjects') {
    const count = value as DataSubjectCount;
    return JSON.stringify(count.kind === 'exact' ? [count.kind, count.count] : count.kind === 'range' ? [count.kind, count.min, count.max] : [count.kind]);
  }
  return JSON.stringify(value);
}

export class CorrectBreachDetailsCommand {
  constructor(
    readonly breachId: string,
    readonly payload: CorrectBreachDetails,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CorrectBreachDetailsCommand)
export class CorrectBreachDetailsHandler implements ICommandHandler<CorrectBreachDetailsCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: CorrectBreachDetailsCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideCorrectBreachDetails(payload, state, context));
  }
}
