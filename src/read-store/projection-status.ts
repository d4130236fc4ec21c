import type { EventStore } from '../event-store/event-store.port.js';
import type { LiveProjections } from './live-projections.js';
import type { ProjectionLeases } from './projection-leases.js';
import type { ProjectionRebuilds } from './projection-rebuilds.js';
import type { RunnerFailure, RunnerProgress, RunnerState } from './projection-runner.js';

export interface ProjectionStatus {
  readonly name: string;
  readonly generation: number;
  /** running: this instance runs it; standby: another instance does (see holder), or none yet holds its lease. */
  readonly state: RunnerState;
  /** Who holds the projection's lease (null: nobody, or it expired); this instance is `instance`. */
  readonly holder: string | null;
  readonly instance: string;
  readonly position: string;
  readonly headPosition: string;
  /** Positions between the head of the log and the projection (not a count of events: positions are not contiguous). */
  readonly lag: string;
  readonly lastError: RunnerFailure | null;
  /** While this instance runs it and it is behind the head: how fast it catches up, how far it is, the time left. */
  readonly catchUp: RunnerProgress | null;
  readonly rebuild: ({ readonly generation: number; readonly state: RunnerState; readonly position: string; readonly targetPosition: string; readonly startedAt: string } & RunnerProgress) | null;
  /** The last rebuild this instance ran to its switch: its overall rate. */
  readonly lastRebuild: { readonly generation: number; readonly startedAt: string; readonly finishedAt: string; readonly targetPosition: string; readonly eventsPerSecond: number | null } | null;
}

/** Where each projection stands, as GET /projections, /health and /metrics show it. */
export class ProjectionStatuses {
  constructor(
    private readonly live: LiveProjections,
    private readonly leases: ProjectionLeases,
    private readonly rebuilds: ProjectionRebuilds,
    private readonly events: EventStore,
  ) {}

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    return Promise.all(
      this.live.definitions.map(async ({ name }) => {
        const live = this.live.get(name);
        const holder = await this.leases.holderOf(name);
        const position = live ? await this.live.positionOf(live).catch(() => live.runner?.position ?? 0n) : 0n;
        return {
          name,
          generation: live?.generation ?? 0,
          state: live ? (live.runner?.state ?? 'standby') : 'stopped',
          holder,
          instance: this.leases.holder,
          position: position.toString(),
          headPosition: head.toString(),
          lag: (head > position ? head - position : 0n).toString(),
          lastError: live?.runner?.lastFailure ?? null,
          catchUp: live?.runner?.state === 'running' && head > position ? live.runner.progress(head) : null,
          rebuild: this.rebuilds.statusOf(name),
          lastRebuild: this.rebuilds.lastOf(name),
        };
      }),
    );
  }
}
