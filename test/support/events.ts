import { randomUUID } from 'node:crypto';
import type { CommandMetadata, NewEvent } from '../../src/event-store/event-store.port.js';
import type { JsonObject } from '../../src/shared/json.js';

export function freshStreamId(category = 'test'): string {
  return `${category}-${randomUUID()}`;
}

export function commandMetadata(overrides: Partial<CommandMetadata> = {}): CommandMetadata {
  const commandId = randomUUID();
  return {
    actor: { id: 'privacy-officer-1', role: 'privacy-officer' },
    commandId,
    correlationId: commandId,
    causationId: commandId,
    ...overrides,
  };
}

export function newEvent(type = 'SomethingHappened', data: JsonObject = { n: 1 }, extra: Partial<NewEvent> = {}): NewEvent {
  return { type, data, metadata: commandMetadata(), ...extra };
}

export function numbered(count: number, type = 'Counted'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}
