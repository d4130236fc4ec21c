import { describe, expect, it } from '@jest/globals';
import type { CpuProfile } from '../../bench/profiles.js';
import { stallStacks } from '../../bench/stall-stacks.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

/** root → tick → (build → optimize) | (probe); samples every 1 ms from 1,000,000 µs. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5] },
    { id: 2, callFrame: frame('processTicksAndRejections', 'node:internal/process/task_queues', 66), children: [3, 6] },
    { id: 3, callFrame: frame('buildIndexes', 'file:///x/dist/src/read-store/sqlite/sqlite-document-store.js', 171), children: [4] },
    { id: 4, callFrame: frame('optimize', 'file:///x/dist/src/read-store/sqlite/sqlite-document-store.js', 275) },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('probe', 'file:///x/node_modules/fastify/lib/route.js', 9) },
  ],
  startTime: 1_000_000,
  endTime: 1_010_000,
  // 1 ms each: idle, three in optimize, one in probe, idle.
  samples: [5, 4, 4, 4, 6, 5],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
};

describe('stallStacks', () => {
  it("names the functions on the stack of the samples within each stall, counted once a sample, the profile's root left out", () => {
    // Sampled at 1,001,000 µs (idle), 1,002,000-1,004,000 (optimize), 1,005,000 (probe), 1,006,000 (idle).
    const [held] = stallStacks(profile, [{ fromUs: 1_001_500, toUs: 1_005_500, lateMs: 4 }]);
    expect(held).toEqual({
      stall: { fromUs: 1_001_500, toUs: 1_005_500, lateMs: 4 },
      atMs: 2,
      samples: 4,
      functions: [
        { name: 'processTicksAndRejections node:internal/process/task_queues:67', samples: 4 },
        { name: 'optimize src/read-store/sqlite/sqlite-document-store.js:276', samples: 3 },
        { name: 'buildIndexes src/read-store/sqlite/sqlite-document-store.js:172', samples: 3 },
        { name: 'probe fastify/lib/route.js:10', samples: 1 },
      ],
    });
  });

  it('finds no sample in a stall outside the profile, and keeps the top N', () => {
    expect(stallStacks(profile, [{ fromUs: 2_000_000, toUs: 2_100_000, lateMs: 100 }])[0]).toMatchObject({ samples: 0, functions: [] });
    // Every sample within the window counts, an idle one with nothing on its stack.
    expect(stallStacks(profile, [{ fromUs: 1_000_000, toUs: 1_010_000, lateMs: 10 }], 1)[0]).toMatchObject({ samples: 6, functions: [{ name: 'processTicksAndRejections node:internal/process/task_queues:67', samples: 4 }] });
  });
});
