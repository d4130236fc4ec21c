/**
 * Workload (d): the service over HTTP, as its own process, loaded with autocannon from this
 * one. Its log first holds a generated year (255 breaches, as in the FG's 2021 report); on
 * that year, the timeline of a breach (GET /breaches/:id) and the yearly report (GET
 * /reports/annual/:year); last, register-and-report pairs, which add to the log. Every
 * answer's status is counted: a run with errors shows them in its row and its notes.
 */
import type autocannon from 'autocannon';
import { cpus, loadavg } from 'node:os';
import { latencies, round, type Row, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { fire, statusText, type CannonRun } from '../http/cannon.js';
import { RATE_LIMIT_PER_MINUTE, startPrefilledService, type ServiceCpu } from '../http/prefilled-service.js';
import { registerAndReport, type PairFigures, type Side } from '../http/register-and-report.js';

const YEAR = 2021;
const SEED = 2021;
const CONNECTIONS = 16;

interface Figures {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly pairsPerSecond?: number;
}

const row = (scenario: string, { requestsPerSecond, p50, p99, errors, pairsPerSecond }: Figures): Row => ({
  scenario,
  figures: { requestsPerSecond, p50, p99, errors, pairsPerSecond: pairsPerSecond ?? null },
});

/** The timeline of each breach of the year in turn. */
function timelines(breachIds: readonly string[]): autocannon.Request[] {
  let next = 0;
  return [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/breaches/${breachIds[(next += 1) % breachIds.length] ?? ''}` }) }];
}

function pairRows({ run, pairTimes, register, report }: PairFigures): Row[] {
  const side = (scenario: string, { times, errors }: Side) => row(scenario, { requestsPerSecond: round(times.length / run.seconds), ...latencies(times), errors });
  return [
    row('register + report to the AP (pair; p50/p99 per pair)', { requestsPerSecond: run.requestsPerSecond, ...latencies(pairTimes), errors: run.errors, pairsPerSecond: round(pairTimes.length / run.seconds) }),
    side('  of which POST /breaches (register)', register),
    side('  of which POST /breaches/:id/ap-reports (report)', report),
  ];
}

/** CPU ms per completed pair between two readings of the service's CPU time; null off Linux or without pairs. */
function cpuPerPair(before: ServiceCpu | null, after: ServiceCpu | null, pairs: number): ServiceCpu | null {
  if (!before || !after || pairs === 0) return null;
  return { process: round((after.process - before.process) / pairs, 3), mainThread: round((after.mainThread - before.mainThread) / pairs, 3) };
}

async function run(options: WorkloadOptions): Promise<WorkloadReport> {
  const seconds = options.quick ? 4 : 20;
  const warmUpSeconds = options.quick ? 1 : 3;
  const service = await startPrefilledService(options.dir, { year: YEAR, seed: SEED });
  try {
    const { url, headers, prefilled } = service;
    // Other work on the machine takes cores from both sides: the load says how much there was.
    const loadBefore = round(loadavg()[0] ?? 0, 2);
    const queries = async (requests: autocannon.Request[]) => {
      await fire({ url, connections: CONNECTIONS, seconds: warmUpSeconds, headers, requests });
      return fire({ url, connections: CONNECTIONS, seconds, headers, requests });
    };
    const timeline = await queries(timelines(prefilled.breachIds));
    const annual = await queries([{ method: 'GET', path: `/reports/annual/${YEAR}` }]);
    await registerAndReport({ url, headers, connections: CONNECTIONS, seconds: warmUpSeconds, label: 'warm-up' });
    const cpuBefore = service.cpuMs();
    const pairs = await registerAndReport({ url, headers, connections: CONNECTIONS, seconds, label: 'measured' });
    const cpu = cpuPerPair(cpuBefore, service.cpuMs(), pairs.pairTimes.length);
    const servicePeakRssMb = service.peakRssMb();

    const runs: [string, CannonRun][] = [['the timeline', timeline], ['the yearly report', annual], ['register + report', pairs.run]];
    const failed = runs.filter(([, r]) => r.errors > 0).map(([name, r]) => `ERRORS in ${name}: ${statusText(r.statuses)}.`);
    failed.forEach((line) => console.error(line));
    return {
      workload: 'http',
      title: 'HTTP: commands and queries against the running service (autocannon)',
      settings: {
        connections: CONNECTIONS,
        secondsPerScenario: seconds,
        warmUpSecondsPerScenario: warmUpSeconds,
        pipelining: 1,
        log: `generated year ${YEAR} (seed ${SEED}): ${prefilled.registered} breaches, ${prefilled.events.toLocaleString('en')} events, appended through the event store port before the service started`,
        service: `node dist/src/main.js; EVENT_STORE=sqlite (synchronous=FULL), READ_STORE=sqlite, LOG_LEVEL=info, RATE_LIMIT_PER_MINUTE=${RATE_LIMIT_PER_MINUTE}`,
        credential: 'one privacy-officer API key, made with the keys CLI',
        servicePeakRssMb,
        serviceCpuMsPerPair: cpu?.process ?? null,
        serviceMainThreadCpuMsPerPair: cpu?.mainThread ?? null,
        loadAverageAtStart: loadBefore,
      },
      columns: [
        { key: 'requestsPerSecond', label: 'requests/s' },
        { key: 'p50', label: 'p50 ms' },
        { key: 'p99', label: 'p99 ms' },
        { key: 'errors', label: 'errors (non-2xx)' },
        { key: 'pairsPerSecond', label: 'pairs/s' },
      ],
      rows: [
        row(`GET /breaches/:id (timeline; ${prefilled.registered} breaches in turn)`, timeline),
        row(`GET /reports/annual/${YEAR} (yearly report, ${prefilled.registered} breaches)`, annual),
        ...pairRows(pairs),
      ],
      comparisons: [],
      notes: [
        `The service ran as its own process on the embedded default; autocannon ran in the benchmark's process on the same ${cpus().length}-CPU machine, competing for its cores: the figures are a lower bound on what the service does alone. The 1-minute load average was ${loadBefore} when the scenarios began: other work on the machine lowers every figure, so compare runs made on a quiet machine.`,
        `RATE_LIMIT_PER_MINUTE was raised from 600 to ${RATE_LIMIT_PER_MINUTE.toLocaleString('en')} a minute per credential, so the benchmark measures the service, not the limiter (every request carries the same API key).`,
        `Closed loop: each of the ${CONNECTIONS} connections sends its next request when the previous one is answered (no pipelining, no target rate), after a ${warmUpSeconds}-second warm-up per scenario that is not counted. p50/p99 are nearest-rank over every answer's time as autocannon measures it (request sent to response complete), not its whole-millisecond histogram.`,
        'Register + report: POST /breaches (with an Idempotency-Key), then POST /breaches/:id/ap-reports (Idempotency-Key, If-Match "0") for the breach just registered; the domain needs no assessment before a report (it refuses only a breach assessed as not reportable). requests/s counts both; a pair counts when its report is answered 201, and its time runs from sending the registration to that answer. The pairs run last, so the queries read the generated year alone.',
        `The timeline cycles through the year's ${prefilled.registered} breaches; the yearly report is computed from the breach register and breach causes projections (the DPIA, register and audit views it also reads are empty here) and kept with the positions of the projections it read: the log does not move during this scenario, so after the first request it is answered from the kept figures (labelled and serialised on each request). The register + report scenario runs after it.`,
        ...(cpu
          ? [
              `The service's CPU time per completed pair while the pairs ran (user + system, from /proc): ${cpu.process} ms in all its threads, ${cpu.mainThread} ms of it on the main thread (the event loop; the rest is the SQLite writer threads and V8's GC helpers). Unlike the rates, this hardly depends on what else the machine runs: ${CONNECTIONS} connections at 1,500 pairs/s leave the event loop ${round(1000 / 1500, 2)} ms per pair.`,
            ]
          : []),
        `Peak RSS is the benchmark's own process (autocannon and the generated year); the service's is servicePeakRssMb (${String(servicePeakRssMb)} MB).`,
        ...failed,
        ...(pairs.register.errors > 0 ? [`${pairs.register.errors} registrations failed, so their report was not sent.`] : []),
      ],
    };
  } finally {
    const exitCode = await service.stop();
    if (exitCode !== 0) console.error(`the service exited with ${String(exitCode)}, not 0, on SIGTERM after the benchmark`);
  }
}

export const workload: Workload = { name: 'http', run };
