/**
 * A CPU profile of a process the benchmark starts, without changing how it is started: Node 20
 * refuses `--cpu-prof` in NODE_OPTIONS but takes `--import`, so the scale workload starts the
 * service with `NODE_OPTIONS=--import=<this file>` when BENCH_CPU_PROF_DIR is set. The profiler
 * runs from the first import; at exit (the service's SIGTERM ends in process.exit) the profile is
 * written to `$BENCH_CPU_PROF_DIR/<name>-<pid>.cpuprofile`, for `node dist-bench/bench/profile-top.js`
 * or Chrome DevTools.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.once('exit', () => {
    // A session on this thread answers synchronously, so the profile is written before exit.
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.env.BENCH_CPU_PROF_NAME ?? 'process'}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
