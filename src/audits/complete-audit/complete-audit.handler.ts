import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { AuditCommands } from '../audit-commands.js';
import { decideCompleteAudit, type CompleteAudit } from './complete-audit.decide.js';

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
