import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamAppend } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { numbered } from '../support/events.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

/** Events in the log before the service starts: enough that each whole-log call takes many slices. */
const EVENTS = 20_000;
const PER_STREAM = 10;

/**
 * The whole-log audit calls (the first checkpoint, which builds the tree; verification; the
 * export) on a log long enough to take a while: /health and a command are answered while each
 * runs, not after it. Asserted as interleaving (answers that arrive while the call is still
 * pending), never as timings.
 */
describe('whole-log audit calls leave the service available', () => {
  let dir: ReturnType<typeof tempDir>;
  let test: TestApp;

  beforeAll(async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'data');
    mkdirSync(dataDir);
    const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    try {
      // Streams of a category no projection reads: only the ledger's work is measured.
      const appends: StreamAppend[] = Array.from({ length: EVENTS / PER_STREAM }, () => ({ streamId: `filler-${randomUUID()}`, events: numbered(PER_STREAM), expectedRevision: 'no_stream' }));
      for (let i = 0; i < appends.length; i += 200) await store.appendBatch(appends.slice(i, i + 200));
    } finally {
      await store.close();
    }
    test = await startTestApp({ dataDir });
  }, 600_000);

  afterAll(async () => {
    await test?.dispose();
    dir.remove();
  });

  /** Sends /health and a command in a loop while `call` is pending: how many of each were answered before it. */
  async function answeredDuring(call: () => Promise<{ status: number }>): Promise<{ status: number; health: number; commands: number }> {
    let pending = true;
    let health = 0;
    let commands = 0;
    const probe = async (): Promise<void> => {
      while (pending) {
        // As requests arrive from the network: each in a turn of its own. (Injected requests
        // answered within microtasks would otherwise keep the loop from everything else.)
        await sleep(2);
        const response = await test.app.inject({ method: 'GET', url: '/health' });
        if (pending && response.statusCode > 0) health += 1;
        if (pending && commands === 0) {
          await test.as('privacy-officer').register();
          if (pending) commands += 1;
        }
      }
    };
    const probing = probe();
    const { status } = await call().finally(() => {
      pending = false;
    });
    await probing;
    return { status, health, commands };
  }

  it('answers /health and a command while the first checkpoint builds the tree over the log', async () => {
    const result = await answeredDuring(() => test.as('dpo').post('/audit/checkpoints', {}));
    expect(result.status).toBe(201);
    expect(result.health).toBeGreaterThan(1);
    expect(result.commands).toBe(1);
  });

  it('answers /health and a command while the log is verified', async () => {
    const result = await answeredDuring(() => test.as('auditor').get('/audit/verification'));
    expect(result.status).toBe(200);
    expect(result.health).toBeGreaterThan(1);
    expect(result.commands).toBe(1);
  });

  it('answers /health and a command while the log is exported', async () => {
    const result = await answeredDuring(async () => {
      const response = await test.app.inject({ method: 'GET', url: '/audit/export', headers: { authorization: `Bearer ${test.keys.auditor}` } });
      expect(response.body.split('\n').filter((line) => line.includes('"kind":"event"')).length).toBeGreaterThanOrEqual(EVENTS);
      return { status: response.statusCode };
    });
    expect(result.status).toBe(200);
    expect(result.health).toBeGreaterThan(1);
    expect(result.commands).toBe(1);
  });
});
