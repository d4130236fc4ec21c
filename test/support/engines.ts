import { describe } from '@jest/globals';

/**
 * `describe` for suites that need a container runtime (EventStoreDB, MongoDB through
 * testcontainers); `describe.skip`, with the reason in the suite's name, when there is none.
 */
export function describeWithContainers(name: string, suite: () => void): void {
  if (process.env.CONTAINER_RUNTIME === 'available') describe(name, suite);
  else describe.skip(`${name} — skipped: no container runtime (${process.env.CONTAINER_RUNTIME_REASON || 'not detected'})`, suite);
}
