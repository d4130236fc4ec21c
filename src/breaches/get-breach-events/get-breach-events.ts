import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { StreamNotFoundError } from '../../event-store/event-store.errors.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { breachStreamId } from '../breach.events.js';
import { breachNotFound } from '../breach-commands.js';

export class GetBreachEvents {
  constructor(readonly breachId: string) {}
}

/** The replay of one breach: its stored events in order, with their full envelopes. */
@QueryHandler(GetBreachEvents)
export class GetBreachEventsHandler implements IQueryHandler<GetBreachEvents, readonly StoredEvent[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ breachId }: GetBreachEvents): Promise<readonly StoredEvent[]> {
    try {
      return await this.store.readStream(breachStreamId(breachId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw breachNotFound(breachId)();
      throw error;
    }
  }
}
