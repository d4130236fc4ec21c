import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { decideSetAlertRule, type SetAlertRule } from '../alert.rules.js';
import { AlertingCommands } from '../alerting-commands.js';

/** Add a rule, or replace one (of the configuration's too, by its id): recorded with the reason and who did it. */
export class SetAlertRuleCommand {
  constructor(
    readonly payload: SetAlertRule,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(SetAlertRuleCommand)
export class SetAlertRuleHandler implements ICommandHandler<SetAlertRuleCommand, CommandOutcome> {
  constructor(private readonly commands: AlertingCommands) {}

  execute({ payload, envelope }: SetAlertRuleCommand): Promise<CommandOutcome> {
    return this.commands.handle(envelope, (state, configured) => decideSetAlertRule(payload, state, configured));
  }
}
