import Sequencer from '@jest/test-sequencer';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A group of suites (docs/architecture.md, "Testing"): a few lines of imports that run much more. */
export const GROUP = /\.suites\.spec\.ts$/;

/**
 * Jest's order, with one change: a group file weighs what it imports. Jest runs the files it
 * has timed longest first, and the files it has not timed (every file on a fresh clone, as in
 * CI) largest first, so that no long file starts last while the other worker runs out of work.
 * A group file is a few lines of imports: by its own size it would start last, though it runs
 * for up to a minute. Here its size is the sum of its suites' sizes.
 */
export default class SuiteGroupSequencer extends Sequencer {
  sort(tests) {
    const sizes = new Map();
    const sizeOf = (path) => {
      if (!sizes.has(path)) sizes.set(path, GROUP.test(path) ? suitesOf(path).reduce((sum, suite) => sum + fileSize(suite), 0) : fileSize(path));
      return sizes.get(path);
    };
    for (const test of tests) test.duration = this.time(test);
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      const timedA = a.duration != null;
      // Untimed files first (as Jest does): their length is a guess, so they start while there is room.
      if (timedA !== (b.duration != null)) return timedA ? 1 : -1;
      if (timedA) return b.duration - a.duration;
      return sizeOf(b.path) - sizeOf(a.path);
    });
  }
}

/** The suite files a group imports (`import './x.e2e.js';`), as absolute paths of the .ts sources. */
export function suitesOf(group) {
  return [...readFileSync(group, 'utf8').matchAll(/^import '(\.{1,2}\/[^']+)\.js';$/gm)].map((match) => resolve(dirname(group), `${match[1]}.ts`));
}

function fileSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
