import { randomUUID } from 'node:crypto';
import { NotJsonError, type JsonObject } from '../shared/json.js';
import { jsonTexts, type JsonTexts } from './canonical-json.js';
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
 * What a writer stores and hashes for one event, written once at the guard: the texts of
 * data and of the caller's metadata, so that the store only adds the fields it sets
 * (revision, recordedAt, prevHash, hash) by concatenation (see `envelopeTexts`).
 */
export interface EventTexts {
  /** data as stored (JSON.stringify's text: the caller's key order). */
  readonly data: string;
  /** data in RFC 8785 canonical form, as the hash chain hashes it. */
  readonly dataCanonical: string;
  /** The caller's metadata members as stored, without braces: actor, commandId, correlationId, causationId, extensions. */
  readonly metadata: string;
  /** The same members in canonical order and form, without braces. */
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
  const dataTexts = jsonObjectTexts(data, index, 'data');
  const checked = commandMetadata(metadata, index);
  const size = Buffer.byteLength(`{"data":${dataTexts.canonical},"metadata":{${checked.texts.canonical}}}`, 'utf8');
  if (size > maxEventBytes) throw new EventTooLargeError(index, size, maxEventBytes);
  // Copies parsed from the checked text: what the caller does with its objects after the
  // call cannot alter what is stored once the append is committed (appends are grouped and written later).
  return {
    event: { eventId: (eventId as string).toLowerCase(), type: type as string, schemaVersion: schemaVersion as number, data: JSON.parse(dataTexts.plain) as JsonObject, metadata: checked.metadata },
    texts: { data: dataTexts.plain, dataCanonical: dataTexts.canonical, metadata: checked.texts.plain, metadataCanonical: checked.texts.canonical },
  };
}

function commandMetadata(metadata: unknown, index: number): { metadata: CommandMetadata; texts: JsonTexts } {
  const fail = (reason: string): never => {
    throw new InvalidEventError(index, `metadata: ${reason}`);
  };
  if (!isRecord(metadata)) return fail('not an object');
  const unknownKeys = Object.keys(metadata).filter((key) => !METADATA_KEYS.has(key));
  // recordedAt, prevHash and hash are the store's to set, never the caller's.
  if (unknownKeys.length > 0) fail(`unexpected field(s) ${unknownKeys.join(', ')}`);
  const { actor, commandId, correlationId, causationId, extensions } = metadata;
  if (!isRecord(actor) || Object.keys(actor).some((key) => key !== 'id' && key !== 'role')) fail('actor must be { id, role }');
  const { id, role } = actor as Record<string, unknown>;
  const ids = { 'actor.id': id, 'actor.role': role, commandId, correlationId, causationId };
  for (const [name, value] of Object.entries(ids)) {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH || !value.isWellFormed()) {
      fail(`${name} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
    }
  }
  const extensionTexts = extensions === undefined ? undefined : jsonObjectTexts(extensions, index, 'metadata.extensions');
  const q = JSON.stringify;
  const actorText = `"actor":{"id":${q(id)},"role":${q(role)}}`;
  // Stored in this order (the object below); hashed sorted: actor, causationId, commandId, correlationId, extensions.
  const plain = `${actorText},"commandId":${q(commandId)},"correlationId":${q(correlationId)},"causationId":${q(causationId)}`;
  const canonical = `${actorText},"causationId":${q(causationId)},"commandId":${q(commandId)},"correlationId":${q(correlationId)}`;
  return {
    metadata: {
      actor: { id: id as string, role: role as string },
      commandId: commandId as string,
      correlationId: correlationId as string,
      causationId: causationId as string,
      ...(extensionTexts === undefined ? {} : { extensions: JSON.parse(extensionTexts.plain) as JsonObject }),
    },
    texts: extensionTexts === undefined
      ? { plain, canonical }
      : { plain: `${plain},"extensions":${extensionTexts.plain}`, canonical: `${canonical},"extensions":${extensionTexts.canonical}` },
  };
}

function jsonObjectTexts(value: unknown, index: number, field: string): JsonTexts {
  if (!isRecord(value)) throw new InvalidEventError(index, `${field} must be a JSON object`);
  try {
    return jsonTexts(value);
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
