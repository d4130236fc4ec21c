import { afterEach, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteApiKeys } from '../../src/auth/sqlite/sqlite-api-keys.js';
import { APP_GRANTABLE } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { registrationBody } from '../support/breach-requests.js';
import { runService, type ServiceProcess } from '../support/service-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Erasure leaves no plaintext anywhere in the data folder: not in a read model's WAL, not
 * in the free pages of its file, not in the key store, not in the access log, whether the
 * service keeps running, is killed with SIGKILL, or restarts.
 */

const TEXTS = {
  title: 'Beschikking van Mevrouw Wilhelmina Zonnebloem-Haverkamp naar de buren',
  description: 'Het inkomensoverzicht van Zonnebloem-Haverkamp, Lindelaan 77, lag bij nummer 79.',
  rationale: 'Inkomensgegevens van Wilhelmina Zonnebloem-Haverkamp zijn bij een buurman beland.',
  correctedTitle: 'Beschikking van Mevrouw Wilhelmina Zonnebloem-Haverkamp bij Lindelaan 79',
  correctionReason: 'Mevrouw Zonnebloem-Haverkamp belde dat het adres nummer 79 was.',
};
const PLAINTEXTS = [...Object.values(TEXTS), 'Zonnebloem-Haverkamp'];

/** Every file under the folder (the databases, their -wal and -shm, keys), as raw bytes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Which texts (UTF-8) any file of the folder holds, per file. */
function plaintextOnDisk(dataDir: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const path of filesUnder(dataDir)) {
    const bytes = readFileSync(path);
    const texts = PLAINTEXTS.filter((text) => bytes.includes(Buffer.from(text, 'utf8')));
    if (texts.length > 0) found[path.slice(dataDir.length + 1)] = texts;
  }
  return found;
}

type Send = (role: Role, method: 'GET' | 'POST', url: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

/** Registers, assesses with a rationale, corrects the title with a reason; answers the breach id and the last position. */
async function handledBreach(send: Send): Promise<{ breachId: string; position: string }> {
  const registered = await send('app', 'POST', '/breaches', registrationBody({ title: TEXTS.title, description: TEXTS.description }));
  expect(registered.status).toBe(201);
  const breachId = registered.body.breachId as string;
  const assessed = await send('privacy-officer', 'POST', `/breaches/${breachId}/assessments`, {
    assessedAt: '2026-03-02T12:00:00+01:00',
    risk: 'none',
    severity: 'verwaarloosbaar',
    reportable: false,
    notifyDataSubjects: false,
    rationale: TEXTS.rationale,
  });
  expect(assessed.status).toBe(201);
  const corrected = await send('privacy-officer', 'POST', `/breaches/${breachId}/corrections`, { corrections: { title: TEXTS.correctedTitle }, reason: TEXTS.correctionReason });
  expect(corrected.status).toBe(201);
  const timeline = await send('privacy-officer', 'GET', `/breaches/${breachId}?minPosition=${corrected.body.position as string}`);
  expect(timeline.body).toMatchObject({ title: TEXTS.correctedTitle });
  return { breachId, position: corrected.body.position as string };
}

async function erase(send: Send, breachId: string): Promise<string> {
  // Erasure follows closure (Art. 17(3)(b)): the breach was assessed as not reportable.
  const closed = await send('privacy-officer', 'POST', `/breaches/${breachId}/closure`, { closedAt: '2026-03-02T13:00:00+01:00', summary: 'Returned unopened.' });
  expect(closed.status).toBe(201);
  const erased = await send('dpo', 'POST', `/breaches/${breachId}/personal-data-erasure`, { reason: 'The retention period has ended.' });
  expect(erased.status).toBe(201);
  return erased.body.position as string;
}

/** Waits until every projection has applied `position` (each one that handles breaches has then overwritten its documents). */
async function projected(send: Send, position: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await send('admin', 'GET', '/projections');
    const projections = body.projections as { position: string }[];
    if (projections.every((projection) => BigInt(projection.position) >= BigInt(position))) return;
    if (Date.now() > deadline) throw new Error(`projections did not reach ${position}: ${JSON.stringify(projections)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('erasure on disk', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('leaves no erased text in any file of the data folder while the service runs', async () => {
    const test: TestApp = await startTestApp();
    cleanups.push(() => test.dispose());
    const send: Send = (role, method, url, body) => test.as(role).send(method, url, body);
    const { breachId } = await handledBreach(send);
    expect(Object.keys(plaintextOnDisk(test.dataDir)).length).toBeGreaterThan(0); // the search finds what is there

    const position = await erase(send, breachId);
    await projected(send, position);
    expect((await send('privacy-officer', 'GET', `/breaches/${breachId}?minPosition=${position}`)).body).toMatchObject({ title: '[erased]' });
    expect(plaintextOnDisk(test.dataDir)).toEqual({});
  });

  describe('in a service process', () => {
    /** Runs the built service on `cwd`, with one API key per role made beforehand. */
    function service(cwd: string, keys: Record<Role, string>): { process: ServiceProcess; send: Promise<Send> } {
      // A killed process's leases lapse within a second, so the restart takes its projections over at once.
      const running = runService(cwd, { LOG_LEVEL: 'info', PROJECTION_LEASE_SECONDS: '1' });
      cleanups.push(() => void running.child.kill('SIGKILL'));
      const send = running.waitForLog((entry) => entry.msg === 'privacy ledger listening').then(({ port }): Send => {
        return async (role, method, url, body) => {
          const response = await fetch(`http://127.0.0.1:${String(port)}${url}`, {
            method,
            headers: { authorization: `Bearer ${keys[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
        };
      });
      return { process: running, send };
    }

    async function keysIn(dataDir: string): Promise<Record<Role, string>> {
      const store = new SqliteApiKeys(join(dataDir, 'api-keys.sqlite'));
      try {
        const created = await Promise.all(ROLES.map((role) => store.create({ role, name: `test ${role}`, allowed: role === 'app' ? APP_GRANTABLE : [] }, new Date())));
        return Object.fromEntries(created.map((key) => [key.role, key.key])) as Record<Role, string>;
      } finally {
        await store.close();
      }
    }

    /** A service on a fresh folder that has registered, handled and erased a breach. */
    async function erasedInService() {
      const dir = tempDir();
      cleanups.push(() => dir.remove());
      const dataDir = join(dir.path, 'data');
      const keys = await keysIn(dataDir);
      const first = service(dir.path, keys);
      const send = await first.send;
      const { breachId } = await handledBreach(send);
      const position = await erase(send, breachId);
      return { cwd: dir.path, dataDir, keys, first, send, breachId, position };
    }

    async function kill(running: ServiceProcess): Promise<void> {
      running.child.kill('SIGKILL');
      await running.exited;
    }

    it('leaves none after the erasure is projected, after SIGKILL, and after a restart; nor in its request log', async () => {
      const { cwd, dataDir, keys, first, send, breachId, position } = await erasedInService();
      await projected(send, position);
      expect(plaintextOnDisk(dataDir)).toEqual({});

      await kill(first.process);
      expect(plaintextOnDisk(dataDir)).toEqual({});
      expect(PLAINTEXTS.filter((text) => first.process.lines().join('\n').includes(text))).toEqual([]);

      const second = service(cwd, keys);
      const again = await second.send;
      await projected(again, position);
      expect((await again('privacy-officer', 'GET', `/breaches/${breachId}`)).body).toMatchObject({ title: '[erased]' });
      expect(plaintextOnDisk(dataDir)).toEqual({});
      await kill(second.process);
      expect(plaintextOnDisk(dataDir)).toEqual({});
    });

    it('leaves none when killed right after the erasure was stored, once a restart has projected it', async () => {
      const { cwd, dataDir, keys, first, breachId, position } = await erasedInService();
      await kill(first.process);

      const second = service(cwd, keys);
      const again = await second.send;
      await projected(again, position);
      expect((await again('privacy-officer', 'GET', `/breaches/${breachId}`)).body).toMatchObject({ title: '[erased]' });
      expect(plaintextOnDisk(dataDir)).toEqual({});
    });
  });
});
