import { Inject, Injectable, ParseUUIDPipe } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { handleCommand, type CommandOutcome, type Decider } from '../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-error.js';
import { BREACH_EVENT_SCHEMA_VERSIONS, breachStreamId, type BreachEvent } from './breach.events.js';
import type { DecisionContext } from './breach.rules.js';
import { evolve, initialState, type BreachState } from './breach.state.js';

export const breachDecider: Decider<BreachState, BreachEvent> = { initialState, evolve, schemaVersions: BREACH_EVENT_SCHEMA_VERSIONS };

export const breachNotFound = (breachId: string) => () => new NotFoundError('breach-not-found', `there is no breach ${breachId}`);

/** A breach id in a path: anything that is not a UUID names no breach (404). */
export const BreachIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('breach-not-found', 'there is no breach with that id') });

export type BreachDecision = (state: BreachState, context: DecisionContext) => readonly BreachEvent[];

/** What every breach handler does, in one place: the stream, the clock, the policy. */
@Injectable()
export class BreachCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  handle(breachId: string, envelope: CommandEnvelope, decide: BreachDecision, creates = false): Promise<CommandOutcome> {
    const context: DecisionContext = {
      now: this.clock.now().toISOString(),
      maxClockSkewMs: this.config.breaches.maxClockSkewMs,
      diensten: this.config.breaches.diensten,
    };
    return handleCommand(this.store, breachStreamId(breachId), breachDecider, envelope, {
      creates,
      notFound: breachNotFound(breachId),
      decide: (state) => decide(state, context),
    });
  }
}

export interface BreachCommandResponse {
  readonly breachId: string;
  /** The breach's revision after the command: send it as If-Match with the next one. */
  readonly revision: number;
  /** The command's position in the log: pass it as minPosition to read your write. */
  readonly position: string;
}

/** The answer to every breach command; a retry gets the same answer, marked as replayed. */
export function breachCommandResponse(reply: FastifyReply, breachId: string, outcome: CommandOutcome): BreachCommandResponse {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { breachId, revision: outcome.revision, position: outcome.position.toString() };
}
