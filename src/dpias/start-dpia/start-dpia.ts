import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import { loadState, type CommandOutcome } from '../../command-handling/handle-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { processingModel } from '../../processing-register/processing-commands.js';
import { processingStreamId } from '../../processing-register/processing.events.js';
import { DomainError } from '../../shared/domain-error.js';
import { DpiaCommands } from '../dpia-commands.js';
import type { DpiaEvent, DpiaStartedData } from '../dpia.events.js';
import { requireKnownDienst, requireLinkableActivity, requireNotInFuture, requireText, type DecisionContext, type LinkedActivity } from '../dpia.rules.js';
import type { DpiaState } from '../dpia.state.js';

/** Start a DPIA (Art. 35(1)): a processing likely to result in a high risk is assessed before it starts. */
export type StartDpia = DpiaStartedData;

/** `linked`: the status of the processing activity the command names (the handler reads it), null when it names none. */
export function decideStartDpia(command: StartDpia, state: DpiaState, context: DecisionContext, linked: LinkedActivity | null = null): DpiaEvent[] {
  if (state.status !== 'none') throw new DomainError('dpia-already-started', `DPIA ${command.dpiaId} has already been started`);
  requireKnownDienst(command.dienst, context);
  requireLinkableActivity(command.processingActivityId, linked);
  requireText('title', command.title, 'dpia-requires-title', 'a DPIA needs a title');
  // The owner is accountable for the processing (an AD, or the GS): docs/domain.md "Who is who".
  requireText('owner', command.owner, 'dpia-requires-owner', 'a DPIA needs an owner: the AD of the dienst, or the GS');
  requireNotInFuture('startedAt', command.startedAt, context);
  return [{ type: 'DpiaStarted', data: { ...command, title: command.title.trim(), owner: command.owner.trim() } }];
}

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
