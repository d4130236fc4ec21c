import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { breachTimeline, type BreachTimeline } from '../../projections/breach-timeline.js';
import { BreachCommands } from '../../src/breaches/breach-commands.js';
import { breachStreamId } from '../../src/breaches/breach.events.js';
import { ErasePersonalDataCommand, ErasePersonalDataHandler } from '../../src/breaches/erase-personal-data/erase-personal-data.js';
import { decideInformDpo } from '../../src/breaches/inform-dpo/inform-dpo.js';
import { decideNotifyDataSubjects } from '../../src/breaches/notify-data-subjects/notify-data-subjects.js';
import { decideRegisterBreach } from '../../src/breaches/register-breach/register-breach.js';
import { decideReportBreachToAP } from '../../src/breaches/report-breach-to-ap/report-breach-to-ap.js';
import { decideAssessBreach } from '../../src/breaches/assess-breach/assess-breach.js';
import { decideCloseBreach } from '../../src/breaches/close-breach/close-breach.js';
import { decideRecordRootCause } from '../../src/breaches/record-root-cause/record-root-cause.js';
import { detectedData } from '../support/breaches/breach-given.js';
import type { CommandEnvelope } from '../../src/command-handling/command-envelope.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { verifyAll, verifyStream } from '../../src/event-store/verify.js';
import { PersonalDataCodec } from '../../src/personal-data/personal-data-codec.js';
import type { PersonalDataKeys } from '../../src/personal-data/personal-data-keys.port.js';
import { PERSONAL_DATA_SCHEMES } from '../../src/personal-data-schemes.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import type { Projections } from '../../src/read-store/projections.js';
import { createProjections } from '../../src/read-store/read-store.module.js';
import { SqliteDocumentStore } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { ERASED } from '../../src/shared/personal-fields.js';
import { allDocuments, quiet } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Personal data in the immutable log, end to end on the embedded stores, without HTTP: the
 * service's own pieces (BreachCommands, the erasure handler, the projections as
 * createProjections wires them) over real files, and the files themselves searched.
 */

const TITLE = 'Decision letter about Mrs. Annelies Jansen-Verhoef sent to her neighbour';
const DESCRIPTION = 'The income statement of Mrs. Jansen-Verhoef, Kerkstraat 12, was posted to number 14.';
const INFORMANT = 'Pieter van Dijkhuizen, service desk';
const EXPLANATION = 'Pieter van Dijkhuizen was on leave and nobody read his mailbox.';
const PLAINTEXTS = [TITLE, DESCRIPTION, INFORMANT, EXPLANATION, 'Jansen-Verhoef', 'van Dijkhuizen'];

/** Which of the texts any file of a database (the file, its WAL) holds, as UTF-8 bytes. */
function foundIn(file: string, texts: readonly string[]): string[] {
  const files = readdirSync(dirname(file)).filter((name) => name.startsWith(basename(file)));
  const contents = files.map((name) => readFileSync(join(dirname(file), name)));
  return texts.filter((text) => contents.some((bytes) => bytes.includes(Buffer.from(text, 'utf8'))));
}

/** A key store whose next erase fails once, as a crash between the event and the key would. */
class CrashingKeys extends SqlitePersonalDataKeys {
  crashNext = false;
  override async erase(subjectId: string): Promise<void> {
    if (this.crashNext) {
      this.crashNext = false;
      throw new Error('killed between the event and the key');
    }
    return super.erase(subjectId);
  }
}

describe('personal data in the immutable log (no HTTP)', () => {
  let dir: ReturnType<typeof tempDir>;
  let config: AppConfig;
  let clock: FixedClock;
  let events: SqliteEventStore;
  let keys: CrashingKeys;
  let documents: SqliteDocumentStore;
  let projections: Projections;
  let breaches: BreachCommands;
  let erasure: ErasePersonalDataHandler;
  const breachId = randomUUID();

  beforeEach(() => {
    dir = tempDir();
    config = loadConfig({ DATA_DIR: join(dir.path, 'data') });
    clock = new FixedClock('2026-03-04T12:00:00.000Z');
    events = new SqliteEventStore({ file: eventsFile(config), clock, pollIntervalMs: 20 });
    keys = new CrashingKeys({ file: config.personalData.keysFile, clock });
    const codec = new PersonalDataCodec(keys, PERSONAL_DATA_SCHEMES);
    documents = new SqliteDocumentStore({ file: config.readStore.file });
    projections = createProjections(config, events, documents, clock, codec, quiet);
    breaches = new BreachCommands(events, clock, config, codec);
    erasure = new ErasePersonalDataHandler(breaches, keys as PersonalDataKeys);
  });
  afterEach(async () => {
    await projections.stop();
    await documents.close();
    await keys.close();
    await events.close();
    dir.remove();
  });

  const envelope = (idempotencyKey: string = randomUUID()): CommandEnvelope => ({ actor: { id: 'po-1', role: 'privacy-officer' }, idempotencyKey, requestHash: `hash-${idempotencyKey}`, correlationId: 'c-1' });
  const timelineAt = async (position: bigint): Promise<BreachTimeline> => {
    const { collection } = await projections.readable(breachTimeline.name, position);
    return (await documents.get<BreachTimeline>(collection, breachId)) as BreachTimeline;
  };

  /** A breach whose facts name people: registered, the FG informed by name, assessed, reported late with a reason, notified, closed (erasure follows closure). */
  async function handledBreach(): Promise<bigint> {
    await breaches.handle(breachId, envelope(), (s, c) => decideRegisterBreach(detectedData({ breachId, title: TITLE, description: DESCRIPTION }), s, c), true);
    await breaches.handle(breachId, envelope(), (s, c) => decideInformDpo({ informedAt: '2026-03-02T10:00:00.000Z', informedBy: INFORMANT }, s, c));
    await breaches.handle(breachId, envelope(), (s, c) =>
      decideAssessBreach({ assessedAt: '2026-03-02T12:00:00.000Z', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: null }, s, c),
    );
    clock.set('2026-03-06T12:00:00.000Z');
    const reported = await breaches.handle(breachId, envelope(), (s, c) =>
      decideReportBreachToAP({ reportedAt: '2026-03-06T10:00:00.000Z', apReference: 'M-2026-7', phase: 'final', lateReason: { code: 'staff-unavailable', explanation: EXPLANATION } }, s, c),
    );
    await breaches.handle(breachId, envelope(), (s, c) => decideRecordRootCause({ category: 'human-error', description: 'An address was copied from an old letter.' }, s, c));
    await breaches.handle(breachId, envelope(), (s, c) => decideNotifyDataSubjects({ notifiedAt: '2026-03-06T11:00:00.000Z', count: 1, channel: 'letter' }, s, c));
    await breaches.handle(breachId, envelope(), (s, c) => decideCloseBreach({ closedAt: '2026-03-06T11:30:00.000Z', summary: 'Handled.' }, s, c));
    return reported.position;
  }

  it('stores only ciphertext, shows the text until erasure and "[erased]" after, verifies, and a rebuild leaves no plaintext in the read models', async () => {
    const position = await handledBreach();

    // The log holds ciphertext: not in the events as stored, not anywhere in the file.
    const stored = await events.readStream(breachStreamId(breachId));
    expect(stored[0]?.data.title).toMatchObject({ $enc: 'A256GCM', kid: breachId });
    expect(stored[3]?.data.lateReason).toMatchObject({ code: 'staff-unavailable', explanation: { $enc: 'A256GCM', kid: breachId } });
    expect(stored[0]?.data).toMatchObject({ dienst: 'SZW', awareAt: '2026-03-02T09:00:00.000Z' });
    expect(PLAINTEXTS.filter((text) => JSON.stringify(stored.map(({ data, metadata }) => ({ data, metadata }))).includes(text))).toEqual([]);
    expect(foundIn(eventsFile(config), PLAINTEXTS)).toEqual([]);

    // The views decrypt.
    await projections.start();
    expect(await timelineAt(position)).toMatchObject({ title: TITLE, late: true, lateReason: { code: 'staff-unavailable', explanation: EXPLANATION } });

    // Erase: the event, then the key.
    clock.set('2031-03-06T12:00:00.000Z');
    const erased = await erasure.execute(new ErasePersonalDataCommand(breachId, { reason: 'The retention period has ended.' }, envelope()));
    expect(erased.events.map((event) => [event.type, event.data])).toEqual([['PersonalDataErased', { erasedAt: '2031-03-06T12:00:00.000Z', reason: 'The retention period has ended.' }]]);
    expect(await keys.get(breachId)).toBeUndefined();
    const after = await timelineAt(erased.position);
    expect(after).toMatchObject({ title: ERASED, lateReason: { code: 'staff-unavailable', explanation: ERASED }, late: true, apReference: 'M-2026-7', personalDataErasedAt: '2031-03-06T12:00:00.000Z' });
    expect(after.entries.map((entry) => entry.step).at(-1)).toBe('PersonalDataErased');

    // The chains cover the ciphertext, which is still there: they verify after erasure.
    expect(await verifyStream(events, breachStreamId(breachId))).toMatchObject({ ok: true, eventsChecked: 8 });
    expect(await verifyAll(events)).toMatchObject({ ok: true, eventsChecked: 8, streamsChecked: 1 });

    // The command side reads "[erased]" too, and records no personal data again.
    await expect(breaches.handle(breachId, envelope(), (s, c) => decideInformDpo({ informedAt: '2031-03-06T11:00:00.000Z', informedBy: INFORMANT }, s, c))).rejects.toMatchObject({
      code: 'personal-data-erased',
    });

    // Rebuilt from position 0 with the key gone: "[erased]" from the first event on.
    const { done } = await projections.rebuild(breachTimeline.name);
    await done;
    const rebuilt = await timelineAt(erased.position);
    expect(rebuilt).toMatchObject({ title: ERASED, lateReason: { explanation: ERASED }, dataSubjectsNotifiedCount: 1 });
    const { collection } = await projections.readable(breachTimeline.name);
    expect(collection).toBe(`${breachTimeline.name}@2`);
    const all = JSON.stringify([...(await allDocuments(documents, collection)).values()]);
    expect(PLAINTEXTS.filter((text) => all.includes(text))).toEqual([]);

    // Nor anywhere in the read-model file: not in the dropped generation, not in the old
    // versions of the documents (secure_delete), not in the WAL.
    await projections.stop();
    await documents.close();
    expect(foundIn(config.readStore.file, PLAINTEXTS)).toEqual([]);
    expect(foundIn(eventsFile(config), PLAINTEXTS)).toEqual([]);
  });

  it('recovers from a crash between the event and the key: a retry deletes the key and answers like the original', async () => {
    await handledBreach();
    const key = envelope();
    const command = new ErasePersonalDataCommand(breachId, { reason: 'The retention period has ended.' }, key);
    keys.crashNext = true;
    await expect(erasure.execute(command)).rejects.toThrow('killed between the event and the key');
    // The erasure is on record; its key is not deleted yet.
    expect((await events.readStream(breachStreamId(breachId))).at(-1)?.type).toBe('PersonalDataErased');
    expect(await keys.get(breachId)).toBeDefined();

    const retried = await erasure.execute(command);
    expect(retried).toMatchObject({ replayed: true, revision: 7 });
    expect(await keys.get(breachId)).toBeUndefined();
    expect(await keys.erasedAt(breachId)).toBeDefined();
    expect(await events.readStream(breachStreamId(breachId))).toHaveLength(8);
  });

  it('deletes a left-over key on a second erasure too, which it refuses as already erased', async () => {
    await handledBreach();
    keys.crashNext = true;
    await expect(erasure.execute(new ErasePersonalDataCommand(breachId, { reason: 'Retention ended.' }, envelope()))).rejects.toThrow();
    await expect(erasure.execute(new ErasePersonalDataCommand(breachId, { reason: 'Retention ended.' }, envelope()))).rejects.toMatchObject({ code: 'personal-data-already-erased' });
    expect(await keys.get(breachId)).toBeUndefined();
    expect(await events.readStream(breachStreamId(breachId))).toHaveLength(8);
  });
});

function eventsFile(config: AppConfig): string {
  if (config.eventStore.engine !== 'sqlite') throw new Error('this test runs on the embedded store');
  return config.eventStore.file;
}
