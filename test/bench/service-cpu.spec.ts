import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { cpuTimeMs, statCpuMs } from '../../bench/http/prefilled-service.js';

describe("the service's CPU time, as the HTTP workload reads it from /proc", () => {
  it('adds user and system time (fields 14 and 15, clock ticks of 10 ms), counted after the command name however odd it is', () => {
    const fields = (utime: number, stime: number) => ['S', '1', '2', '3', '0', '-1', '4194560', '10', '0', '0', '0', String(utime), String(stime), '0', '0', '20'].join(' ');
    expect(statCpuMs(`4242 (node) ${fields(250, 31)}`)).toBe(2810);
    expect(statCpuMs(`4242 (a (b) c) d) ${fields(7, 3)}`)).toBe(100);
  });

  (existsSync('/proc/self/stat') ? it : it.skip)('of a running process: all threads at least its main thread, and growing with work', () => {
    const before = cpuTimeMs(process.pid);
    const until = Date.now() + 120;
    let spin = 0;
    while (Date.now() < until) spin += 1;
    const after = cpuTimeMs(process.pid);
    expect(spin).toBeGreaterThan(0);
    expect(before).not.toBeNull();
    expect(after?.process ?? 0).toBeGreaterThanOrEqual(after?.mainThread ?? Infinity);
    expect((after?.mainThread ?? 0) - (before?.mainThread ?? 0)).toBeGreaterThan(0);
    expect(cpuTimeMs(-1)).toBeNull();
  });
});
