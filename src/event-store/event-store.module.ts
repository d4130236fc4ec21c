import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStoreConfig } from '../config/config.js';
import { openEventStore } from '../engines.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';

export const EVENT_STORE_ENGINE = Symbol('EventStoreEngine');

/** Closes the store last: after the HTTP server has finished its in-flight requests. */
@Injectable()
class EventStoreShutdown implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Module({})
export class EventStoreModule {
  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [CLOCK],
          useFactory: (clock: Clock): Promise<EventStore> => openEventStore(config, clock),
        },
        { provide: EVENT_STORE_ENGINE, useValue: config.engine },
        EventStoreShutdown,
      ],
      exports: [EVENT_STORE, EVENT_STORE_ENGINE],
    };
  }
}
