import { describe } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/**
 * `describe` for suites that fill a small file system of their own (global-setup.js found out
 * whether one can be mounted); `describe.skip`, with the reason in the suite's name, when not.
 */
export function describeWithSmallFileSystem(name: string, suite: () => void): void {
  if (process.env.SMALL_FILESYSTEM === 'available') describe(name, suite);
  else describe.skip(`${name} — skipped: cannot mount a small file system (${process.env.SMALL_FILESYSTEM_REASON || 'not probed'})`, suite);
}

export interface SmallFileSystem {
  readonly path: string;
  /** Writes a filler file until the file system is full. */
  fill(): void;
  /** Removes the filler. */
  free(): void;
  unmount(): void;
}

export function mountSmallFileSystem(size = '2m'): SmallFileSystem {
  const dir = tempDir('privacy-ledger-small-fs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir.path]);
  const filler = join(dir.path, 'filler');
  return {
    path: dir.path,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(4096);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', ['-l', dir.path]);
      dir.remove();
    },
  };
}
