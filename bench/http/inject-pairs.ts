/**
 * The register + report pair without sockets or autocannon, for comparing two builds on a
 * shared machine: `npm run build:bench && node dist-bench/bench/http/inject-pairs.js [pairs]` (or
 * `node --cpu-prof ...` for the profile). The application is built in this process (as the
 * e2e tests build it, the service log at info written to /dev/null), the pairs are sent with
 * Fastify's inject, 16 at a time, after 400 not counted (inject-loop.ts); it prints the process's CPU time
 * per pair (all threads, process.cpuUsage), the main thread's CPU per pair (/proc), the event loop's
 * busy time per pair and the rate.
 * The figures include inject's own work on the client side; compare builds, not services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../src/app.factory.js';
import { API_KEYS, type ApiKeys } from '../../src/auth/api-keys.port.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { registrationBody } from '../../test/support/breach-requests.js';
import { measured } from './inject-loop.js';


async function main(pairs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-ledger-inject-pairs-'));
  const config = loadConfig({ DATA_DIR: join(dir, 'data'), RATE_LIMIT_PER_MINUTE: '1000000' });
  const app = await createApp(config, createLogger('info', pino.destination({ dest: '/dev/null', sync: false })));
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const { key } = await app.get<ApiKeys>(API_KEYS).create({ role: 'privacy-officer', name: 'inject-pairs', allowed: [] }, new Date());
    const now = Date.now();
    const awareAt = new Date(now - 2 * 3_600_000).toISOString();
    const reportedAt = new Date(now - 3_600_000).toISOString();
    const registration = JSON.stringify(registrationBody({ awareAt, occurredFrom: awareAt, occurredTo: awareAt }));
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    let sent = 0;
    const pair = async (): Promise<void> => {
      const n = (sent += 1);
      const registered = await app.inject({ method: 'POST', url: '/breaches', headers: { ...headers, 'idempotency-key': `register-${n}` }, payload: registration });
      if (registered.statusCode !== 201) throw new Error(`registration answered ${registered.statusCode}: ${registered.body}`);
      const { breachId } = registered.json<{ breachId: string }>();
      const payload = JSON.stringify({ reportedAt, apReference: `M-INJECT-${n}`, phase: 'preliminary' });
      const reported = await app.inject({ method: 'POST', url: `/breaches/${breachId}/ap-reports`, headers: { ...headers, 'idempotency-key': `report-${n}`, 'if-match': '"0"' }, payload });
      if (reported.statusCode !== 201) throw new Error(`report answered ${reported.statusCode}: ${reported.body}`);
    };
    const { cpuMs, mainThreadCpuMs, busyMs, seconds } = await measured(pairs, pair);
    console.log(
      JSON.stringify({
        pairs,
        cpuMsPerPair: Number((cpuMs / pairs).toFixed(3)),
        mainThreadCpuMsPerPair: Number((mainThreadCpuMs / pairs).toFixed(3)),
        eventLoopBusyMsPerPair: Number((busyMs / pairs).toFixed(3)),
        pairsPerSecond: Math.round(pairs / seconds),
      }),
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pairs = Number(process.argv[2] ?? 2000);
if (!Number.isSafeInteger(pairs) || pairs < 1) throw new RangeError(`pairs must be a whole number of at least 1, not ${process.argv[2]}`);
await main(pairs);
