import { Inject, Injectable } from '@nestjs/common';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { DEFAULT_KEPT_STREAMS, FoldedStates } from '../command-handling/folded-states.js';
import { handleCommand, type CommandOutcome, type StreamModel } from '../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-error.js';
import { DPIA_EVENT_SCHEMA_VERSIONS, dpiaStreamId, type DpiaEvent } from './dpia.events.js';
import type { DecisionContext } from './dpia.rules.js';
import { evolve, initialState, type DpiaState } from './dpia.state.js';

export const dpiaModel: StreamModel<DpiaState, DpiaEvent> = { initialState, evolve, schemaVersions: DPIA_EVENT_SCHEMA_VERSIONS };

export const dpiaNotFound = (dpiaId: string) => () => new NotFoundError('dpia-not-found', `there is no DPIA ${dpiaId}`);

export type DpiaDecision = (state: DpiaState, context: DecisionContext) => readonly DpiaEvent[];

/**
 * What every DPIA handler does, in one place: the stream, the clock and the policy (the
 * skew and the diensten are the service's, configured once for breaches and DPIAs alike).
 * A DPIA is about a processing, not about people: its stream has no personal-data scheme.
 */
@Injectable()
export class DpiaCommands {
  /** States between commands: a command reads only the events appended since (folded-states.ts). */
  private readonly states: FoldedStates<DpiaState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.states = new FoldedStates(config.commands.stateCacheStreams ?? DEFAULT_KEPT_STREAMS);
  }

  handle(dpiaId: string, envelope: CommandEnvelope, decide: DpiaDecision, creates = false): Promise<CommandOutcome> {
    const context: DecisionContext = {
      now: this.clock.now().toISOString(),
      maxClockSkewMs: this.config.commands.maxClockSkewMs,
      diensten: this.config.organisation.diensten,
    };
    return handleCommand(this.store, dpiaStreamId(dpiaId), dpiaModel, envelope, {
      creates,
      notFound: dpiaNotFound(dpiaId),
      decide: (state) => decide(state, context),
      states: this.states,
    });
  }
}
