import { Inject, Injectable } from '@nestjs/common';
import { readEvent, type StreamModel } from '../command-handling/handle-command.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ALERTING_CONFIG_SCHEMA_VERSIONS, ALERTING_CONFIG_STREAM, type AlertingConfigEvent } from './alert.events.js';
import { evolve, initialState, type AlertingState } from './alerting.state.js';

export const alertingModel: StreamModel<AlertingState, AlertingConfigEvent> = { initialState, evolve, schemaVersions: ALERTING_CONFIG_SCHEMA_VERSIONS };

/** The rules and subscriptions as the `alerting-config` stream has them now (a short stream, read whole). */
@Injectable()
export class AlertingSettings {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async state(): Promise<AlertingState> {
    try {
      const history = await this.events.readStream(ALERTING_CONFIG_STREAM);
      return history.reduce((state, event) => evolve(state, readEvent(alertingModel, event)), initialState());
    } catch (error) {
      if (error instanceof StreamNotFoundError) return initialState();
      throw error;
    }
  }
}
