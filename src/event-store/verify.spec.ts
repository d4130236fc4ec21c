import { afterAll, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../test/support/temp-dir.js';
import type { JsonValue } from '../shared/json.js';
import { canonicalJson, canonicalJsonOfChecked } from './canonical-json.js';
import { CorruptEventError, InvalidPositionError } from './event-store.errors.js';
import { START, type EventStore, type Position, type ReadAllOptions, type StoredEvent } from './event-store.port.js';
import { GENESIS_HASH, chainHash, seal, type SealableEnvelope } from './hash-chain.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { ChainVerifier, recomputedHash, verifyAll, verifyStream, type ChainBreak, type StoredRow, type VerificationReport } from './verify.js';

// ---------------------------------------------------------------------------------------
// A valid sealed log, built in memory: `plan` lists the stream of each event in global
// order; revisions count up per stream, positions go 10, 20, 30… (gaps, as a real store
// may leave), and every event chains to the previous one of its stream.
// ---------------------------------------------------------------------------------------

const A = 'breach-aaaaaaaa-0000-4000-8000-000000000001';
const B = 'dpia-bbbbbbbb-0000-4000-8000-000000000002';
const C = 'breach-cccccccc-0000-4000-8000-000000000003';

function eventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function envelope(streamId: string, revision: number, prevHash: string, n: number): SealableEnvelope {
  const commandId = `command-${n}`;
  return {
    eventId: eventId(n),
    streamId,
    revision,
    type: revision === 0 ? 'BreachDetected' : 'BreachUpdated',
    schemaVersion: 1,
    data: { title: `event ${n} of ${streamId}`, affectedPersons: n, notes: ['letter sent to the wrong address', { by: 'post' }] },
    metadata: {
      actor: { id: 'po-7', role: 'privacy-officer' },
      commandId,
      correlationId: commandId,
      causationId: commandId,
      recordedAt: new Date(Date.UTC(2026, 2, 1, 10, 0, n)).toISOString(),
      prevHash,
    },
  };
}

function sealedLog(plan: readonly string[]): StoredEvent[] {
  const heads = new Map<string, { revision: number; hash: string }>();
  return plan.map((streamId, index) => {
    const head = heads.get(streamId);
    const revision = head ? head.revision + 1 : 0;
    const sealed = seal(envelope(streamId, revision, head?.hash ?? GENESIS_HASH, index + 1));
    heads.set(streamId, { revision, hash: sealed.metadata.hash });
    return { ...sealed, position: BigInt((index + 1) * 10) };
  });
}

/** Three interleaved streams: A has revisions 0–3, B 0–2, C 0–1. */
const PLAN = [A, B, A, C, A, B, C, A, B];

function verify(events: readonly StoredEvent[]): VerificationReport {
  const verifier = new ChainVerifier();
  for (const event of events) {
    if (verifier.check(event)) break;
  }
  return verifier.report();
}

function indexOf(log: readonly StoredEvent[], streamId: string, revision: number): number {
  const index = log.findIndex((event) => event.streamId === streamId && event.revision === revision);
  if (index < 0) throw new Error(`no ${streamId}@${revision} in the log`);
  return index;
}

function at(log: readonly StoredEvent[], streamId: string, revision: number): StoredEvent {
  return log[indexOf(log, streamId, revision)] as StoredEvent;
}

/** The log with the event of `streamId`@`revision` replaced by what `change` makes of it. */
function tampered(log: readonly StoredEvent[], streamId: string, revision: number, change: (event: StoredEvent) => StoredEvent): StoredEvent[] {
  const index = indexOf(log, streamId, revision);
  return log.map((event, i) => (i === index ? change(event) : event));
}

/** Seals an envelope again (as an attacker who knows the algorithm would) at the given position. */
function resealed(event: StoredEvent, changes: { revision?: number; prevHash?: string; position?: Position } = {}): StoredEvent {
  const { hash: _old, ...metadata } = event.metadata;
  const sealed = seal({
    ...event,
    revision: changes.revision ?? event.revision,
    metadata: { ...metadata, prevHash: changes.prevHash ?? event.metadata.prevHash },
  });
  return { ...sealed, position: changes.position ?? event.position };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------

describe('the hash chain', () => {
  // A fixed envelope, its canonical JSON written out by hand (RFC 8785: keys sorted at every
  // level, no whitespace), and the digest computed outside Node (sha256sum). A verifier in any
  // language can check itself against these three.
  const fixed: SealableEnvelope = {
    type: 'BreachDetected',
    streamId: 'breach-0c7d2a8e-5f4b-4e3a-8d6c-9b1a2f3e4d5c',
    revision: 0,
    schemaVersion: 1,
    eventId: '6f1c1a9e-2b7d-4c1e-9a53-0d6b1f0e4a21',
    data: { title: 'Brief naar verkeerd adres €', affectedPersons: 12 },
    metadata: {
      recordedAt: '2026-03-01T10:15:30.123Z',
      prevHash: GENESIS_HASH,
      actor: { role: 'privacy-officer', id: 'po-7' },
      commandId: 'cmd-1',
      correlationId: 'cmd-1',
      causationId: 'cmd-1',
    },
  };
  const fixedCanonical =
    '{"data":{"affectedPersons":12,"title":"Brief naar verkeerd adres €"},"eventId":"6f1c1a9e-2b7d-4c1e-9a53-0d6b1f0e4a21",' +
    `"metadata":{"actor":{"id":"po-7","role":"privacy-officer"},"causationId":"cmd-1","commandId":"cmd-1","correlationId":"cmd-1","prevHash":"${GENESIS_HASH}","recordedAt":"2026-03-01T10:15:30.123Z"},` +
    '"revision":0,"schemaVersion":1,"streamId":"breach-0c7d2a8e-5f4b-4e3a-8d6c-9b1a2f3e4d5c","type":"BreachDetected"}';
  const fixedHash = '12ac8229d17f93514df771af3f477f610eecd5a15e25f439e0902ddac88ec799';

  it('starts every stream from GENESIS_HASH, 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const log = sealedLog(PLAN);
    for (const streamId of [A, B, C]) expect(at(log, streamId, 0).metadata.prevHash).toBe(GENESIS_HASH);
  });

  it('is sha256 over prevHash (as 64 hex characters) followed by the canonical JSON of the envelope without hash', () => {
    expect(canonicalJson(fixed)).toBe(fixedCanonical);
    expect(sha256Hex(GENESIS_HASH + fixedCanonical)).toBe(fixedHash);
    expect(chainHash(fixed)).toBe(fixedHash);
    expect(seal(fixed).metadata.hash).toBe(fixedHash);
  });

  it('takes prevHash as its hex text, not as 32 raw bytes', () => {
    const rawBytes = createHash('sha256').update(Buffer.from(GENESIS_HASH, 'hex')).update(fixedCanonical, 'utf8').digest('hex');
    expect(chainHash(fixed)).not.toBe(rawBytes);
  });

  it('recomputes, for every event of a sealed log, the hash node:crypto gives independently', () => {
    for (const event of sealedLog(PLAN)) {
      const { position: _position, metadata, ...rest } = event;
      const { hash, ...unhashedMetadata } = metadata;
      expect(sha256Hex(metadata.prevHash + canonicalJson({ ...rest, metadata: unhashedMetadata }))).toBe(hash);
    }
  });

  it('chains each event to the hash of the previous event of its own stream', () => {
    const log = sealedLog(PLAN);
    expect(at(log, A, 1).metadata.prevHash).toBe(at(log, A, 0).metadata.hash);
    expect(at(log, A, 3).metadata.prevHash).toBe(at(log, A, 2).metadata.hash);
    expect(at(log, B, 2).metadata.prevHash).toBe(at(log, B, 1).metadata.hash);
    expect(at(log, C, 1).metadata.prevHash).toBe(at(log, C, 0).metadata.hash);
  });

  it('does not cover the position: the same envelope has the same hash at any position', () => {
    const sealed = seal(fixed);
    const hashes = [1n, 2n, 10n ** 18n, 2n ** 63n - 1n].map((position) => chainHash({ ...sealed, position } as StoredEvent));
    expect(new Set(hashes)).toEqual(new Set([fixedHash]));
  });

  it('ignores the hash already in the metadata, so a sealed event rehashes to its own hash', () => {
    const sealed = seal(fixed);
    expect(chainHash(sealed)).toBe(sealed.metadata.hash);
    const withOtherHash: StoredEvent = { ...sealed, position: 1n, metadata: { ...sealed.metadata, hash: 'f'.repeat(64) } };
    expect(chainHash(withOtherHash)).toBe(fixedHash);
  });

  it('does not depend on the key order of the envelope', () => {
    const reordered: SealableEnvelope = {
      metadata: { causationId: 'cmd-1', correlationId: 'cmd-1', commandId: 'cmd-1', actor: { id: 'po-7', role: 'privacy-officer' }, prevHash: GENESIS_HASH, recordedAt: '2026-03-01T10:15:30.123Z' },
      data: { affectedPersons: 12, title: 'Brief naar verkeerd adres €' },
      eventId: fixed.eventId,
      schemaVersion: 1,
      revision: 0,
      streamId: fixed.streamId,
      type: 'BreachDetected',
    };
    expect(chainHash(reordered)).toBe(fixedHash);
  });

  it('leaves the envelope as it was and adds only the hash', () => {
    const copy = structuredClone(fixed);
    const sealed = seal(fixed);
    expect(fixed).toEqual(copy);
    expect(sealed).toEqual({ ...fixed, metadata: { ...fixed.metadata, hash: fixedHash } });
  });

  it.each<[string, (e: SealableEnvelope) => SealableEnvelope]>([
    ['eventId', (e) => ({ ...e, eventId: eventId(999) })],
    ['streamId', (e) => ({ ...e, streamId: 'breach-other' })],
    ['revision', (e) => ({ ...e, revision: 1 })],
    ['type', (e) => ({ ...e, type: 'BreachReportedToAP' })],
    ['schemaVersion', (e) => ({ ...e, schemaVersion: 2 })],
    ['one byte of the payload', (e) => ({ ...e, data: { ...e.data, title: 'Brief naar verkeerd adres $' } })],
    ['a number in the payload', (e) => ({ ...e, data: { ...e.data, affectedPersons: 13 } })],
    ['a field added to the payload', (e) => ({ ...e, data: { ...e.data, extra: null } })],
    ['recordedAt, by one millisecond', (e) => ({ ...e, metadata: { ...e.metadata, recordedAt: '2026-03-01T10:15:30.124Z' } })],
    ['actor.id', (e) => ({ ...e, metadata: { ...e.metadata, actor: { id: 'po-8', role: 'privacy-officer' } } })],
    ['actor.role', (e) => ({ ...e, metadata: { ...e.metadata, actor: { id: 'po-7', role: 'dpo' } } })],
    ['commandId', (e) => ({ ...e, metadata: { ...e.metadata, commandId: 'cmd-2' } })],
    ['correlationId', (e) => ({ ...e, metadata: { ...e.metadata, correlationId: 'cmd-2' } })],
    ['causationId', (e) => ({ ...e, metadata: { ...e.metadata, causationId: 'cmd-2' } })],
    ['metadata extensions', (e) => ({ ...e, metadata: { ...e.metadata, extensions: { sourceFile: 'abc' } } })],
    ['prevHash', (e) => ({ ...e, metadata: { ...e.metadata, prevHash: '1'.repeat(64) } })],
  ])('covers %s', (_field, change) => {
    expect(chainHash(change(fixed))).not.toBe(fixedHash);
  });
});

describe('ChainVerifier', () => {
  describe('an untouched log', () => {
    it('accepts a sealed log of interleaved streams and counts what it checked', () => {
      const log = sealedLog(PLAN);
      expect(verify(log)).toEqual({ ok: true, eventsChecked: 9, streamsChecked: 3, lastPosition: 90n });
    });

    it('accepts an empty log', () => {
      expect(new ChainVerifier().report()).toEqual({ ok: true, eventsChecked: 0, streamsChecked: 0, lastPosition: START });
    });

    it('accepts positions with gaps and a first position of 0', () => {
      const log = sealedLog([A, A, B]).map((event, i) => ({ ...event, position: [0n, 7n, 1_000_000n][i] as bigint }));
      expect(verify(log).ok).toBe(true);
    });

    it('accepts a stream on its own, as anyone can check one stream without the rest of the log', () => {
      const stream = sealedLog(PLAN).filter((event) => event.streamId === A);
      expect(verify(stream)).toMatchObject({ ok: true, eventsChecked: 4, streamsChecked: 1 });
    });
  });

  describe('an altered event', () => {
    it('reports a changed payload byte as a hash mismatch at that event, naming the hashes', () => {
      const log = sealedLog(PLAN);
      const original = at(log, A, 2);
      const title = original.data.title as string;
      const changed = { ...original, data: { ...original.data, title: `${title.slice(0, -1)}${title.endsWith('x') ? 'y' : 'x'}` } };
      const report = verify(tampered(log, A, 2, () => changed));
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toEqual({
        reason: 'hash-mismatch',
        streamId: A,
        revision: 2,
        position: original.position,
        eventId: original.eventId,
        expected: chainHash(changed),
        actual: original.metadata.hash,
        message: expect.stringContaining(`${A}@2 (position ${original.position})`),
      });
    });

    it.each<[string, (e: StoredEvent) => StoredEvent]>([
      ['recordedAt (backdated by an hour)', (e) => ({ ...e, metadata: { ...e.metadata, recordedAt: '2026-03-01T09:00:05.000Z' } })],
      ['the actor', (e) => ({ ...e, metadata: { ...e.metadata, actor: { id: 'someone-else', role: 'privacy-officer' } } })],
      ['the actor’s role', (e) => ({ ...e, metadata: { ...e.metadata, actor: { ...e.metadata.actor, role: 'dpo' } } })],
      ['the commandId', (e) => ({ ...e, metadata: { ...e.metadata, commandId: 'command-forged' } })],
      ['the type', (e) => ({ ...e, type: 'BreachClosed' })],
      ['the schemaVersion', (e) => ({ ...e, schemaVersion: 2 })],
      ['the eventId', (e) => ({ ...e, eventId: eventId(4242) })],
      ['a payload field removed', (e) => ({ ...e, data: { title: e.data.title as string } })],
      ['a nested payload value', (e) => ({ ...e, data: { ...e.data, notes: ['letter sent to the right address', { by: 'post' }] } })],
    ])('reports a change of %s as a hash mismatch at that event', (_what, change) => {
      const log = sealedLog(PLAN);
      const original = at(log, B, 1);
      expect(verify(tampered(log, B, 1, change)).firstBreak).toMatchObject({
        reason: 'hash-mismatch',
        streamId: B,
        revision: 1,
        position: original.position,
        actual: original.metadata.hash,
      });
    });

    it('reports a changed prevHash as a prev-hash mismatch at that event', () => {
      const log = sealedLog(PLAN);
      const original = at(log, C, 1);
      const report = verify(tampered(log, C, 1, (e) => ({ ...e, metadata: { ...e.metadata, prevHash: 'a'.repeat(64) } })));
      expect(report.firstBreak).toMatchObject({
        reason: 'prev-hash-mismatch',
        streamId: C,
        revision: 1,
        position: original.position,
        expected: at(log, C, 0).metadata.hash,
        actual: 'a'.repeat(64),
      });
    });

    it('reports an event whose content can no longer be hashed as a hash mismatch instead of throwing', () => {
      const log = sealedLog(PLAN);
      const report = verify(tampered(log, A, 1, (e) => ({ ...e, data: { ...e.data, affectedPersons: Number.NaN } })));
      expect(report.firstBreak).toMatchObject({ reason: 'hash-mismatch', streamId: A, revision: 1, expected: expect.stringContaining('cannot be hashed') });
    });
  });

  describe('a hash that is not over the envelope', () => {
    const canonicalWithoutHash = (e: StoredEvent): string => {
      const { position: _position, metadata, ...rest } = e;
      const { hash: _hash, ...unhashed } = metadata;
      return canonicalJson({ ...rest, metadata: unhashed });
    };
    it.each<[string, (e: StoredEvent, log: readonly StoredEvent[]) => string]>([
      ['64 random hex digits', () => 'c0ffee'.repeat(10) + 'beef'],
      ['the hash of another event', (_e, log) => at(log, B, 0).metadata.hash],
      ['sha256 of the envelope without prevHash in front', (e) => sha256Hex(canonicalWithoutHash(e))],
      ['sha256 of prevHash and JSON.stringify (not canonical)', (e) => sha256Hex(e.metadata.prevHash + JSON.stringify({ ...e, position: undefined }))],
      ['sha256 of prevHash and the envelope including its position', (e) => sha256Hex(e.metadata.prevHash + canonicalJson({ ...JSON.parse(canonicalWithoutHash(e)), position: Number(e.position) }))],
      ['sha256 of prevHash and the payload only', (e) => sha256Hex(e.metadata.prevHash + canonicalJson(e.data))],
      ['an empty string', () => ''],
    ])('reports %s as a hash mismatch at that event, even when the rest of the stream chains onto it', (_what, forge) => {
      const log = sealedLog(PLAN);
      const original = at(log, A, 1);
      const forged = { ...original, metadata: { ...original.metadata, hash: forge(original, log) } };
      // The attacker relinks the following events of A onto the forged hash, resealing them.
      let prevHash = forged.metadata.hash;
      const relinked = log.map((event) => {
        if (event === original) return forged;
        if (event.streamId !== A || event.revision < 2) return event;
        const again = resealed(event, { prevHash });
        prevHash = again.metadata.hash;
        return again;
      });
      expect(verify(relinked).firstBreak).toMatchObject({ reason: 'hash-mismatch', streamId: A, revision: 1, position: original.position, actual: forged.metadata.hash });
    });
  });

  describe('removed, reordered and inserted events', () => {
    it('reports a dropped event as a revision gap at the next event of its stream', () => {
      const log = sealedLog(PLAN);
      const next = at(log, A, 2);
      const report = verify(log.filter((event) => event !== at(log, A, 1)));
      expect(report.firstBreak).toMatchObject({ reason: 'revision-gap', streamId: A, revision: 2, position: next.position, expected: '1', actual: '2' });
    });

    it('reports a dropped first event as a revision gap at the stream’s second event', () => {
      const log = sealedLog(PLAN);
      const report = verify(log.filter((event) => event !== at(log, B, 0)));
      expect(report.firstBreak).toMatchObject({ reason: 'revision-gap', streamId: B, revision: 1, position: at(log, B, 1).position, expected: '0', actual: '1' });
    });

    it('reports a dropped event whose successors were renumbered as a prev-hash mismatch at the first successor', () => {
      const log = sealedLog(PLAN);
      const dropped = at(log, A, 1);
      const renumbered = log
        .filter((event) => event !== dropped)
        .map((event) => (event.streamId === A && event.revision > 1 ? { ...event, revision: event.revision - 1 } : event));
      expect(verify(renumbered).firstBreak).toMatchObject({
        reason: 'prev-hash-mismatch',
        streamId: A,
        revision: 1,
        position: at(log, A, 2).position,
        expected: at(log, A, 0).metadata.hash,
        actual: dropped.metadata.hash,
      });
    });

    it('reports two events of a stream swapped in the log as a revision gap where the later one now stands', () => {
      const log = sealedLog(PLAN);
      const [i1, i2] = [indexOf(log, A, 1), indexOf(log, A, 2)];
      const first = log[i1] as StoredEvent;
      const second = log[i2] as StoredEvent;
      // Each takes the other's place, and so its position: positions still increase.
      const swapped = log.map((event, i) => (i === i1 ? { ...second, position: first.position } : i === i2 ? { ...first, position: second.position } : event));
      expect(verify(swapped).firstBreak).toMatchObject({ reason: 'revision-gap', streamId: A, revision: 2, position: first.position, expected: '1', actual: '2' });
    });

    it('reports two swapped events renumbered to hide the swap as a prev-hash mismatch at the first of them', () => {
      const log = sealedLog(PLAN);
      const [i1, i2] = [indexOf(log, A, 1), indexOf(log, A, 2)];
      const first = log[i1] as StoredEvent;
      const second = log[i2] as StoredEvent;
      const swapped = log.map((event, i) =>
        i === i1 ? { ...second, revision: 1, position: first.position } : i === i2 ? { ...first, revision: 2, position: second.position } : event,
      );
      expect(verify(swapped).firstBreak).toMatchObject({
        reason: 'prev-hash-mismatch',
        streamId: A,
        revision: 1,
        position: first.position,
        expected: at(log, A, 0).metadata.hash,
        actual: first.metadata.hash,
      });
    });

    it('reports two events of different streams swapped in the log as a position-order break', () => {
      const log = sealedLog(PLAN);
      const [i1, i2] = [indexOf(log, B, 0), indexOf(log, A, 1)];
      const swapped = log.map((event, i) => (i === i1 ? (log[i2] as StoredEvent) : i === i2 ? (log[i1] as StoredEvent) : event));
      // Each chain is still intact; only the global order shows it: B@0 (position 20) now follows A@1 (position 30).
      expect(verify(swapped).firstBreak).toMatchObject({ reason: 'position-order', streamId: B, revision: 0, position: 20n, expected: '> 30', actual: '20' });
    });

    it('reports an event inserted with a valid seal as a revision gap at the event it displaced', () => {
      const log = sealedLog(PLAN);
      const before = at(log, A, 1);
      const displaced = at(log, A, 2);
      // A forged A@2 chained onto A@1, at an unused position between A@1 and the displaced A@2.
      const inserted = resealed({ ...displaced, eventId: eventId(777), data: { title: 'forged' } }, { revision: 2, prevHash: before.metadata.hash, position: displaced.position - 1n });
      const withInsert = [...log.slice(0, indexOf(log, A, 2)), inserted, ...log.slice(indexOf(log, A, 2))];
      expect(verify(withInsert).firstBreak).toMatchObject({ reason: 'revision-gap', streamId: A, revision: 2, position: displaced.position, expected: '3', actual: '2' });
    });

    it('reports an inserted event whose successors were renumbered as a prev-hash mismatch at the first successor', () => {
      const log = sealedLog(PLAN);
      const before = at(log, A, 1);
      const displaced = at(log, A, 2);
      const inserted = resealed({ ...displaced, eventId: eventId(777), data: { title: 'forged' } }, { revision: 2, prevHash: before.metadata.hash, position: displaced.position - 1n });
      const renumbered = log.map((event) => (event.streamId === A && event.revision >= 2 ? { ...event, revision: event.revision + 1 } : event));
      const at2 = indexOf(log, A, 2);
      const withInsert = [...renumbered.slice(0, at2), inserted, ...renumbered.slice(at2)];
      expect(verify(withInsert).firstBreak).toMatchObject({
        reason: 'prev-hash-mismatch',
        streamId: A,
        revision: 3,
        position: displaced.position,
        expected: inserted.metadata.hash,
        actual: before.metadata.hash,
      });
    });

    it('reports an inserted event whose successors were renumbered and relinked, but not resealed, as a hash mismatch at the first successor', () => {
      const log = sealedLog(PLAN);
      const before = at(log, A, 1);
      const displaced = at(log, A, 2);
      const inserted = resealed({ ...displaced, eventId: eventId(777), data: { title: 'forged' } }, { revision: 2, prevHash: before.metadata.hash, position: displaced.position - 1n });
      const relinked = log.map((event) => {
        if (event === displaced) return { ...event, revision: 3, metadata: { ...event.metadata, prevHash: inserted.metadata.hash } };
        if (event.streamId === A && event.revision > 2) return { ...event, revision: event.revision + 1 };
        return event;
      });
      const at2 = indexOf(log, A, 2);
      const withInsert = [...relinked.slice(0, at2), inserted, ...relinked.slice(at2)];
      expect(verify(withInsert).firstBreak).toMatchObject({ reason: 'hash-mismatch', streamId: A, revision: 3, position: displaced.position, actual: displaced.metadata.hash });
    });
  });

  describe('global order', () => {
    it('reports a position that does not increase as a position-order break at that event', () => {
      const log = sealedLog(PLAN);
      const report = verify(tampered(log, C, 0, (e) => ({ ...e, position: 15n })));
      expect(report.firstBreak).toMatchObject({ reason: 'position-order', streamId: C, revision: 0, position: 15n, expected: '> 30', actual: '15' });
    });

    it('reports a position used twice as a position-order break at its second use', () => {
      const log = sealedLog(PLAN);
      const report = verify(tampered(log, A, 1, (e) => ({ ...e, position: 20n })));
      expect(report.firstBreak).toMatchObject({ reason: 'position-order', streamId: A, revision: 1, position: 20n, expected: '> 20' });
    });

    it('checks position order first, so an event both moved and altered is reported as out of order', () => {
      const log = sealedLog(PLAN);
      const report = verify(tampered(log, A, 2, (e) => ({ ...e, position: 5n, type: 'Forged' })));
      expect(report.firstBreak).toMatchObject({ reason: 'position-order', streamId: A, revision: 2, position: 5n, expected: '> 40' });
    });
  });

  describe('what a hash chain alone cannot show (a signed checkpoint is needed)', () => {
    it('accepts a stream rewritten from an inserted event on, with every later event renumbered and resealed', () => {
      const log = sealedLog(PLAN);
      const displaced = at(log, A, 2);
      let prevHash = at(log, A, 1).metadata.hash;
      const inserted = resealed({ ...displaced, eventId: eventId(777), data: { title: 'forged' } }, { revision: 2, prevHash, position: displaced.position - 1n });
      prevHash = inserted.metadata.hash;
      const rewritten = log.map((event) => {
        if (event.streamId !== A || event.revision < 2) return event;
        const again = resealed(event, { revision: event.revision + 1, prevHash });
        prevHash = again.metadata.hash;
        return again;
      });
      const at2 = indexOf(log, A, 2);
      expect(verify([...rewritten.slice(0, at2), inserted, ...rewritten.slice(at2)]).ok).toBe(true);
    });

    it('accepts a log whose last events of a stream were removed', () => {
      const log = sealedLog(PLAN);
      expect(verify(log.filter((event) => event !== at(log, A, 3))).ok).toBe(true);
    });

    it('accepts positions renumbered while keeping their order, since the hash does not cover them', () => {
      const log = sealedLog(PLAN).map((event, i) => ({ ...event, position: BigInt(i + 1) }));
      expect(verify(log).ok).toBe(true);
    });
  });

  describe('reporting', () => {
    it('reports the first break in global order when several streams are broken', () => {
      const log = sealedLog(PLAN);
      const brokenB = tampered(log, B, 2, (e) => ({ ...e, type: 'Forged' }));
      const brokenBoth = tampered(brokenB, C, 0, (e) => ({ ...e, type: 'Forged' }));
      expect(verify(brokenBoth).firstBreak).toMatchObject({ reason: 'hash-mismatch', streamId: C, revision: 0, position: at(log, C, 0).position });
    });

    it('keeps the first break and checks nothing after it', () => {
      const log = tampered(sealedLog(PLAN), A, 1, (e) => ({ ...e, type: 'Forged' }));
      const verifier = new ChainVerifier();
      const results = log.map((event) => verifier.check(event));
      const first = results[indexOf(log, A, 1)];
      expect(results.slice(0, indexOf(log, A, 1))).toEqual([undefined, undefined]);
      expect(results.slice(indexOf(log, A, 1))).toEqual(log.slice(indexOf(log, A, 1)).map(() => first));
      expect(verifier.report()).toMatchObject({ ok: false, eventsChecked: 3, streamsChecked: 2, lastPosition: 30n, firstBreak: first });
    });

    it('reports a stored record that cannot be decoded as unreadable, at its stream, revision and position', () => {
      const verifier = new ChainVerifier();
      const log = sealedLog(PLAN);
      verifier.check(log[0] as StoredEvent);
      verifier.unreadable(new CorruptEventError(B, 0, 20n, 'Unexpected token'));
      expect(verifier.report()).toMatchObject({ ok: false, eventsChecked: 1, firstBreak: { reason: 'unreadable', streamId: B, revision: 0, position: 20n } });
    });

    // A stored record whose metadata decodes to JSON null (or any non-object) is a break,
    // not a crash of the verifier.
    it('reports an event whose metadata is not an object as a break at that event instead of throwing', () => {
      const log = sealedLog(PLAN);
      const broken = tampered(log, A, 1, (e) => ({ ...e, metadata: null as unknown as StoredEvent['metadata'] }));
      expect(verify(broken).firstBreak).toMatchObject({ streamId: A, revision: 1, position: at(log, A, 1).position });
    });
  });
});

// ---------------------------------------------------------------------------------------
// verifyStream / verifyAll read through the EventStore port: a read-only fake over a list
// for paging, and one real SQLite file altered behind the store's back.
// ---------------------------------------------------------------------------------------

function listStore(events: readonly StoredEvent[], corruptAt?: Position): EventStore & { pagesRead: number } {
  const unsupported = (): never => {
    throw new Error('not needed by the verifier');
  };
  const decode = (event: StoredEvent): StoredEvent => {
    if (event.position === corruptAt) throw new CorruptEventError(event.streamId, event.revision, event.position, 'Unexpected end of JSON input');
    return event;
  };
  const store = {
    pagesRead: 0,
    append: unsupported,
    subscribeToAll: unsupported,
    close: async () => undefined,
    headPosition: async () => events.at(-1)?.position ?? START,
    readStream: async (streamId: string) => events.filter((event) => event.streamId === streamId).map(decode),
    // As EventStoreDB: a read starts only at an event's position (or the start).
    readAll: async ({ fromPosition, afterPosition, maxCount = 1000 }: ReadAllOptions = {}) => {
      store.pagesRead += 1;
      const at = fromPosition ?? afterPosition ?? START;
      if (at !== START && !events.some((event) => event.position === at)) throw new InvalidPositionError(at);
      return events
        .filter((event) => (afterPosition === undefined ? event.position >= at : event.position > at))
        .slice(0, maxCount)
        .map(decode);
    },
  };
  return store;
}

describe('verifyAll and verifyStream', () => {
  it('verifyAll reads the log page by page to the end', async () => {
    const store = listStore(sealedLog(PLAN));
    expect(await verifyAll(store, { pageSize: 2 })).toEqual({ ok: true, eventsChecked: 9, streamsChecked: 3, lastPosition: 90n });
    expect(store.pagesRead).toBe(5);
  });

  it('verifyAll reports the first break across a page boundary and stops reading', async () => {
    const log = sealedLog(PLAN);
    const store = listStore(tampered(log, A, 2, (e) => ({ ...e, data: { ...e.data, affectedPersons: 0 } })));
    const report = await verifyAll(store, { pageSize: 2 });
    expect(report).toMatchObject({ ok: false, eventsChecked: 5, lastPosition: 50n, firstBreak: { reason: 'hash-mismatch', streamId: A, revision: 2, position: 50n } });
    expect(store.pagesRead).toBe(3);
  });

  it('verifyAll reports a record the store cannot decode as unreadable', async () => {
    const store = listStore(sealedLog(PLAN), 60n);
    expect(await verifyAll(store, { pageSize: 4 })).toMatchObject({ ok: false, eventsChecked: 5, firstBreak: { reason: 'unreadable', streamId: B, revision: 1, position: 60n } });
  });

  it('verifyStream checks one stream on its own and reports its break', async () => {
    const log = sealedLog(PLAN);
    const store = listStore(log.filter((event) => event !== at(log, B, 1)));
    expect(await verifyStream(store, A)).toMatchObject({ ok: true, eventsChecked: 4, streamsChecked: 1 });
    expect(await verifyStream(store, B)).toMatchObject({ ok: false, firstBreak: { reason: 'revision-gap', streamId: B, revision: 2, position: 90n } });
  });

  describe('on a SQLite file altered behind the store’s back', () => {
    const dir = tempDir();
    afterAll(() => dir.remove());

    /** Writes a few events through the store, then lets `alter` edit the file directly. */
    async function alteredStore(name: string, alter: (db: Database.Database) => void): Promise<SqliteEventStore> {
      const file = join(dir.path, `${name}.sqlite`);
      const writer = new SqliteEventStore({ file });
      const metadata = { actor: { id: 'po-7', role: 'privacy-officer' }, commandId: 'c', correlationId: 'c', causationId: 'c' };
      await writer.append('breach-1', [0, 1, 2].map((n) => ({ type: 'Counted', data: { n }, metadata })), { expectedRevision: 'no_stream' });
      await writer.append('dpia-1', [{ type: 'Counted', data: { n: 0 }, metadata }], { expectedRevision: 'no_stream' });
      await writer.close();
      const db = new Database(file);
      db.exec('DROP TRIGGER events_are_immutable_update; DROP TRIGGER events_are_immutable_delete;');
      alter(db);
      db.close();
      return new SqliteEventStore({ file });
    }

    it('finds a payload edited in the file, at its stream, revision and position', async () => {
      const store = await alteredStore('edited', (db) => db.prepare(`UPDATE events SET data = '{"n":42}' WHERE stream_id = 'breach-1' AND revision = 1`).run());
      try {
        expect(await verifyAll(store)).toMatchObject({ ok: false, firstBreak: { reason: 'hash-mismatch', streamId: 'breach-1', revision: 1, position: 2n } });
        expect(await verifyStream(store, 'breach-1')).toMatchObject({ ok: false, firstBreak: { reason: 'hash-mismatch', revision: 1 } });
        expect(await verifyStream(store, 'dpia-1')).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
    });

    it('stores data and metadata as RFC 8785 text, which the store reads back as the values appended', async () => {
      const file = join(dir.path, 'canonical.sqlite');
      const store = new SqliteEventStore({ file });
      try {
        const metadata = { causationId: 'c', actor: { role: 'privacy-officer', id: 'po-7' }, correlationId: 'c', commandId: 'c', extensions: { z: 1, a: [{ y: 2, b: 1e21 }] } };
        const data = { title: 'Brief', affected: { persons: 12, categories: ['bsn'] }, 10: 'ten', 2: 'two', é: 1.5 };
        const [event] = (await store.append('breach-1', [{ type: 'Counted', data, metadata }], { expectedRevision: 'no_stream' })).events as [StoredEvent];
        const row = store.readAllRows(START, 1)[0] as StoredRow;
        expect(row.data).toBe(canonicalJson(data));
        expect(row.metadata).toBe(canonicalJson(event.metadata));
        expect(row.metadata.endsWith(`,"hash":"${event.metadata.hash}","prevHash":"${GENESIS_HASH}","recordedAt":"${event.metadata.recordedAt}"}`)).toBe(true);
        expect(await store.readAll()).toEqual([event]);
        expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 1 });
      } finally {
        await store.close();
      }
    });

    it('verifies rows an older version stored in the caller’s key order, decoding them', async () => {
      const store = await alteredStore('old-order', (db) => {
        const rows = db.prepare('SELECT position, data, metadata FROM events').all() as { position: number; data: string; metadata: string }[];
        for (const row of rows) {
          const { actor, commandId, correlationId, causationId, recordedAt, prevHash, hash } = JSON.parse(row.metadata) as Record<string, unknown>;
          const old = JSON.stringify({ actor, commandId, correlationId, causationId, recordedAt, prevHash, hash });
          db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify({ extra: undefined, ...(JSON.parse(row.data) as object) }), old, row.position);
        }
      });
      try {
        const decode = jest.spyOn(store, 'decodeRow');
        expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 4, streamsChecked: 2 });
        expect(decode).toHaveBeenCalledTimes(4);
      } finally {
        await store.close();
      }
    });

    it('finds a row deleted from the file as a revision gap at the next event', async () => {
      const store = await alteredStore('deleted', (db) => db.prepare(`DELETE FROM events WHERE stream_id = 'breach-1' AND revision = 1`).run());
      try {
        expect(await verifyAll(store)).toMatchObject({ ok: false, firstBreak: { reason: 'revision-gap', streamId: 'breach-1', revision: 2, position: 3n } });
      } finally {
        await store.close();
      }
    });

    it('reports a row whose JSON no longer parses as unreadable', async () => {
      const store = await alteredStore('garbled', (db) => db.prepare(`UPDATE events SET metadata = '{"actor":' WHERE position = 3`).run());
      try {
        expect(await verifyAll(store)).toMatchObject({ ok: false, eventsChecked: 2, firstBreak: { reason: 'unreadable', streamId: 'breach-1', revision: 2, position: 3n } });
      } finally {
        await store.close();
      }
    });

    // An undecodable row must not hide a break before it in the same page (here the edit
    // at position 1): the first break is the earliest one.
    it('reports an edit before an undecodable row in the same page as the first break', async () => {
      const store = await alteredStore('edited-then-garbled', (db) => {
        db.prepare(`UPDATE events SET data = '{"n":42}' WHERE position = 1`).run();
        db.prepare(`UPDATE events SET metadata = '{"actor":' WHERE position = 3`).run();
      });
      try {
        expect(await verifyAll(store)).toMatchObject({ ok: false, firstBreak: { reason: 'hash-mismatch', streamId: 'breach-1', revision: 0, position: 1n } });
      } finally {
        await store.close();
      }
    });
  });
});

// ---------------------------------------------------------------------------------------
// The verifier's own hashing gives chainHash's result for anything a store or an export
// can hand it: values decoded by JSON.parse, with every kind of string and number.
// ---------------------------------------------------------------------------------------

describe('recomputedHash', () => {
  /** Any UTF-16 code unit, lone surrogates included, and the characters JSON escapes. */
  const codeUnit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), fc.constantFrom('"', '\\', '\u2028', '\u007f', '\u0000', '😀', 'é'));
  const text = fc.oneof(fc.string({ unit: codeUnit, maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));
  const key = fc.oneof(text, fc.constantFrom('__proto__', 'constructor', 'toJSON', '10', '2', '1e3', '', 'a', 'B', 'é', '😀', '\ud800'));
  const number = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(0, -0, 1e21, 1e-7, 123456789012345680000, 5e-324, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ maxDepth: 4 }, fc.constant(null), fc.boolean(), number, text, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
  }));
  const envelope = fc.record({
    eventId: fc.uuid(),
    streamId: fc.oneof(fc.constant('breach-0f5a1c9e-1111-4000-8000-000000000001'), text),
    revision: fc.nat(),
    type: fc.oneof(fc.constant('BreachDetected'), text),
    schemaVersion: fc.oneof(fc.integer({ min: 1, max: 5 }), number),
    data: fc.dictionary(key, value, { maxKeys: 8 }),
    metadata: fc.record(
      {
        actor: fc.record({ id: text, role: text }),
        commandId: text,
        correlationId: text,
        causationId: text,
        extensions: fc.dictionary(key, value, { maxKeys: 3 }),
        recordedAt: fc.constant('2026-03-01T10:15:30.123Z'),
        prevHash: fc.constant('ab'.repeat(32)),
        hash: fc.constant('cd'.repeat(32)),
      },
      { requiredKeys: ['actor', 'commandId', 'correlationId', 'causationId', 'recordedAt', 'prevHash', 'hash'] },
    ),
  });
  /** The hash, or the message it fails with. */
  const outcome = (hash: () => string): string => {
    try {
      return hash();
    } catch (error) {
      return `throws: ${(error as Error).message}`;
    }
  };

  it('equals chainHash on generated envelopes, as decoded from stored JSON and as built in memory', () => {
    fc.assert(
      fc.property(envelope, (generated) => {
        const event = { ...generated, position: 1n } as unknown as StoredEvent;
        expect(outcome(() => recomputedHash(event))).toBe(outcome(() => chainHash(event)));
        // What a store or an export hands the verifier: the envelope through JSON text.
        const text = JSON.stringify({ ...generated, position: undefined });
        const decoded = { ...(JSON.parse(text) as StoredEvent), position: 1n };
        expect(outcome(() => recomputedHash(decoded))).toBe(outcome(() => chainHash(decoded)));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals chainHash on every event of a sealed log, and on envelopes lacking a field', () => {
    for (const event of sealedLog(PLAN)) {
      expect(recomputedHash(event)).toBe(chainHash(event));
      expect(recomputedHash(event)).toBe(event.metadata.hash);
      for (const field of ['eventId', 'type', 'data', 'schemaVersion'] as const) {
        const lacking = { ...event, [field]: undefined } as unknown as StoredEvent;
        expect(outcome(() => recomputedHash(lacking))).toBe(outcome(() => chainHash(lacking)));
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// checkRow: a row checked from its stored texts must be judged exactly as the same row
// decoded and checked the exact way, whether its texts are RFC 8785 (as the SQLite store
// writes them now) or in the caller's key order (as it wrote them before), altered or not.
// ---------------------------------------------------------------------------------------

describe('ChainVerifier.checkRow and checkAsWritten: verifying from the stored text', () => {
  type Form = 'canonical' | 'plain';
  /** What an old store wrote: JSON.stringify, data in the caller's order, metadata ending recordedAt, prevHash, hash. */
  const textOf = (value: unknown, form: Form): string => (form === 'canonical' ? canonicalJsonOfChecked(value as JsonValue) : JSON.stringify(value));
  const rowOf = (event: StoredEvent, form: Form): StoredRow => ({
    position: event.position,
    event_id: event.eventId,
    stream_id: event.streamId,
    revision: BigInt(event.revision),
    type: event.type,
    schema_version: BigInt(event.schemaVersion),
    data: textOf(event.data, form),
    metadata: textOf(event.metadata, form),
  });
  /** As the SQLite store decodes a row (toStoredEvent), counting the rows it had to decode. */
  let decoded = 0;
  const decode = (row: StoredRow): StoredEvent => {
    decoded += 1;
    const revision = Number(row.revision);
    try {
      const { position, event_id: eventId, stream_id: streamId, type } = row;
      return { eventId, streamId, revision, position, type, schemaVersion: Number(row.schema_version), data: JSON.parse(row.data), metadata: JSON.parse(row.metadata) };
    } catch (error) {
      throw new CorruptEventError(row.stream_id, revision, row.position, (error as Error).message);
    }
  };
  /** Every row's outcome and the report, by checkRow, and by check over the decoded rows. */
  const judged = (rows: readonly StoredRow[]) => {
    const byRow = new ChainVerifier();
    const exact = new ChainVerifier();
    const outcome = (judge: () => unknown) => {
      try {
        return judge();
      } catch (error) {
        return `throws ${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    const rowResults = rows.map((row) => outcome(() => byRow.checkRow(row, decode)));
    // Each row decoded, then judged; as verifyAll has always read, nothing after the first break is decoded.
    const decodedResults = (verifier: ChainVerifier, judge: (event: StoredEvent) => ChainBreak | undefined) =>
      rows.map((row) =>
        outcome(() => {
          const before = verifier.report().firstBreak;
          if (before) return { broken: before };
          const event = decode(row);
          const broken = judge(event);
          return broken ? { broken } : { hash: event.metadata.hash };
        }),
      );
    const exactResults = decodedResults(exact, (event) => exact.check(event));
    // As the export's verifier reads it: the decoded event (an export line decodes to the same values).
    const written = new ChainVerifier();
    const writtenResults = decodedResults(written, (event) => written.checkAsWritten(event));
    expect({ results: writtenResults, report: written.report() }).toEqual({ results: exactResults, report: exact.report() });
    return { byRow: { results: rowResults, report: byRow.report() }, exact: { results: exactResults, report: exact.report() } };
  };

  it('passes a canonical row without decoding it, and returns its stored hash', () => {
    const log = sealedLog(PLAN);
    decoded = 0;
    const verifier = new ChainVerifier();
    const results = log.map((event) => verifier.checkRow(rowOf(event, 'canonical'), decode));
    expect(decoded).toBe(0);
    expect(results).toEqual(log.map((event) => ({ hash: event.metadata.hash })));
    expect(verifier.report()).toEqual(verify(log));
  });

  it('verifies an old row stored in the caller’s key order by decoding it, as before', () => {
    const log = sealedLog(PLAN);
    const rows = log.map((event) => rowOf(event, 'plain'));
    expect(rows[0]?.data).not.toBe(canonicalJsonOfChecked(log[0]?.data as JsonValue));
    decoded = 0;
    const { byRow, exact } = judged(rows);
    expect(byRow).toEqual(exact);
    expect(byRow.report).toMatchObject({ ok: true, eventsChecked: log.length });
    expect(decoded).toBe(3 * log.length);
  });

  it('catches a canonical row whose payload was altered, naming the same hashes as the exact path', () => {
    const log = sealedLog(PLAN);
    const rows = log.map((event) => rowOf(event, 'canonical'));
    const index = indexOf(log, A, 1);
    rows[index] = { ...(rows[index] as StoredRow), data: (rows[index] as StoredRow).data.replace('"affectedPersons":', '"affectedPersons":9') };
    const { byRow, exact } = judged(rows);
    expect(byRow).toEqual(exact);
    expect(byRow.report.firstBreak).toMatchObject({ reason: 'hash-mismatch', streamId: A, revision: 1, actual: at(log, A, 1).metadata.hash });
  });

  it('reports a canonical row whose stored hash is wrong exactly as before: hash-mismatch, the recomputed and the stored hash', () => {
    const log = sealedLog(PLAN);
    const wrong = 'c0ffee'.repeat(10) + 'beef';
    const forged = tampered(log, A, 1, (e) => ({ ...e, metadata: { ...e.metadata, hash: wrong } }));
    const { byRow, exact } = judged(forged.map((event) => rowOf(event, 'canonical')));
    expect(byRow).toEqual(exact);
    expect(byRow.report.firstBreak).toEqual(verify(forged).firstBreak);
    expect(byRow.report.firstBreak).toMatchObject({ reason: 'hash-mismatch', expected: at(log, A, 1).metadata.hash, actual: wrong });
  });

  it('reports an undecodable row by throwing the decoder’s CorruptEventError, and nothing after a break decodes', () => {
    const log = sealedLog(PLAN);
    const rows = log.map((event) => rowOf(event, 'canonical'));
    const garbled = { ...(rows[2] as StoredRow), metadata: '{"actor":' };
    const verifier = new ChainVerifier();
    verifier.checkRow(rows[0] as StoredRow, decode);
    verifier.checkRow(rows[1] as StoredRow, decode);
    expect(() => verifier.checkRow(garbled, decode)).toThrow(CorruptEventError);
    const broken = new ChainVerifier();
    const altered = { ...(rows[0] as StoredRow), data: '{}' };
    expect(broken.checkRow(altered, decode).broken).toMatchObject({ reason: 'hash-mismatch' });
    expect(broken.checkRow(garbled, decode).broken).toMatchObject({ reason: 'hash-mismatch', position: 10n });
  });

  // Generated logs: envelopes of any JSON (lone surrogates, NaN, "toJSON", deep nesting and
  // all), stored either way, sealed, then perhaps altered: both paths agree on every row.
  const codeUnit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), fc.constantFrom('"', '\\', '\u2028', '\u0000', '😀', 'é', '\ud800'));
  const text = fc.oneof(fc.string({ unit: codeUnit, maxLength: 8 }), fc.string({ maxLength: 8 }), fc.constantFrom('hash', ',"hash":"', 'prevHash', 'recordedAt'));
  const key = fc.oneof(text, fc.constantFrom('__proto__', 'toJSON', '10', '2', 'a', 'hash', 'prevHash', 'zz'));
  const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.NaN));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ maxDepth: 4 }, fc.constant(null), fc.boolean(), number, text, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
  }));
  const entry = fc.record({
    stream: fc.constantFrom(A, B, C),
    type: fc.oneof(fc.constant('BreachDetected'), text),
    data: fc.dictionary(key, value, { maxKeys: 5 }),
    extensions: fc.option(fc.dictionary(key, value, { maxKeys: 3 }), { nil: undefined }),
    id: text,
  });
  const alteration = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('data' as const), at: fc.nat(), data: fc.dictionary(key, value, { maxKeys: 3 }) }),
    fc.record({ kind: fc.constant('hash' as const), at: fc.nat(), hash: fc.constantFrom('ab'.repeat(32), GENESIS_HASH, 'AB'.repeat(32), 'not a hash') }),
    fc.record({ kind: fc.constant('metadata-text' as const), at: fc.nat(), text: fc.constantFrom('null', '{}', '[]', '{"actor":', '"x"') }),
    fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  );

  function generatedLog(entries: readonly { stream: string; type: string; data: Record<string, unknown>; extensions: Record<string, unknown> | undefined; id: string }[]): StoredEvent[] {
    const heads = new Map<string, { revision: number; hash: string }>();
    return entries.map(({ stream, type, data, extensions, id }, index) => {
      const head = heads.get(stream);
      const revision = head ? head.revision + 1 : 0;
      const envelope = {
        eventId: eventId(index + 1),
        streamId: stream,
        revision,
        type,
        schemaVersion: 1,
        data,
        metadata: { actor: { id, role: 'privacy-officer' }, commandId: id, correlationId: 'c', causationId: 'c', ...(extensions ? { extensions } : {}), recordedAt: '2026-03-01T10:15:30.123Z', prevHash: head?.hash ?? GENESIS_HASH },
      } as unknown as SealableEnvelope;
      let hash: string;
      try {
        hash = chainHash(envelope);
      } catch {
        hash = 'ee'.repeat(32);
      }
      heads.set(stream, { revision, hash });
      return { ...envelope, metadata: { ...envelope.metadata, hash }, position: BigInt((index + 1) * 10) } as StoredEvent;
    });
  }

  it('judges generated logs, stored canonically or in the caller’s order, altered or not, exactly as the exact path (rows, and events as an export decodes them)', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.constantFrom<Form>('canonical', 'plain'), alteration, (entries, form, change) => {
        let rows: StoredRow[];
        try {
          rows = generatedLog(entries).map((event) => rowOf(event, form));
        } catch {
          return; // NaN and the like have no canonical text to store
        }
        if (change.kind !== 'none') {
          const at = change.at % rows.length;
          const row = rows[at] as StoredRow;
          if (change.kind === 'drop') rows.splice(at, 1);
          else if (change.kind === 'data') rows[at] = { ...row, data: JSON.stringify(change.data) };
          else if (change.kind === 'hash') rows[at] = { ...row, metadata: row.metadata.replace(/"hash":"[0-9a-f]{64}"/, `"hash":${JSON.stringify(change.hash)}`) };
          else rows[at] = { ...row, metadata: change.text };
        }
        const { byRow, exact } = judged(rows);
        expect(byRow).toEqual(exact);
      }),
      { numRuns: 1500 },
    );
  });
});
