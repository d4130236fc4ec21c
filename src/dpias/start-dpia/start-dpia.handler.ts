import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import { Inject } from '@nestjs/common';
import { loadState, type CommandOutcome } from '../../command-handling/handle-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { processingModel } from '../../processing-register/processing-commands.js';
import { processingStreamId } from '../../processing-register/processing.events.js';
import { DpiaCommands } from '../dpia-commands.js';
import type { LinkedActivity } from '../dpia.rules.js';
import { decideStartDpia, type StartDpia } from './start-dpia.decide.js';

export class StartDpiaCommand {
  constructor(
    readonly payload: StartDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(StartDpiaCommand)
export class StartDpiaHandler implements ICommandHandler<StartDpiaCommand, CommandOutcome> {
  constructor(
    private readonly dpias: DpiaCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ payload, envelope }: StartDpiaCommand): Promise<CommandOutcome> {
    const linked = payload.processingActivityId === null ? null : await this.linkedActivity(payload.processingActivityId);
    return this.dpias.handle(payload.dpiaId, envelope, (state, context) => decideStartDpia(payload, state, context, linked), true);
  }

  /** Whether the processing activity is in the register, and live: it only ever moves none → registered → retired. */
  private async linkedActivity(processingActivityId: string): Promise<LinkedActivity> {
    return (await loadState(this.store, processingStreamId(processingActivityId), processingModel)).status;
  }
}
