import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../test/support/temp-dir.js';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import type { AppConfig } from '../config/config.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../shared/clock.js';
import { DomainError, NotFoundError } from '../shared/domain-error.js';
import { CompleteDpiaCommand, CompleteDpiaHandler } from './complete-dpia/complete-dpia.js';
import { DpiaCommands } from './dpia-commands.js';
import { dpiaStreamId } from './dpia.events.js';
import { RequestPriorConsultationCommand, RequestPriorConsultationHandler } from './request-prior-consultation/request-prior-consultation.js';
import { ReviewDpiaCommand, ReviewDpiaHandler } from './review-dpia/review-dpia.js';
import { StartDpiaCommand, StartDpiaHandler } from './start-dpia/start-dpia.js';
import { completedData, startedData } from '../../test/support/dpias/dpia-given.js';
import { processingStreamId } from '../processing-register/processing.events.js';
import { registeredData } from '../../test/support/processing-register/processing-given.js';
import type { JsonObject } from '../shared/json.js';

describe('DPIA commands on a store', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let dpias: DpiaCommands;
  const config = { commands: { maxClockSkewMs: 300_000 }, organisation: { diensten: ['DSB', 'SZW'] } } as unknown as AppConfig;
  const envelope = (overrides: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
    actor: { id: 'po-1', role: 'privacy-officer' },
    idempotencyKey: randomUUID(),
    requestHash: 'hash',
    correlationId: 'corr',
    ...overrides,
  });

  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    dpias = new DpiaCommands(store, new FixedClock('2026-06-01T12:00:00.000Z'), config);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('starts, completes without advice and requests prior consultation, each on the stream dpia-<uuid>', async () => {
    const dpiaId = randomUUID();
    const start = await new StartDpiaHandler(dpias, store).execute(new StartDpiaCommand(startedData({ dpiaId, processingActivityId: null }), envelope()));
    expect(start).toMatchObject({ streamId: dpiaStreamId(dpiaId), revision: 0 });
    const completion = completedData({ residualRisk: 'high', measuresCannotReduceRisk: true, adviceFollowed: 'no-advice', withoutAdviceReason: 'The FG was on leave.' });
    await new CompleteDpiaHandler(dpias).execute(new CompleteDpiaCommand(dpiaId, completion, envelope({ expectedRevision: 0 })));
    await expect(new ReviewDpiaHandler(dpias).execute(new ReviewDpiaCommand(dpiaId, { reviewedAt: '2026-05-01T09:00:00.000Z', outcome: 'Unchanged.', nextReviewDue: null }, envelope()))).rejects.toMatchObject({
      code: 'prior-consultation-required',
    });
    const request = await new RequestPriorConsultationHandler(dpias).execute(new RequestPriorConsultationCommand(dpiaId, { requestedAt: '2026-04-02T09:00:00.000Z', apReference: 'AP-1' }, envelope()));
    expect(request.revision).toBe(2);
    const types = (await store.readStream(dpiaStreamId(dpiaId))).map((event) => event.type);
    expect(types).toEqual(['DpiaStarted', 'DpiaCompleted', 'PriorConsultationRequested']);
  });

  it('answers a retry of the start with the first outcome', async () => {
    const dpiaId = randomUUID();
    const once = envelope();
    await new StartDpiaHandler(dpias, store).execute(new StartDpiaCommand(startedData({ dpiaId, processingActivityId: null }), once));
    const again = await new StartDpiaHandler(dpias, store).execute(new StartDpiaCommand(startedData({ dpiaId, processingActivityId: null }), once));
    expect(again).toMatchObject({ replayed: true, revision: 0 });
  });

  it('answers 404 for a command on a DPIA that was never started', async () => {
    const dpiaId = randomUUID();
    await expect(new CompleteDpiaHandler(dpias).execute(new CompleteDpiaCommand(dpiaId, completedData(), envelope()))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('links a DPIA only to a processing activity in the register that is not retired', async () => {
    const processingActivityId = randomUUID();
    const start = () => new StartDpiaHandler(dpias, store).execute(new StartDpiaCommand(startedData({ dpiaId: randomUUID(), processingActivityId }), envelope()));
    await expect(start()).rejects.toMatchObject({ code: 'processing-activity-not-registered', details: { field: 'processingActivityId' } });
    const stream = processingStreamId(processingActivityId);
    const meta = { actor: { id: 'po-1', role: 'privacy-officer' }, commandId: randomUUID(), correlationId: 'c', causationId: 'c' };
    const registration = { type: 'ProcessingActivityRegistered', schemaVersion: 2, data: { ...registeredData({ processingActivityId }) } as unknown as JsonObject, metadata: meta };
    await store.append(stream, [registration], { expectedRevision: 'no_stream' });
    await expect(start()).resolves.toMatchObject({ revision: 0 });
    await store.append(stream, [{ type: 'ProcessingActivityRetired', data: { retiredAt: '2026-05-01T09:00:00.000Z', reason: 'Stopped.' }, metadata: { ...meta, commandId: randomUUID() } }], { expectedRevision: 0 });
    await expect(start()).rejects.toMatchObject({ code: 'processing-activity-retired' });
  });

  it('refuses a dienst that is not configured', async () => {
    await expect(new StartDpiaHandler(dpias, store).execute(new StartDpiaCommand(startedData({ dpiaId: randomUUID(), dienst: 'OCW', processingActivityId: null }), envelope()))).rejects.toBeInstanceOf(DomainError);
  });
});
