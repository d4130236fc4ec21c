import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { registrationBody, type Sent } from '../support/breach-requests.js';
import { eventually } from '../support/eventually.js';
import { describeWithSmallFileSystem, mountSmallFileSystem, type SmallFileSystem } from '../support/small-filesystem.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DPIA = { title: 'Camera surveillance in the city centre', dienst: 'DSB', processingActivityId: null, owner: 'AD DSB', startedAt: '2026-02-02T10:00:00+01:00' };
/** Below this much free space /health reports degraded: well under what the empty stores leave of 2 MiB. */
const ENV = { DISK_FREE_MIN_BYTES: String(64 * 1024) };

/** The first answer that is not `usual`: the space SQLite already holds may take a few writes before one fails. */
async function firstRefusal(send: () => Promise<Sent>, usual: number): Promise<Sent> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const sent = await send();
    if (sent.status !== usual) return sent;
  }
  throw new Error(`100 answers ${usual} on a full disk`);
}

describeWithSmallFileSystem('a full disk (a 2 MiB tmpfs)', () => {
  let disk: SmallFileSystem;
  let test: TestApp | undefined;
  const elsewhere = tempDir();
  beforeAll(() => {
    disk = mountSmallFileSystem('2m');
  });
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
    disk.free();
  });
  afterAll(() => {
    disk.unmount();
    elsewhere.remove();
  });
  const health = async () => {
    const response = await (test as TestApp).app.inject({ method: 'GET', url: '/health' });
    return { status: response.statusCode, body: response.json() as Record<string, unknown>, headers: response.headers };
  };

  it('refuses writes with 503 storage-full, serves views, refuses audit reads it cannot log, reports degraded, and recovers once space is freed', async () => {
    test = await startTestApp({ dataDir: join(disk.path, 'all'), env: ENV });
    const officer = test.as('privacy-officer');
    const auditor = test.as('auditor');
    const registered = await officer.post('/breaches', registrationBody());
    const breachId = registered.body.breachId as string;
    expect((await officer.get(`/breaches/${breachId}?minPosition=${String(registered.body.position)}`)).status).toBe(200);
    expect((await auditor.get('/audit/events?limit=1')).status).toBe(200);
    expect((await health()).status).toBe(200);

    disk.fill();
    const breach = await firstRefusal(() => officer.post('/breaches', registrationBody()), 201);
    expect(breach).toMatchObject({ status: 503, body: { code: 'storage-full' } });
    expect(breach.headers['retry-after']).toBeDefined();
    const dpia = await firstRefusal(() => officer.post('/dpias', DPIA), 201);
    expect(dpia).toMatchObject({ status: 503, body: { code: 'storage-full' } });
    expect((await officer.get(`/breaches/${breachId}`)).status).toBe(200);
    // Audit reads are logged before they are served: one that cannot be logged is not served.
    const audit = await firstRefusal(() => auditor.get('/audit/events?limit=1'), 200);
    expect(audit).toMatchObject({ status: 503, body: { code: 'access-log-unavailable' } });
    expect(audit.headers['retry-after']).toBeDefined();
    const full = await health();
    expect(full).toMatchObject({ status: 503, body: { status: 'degraded', checks: { storage: { status: 'down', error: expect.stringContaining('DISK_FREE_MIN_BYTES') } } } });

    disk.free();
    const again = await officer.post('/breaches', registrationBody());
    expect(again.status).toBe(201);
    expect((await officer.get(`/breaches/${String(again.body.breachId)}?minPosition=${String(again.body.position)}`)).status).toBe(200);
    expect((await auditor.get('/audit/events?limit=1')).status).toBe(200);
    expect((await health()).status).toBe(200);
  });

  it('resumes a projection that failed for lack of space once space returns', async () => {
    // The log on a disk of its own (as a production log would be): commands land, the views cannot.
    test = await startTestApp({ dataDir: join(disk.path, 'views'), env: { ...ENV, SQLITE_EVENTS_FILE: join(elsewhere.path, 'events.sqlite') } });
    const officer = test.as('privacy-officer');
    expect((await officer.post('/dpias', DPIA)).status).toBe(201);
    disk.fill();
    const started = await eventually(
      () => officer.post('/dpias', DPIA),
      (sent) => sent.status === 201,
    );
    const position = String(started.body.position);
    const read = () => officer.get(`/dpias/${String(started.body.dpiaId)}?minPosition=${position}`);
    // Pushes the projection into writes until one fails.
    const behind = await firstRefusal(async () => {
      const more = await officer.post('/dpias', DPIA);
      expect(more.status).toBe(201);
      return officer.get(`/dpias?minPosition=${String(more.body.position)}`);
    }, 200);
    expect(behind.status).toBe(503);
    const projections = await test.as('admin').get('/projections');
    expect(JSON.stringify(projections.body)).toMatch(/SQLITE_FULL|database or disk is full[^"]*retrying in \d+ ms/);
    expect((await health()).status).toBe(503);

    disk.free();
    expect((await eventually(read, (sent) => sent.status === 200, 15_000)).status).toBe(200);
  });
});
