import { Inject, Injectable } from '@nestjs/common';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { DEFAULT_KEPT_STREAMS, FoldedStates } from '../command-handling/folded-states.js';
import { handleCommand, UnreadableEventError, type CommandOutcome, type StreamModel } from '../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-error.js';
import { PROCESSING_EVENT_SCHEMA_VERSIONS, processingStreamId, upcastProcessingEvent, type ProcessingEvent } from './processing.events.js';
import type { DecisionContext } from './processing.rules.js';
import { evolve, initialState, type ProcessingState } from './processing.state.js';

export const processingModel: StreamModel<ProcessingState, ProcessingEvent> = {
  initialState,
  evolve,
  schemaVersions: PROCESSING_EVENT_SCHEMA_VERSIONS,
  upcast: (event) => upcastProcessingEvent(event.type, event.schemaVersion, event.data) ?? unreadable(event),
};

function unreadable(event: Parameters<NonNullable<StreamModel<ProcessingState, ProcessingEvent>['upcast']>>[0]): never {
  throw new UnreadableEventError(event, `no upcaster from v${event.schemaVersion}`);
}

export const processingActivityNotFound = (processingActivityId: string) => () =>
  new NotFoundError('processing-activity-not-found', `there is no processing activity ${processingActivityId}`);

export type ProcessingDecision = (state: ProcessingState, context: DecisionContext) => readonly ProcessingEvent[];

/**
 * What every register handler does, in one place: the stream, the clock and the policy (the
 * skew and the diensten are the service's, configured once for breaches, DPIAs and the
 * register alike). The register describes processing, not people: no personal-data scheme.
 */
@Injectable()
export class ProcessingCommands {
  /** States between commands: a command reads only the events appended since (folded-states.ts). */
  private readonly states: FoldedStates<ProcessingState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.states = new FoldedStates(config.commands.stateCacheStreams ?? DEFAULT_KEPT_STREAMS);
  }

  handle(processingActivityId: string, envelope: CommandEnvelope, decide: ProcessingDecision, creates = false): Promise<CommandOutcome> {
    const context: DecisionContext = {
      now: this.clock.now().toISOString(),
      maxClockSkewMs: this.config.commands.maxClockSkewMs,
      diensten: this.config.organisation.diensten,
    };
    return handleCommand(this.store, processingStreamId(processingActivityId), processingModel, envelope, {
      creates,
      notFound: processingActivityNotFound(processingActivityId),
      decide: (state) => decide(state, context),
      states: this.states,
    });
  }
}
