import { createInterface } from 'node:readline';
import { readSide } from './read-side.js';

/**
 * A service instance's read side in a child process, for tests of projection leases: it
 * opens the stores over a data folder, prints `ready`, starts the projections once it reads
 * a line on stdin, then prints each projection's state, position and lease holder as a JSON
 * line every few ms, until it is killed (or reads `stop`, then stops cleanly and exits).
 *   node dist-bench/test/support/lease-worker.js <dir> <batchSize> <holder> <leaseTtlMs>
 */
const [dir, batchSize, holder, leaseTtlMs, order] = process.argv.slice(2);
const side = readSide(dir as string, { batchSize: Number(batchSize), holder: holder as string, leaseTtlMs: Number(leaseTtlMs), ...(order === 'global' ? { buildInStreamOrder: false } : {}) });
const lines = createInterface({ input: process.stdin });
let started = false;
lines.on('line', (line) => {
  if (line === 'stop') {
    void side.close().then(() => process.exit(0));
    return;
  }
  if (started) return;
  started = true;
  void side.projections.start().then(() => {
    setInterval(() => {
      void side.projections.status().then((status) => {
        process.stdout.write(`${JSON.stringify(status.map(({ name, state, position, holder: leaseHolder }) => ({ name, state, position, holder: leaseHolder })))}\n`);
      });
    }, 5);
  });
});
process.stdout.write('ready\n');
