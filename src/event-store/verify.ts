import { createHash, hash } from 'node:crypto';
import type { JsonValue } from '../shared/json.js';
import { canonicalJsonOfChecked } from './canonical-json.js';
import { CorruptEventError } from './event-store.errors.js';
import { START, type EventStore, type Position, type StoredEvent } from './event-store.port.js';
import { GENESIS_HASH, chainHash } from './hash-chain.js';

export type ChainBreakReason =
  /** the stored hash is not the hash of the stored envelope: the event was altered */
  | 'hash-mismatch'
  /** prevHash is not the hash of the stream's previous event: an event was removed, reordered or inserted */
  | 'prev-hash-mismatch'
  /** revisions are not 0, 1, 2, …: an event was removed or inserted */
  | 'revision-gap'
  /** global positions do not strictly increase */
  | 'position-order'
  /** the stored record cannot even be decoded */
  | 'unreadable';

export interface ChainBreak {
  readonly reason: ChainBreakReason;
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
  readonly eventId?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly message: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  /** The position of the last event checked. */
  readonly lastPosition: Position;
  /** The first break in global order, when there is one. */
  readonly firstBreak?: ChainBreak;
}

/** Each stream's last revision and hash (createStreamHeads). */
export interface StreamHeads {
  readonly size: number;
  /** The stream's slot, or -1 when none of its events was seen. */
  slot(streamId: string): number;
  revision(slot: number): number;
  /** The head's hash as 64 hex digits (written out on each call). */
  hash(slot: number): string;
  set(streamId: string, revision: number, hash: string): void;
  /** Bytes of the buffers behind the heads: entries, table and the stream ids' bytes. */
  readonly byteLength: number;
}

/**
 * One head per stream, compact and off the JavaScript heap: an open-addressing table
 * (linear probing, at most half full) of the 32-bit digest of each stream id beside its entry's
 * number, and per entry, in chunks of 2,048 (added as streams come, never copied): the head's
 * hash as 32 bytes, its revision (float64), and where the stream id is kept (an arena of 1 MiB
 * byte buffers) and its length. The id is kept as its UTF-16 code units, one byte
 * each when all are below 256 (stream ids are ASCII), two otherwise: exactly the string, lone
 * surrogates included. A digest only chooses where to look: an entry is taken for a stream only
 * when its kept id is the id, code unit by code unit, so two ids with one digest (`digest` can
 * be given to force that) are two heads, as with a Map. About 110 bytes a stream with a
 * 40-character id and none of it an object for the collector to trace, where a Map with the
 * ids as strings kept ~110 bytes a stream on the heap beside 40 in buffers, and the collector
 * let its heap grow with them. An entry number (the slot) never moves; the table alone is
 * rebuilt when it doubles. A hash that is not 64 hex digits (only ever set after a break, when
 * nothing more is checked) is kept as zeros. Self-contained (no import, nothing from outside
 * its body) on purpose: the verification thread runs it from its text.
 */
export function createStreamHeads(digest?: (streamId: string) => number): StreamHeads {
  const HASH_BYTES = 32;
  /** Entries a chunk: 64 KiB of hashes, 16 KiB each of revisions and places, 8 KiB of lengths. */
  const CHUNK = 2048;
  const ENTRY_BYTES = HASH_BYTES + 8 + 8 + 4;
  /** Bytes of stream ids an arena buffer (a longer id gets a buffer of its own length). */
  const ARENA = 1 << 20;
  const PLACE = 2 ** 32;
  /** FNV-1a over the id's code units. */
  const fnv1a = (streamId: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < streamId.length; i += 1) h = Math.imul(h ^ streamId.charCodeAt(i), 0x01000193);
    return h;
  };
  const digestOf = digest ?? fnv1a;
  const hashes: Buffer[] = [];
  const revisions: Float64Array[] = [];
  /** Arena buffer × 2^32 + offset of each entry's id. */
  const places: Float64Array[] = [];
  /** The id's length in code units × 2, + 1 when kept two bytes a code unit. */
  const lengths: Uint32Array[] = [];
  const arena: Uint8Array[] = [];
  let arenaUsed = ARENA;
  /** Pairs of (digest, entry + 1; 0: empty), so a probe reads one place in memory per step. */
  let table = new Uint32Array(2 * 1024);
  let size = 0;
  /** The id looked up last, its digest, its entry (-1: none) and where it is or would go in the table. */
  let lastId: string | undefined;
  let lastDigest = 0;
  let lastSlot = -1;
  let lastIndex = 0;

  const sameId = (entry: number, streamId: string): boolean => {
    const chunk = Math.floor(entry / CHUNK);
    const at = entry % CHUNK;
    const kept = (lengths[chunk] as Uint32Array)[at] as number;
    if (kept >>> 1 !== streamId.length) return false;
    const place = (places[chunk] as Float64Array)[at] as number;
    const bytes = arena[Math.floor(place / PLACE)] as Uint8Array;
    const from = place % PLACE;
    if ((kept & 1) === 0) {
      for (let i = 0; i < streamId.length; i += 1) if (bytes[from + i] !== streamId.charCodeAt(i)) return false;
    } else {
      for (let i = 0; i < streamId.length; i += 1) if (((bytes[from + 2 * i] as number) | ((bytes[from + 2 * i + 1] as number) << 8)) !== streamId.charCodeAt(i)) return false;
    }
    return true;
  };
  const find = (streamId: string): number => {
    if (streamId === lastId) return lastSlot;
    const idDigest = digestOf(streamId) >>> 0;
    const mask = table.length / 2 - 1;
    let index = idDigest & mask;
    let entry = (table[2 * index + 1] as number) - 1;
    while (entry !== -1 && (table[2 * index] !== idDigest || !sameId(entry, streamId))) {
      index = (index + 1) & mask;
      entry = (table[2 * index + 1] as number) - 1;
    }
    lastId = streamId;
    lastDigest = idDigest;
    lastSlot = entry;
    lastIndex = index;
    return entry;
  };
  const grow = (): void => {
    const larger = new Uint32Array(2 * table.length);
    const mask = larger.length / 2 - 1;
    for (let index = 0; index < table.length; index += 2) {
      const entryDigest = table[index] as number;
      if (table[index + 1] === 0) continue;
      let into = entryDigest & mask;
      while (larger[2 * into + 1] !== 0) into = (into + 1) & mask;
      larger[2 * into] = entryDigest;
      larger[2 * into + 1] = table[index + 1] as number;
    }
    table = larger;
    lastId = undefined;
  };
  /** A new entry for `streamId`, which find() just did not find. */
  const add = (streamId: string): number => {
    const entry = size;
    const chunk = Math.floor(entry / CHUNK);
    const at = entry % CHUNK;
    if (at === 0) {
      hashes.push(Buffer.alloc(CHUNK * HASH_BYTES));
      revisions.push(new Float64Array(CHUNK));
      places.push(new Float64Array(CHUNK));
      lengths.push(new Uint32Array(CHUNK));
    }
    let wide = 0;
    for (let i = 0; i < streamId.length && wide === 0; i += 1) if (streamId.charCodeAt(i) > 0xff) wide = 1;
    const length = streamId.length << wide;
    if (arenaUsed + length > (arena.at(-1)?.length ?? 0)) {
      arena.push(new Uint8Array(Math.max(ARENA, length)));
      arenaUsed = 0;
    }
    const bytes = arena.at(-1) as Uint8Array;
    for (let i = 0; i < streamId.length; i += 1) {
      const unit = streamId.charCodeAt(i);
      if (wide === 0) bytes[arenaUsed + i] = unit;
      else {
        bytes[arenaUsed + 2 * i] = unit & 0xff;
        bytes[arenaUsed + 2 * i + 1] = unit >>> 8;
      }
    }
    (places[chunk] as Float64Array)[at] = (arena.length - 1) * PLACE + arenaUsed;
    arenaUsed += length;
    (lengths[chunk] as Uint32Array)[at] = streamId.length * 2 + wide;
    table[2 * lastIndex] = lastDigest;
    table[2 * lastIndex + 1] = entry + 1;
    size += 1;
    lastSlot = entry;
    if (4 * size > table.length) grow();
    return entry;
  };
  return {
    get size() {
      return size;
    },
    get byteLength() {
      return hashes.length * CHUNK * ENTRY_BYTES + table.byteLength + arena.reduce((bytes, buffer) => bytes + buffer.length, 0);
    },
    slot: find,
    revision: (slot) => (revisions[Math.floor(slot / CHUNK)] as Float64Array)[slot % CHUNK] as number,
    hash(slot) {
      const at = (slot % CHUNK) * HASH_BYTES;
      return (hashes[Math.floor(slot / CHUNK)] as Buffer).toString('hex', at, at + HASH_BYTES);
    },
    set(streamId, revision, hash) {
      let slot = find(streamId);
      if (slot < 0) slot = add(streamId);
      const chunk = Math.floor(slot / CHUNK);
      (revisions[chunk] as Float64Array)[slot % CHUNK] = revision;
      const into = hashes[chunk] as Buffer;
      const at = (slot % CHUNK) * HASH_BYTES;
      if (into.write(hash, at, HASH_BYTES, 'hex') !== HASH_BYTES || hash.length !== 2 * HASH_BYTES) into.fill(0, at, at + HASH_BYTES);
    },
  };
}

/**
 * An event as the SQLite store holds it: its columns, with data and metadata as their stored
 * JSON texts, not decoded. Since the store writes both texts in RFC 8785 form, the bytes the
 * chain hashes can be joined from them (storedRowHash) instead of parsing and canonicalising.
 */
export interface StoredRow {
  readonly position: bigint;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly schema_version: bigint;
  readonly data: string;
  readonly metadata: string;
}

/** A store that hands out its rows undecoded, and decodes one the way its reads do (CorruptEventError when it cannot). */
export interface StoredRowReader {
  readAllRows(afterPosition: Position, maxCount: number): readonly StoredRow[];
  decodeRow(row: StoredRow): StoredEvent;
}

/**
 * A store that can pass over, inside its database, the rows whose data text holds neither of two
 * strings, and hand out the others undecoded: for whole-log checks that need only a few rows.
 */
export interface DataTextFilter extends StoredRowReader {
  readRowsWhereDataContains(afterPosition: Position, toPosition: Position, either: readonly [string, string]): readonly StoredRow[];
}

export function filtersDataText(store: object): store is DataTextFilter {
  return readsStoredRows(store) && typeof (store as Partial<DataTextFilter>).readRowsWhereDataContains === 'function';
}

export function readsStoredRows(store: object): store is StoredRowReader {
  const candidate = store as Partial<StoredRowReader>;
  return typeof candidate.readAllRows === 'function' && typeof candidate.decodeRow === 'function';
}

/** What checkRow found: the row's stored hash (its Merkle leaf), or the break. */
export type RowCheck = { readonly hash: string; readonly broken?: undefined } | { readonly hash?: undefined; readonly broken: ChainBreak };

/** Checks events in order against the heads of their streams; stateful, one pass. */
export class ChainVerifier {
  private readonly heads = createStreamHeads();
  private lastPosition: Position = START;
  private eventsChecked = 0;
  private firstBreak: ChainBreak | undefined;

  /** Returns the break this event shows, if any; after the first break, nothing more is checked. */
  check(event: StoredEvent): ChainBreak | undefined {
    if (this.firstBreak) return this.firstBreak;
    this.firstBreak = this.findBreak(event);
    this.eventsChecked += 1;
    this.lastPosition = event.position;
    this.heads.set(event.streamId, event.revision, String(event.metadata?.hash));
    return this.firstBreak;
  }

  /**
   * `check` for a stored row, mostly without decoding it: when the row's position, revision
   * and prevHash follow its stream's head and the digest of its stored texts (storedRowHash)
   * is its stored hash, it passes as it is. Anything else (an old row stored in the caller's
   * key order, an altered one, a gap) is decoded and checked the exact way, which decides and
   * words the break as `check` always has. A CorruptEventError of `decode` is thrown on.
   */
  checkRow(row: StoredRow, decode: (row: StoredRow) => StoredEvent): RowCheck {
    if (this.firstBreak) return { broken: this.firstBreak };
    const fast = this.passesAsStored(row);
    if (fast !== undefined) return { hash: fast };
    const event = decode(row);
    const broken = this.check(event);
    return broken ? { broken } : { hash: event.metadata.hash };
  }

  /**
   * `check` for an event decoded from text that JSON.stringify wrote from the store's RFC
   * 8785 text (an export line): its envelope written again by JSON.stringify (native, in one
   * call) is in most cases the very text that was hashed, so it passes when its digest is the
   * stored hash and the event follows its stream's head. Anything else goes the exact way.
   */
  checkAsWritten(event: StoredEvent): ChainBreak | undefined {
    if (this.firstBreak) return this.firstBreak;
    if (this.passesAsWritten(event)) return undefined;
    return this.check(event);
  }

  private passesAsWritten(event: StoredEvent): boolean {
    const { metadata } = event;
    if (this.eventsChecked > 0 && event.position <= this.lastPosition) return false;
    if (typeof metadata !== 'object' || metadata === null || typeof metadata.hash !== 'string' || typeof metadata.prevHash !== 'string') return false;
    if (HASHED_FIELDS.some((field) => event[field] === undefined)) return false;
    const head = this.heads.slot(event.streamId);
    if (!this.follows(head, event.revision, metadata.prevHash)) return false;
    const { hash: stored, ...unhashed } = metadata;
    const { data, eventId, revision, schemaVersion, streamId, type } = event;
    let text: string | undefined;
    try {
      // Members in RFC 8785 order at the top; below, in the order the text had.
      text = JSON.stringify({ data, eventId, metadata: unhashed, revision, schemaVersion, streamId, type }) as string | undefined;
    } catch {
      return false;
    }
    if (text === undefined || refusedByTheStore(text) || hash('sha256', `${metadata.prevHash}${text}`, 'hex') !== stored) return false;
    this.eventsChecked += 1;
    this.lastPosition = event.position;
    this.heads.set(event.streamId, event.revision, stored);
    return true;
  }

  /** The row's hash when it passes from its stored text alone (then it is recorded as checked); undefined otherwise. */
  private passesAsStored(row: StoredRow): string | undefined {
    if (this.eventsChecked > 0 && row.position <= this.lastPosition) return undefined;
    const tail = storedTail(row.metadata);
    if (tail === undefined) return undefined;
    const revision = Number(row.revision);
    if (!this.follows(this.heads.slot(row.stream_id), revision, tail.prevHash)) return undefined;
    if (storedRowHash(row, tail) !== tail.hash) return undefined;
    this.eventsChecked += 1;
    this.lastPosition = row.position;
    this.heads.set(row.stream_id, revision, tail.hash);
    return tail.hash;
  }

  /** Whether an event of `revision` with `prevHash` is next in the stream whose head is in `slot` (-1: none yet). */
  private follows(slot: number, revision: number, prevHash: string): boolean {
    if (slot < 0) return revision === 0 && prevHash === GENESIS_HASH;
    return revision === this.heads.revision(slot) + 1 && prevHash === this.heads.hash(slot);
  }

  /** Bytes the stream heads hold in buffers (the Map of stream ids aside). */
  headBytes(): number {
    return this.heads.byteLength;
  }

  unreadable(error: CorruptEventError): void {
    const { streamId, revision, position, message } = error;
    this.firstBreak ??= { reason: 'unreadable', streamId, revision, position, message };
  }

  report(): VerificationReport {
    return {
      ok: this.firstBreak === undefined,
      eventsChecked: this.eventsChecked,
      streamsChecked: this.heads.size,
      lastPosition: this.lastPosition,
      ...(this.firstBreak ? { firstBreak: this.firstBreak } : {}),
    };
  }

  private findBreak(event: StoredEvent): ChainBreak | undefined {
    const at = { streamId: event.streamId, revision: event.revision, position: event.position, eventId: event.eventId };
    const where = `${event.streamId}@${event.revision} (position ${event.position})`;
    if (this.eventsChecked > 0 && event.position <= this.lastPosition) {
      return { ...at, reason: 'position-order', expected: `> ${this.lastPosition}`, actual: String(event.position), message: `${where}: position does not increase` };
    }
    const head = this.heads.slot(event.streamId);
    const expectedRevision = head < 0 ? 0 : this.heads.revision(head) + 1;
    if (event.revision !== expectedRevision) {
      return { ...at, reason: 'revision-gap', expected: String(expectedRevision), actual: String(event.revision), message: `${where}: expected revision ${expectedRevision}` };
    }
    const metadata: unknown = event.metadata;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      return { ...at, reason: 'hash-mismatch', message: `${where}: the metadata, which holds the hash chain, is missing` };
    }
    const expectedPrev = head < 0 ? GENESIS_HASH : this.heads.hash(head);
    if (event.metadata.prevHash !== expectedPrev) {
      return { ...at, reason: 'prev-hash-mismatch', expected: expectedPrev, actual: event.metadata.prevHash, message: `${where}: prevHash does not match the previous event's hash` };
    }
    const recomputed = safeChainHash(event);
    if (recomputed !== event.metadata.hash) {
      return { ...at, reason: 'hash-mismatch', expected: recomputed, actual: event.metadata.hash, message: `${where}: the stored hash does not match the event's content` };
    }
    return undefined;
  }
}

function safeChainHash(event: StoredEvent): string {
  try {
    return recomputedHash(event);
  } catch (error) {
    return `(cannot be hashed: ${(error as Error).message})`;
  }
}

/**
 * Whether the canonical text may hold what the I-JSON check refuses: a lone surrogate (written
 * as a \u escape), a key "toJSON", or more than 64 nested levels (which take more than 64
 * brackets). False positives only cost the exact path.
 */
function refusedByTheStore(text: string): boolean {
  return STORED_TEXT.refused(text);
}

/** The fields the hash covers: an envelope lacking one goes the exact way, and fails there. */
const HASHED_FIELDS = ['eventId', 'streamId', 'revision', 'type', 'schemaVersion', 'data'] as const;

/**
 * chainHash of a decoded event, as the store sealed it, in a fraction of its time. chainHash
 * first copies the envelope through the I-JSON check (a property definition per key), which a
 * value decoded by JSON.parse (every store's read, every export line) passes unless it holds
 * what the store never seals: a lone surrogate, a key "toJSON", nesting deeper than 64. And it
 * canonicalises the envelope's own keys, whose order is fixed. Here the top level is
 * concatenated in RFC 8785 order and only data and metadata go through the canonicaliser. A
 * text that may hold one of those three, or an envelope lacking a field, is hashed the exact
 * way instead, so the result is chainHash's in every case (verify.spec.ts compares them over
 * generated envelopes).
 */
export function recomputedHash(event: StoredEvent): string {
  const { metadata } = event;
  if (HASHED_FIELDS.some((field) => event[field] === undefined)) return chainHash(event);
  const text = hashedText(event);
  // What cannot be hashed fails the exact way, with chainHash's own message.
  if (text === undefined || refusedByTheStore(text)) return chainHash(event);
  return createHash('sha256').update(metadata.prevHash, 'utf8').update(text, 'utf8').digest('hex');
}

/** The canonical JSON of the envelope without its hash; undefined when the canonicaliser refuses it (NaN, Infinity). */
function hashedText(event: StoredEvent): string | undefined {
  const { hash: _hash, ...unhashed } = event.metadata;
  const canonical = (value: unknown): string => canonicalJsonOfChecked(value as JsonValue);
  try {
    return (
      `{"data":${canonical(event.data)},"eventId":${canonical(event.eventId)},"metadata":${canonical(unhashed)},"revision":${canonical(event.revision)},` +
      `"schemaVersion":${canonical(event.schemaVersion)},"streamId":${canonical(event.streamId)},"type":${canonical(event.type)}}`
    );
  } catch {
    return undefined;
  }
}

/** Where the hash member of a stored metadata text starts, and the two hashes it ends with. */
export interface StoredTail {
  readonly at: number;
  readonly hash: string;
  readonly prevHash: string;
}

/** The columns storedRowHash joins: a StoredRow's. */
type HashedColumns = Pick<StoredRow, 'data' | 'event_id' | 'metadata' | 'revision' | 'schema_version' | 'stream_id' | 'type'>;

/**
 * The checks of a row's stored RFC 8785 text, self-contained on purpose (no import, no module
 * constant): the verification thread (src/ledger/verify-thread.ts) runs this very function from
 * its source text, so both threads decide the same way. `sha256Hex` hashes a string's UTF-8.
 *
 * - `tail(metadata)`: the store's members at the end of a metadata text written in RFC 8785
 *   form, read without parsing it: `,"hash":"<hex>","prevHash":"<hex>","recordedAt":"<text>"}`.
 *   A `,"` never lies inside a JSON string (its quote would be escaped), and the closing brace
 *   ends the text, so in well-formed JSON these are top-level members. Undefined for any other
 *   shape (a text stored in the caller's key order, an altered one): the caller then decodes.
 * - `rowHash(row, tail)`: the digest chainHash gives when the stored texts are RFC 8785 (as
 *   the SQLite store writes them since it stores canonical text): sha256(prevHash || the
 *   envelope without hash), the envelope joined from the columns in RFC 8785 member order and
 *   the metadata text with its hash member cut out. Nothing parsed, nothing canonicalised. A
 *   text that may hold what the store refuses gives undefined, so the exact path decides those.
 *   Equal to the stored hash means the stored texts are the bytes that were hashed; the chain
 *   path decodes and canonicalises only rows where it is not. A text that is not RFC 8785 can
 *   only match if someone hashed that very text on purpose, which whoever can do could as
 *   well do over a canonical text: neither path can tell; the signed checkpoints and their
 *   witnesses can (src/ledger/README.md).
 * - `refused(text)`: whether the canonical text may hold what the I-JSON check refuses (a lone
 *   surrogate written as a \u escape, a key "toJSON", more than 64 nested levels, which take
 *   more than 64 brackets). False positives only cost the exact path.
 */
export function createStoredTextCheck(sha256Hex: (text: string) => string): {
  tail(metadata: string): StoredTail | undefined;
  rowHash(row: HashedColumns, tail: StoredTail): string | undefined;
  refused(text: string): boolean;
} {
  const HASH_MEMBER = ',"hash":"';
  const HASH_MEMBER_LENGTH = HASH_MEMBER.length + 64 + 1;
  /** The members the tail is (checked, not captured: the two hashes lie at fixed offsets from its start). */
  const CANONICAL_TAIL = /,"hash":"[0-9a-f]{64}","prevHash":"[0-9a-f]{64}","recordedAt":"[^"\\]*"\}$/y;
  const PREV_HASH_AT = HASH_MEMBER_LENGTH + ',"prevHash":"'.length;
  /**
   * How far from the end the tail is looked for first: its members with a recordedAt of up to 64
   * characters (the store writes 24). A forward search from there costs a fraction of
   * lastIndexOf's walk back over the whole text; a longer tail is found by lastIndexOf.
   */
  const TAIL_WINDOW = PREV_HASH_AT + 64 + '","recordedAt":"'.length + 64 + 2;
  const MAX_OPENERS = 64;
  const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
  const refused = (text: string): boolean => {
    // includes() first: a \u escape is rare in canonical text (only control characters and lone
    // surrogates are escaped), so the pattern runs only on the texts that hold one.
    if (text.includes('toJSON') || (text.includes('\\u') && LONE_SURROGATE_ESCAPE.test(text))) return true;
    let openers = 0;
    for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
      if ((openers += 1) > MAX_OPENERS) return true;
    }
    for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) {
      if ((openers += 1) > MAX_OPENERS) return true;
    }
    return false;
  };
  /** Whether the tail's members start at `at` and end the text. */
  const tailAt = (metadata: string, at: number): boolean => {
    CANONICAL_TAIL.lastIndex = at;
    return CANONICAL_TAIL.test(metadata);
  };
  return {
    refused,
    tail(metadata) {
      // A text with the tail holds HASH_MEMBER nowhere after the tail's start (the tail's other
      // members and its recordedAt hold no such run), so the first found in the window, if the
      // tail is there, is the one lastIndexOf finds.
      let at = metadata.indexOf(HASH_MEMBER, Math.max(0, metadata.length - TAIL_WINDOW));
      if (at < 0 || !tailAt(metadata, at)) {
        at = metadata.lastIndexOf(HASH_MEMBER);
        if (at < 0 || !tailAt(metadata, at)) return undefined;
      }
      return { at, hash: metadata.slice(at + HASH_MEMBER.length, at + HASH_MEMBER.length + 64), prevHash: metadata.slice(at + PREV_HASH_AT, at + PREV_HASH_AT + 64) };
    },
    rowHash(row, tail) {
      const { metadata } = row;
      const q = JSON.stringify;
      const text =
        `{"data":${row.data},"eventId":${q(row.event_id)},"metadata":${metadata.slice(0, tail.at)}${metadata.slice(tail.at + HASH_MEMBER_LENGTH)},` +
        `"revision":${Number(row.revision)},"schemaVersion":${Number(row.schema_version)},"streamId":${q(row.stream_id)},"type":${q(row.type)}}`;
      if (refused(text)) return undefined;
      return sha256Hex(`${tail.prevHash}${text}`);
    },
  };
}

// One-shot hash: a fraction of createHash's cost per call on texts this small.
const STORED_TEXT = createStoredTextCheck((text) => hash('sha256', text, 'hex'));

/** The stored hash at the end of a metadata text in RFC 8785 form (createStoredTextCheck's `tail`); undefined for any other shape. */
export function storedHashOf(metadata: string): string | undefined {
  return STORED_TEXT.tail(metadata)?.hash;
}

function storedTail(metadata: string): StoredTail | undefined {
  return STORED_TEXT.tail(metadata);
}

function storedRowHash(row: StoredRow, tail: StoredTail): string | undefined {
  return STORED_TEXT.rowHash(row, tail);
}

export async function verifyStream(store: EventStore, streamId: string): Promise<VerificationReport> {
  return verifyEvents(async function* () {
    yield* await store.readStream(streamId);
  });
}

/** Checks every chain in the log, page by page, and reports the first break in global order. */
export async function verifyAll(store: EventStore, options: { pageSize?: number } = {}): Promise<VerificationReport> {
  const pageSize = options.pageSize ?? 1000;
  if (readsStoredRows(store)) return verifyRows(store, pageSize);
  return verifyEvents(async function* () {
    let after: Position = START;
    for (;;) {
      const { events, damage } = await readPage(store, after, pageSize);
      yield* events;
      if (damage) throw damage;
      const last = events.at(-1);
      if (!last || events.length < pageSize) return;
      after = last.position;
    }
  });
}

interface Page {
  readonly events: readonly StoredEvent[];
  /** A record that could not be decoded right after `events`. */
  readonly damage?: CorruptEventError;
}

/**
 * A page holding an undecodable record cannot be read whole; then it is read one event at
 * a time, so the events before the damaged one are still checked (one of them may be the
 * first break) and the damage is reported only if nothing before it broke.
 */
async function readPage(store: EventStore, after: Position, pageSize: number): Promise<Page> {
  try {
    return { events: await store.readAll({ afterPosition: after, maxCount: pageSize }) };
  } catch (error) {
    if (!(error instanceof CorruptEventError)) throw error;
  }
  const events: StoredEvent[] = [];
  for (let next = after; events.length < pageSize; ) {
    try {
      const [event] = await store.readAll({ afterPosition: next, maxCount: 1 });
      if (!event) break;
      events.push(event);
      next = event.position;
    } catch (error) {
      if (error instanceof CorruptEventError) return { events, damage: error };
      throw error;
    }
  }
  return { events };
}

async function verifyEvents(source: () => AsyncIterable<StoredEvent>): Promise<VerificationReport> {
  const verifier = new ChainVerifier();
  try {
    for await (const event of source()) {
      if (verifier.check(event)) break;
    }
  } catch (error) {
    if (!(error instanceof CorruptEventError)) throw error;
    verifier.unreadable(error);
  }
  return verifier.report();
}

/** verifyAll over a store's stored rows: each row decoded only when its stored text does not pass as it is. */
async function verifyRows(store: StoredRowReader, pageSize: number): Promise<VerificationReport> {
  const verifier = new ChainVerifier();
  const decode = (row: StoredRow) => store.decodeRow(row);
  try {
    for (let after: Position = START; ; ) {
      const rows = store.readAllRows(after, pageSize);
      for (const row of rows) {
        if (verifier.checkRow(row, decode).broken) return verifier.report();
      }
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) break;
      after = last.position;
      // A turn for whatever else awaits the store, as the port's reads gave.
      await Promise.resolve();
    }
  } catch (error) {
    if (!(error instanceof CorruptEventError)) throw error;
    verifier.unreadable(error);
  }
  return verifier.report();
}
