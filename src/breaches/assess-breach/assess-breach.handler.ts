import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideAssessBreach, type AssessBreach } from './assess-breach.js';

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
