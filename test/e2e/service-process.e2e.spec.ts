import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually.js';
import { runService, type ServiceProcess } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp } from '../support/test-app.js';

/** The built service as `npm start` runs it: a real process, real signals, real logs. */
describe('the service process', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    cleanups.splice(0).forEach((cleanup) => cleanup());
  });
  const start = (env: NodeJS.ProcessEnv = {}, prepare?: (cwd: string) => void): { service: ServiceProcess; cwd: string } => {
    const dir = tempDir();
    prepare?.(dir.path);
    const service = runService(dir.path, env);
    cleanups.push(() => {
      service.child.kill('SIGKILL');
      dir.remove();
    });
    return { service, cwd: dir.path };
  };
  const listening = (entry: Record<string, unknown>) => entry.msg === 'privacy ledger listening';

  it('starts from an empty folder, answers /health, logs JSON and stops cleanly on SIGTERM', async () => {
    const { service, cwd } = start();
    const { port } = await service.waitForLog(listening);
    const health = await fetch(`http://127.0.0.1:${String(port)}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { eventStore: { status: 'up' } } });
    expect(existsSync(join(cwd, 'data', 'events.sqlite'))).toBe(true);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const entries = service.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['shutting down: finishing in-flight requests and appends', 'stopped']));
    entries.forEach((entry) => expect(entry).toMatchObject({ level: expect.any(String), time: expect.any(String), service: 'privacy-ledger' }));
    expect(existsSync(join(cwd, 'data', 'events.sqlite-wal'))).toBe(false);
  });

  it('takes its projections back at once after SIGKILL, while a second instance on the same folder stands by', async () => {
    // A lease far longer than the test: only an instance that is the dead one's successor may take it back.
    const env = { PROJECTION_LEASE_SECONDS: '600' };
    const { service: first, cwd } = start(env);
    const health = async (service: ServiceProcess) => {
      const { port } = await service.waitForLog(listening);
      const response = await fetch(`http://127.0.0.1:${String(port)}/health`);
      return { status: response.status, body: (await response.json()) as { status: string; checks: { readStore: { projections: Record<string, { state: string; holder: string | null }> } } } };
    };
    const runsAll = (body: Awaited<ReturnType<typeof health>>['body']) => Object.values(body.checks.readStore.projections).every((p) => p.state === 'running');
    const ready = await eventually(() => health(first), ({ body }) => runsAll(body));
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok' } });
    const holder = Object.values(ready.body.checks.readStore.projections)[0]?.holder;

    const second = runService(cwd, env);
    cleanups.push(() => second.child.kill('SIGKILL'));
    const standing = await health(second);
    expect(standing).toMatchObject({ status: 200, body: { status: 'standby' } });
    expect(Object.values(standing.body.checks.readStore.projections).every((p) => p.state === 'standby' && p.holder === holder)).toBe(true);

    first.child.kill('SIGKILL');
    await first.exited;
    const restarted = runService(cwd, env);
    cleanups.push(() => restarted.child.kill('SIGKILL'));
    const back = await eventually(() => health(restarted), ({ body }) => runsAll(body), 15_000);
    expect(back).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(Object.values(back.body.checks.readStore.projections).every((p) => p.holder === holder)).toBe(true);
  });

  it('refuses to start on bad configuration, naming the variable', async () => {
    const { service } = start({ MAX_EVENT_BYTES: 'a lot' });
    expect(await service.exited).toBe(2);
    expect(service.stderr()).toContain('MAX_EVENT_BYTES');
  });

  it('refuses to start on MongoDB without a signing key file outside the data folder, saying why, before connecting to anything', async () => {
    const { service } = start({ READ_STORE: 'mongodb', MONGODB_URI: 'mongodb://127.0.0.1:9/?replicaSet=rs0' });
    expect(await service.exited).toBe(2);
    expect(service.stderr()).toContain('SIGNING_KEY_FILE: required with READ_STORE=mongodb');
    expect(service.stderr()).toContain('would differ per host');
  });

  it('refuses to start on a data file that is not an event store, saying why', async () => {
    const { service } = start({}, (cwd) => {
      mkdirSync(join(cwd, 'data'));
      writeFileSync(join(cwd, 'data', 'events.sqlite'), 'these are not the events you are looking for');
    });
    expect(await service.exited).toBe(1);
    const fatal = service.lines().map((line) => JSON.parse(line) as Record<string, unknown>).find((e) => e.level === 'fatal');
    expect(fatal?.msg).toMatch(/cannot start: .*events\.sqlite/);
  });

  it('refuses to start, naming PERSONAL_DATA_KEYS_FILE, when the key file of a log with breaches is gone', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const before = await startTestApp({ dataDir: join(dir.path, 'data') });
    await before.as('privacy-officer').register();
    await before.app.close();
    ['', '-wal', '-shm'].forEach((suffix) => rmSync(join(dir.path, 'data', `personal-data-keys.sqlite${suffix}`), { force: true }));
    const service = runService(dir.path);
    cleanups.push(() => service.child.kill('SIGKILL'));
    expect(await service.exited).toBe(1);
    const fatal = service.lines().map((line) => JSON.parse(line) as Record<string, unknown>).find((e) => e.level === 'fatal');
    expect(fatal?.msg).toMatch(/cannot start: PERSONAL_DATA_KEYS_FILE .*personal-data-keys\.sqlite cannot serve this log: it has no key for/);
  });
});
