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
import { AUDIT_EVENT_SCHEMA_VERSIONS, auditStreamId, type AuditEvent } from './audit.events.js';
import type { DecisionContext } from './audit.rules.js';
import { evolve, initialState, type AuditState } from './audit.state.js';

export const auditModel: StreamModel<AuditState, AuditEvent> = { initialState, evolve, schemaVersions: AUDIT_EVENT_SCHEMA_VERSIONS };

export const auditNotFound = (auditId: string) => () => new NotFoundError('audit-not-found', `there is no audit ${auditId}`);

/** An audit id in a path: anything that is not a UUID names no audit (404). */
export const AuditIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('audit-not-found', 'there is no audit with that id') });

export type AuditDecision = (state: AuditState, context: DecisionContext) => readonly AuditEvent[];

/**
 * What every audit handler does, in one place: the stream, the clock and the policy (the
 * skew and the diensten are the service's, configured once for breaches, DPIAs and audits alike).
 * An audit is about the organisation, not about people: its stream has no personal-data scheme.
 */
@Injectable()
export class AuditCommands {
  /** States between commands: a command reads only the events appended since (folded-states.ts). */
  private readonly states: FoldedStates<AuditState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.states = new FoldedStates(config.commands.stateCacheStreams ?? DEFAULT_KEPT_STREAMS);
  }

  handle(auditId: string, envelope: CommandEnvelope, decide: AuditDecision, creates = false): Promise<CommandOutcome> {
    const context: DecisionContext = {
      now: this.clock.now().toISOString(),
      maxClockSkewMs: this.config.commands.maxClockSkewMs,
      diensten: this.config.organisation.diensten,
    };
    return handleCommand(this.store, auditStreamId(auditId), auditModel, envelope, {
      creates,
      notFound: auditNotFound(auditId),
      decide: (state) => decide(state, context),
      states: this.states,
    });
  }
}

export class AuditCommandResponseSchema {
  @ApiProperty({ example: '5d2c1b7e-8a4f-4e3b-9c61-2f7a0b3d4e51' }) auditId!: string;
  @ApiProperty({ example: 3, description: 'the revision after the command; send it as If-Match next time' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string): minPosition for reading your write' }) position!: string;
}

export interface AuditCommandResponse {
  readonly auditId: string;
  /** The audit's revision after the command: send it as If-Match with the next one. */
  readonly revision: number;
  /** The command's position in the log: pass it as minPosition to read your write. */
  readonly position: string;
}

/** The answer to every audit command; a retry gets the same answer, marked as replayed. */
export function auditCommandResponse(reply: FastifyReply, auditId: string, outcome: CommandOutcome): AuditCommandResponse {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { auditId, revision: outcome.revision, position: outcome.position.toString() };
}
