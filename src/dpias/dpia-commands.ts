import { Inject, Injectable, ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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

/** A DPIA id in a path: anything that is not a UUID names no DPIA (404). */
export const DpiaIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('dpia-not-found', 'there is no DPIA with that id') });

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

export class DpiaCommandResponseSchema {
  @ApiProperty({ example: '5d2c1b7e-8a4f-4e3b-9c61-2f7a0b3d4e51' }) dpiaId!: string;
  @ApiProperty({ example: 3, description: 'the revision after the command; send it as If-Match next time' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string): minPosition for reading your write' }) position!: string;
}

export interface DpiaCommandResponse {
  readonly dpiaId: string;
  /** The DPIA's revision after the command: send it as If-Match with the next one. */
  readonly revision: number;
  /** The command's position in the log: pass it as minPosition to read your write. */
  readonly position: string;
}

/** The answer to every DPIA command; a retry gets the same answer, marked as replayed. */
export function dpiaCommandResponse(reply: FastifyReply, dpiaId: string, outcome: CommandOutcome): DpiaCommandResponse {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { dpiaId, revision: outcome.revision, position: outcome.position.toString() };
}
