import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachAssessedData, BreachEvent } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/** Assess the risk and take the notification decisions. A reassessment replaces the last one. */
export type AssessBreach = BreachAssessedData;

export function decideAssessBreach(command: AssessBreach, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  requireNotInFuture('assessedAt', command.assessedAt, context);
  requireNotBefore('assessedAt', command.assessedAt, 'awareAt', breach.facts.awareAt);
  // The latest assessment counts, so a reassessment may not claim to precede it.
  requireNotBefore('assessedAt', command.assessedAt, 'previousAssessedAt', breach.assessment?.assessedAt ?? null);
  const { risk, reportable, notifyDataSubjects } = command;
  const rationale = command.rationale?.trim() || null;
  // Art. 33(1): notify the AP "unless the personal data breach is unlikely to result in a
  // risk". Only 'none' may stay unreported; 'none' may still be reported out of caution.
  if (risk !== 'none' && !reportable) {
    throw new DomainError('risk-requires-report', `a breach assessed as '${risk}' must be reported to the AP (Art. 33(1)); only 'none' may stay unreported`, { risk });
  }
  // Art. 34(1): the communication to the data subjects is owed for a high risk only.
  if (notifyDataSubjects && risk !== 'high') {
    throw new DomainError('notification-requires-high-risk', `notifying the data subjects (Art. 34) follows a high risk, not '${risk}'`, { risk });
  }
  // Art. 33(5): the reasoning behind not reporting must be documented.
  if (!reportable && rationale === null) {
    throw new DomainError('not-reportable-requires-rationale', 'a breach assessed as not reportable needs the reasoning behind that decision (Art. 33(5))', { field: 'rationale' });
  }
  // Art. 34(3): a high risk without communication needs its ground; the waiver records it formally.
  if (risk === 'high' && !notifyDataSubjects && rationale === null) {
    throw new DomainError('high-risk-without-notification-requires-rationale', 'a high risk without notifying the data subjects needs the reasoning (an Art. 34(3) ground)', { field: 'rationale' });
  }
  // The AP's mechanism for a report that proves unnecessary is withdrawal, not a quiet reassessment.
  if (!reportable && breach.report !== null && breach.report.withdrawnAt === null) {
    throw new DomainError(
      'report-not-withdrawn',
      `the breach was reported to the AP at ${breach.report.reportedAt} (${breach.report.apReference}); withdraw that report before assessing the breach as not reportable`,
      { reportedAt: breach.report.reportedAt, apReference: breach.report.apReference },
    );
  }
  return [{ type: 'BreachAssessed', data: { assessedAt: command.assessedAt, risk, severity: command.severity, reportable, notifyDataSubjects, rationale } }];
}

export class AssessBreachCommand {
  constructor(
    readonly breachId: string,
    readonly payload: AssessBreach,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AssessBreachCommand)
export class AssessBreachHandler implements ICommandHandler<AssessBreachCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: AssessBreachCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideAssessBreach(payload, state, context));
  }
}
