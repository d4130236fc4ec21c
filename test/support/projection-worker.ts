import { readSide } from './read-side.js';

/**
 * A child process running the service's projections over a data folder, printing the
 * position of each projection as it moves, until it is killed.
 *   node dist-bench/test/support/projection-worker.js <dir> <batchSize> [global | <buildBatchBytes>]
 * `global`: an empty read model is built in global order (no build in stream order first);
 * a number: the bytes of one commit of a build in stream order.
 */
const [dir, batchSize, order] = process.argv.slice(2);
const side = readSide(dir as string, {
  batchSize: Number(batchSize),
  ...(order === 'global' ? { buildInStreamOrder: false } : {}),
  ...(order !== undefined && order !== 'global' ? { buildBatchBytes: Number(order) } : {}),
});
await side.projections.start();
setInterval(() => {
  void side.projections.status().then((status) => {
    process.stdout.write(`${JSON.stringify(status.map(({ name, position }) => ({ name, position })))}\n`);
  });
}, 2);
