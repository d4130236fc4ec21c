/**
 * Workload (f): a large breach import while the service must stay responsive. The service
 * runs as its own process (as in the HTTP workload, over a generated year); this process
 * posts a register of realistic rows (POST /imports/breaches, text/csv) and meanwhile asks
 * GET /health/live every 10 ms. The probe's answer times are what a load balancer or an
 * orchestrator's liveness check sees while the file is parsed, decided, encrypted, written
 * and projected: the service's event loop, measured from outside it.
 */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { realisticBreachCsv } from '../../test/support/realistic-import.js';
import { round, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { startPrefilledService } from '../http/prefilled-service.js';
import { PROBE_COLUMNS, PROBE_EVERY_MS, probe, probeFigures } from './health-probe.js';

async function run(options: WorkloadOptions): Promise<WorkloadReport> {
  const rows = options.size ?? (options.quick ? 2_000 : 10_000);
  const service = await startPrefilledService(options.dir, { year: 2021, seed: 2021 });
  try {
    const { url, headers } = service;
    const body = realisticBreachCsv(rows);
    const loadBefore = round(loadavg()[0] ?? 0, 2);
    const idle = await (async () => {
      let left = 100;
      return probe(url, () => (left -= 1) >= 0);
    })();
    let importing = true;
    const during = probe(url, () => importing);
    const started = performance.now();
    const response = await fetch(`${url}/imports/breaches`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' }, body });
    const answer = (await response.json()) as { rows?: number; events?: number; lastPosition?: string };
    const importSeconds = (performance.now() - started) / 1000;
    if (response.status !== 201) throw new Error(`the import answered ${response.status}: ${JSON.stringify(answer)}`);
    // The import is answered once written; its projection follows. Probe until the views have it too.
    const projectedStarted = performance.now();
    for (;;) {
      const view = await fetch(`${url}/breaches?pageSize=1&minPosition=${answer.lastPosition ?? '0'}`, { headers });
      await view.arrayBuffer();
      if (view.status === 200) break;
      await sleep(50);
    }
    const projectedSeconds = (performance.now() - projectedStarted) / 1000;
    importing = false;
    const probed = await during;
    return {
      workload: 'import',
      title: 'A large breach import: the live probe while the file is written and projected',
      settings: {
        rows,
        bytes: Buffer.byteLength(body),
        events: answer.events ?? null,
        probeEveryMs: PROBE_EVERY_MS,
        service: 'node dist/src/main.js; EVENT_STORE=sqlite (synchronous=FULL), READ_STORE=sqlite, over a generated year (255 breaches)',
        servicePeakRssMb: service.peakRssMb(),
        loadAverageAtStart: loadBefore,
      },
      columns: [
        { key: 'seconds', label: 'seconds' },
        ...PROBE_COLUMNS,
      ],
      rows: [
        { scenario: 'idle service (100 probes)', figures: { seconds: null, ...probeFigures(idle) } },
        {
          scenario: `POST /imports/breaches, ${rows.toLocaleString('en')} rows, until its views have it`,
          figures: { seconds: round(importSeconds + projectedSeconds, 1), ...probeFigures(probed) },
        },
      ],
      comparisons: [],
      notes: [
        `The import was answered after ${round(importSeconds, 1)} s (read, decided, encrypted, written); its views had it ${round(projectedSeconds, 1)} s later. The probe ran from the answer's request to the views' catching up.`,
        `The probe and the service share the machine's ${cpus().length} CPUs; the 1-minute load average was ${loadBefore} at the start: other work on the machine lengthens every probe, so compare runs made on a quiet machine.`,
      ],
    };
  } finally {
    const exitCode = await service.stop();
    if (exitCode !== 0) console.error(`the service exited with ${String(exitCode)}, not 0, on SIGTERM after the benchmark`);
  }
}

export const workload: Workload = { name: 'import', run };
