import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
import { decideRequestPriorConsultation, type RequestPriorConsultation } from './request-prior-consultation.decide.js';

export class RequestPriorConsultationCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: RequestPriorConsultation,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RequestPriorConsultationCommand)
export class RequestPriorConsultationHandler implements ICommandHandler<RequestPriorConsultationCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: RequestPriorConsultationCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideRequestPriorConsultation(payload, state, context));
  }
}
