import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
import { decideConcludePriorConsultation, type ConcludePriorConsultation } from './conclude-prior-consultation.decide.js';

export class ConcludePriorConsultationCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: ConcludePriorConsultation,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ConcludePriorConsultationCommand)
export class ConcludePriorConsultationHandler implements ICommandHandler<ConcludePriorConsultationCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: ConcludePriorConsultationCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideConcludePriorConsultation(payload, state, context));
  }
}
