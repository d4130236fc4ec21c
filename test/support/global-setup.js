import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Before any suite:
 * 1. Some tests run the service or an appender in a separate process (kill -9, two
 *    processes on one file, the command line), which runs the compiled code: build it once,
 *    the benchmark's build (tsconfig.bench.json, into dist-bench/: the service and the test
 *    support it spawns; `npm run build`'s dist/ holds the service alone).
 *    (SKIP_BUILD=1 skips this: `npm test` sets it, as its type check has just compiled
 *    dist-bench/ with the same options; or for a quick run of suites that start no child process.)
 * 2. Find out, once, whether a container runtime is reachable: the EventStoreDB and
 *    MongoDB suites run through testcontainers when it is, and are reported as skipped,
 *    with the reason, when it is not. Workers inherit the outcome through the environment.
 *    REQUIRE_CONTAINERS=1 turns a missing runtime into a failure.
 * 3. Find out, once, whether a small file system can be mounted (tmpfs, which needs root or
 *    CAP_SYS_ADMIN): the disk-full suites fill one, and are reported as skipped, with the
 *    reason, when none can be mounted.
 */
/**
 * 4. Find out, once, whether a Chromium is installed for the web app's browser suites
 *    (BROWSER_PATH, default Debian's /usr/bin/chromium; playwright-core drives it, as its own
 *    browser download cannot work here). Skipped with the reason when there is none;
 *    REQUIRE_BROWSER=1 (CI, which installs it) turns a missing browser into a failure.
 */
function browserProblem() {
  const path = process.env.BROWSER_PATH ?? '/usr/bin/chromium';
  try {
    execFileSync(path, ['--version'], { stdio: 'pipe', timeout: 20_000 });
    return undefined;
  } catch (error) {
    return `no Chromium at ${path} (apt-get install chromium, or set BROWSER_PATH): ${error.message.split('\n')[0]}`;
  }
}

export default async function globalSetup() {
  if (process.env.SKIP_BUILD !== '1') {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    // From an empty folder: a use-case folder removed from src/ must not be loaded from an old build.
    rmSync(join(root, 'dist-bench'), { recursive: true, force: true });
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
  }
  if (process.env.CONTAINER_RUNTIME === undefined) {
    const reason = await containerRuntimeProblem();
    process.env.CONTAINER_RUNTIME = reason ? 'unavailable' : 'available';
    process.env.CONTAINER_RUNTIME_REASON = reason ?? '';
    if (reason) {
      process.stdout.write(`\n[engines] EventStoreDB and MongoDB suites are skipped: no container runtime (${reason}).\n`);
      if (process.env.REQUIRE_CONTAINERS === '1') throw new Error(`REQUIRE_CONTAINERS=1 but no container runtime: ${reason}`);
    }
  }
  if (process.env.BROWSER === undefined) {
    const reason = browserProblem();
    process.env.BROWSER = reason ? 'unavailable' : 'available';
    process.env.BROWSER_REASON = reason ?? '';
    if (reason) {
      process.stdout.write(`\n[browser] the web app's browser suites are skipped: ${reason}.\n`);
      if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${reason}`);
    }
  }
  if (process.env.SMALL_FILESYSTEM === undefined) {
    const reason = smallFileSystemProblem();
    process.env.SMALL_FILESYSTEM = reason ? 'unavailable' : 'available';
    process.env.SMALL_FILESYSTEM_REASON = reason ?? '';
    if (reason) process.stdout.write(`\n[disk full] the disk-full suites are skipped: cannot mount a small file system (${reason}).\n`);
  }
}

/** Why `mount -t tmpfs` does not work here, or undefined when it does (mounted and unmounted again). */
function smallFileSystemProblem() {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-ledger-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    const stderr = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr).trim() : '';
    return stderr || (error instanceof Error ? error.message : String(error));
  } finally {
    rmdirSync(dir);
  }
}

async function containerRuntimeProblem() {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
    });
    try {
      await Promise.race([getContainerRuntimeClient(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
