/**
 * Runs one workload invocation in this process and writes its measured report as JSON:
 * `node dist-bench/bench/workload-process.js --workload append [--quick] [--size N] --out file`.
 * bench/run.ts starts one such process per invocation, so each peak RSS is the workload's own.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { tempDir } from '../test/support/temp-dir.js';
import { peakRssMb, type MeasuredReport, type Workload } from './harness.js';
import { isWorkloadName, loadWorkload, WORKLOAD_NAMES } from './workloads/index.js';

const { values } = parseArgs({
  options: { workload: { type: 'string' }, quick: { type: 'boolean', default: false }, size: { type: 'string' }, out: { type: 'string' } },
});
const name = values.workload;
if (!isWorkloadName(name) || values.out === undefined) {
  throw new Error(`usage: workload-process --workload <${WORKLOAD_NAMES.join('|')}> [--quick] [--size N] --out <file>`);
}
const size = values.size === undefined ? undefined : Number(values.size);
if (size !== undefined && !(Number.isSafeInteger(size) && size > 0)) throw new Error('--size must be a positive integer');

const workload: Workload = await loadWorkload(name);
const dir = tempDir(`privacy-ledger-bench-${workload.name}-`);
try {
  const started = performance.now();
  const report = await workload.run({ quick: values.quick, dir: dir.path, ...(size === undefined ? {} : { size }) });
  const measured: MeasuredReport = { ...report, peakRssMb: peakRssMb(), seconds: Math.round(performance.now() - started) / 1000 };
  writeFileSync(values.out, `${JSON.stringify(measured, null, 2)}\n`);
} finally {
  dir.remove();
}
