import { Inject, Injectable } from '@nestjs/common';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { RevisionConflictError } from '../command-handling/command-errors.js';
import { DEFAULT_KEPT_STREAMS, FoldedStates } from '../command-handling/folded-states.js';
import { handleCommand, loadState, type CommandOutcome, type StreamModel } from '../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { DomainError, NotFoundError } from '../shared/domain-error.js';
import { breachStreamId } from '../breaches/breach.events.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import { INQUIRY_EVENT_SCHEMA_VERSIONS, inquiryStreamId, type InquiryEvent } from './inquiry.events.js';
import { requireOpenInquiry, type DecisionContext } from './inquiry.rules.js';
import { evolve, initialState, type InquiryState } from './inquiry.state.js';

export const inquiryModel: StreamModel<InquiryState, InquiryEvent> = { initialState, evolve, schemaVersions: INQUIRY_EVENT_SCHEMA_VERSIONS };

export const inquiryNotFound = (inquiryId: string) => () => new NotFoundError('inquiry-not-found', `there is no inquiry ${inquiryId}`);

export type InquiryDecision = (state: InquiryState, context: DecisionContext) => readonly InquiryEvent[];

/**
 * What every inquiry handler does, in one place: the stream, the clock and the policy. The
 * question is the AP's, about the organisation's breaches: it is stored as the AP wrote it.
 */
@Injectable()
export class InquiryCommands {
  /** States between commands: a command reads only the events appended since (folded-states.ts). */
  private readonly states: FoldedStates<InquiryState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.states = new FoldedStates(config.commands.stateCacheStreams ?? DEFAULT_KEPT_STREAMS);
  }

  context(): DecisionContext {
    return { now: this.clock.now().toISOString(), maxClockSkewMs: this.config.commands.maxClockSkewMs, diensten: this.config.organisation.diensten };
  }

  handle(inquiryId: string, envelope: CommandEnvelope, decide: InquiryDecision, creates = false): Promise<CommandOutcome> {
    const context = this.context();
    return handleCommand(this.store, inquiryStreamId(inquiryId), inquiryModel, envelope, { creates, notFound: inquiryNotFound(inquiryId), decide: (state) => decide(state, context), states: this.states });
  }

  /**
   * The breaches a scope names must be registered: an inquiry about a breach the register does
   * not hold is a mistake in the id, which would otherwise show only as an empty answer.
   * (That a breach exists cannot be undone, so it is read, not locked.)
   */
  async requireBreaches(breachIds: readonly string[]): Promise<void> {
    const missing: string[] = [];
    for (const breachId of new Set(breachIds)) {
      try {
        await this.store.readStream(breachStreamId(breachId), { maxCount: 1 });
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
        missing.push(breachId);
      }
    }
    if (missing.length > 0) throw new DomainError('unknown-breach', `no breach is registered under ${missing.join(', ')}`, { breachIds: missing });
  }

  /** The inquiry as it stands (for a command that prepares work before deciding). */
  state(inquiryId: string): Promise<InquiryState> {
    return loadState(this.store, inquiryStreamId(inquiryId), inquiryModel);
  }

  /**
   * What refuses an answer before its work starts: preparing it signs a checkpoint, an append,
   * and a refused command appends nothing. `handle` checks both again, against a writer in between.
   */
  async requirePreparable(inquiryId: string, envelope: CommandEnvelope): Promise<void> {
    const events = await this.store.readStream(inquiryStreamId(inquiryId)).catch((error: unknown) => {
      throw error instanceof StreamNotFoundError ? inquiryNotFound(inquiryId)() : error;
    });
    const current = events.at(-1)?.revision ?? null;
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) throw new RevisionConflictError(inquiryStreamId(inquiryId), envelope.expectedRevision, current);
    requireOpenInquiry(await this.state(inquiryId));
  }

  /** Whether this command already wrote its events (a retry, answered from the stream by handle). */
  async alreadyHandled(inquiryId: string, envelope: CommandEnvelope): Promise<boolean> {
    try {
      return (await this.store.readStream(inquiryStreamId(inquiryId))).some((event) => event.metadata.commandId === envelope.idempotencyKey);
    } catch {
      return false;
    }
  }
}
