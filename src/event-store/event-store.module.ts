import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { SqliteEventStoreConfig } from '../config/config.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

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
  static forRoot(config: SqliteEventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [CLOCK],
          useFactory: (clock: Clock): EventStore =>
            new SqliteEventStore({
              file: config.file,
              clock,
              maxEventBytes: config.maxEventBytes,
              maxBatch: config.maxBatch,
              busyTimeoutMs: config.busyTimeoutMs,
              pollIntervalMs: config.pollIntervalMs,
            }),
        },
        { provide: EVENT_STORE_ENGINE, useValue: config.engine },
        EventStoreShutdown,
      ],
      exports: [EVENT_STORE, EVENT_STORE_ENGINE],
    };
  }
}
