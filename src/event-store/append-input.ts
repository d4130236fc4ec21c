import { randomUUID } from 'node:crypto';
import { NotJsonError, type JsonObject } from '../shared/json.js';
import { canonicalJson } from './canonical-json.js';
import {
  EventTooLargeError,
  InvalidEventError,
  InvalidExpectedRevisionError,
  InvalidStreamIdError,
} from './event-store.errors.js';
import type { CommandMetadata, ExpectedRevision } from './event-store.port.js';

/**
 * The port's guard: every append is checked here, before anything is written, by every
 * adapter alike. Input is treated as `unknown` because callers include untyped code.
 */

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
const MAX_STREAM_ID_LENGTH = 200;
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ID_LENGTH = 200;
/** The longest actor id an event takes. */
export const MAX_ACTOR_ID_LENGTH = MAX_ID_LENGTH;
const METADATA_KEYS = new Set(['actor', 'commandId', 'correlationId', 'causationId', 'extensions']);

/** A NewEvent after checking: ids chosen, defaults applied. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: CommandMetadata;
}

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string') throw new InvalidStreamIdError(streamId, 'not a string');
  if (streamId.length === 0) throw new InvalidStreamIdError(streamId, 'empty');
  if (streamId.length > MAX_STREAM_ID_LENGTH) throw new InvalidStreamIdError(streamId, `longer than ${MAX_STREAM_ID_LENGTH} characters`);
  if (streamId.startsWith('$')) throw new InvalidStreamIdError(streamId, 'names starting with "$" are reserved for system streams');
  if (!STREAM_ID.test(streamId)) {
    throw new InvalidStreamIdError(streamId, 'only letters, digits and _ . : @ - are allowed, starting with a letter or digit');
  }
}

export function assertExpectedRevision(value: unknown): asserts value is ExpectedRevision {
  if (value === 'no_stream' || value === 'any') return;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return;
  throw new InvalidExpectedRevisionError(value);
}

/**
 * What a writer stores and hashes for one event, written once at the guard: the RFC 8785
 * texts of data and of the caller's metadata, so that the store only adds the fields it sets
 * (revision, recordedAt, prevHash, hash) by concatenation.
 */
export interface EventTexts {
  /** data in RFC 8785 canonical form, as the hash chain hashes it and the SQLite store stores it. */
  readonly dataCanonical: string;
  /** The caller's metadata members (actor, causationId, commandId, correlationId, extensions) in canonical order and form, without braces. */
  readonly metadataCanonical: string;
}

/** A checked event and its texts. */
export interface WritableEvent {
  readonly event: PreparedEvent;
  readonly texts: EventTexts;
}

export function prepareEvents(events: unknown, maxEventBytes: number): PreparedEvent[] {
  return prepareWritableEvents(events, maxEventBytes).map(({ event }) => event);
}

/** The guard, keeping the texts it checked: one walk over each payload validates and writes it. */
export function prepareWritableEvents(events: unknown, maxEventBytes: number): WritableEvent[] {
  if (!Array.isArray(events) || events.length === 0) throw new InvalidEventError(0, 'an append needs at least one event');
  const prepared = events.map((event: unknown, index) => prepareEvent(event, index, maxEventBytes));
  const ids = new Set<string>();
  prepared.forEach(({ event }, index) => {
    if (ids.has(event.eventId)) throw new InvalidEventError(index, `eventId ${event.eventId} appears twice in one append`);
    ids.add(event.eventId);
  });
  return prepared;
}

function prepareEvent(event: unknown, index: number, maxEventBytes: number): WritableEvent {
  const fail = (reason: string): never => {
    throw new InvalidEventError(index, reason);
  };
  if (!isRecord(event)) return fail('not an object');
  const { eventId = randomUUID(), type, schemaVersion = 1, data, metadata } = event;
  if (typeof eventId !== 'string' || !UUID.test(eventId)) fail('eventId must be a UUID');
  if (typeof type !== 'string' || !EVENT_TYPE.test(type)) fail('type must be a name of letters, digits and _ . : - (at most 128)');
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    fail('schemaVersion must be a positive integer');
  }
  const dataCanonical = jsonObjectText(data, index, 'data');
  const checked = commandMetadata(metadata, index);
  // The bytes of `{"data":…,"metadata":{…}}`: 23 of punctuation and names around the two texts.
  const size = Buffer.byteLength(dataCanonical, 'utf8') + Buffer.byteLength(checked.canonical, 'utf8') + 23;
  if (size > maxEventBytes) throw new EventTooLargeError(index, size, maxEventBytes);
  // A copy parsed from the checked text: what the caller does with its objects after the call
  // cannot alter what is stored once the append is committed (appends are grouped and written
  // later). Its keys are in canonical order, as every read of the stored event gives them.
  return {
    event: { eventId: (eventId as string).toLowerCase(), type: type as string, schemaVersion: schemaVersion as number, data: JSON.parse(dataCanonical) as JsonObject, metadata: checked.metadata },
    texts: { dataCanonical, metadataCanonical: checked.canonical },
  };
}

function commandMetadata(metadata: unknown, index: number): { metadata: CommandMetadata; canonical: string } {
  const fail = (reason: string): never => {
    throw new InvalidEventError(index, `metadata: ${reason}`);
  };
  if (!isRecord(metadata)) return fail('not an object');
  const keys = Object.keys(metadata);
  // recordedAt, prevHash and hash are the store's to set, never the caller's.
  if (!keys.every((key) => METADATA_KEYS.has(key))) fail(`unexpected field(s) ${keys.filter((key) => !METADATA_KEYS.has(key)).join(', ')}`);
  const { actor, commandId, correlationId, causationId, extensions } = metadata;
  if (!isRecord(actor) || !Object.keys(actor).every((key) => key === 'id' || key === 'role')) fail('actor must be { id, role }');
  const { id, role } = actor as Record<string, unknown>;
  const checkId = (name: string, value: unknown): string => {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH || !value.isWellFormed()) {
      fail(`${name} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
    }
    return JSON.stringify(value);
  };
  const [idText, roleText, commandText, correlationText, causationText] = [
    checkId('actor.id', id),
    checkId('actor.role', role),
    checkId('commandId', commandId),
    checkId('correlationId', correlationId),
    checkId('causationId', causationId),
  ];
  const extensionsCanonical = extensions === undefined ? undefined : jsonObjectText(extensions, index, 'metadata.extensions');
  // Sorted as RFC 8785 sorts them: actor, causationId, commandId, correlationId, extensions.
  const canonical = `"actor":{"id":${idText},"role":${roleText}},"causationId":${causationText},"commandId":${commandText},"correlationId":${correlationText}`;
  return {
    metadata: {
      actor: { id: id as string, role: role as string },
      commandId: commandId as string,
      correlationId: correlationId as string,
      causationId: causationId as string,
      ...(extensionsCanonical === undefined ? {} : { extensions: JSON.parse(extensionsCanonical) as JsonObject }),
    },
    canonical: extensionsCanonical === undefined ? canonical : `${canonical},"extensions":${extensionsCanonical}`,
  };
}

/** The RFC 8785 text of a JSON object, or InvalidEventError naming the field and what in it is not JSON. */
function jsonObjectText(value: unknown, index: number, field: string): string {
  if (!isRecord(value)) throw new InvalidEventError(index, `${field} must be a JSON object`);
  try {
    return canonicalJson(value);
  } catch (error) {
    if (error instanceof NotJsonError) throw new InvalidEventError(index, `${field} is not JSON: ${error.message}`);
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
