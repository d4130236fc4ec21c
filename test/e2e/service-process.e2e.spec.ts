import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runService, type ServiceProcess } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

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

  it('refuses to start on bad configuration, naming the variable', async () => {
    const { service } = start({ MAX_EVENT_BYTES: 'a lot' });
    expect(await service.exited).toBe(2);
    expect(service.stderr()).toContain('MAX_EVENT_BYTES');
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
});
