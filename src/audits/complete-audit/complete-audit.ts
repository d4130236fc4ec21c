import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { AuditCommands } from '../audit-commands.js';
import type { AuditCompletedData, AuditEvent } from '../audit.events.js';
import { requireNotInFuture, requireText, type DecisionContext } from '../audit.rules.js';
import type { AuditState } from '../audit.state.js';

/**
 * Record a completed audit with its findings (the Wpg: a yearly internal and a four-yearly
 * external audit). The privacy officers or the CPO record it from the audit's report; the
 * auditor writes nothing in the ledger.
 */
export type CompleteAudit = AuditCompletedData;

export function decideCompleteAudit(command: CompleteAudit, state: AuditState, context: DecisionContext): AuditEvent[] {
  if (state.status !== 'none') throw new DomainError('audit-already-completed', `audit ${command.auditId} has already been recorded`);
  requireText('title', command.title, 'audit-requires-title', 'an audit needs a title');
  requireText('auditor', command.auditor, 'audit-requires-auditor', 'an audit names who carried it out');
  requireText('scope', command.scope, 'audit-requires-scope', 'an audit states its scope');
  requireNotInFuture('completedAt', command.completedAt, context);
  const seen = new Set<string>();
  const findings = command.findings.map((finding, index) => {
    requireText(`findings[${index}].findingId`, finding.findingId, 'finding-requires-id', 'every finding needs its reference in the report');
    requireText(`findings[${index}].description`, finding.description, 'finding-requires-description', 'describe every finding');
    const findingId = finding.findingId.trim();
    if (seen.has(findingId)) throw new DomainError('duplicate-finding', `finding ${findingId} occurs twice`, { findingId });
    seen.add(findingId);
    return { findingId, description: finding.description.trim() };
  });
  return [
    {
      type: 'AuditCompleted',
      data: { ...command, title: command.title.trim(), auditor: command.auditor.trim(), scope: command.scope.trim(), findings, regime: command.regime ?? 'avg' },
    },
  ];
}

export class CompleteAuditCommand {
  constructor(
    readonly payload: CompleteAudit,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CompleteAuditCommand)
export class CompleteAuditHandler implements ICommandHandler<CompleteAuditCommand, CommandOutcome> {
  constructor(private readonly audits: AuditCommands) {}

  execute({ payload, envelope }: CompleteAuditCommand): Promise<CommandOutcome> {
    return this.audits.handle(payload.auditId, envelope, (state, context) => decideCompleteAudit(payload, state, context), true);
  }
}
