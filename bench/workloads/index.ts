import type { Workload } from '../harness.js';

/** Every workload, by the name of its module in this folder (each exports `workload`). */
export const WORKLOAD_NAMES = ['append', 'replay', 'rebuild', 'http', 'import', 'inquiry', 'scale', 'floor-limits'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export const isWorkloadName = (value: unknown): value is WorkloadName => (WORKLOAD_NAMES as readonly unknown[]).includes(value);

/** Loaded only when it runs: each runs in its own process, so nothing else's memory counts. */
export async function loadWorkload(name: WorkloadName): Promise<Workload> {
  const module = (await import(`./${name}.js`)) as { readonly workload: Workload };
  return module.workload;
}
