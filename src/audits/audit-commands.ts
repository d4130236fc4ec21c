import { Inject, Injectable } from '@nestjs/common';
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
