import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Some tests run the service or an appender in a separate process (kill -9, two
 * processes on one file, `npm start`), which runs the compiled code: build it once.
 */
export default function globalSetup() {
  // For a quick run of suites that need no child process: SKIP_BUILD=1.
  if (process.env.SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
