import { Inject, Injectable } from '@nestjs/common';
import { StreamNotFoundError } from '../../event-store/event-store.errors.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { PersonalDataCodec } from '../../personal-data/personal-data-codec.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { breachNotFound } from '../breach-commands.js';
import { breachStreamId } from '../breach.events.js';
import { breachDossier, withPersonalFields, type BreachDossier } from './breach-dossier.js';

/** Who reads the personal fields in the clear, and who sees only that they exist. */
export type PersonalFieldsReader = 'readable' | 'redacted';

/**
 * Reads a breach's dossier from its stream: the events as stored, decrypted by the one
 * codec ("[erased]" once the key is gone), folded by the pure breachDossier. Read straight
 * from the log, so it holds every event the moment it is appended (one stream: a few dozen events).
 */
@Injectable()
export class BreachDossiers {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalDataCodec) private readonly personalData: PersonalDataCodec,
  ) {}

  /** The dossier as it stood after `revision` (default: the latest), and the decoded events it was folded from. */
  async read(breachId: string, reader: PersonalFieldsReader, revision?: number): Promise<{ dossier: BreachDossier; events: readonly StoredEvent[] }> {
    const events = await this.decodedEvents(breachId, revision);
    const { events: shown, personalData } = withPersonalFields(events, reader);
    const dossier = breachDossier(shown, personalData);
    if (!dossier) throw breachNotFound(breachId)();
    return { dossier, events: shown };
  }

  /** The stream's events up to `revision` (default: the latest), decrypted ("[erased]" once the key is gone). */
  async decodedEvents(breachId: string, revision?: number): Promise<readonly StoredEvent[]> {
    let stored: readonly StoredEvent[];
    try {
      stored = await this.store.readStream(breachStreamId(breachId), revision === undefined ? {} : { maxCount: revision + 1 });
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw breachNotFound(breachId)();
      throw error;
    }
    const last = stored.at(-1);
    if (revision !== undefined && last !== undefined && last.revision < revision) {
      throw new NotFoundError('revision-not-found', `the breach has no revision ${revision}; its latest is ${last.revision}`);
    }
    return Promise.all(stored.map((event) => this.personalData.decode(event)));
  }
}
