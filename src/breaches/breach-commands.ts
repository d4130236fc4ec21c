import { Inject, Injectable } from '@nestjs/common';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { DEFAULT_KEPT_STREAMS, FoldedStates } from '../command-handling/folded-states.js';
import { handleCommand, type CommandOutcome, type StreamModel, type FoldedHistory } from '../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PersonalDataCodec, type KeyAtRevision } from '../personal-data/personal-data-codec.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-error.js';
import type { JsonObject } from '../shared/json.js';
import { BREACH_EVENT_SCHEMA_VERSIONS, breachStreamId, type BreachEvent } from './breach.events.js';
import { requireNoPersonalDataAfterErasure, type DecisionContext } from './breach.rules.js';
import { evolve, initialState, type BreachState } from './breach.state.js';

export const breachModel: StreamModel<BreachState, BreachEvent> = { initialState, evolve, schemaVersions: BREACH_EVENT_SCHEMA_VERSIONS };

export const breachNotFound = (breachId: string) => () => new NotFoundError('breach-not-found', `there is no breach ${breachId}`);

/** `history`: the breach's events, decoded, up to the head decided on (the AP form a filing copies is prepared from them). */
export type BreachDecision = (state: BreachState, context: DecisionContext, history: FoldedHistory) => readonly BreachEvent[];

/**
 * What every breach handler does, in one place: the stream, the clock, the policy, and the
 * personal data: encrypted on the way into the log and decrypted on the way out, so that
 * decide and evolve see plain strings ("[erased]" once the breach's key is erased).
 */
@Injectable()
export class BreachCommands {
  /** The breaches' states between commands: a command reads and decrypts only the events since. */
  private readonly states: FoldedStates<BreachState>;
  /**
   * Per breach, its key as the last command of this process on it was given it, at the revision
   * that command's append ended on (KeyAtRevision): the next command deciding on that revision
   * stores its fingerprint under it without a key-store query, the append's revision check
   * vouching that no erasure came between. As many breaches as `states`, the oldest dropped first.
   */
  private readonly keysAtHead = new Map<string, KeyAtRevision>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PersonalDataCodec) private readonly personalData: PersonalDataCodec,
  ) {
    this.states = new FoldedStates(config.commands.stateCacheStreams ?? DEFAULT_KEPT_STREAMS);
  }

  async handle(breachId: string, envelope: CommandEnvelope, decide: BreachDecision, creates = false): Promise<CommandOutcome> {
    const context: DecisionContext = {
      now: this.clock.now().toISOString(),
      maxClockSkewMs: this.config.commands.maxClockSkewMs,
      diensten: this.config.organisation.diensten,
    };
    const streamId = breachStreamId(breachId);
    // The breach's key is looked up once for the command (reading, encrypting, fingerprinting); only the fingerprint may use the one kept at the head decided on.
    const personalData = this.personalData.forOneCommand(this.keysAtHead.get(streamId));
    const outcome = await handleCommand(this.store, streamId, breachModel, envelope, {
      creates,
      notFound: breachNotFound(breachId),
      decide: (state, history) => requireNoPersonalDataAfterErasure(state, decide(state, context, history)),
      // What won the race may be the erasure: the key is looked up again for the next attempt.
      lostRace: () => personalData.forgetRemembered(),
      encode: (event) => personalData.encode(streamId, event.type, event.data as unknown as JsonObject),
      decode: (event) => personalData.decode(event),
      // What was just encrypted is kept from the plaintext decided, not decrypted again.
      decodeAppended: (stored, decided) => personalData.decodeEncoded(stored, decided.data as unknown as JsonObject),
      // Keyed per breach: erasing the breach's key leaves nothing to confirm a guessed body against.
      fingerprint: personalData.requestFingerprint(streamId, envelope.requestHash),
      states: this.states,
      // After the erasure the breach's key goes: a state decrypted before it is not kept.
      keepsStateAfter: (event) => !personalData.isErasure(event),
      // A breach has a few dozen events: kept decoded, a filing prepares its AP form without reading the stream again.
      keepsEvents: true,
      // A command on a kept breach (and a registration) appends on the kept revision without reading the stream: the append's revision check vouches for it.
      decidesOnKeptHead: true,
    });
    if (!outcome.replayed && outcome.events.length > 0) await this.keepKey(streamId, personalData, outcome);
    return outcome;
  }

  /** The key the command was given, kept at the revision its append ended on; none after an erasure (its key is about to go). */
  private async keepKey(streamId: string, personalData: PersonalDataCodec, outcome: CommandOutcome): Promise<void> {
    this.keysAtHead.delete(streamId);
    if (outcome.events.some((event) => personalData.isErasure(event))) return;
    const key = await personalData.keyOfCommand(streamId);
    if (!key) return;
    this.keysAtHead.set(streamId, { streamId, revision: outcome.revision, key });
    if (this.keysAtHead.size > this.states.maxStreams) this.keysAtHead.delete(this.keysAtHead.keys().next().value as string);
  }

  /** Once the breach's key is erased: the texts this process encrypted under it lately are forgotten too (RecentlyEncrypted). */
  forgetEncrypted(breachId: string): void {
    this.keysAtHead.delete(breachStreamId(breachId));
    this.personalData.forgetEncrypted(breachId);
  }
}
