import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist-bench/src/main.js', import.meta.url));

export interface ServiceProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: () => string[];
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  /** Resolves with the first log entry that matches. */
  waitForLog(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * Runs the built service (`npm start` runs the same file) in a child process. `main` is for
 * callers compiled into dist-bench/ themselves (the benchmarks), where MAIN would point into dist-bench/dist-bench;
 * `nodeFlags` go to node before it (the benchmarks give the start script's heap limit).
 */
export function runService(cwd: string, env: NodeJS.ProcessEnv = {}, main = MAIN, nodeFlags: readonly string[] = []): ServiceProcess {
  const child = spawn(process.execPath, [...nodeFlags, main], { cwd, env: { PATH: process.env.PATH, PORT: '0', ...env } });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    listeners.forEach((listener) => listener());
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () => stdout.split('\n').filter((line) => line.length > 0);
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLog(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const entry = lines()
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .find(predicate);
          if (!entry) return;
          cleanup();
          resolve(entry);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching log entry within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          check();
          if (listeners.has(check)) {
            cleanup();
            reject(new Error(`the service exited; stdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        });
        check();
      });
    },
  };
}
