import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { DocumentStore } from './document-store.port.js';
import type { LiveProjection, LiveProjections } from './live-projections.js';
import type { ProjectionsOptions } from './projections.js';

export const DEFAULT_LEASE_TTL_MS = 15_000;

/** The first pause after a projection failed for good here, doubled for each further failure, up to the last. */
const FAILED_PAUSE_MIN_MS = 1000;
const FAILED_PAUSE_MAX_MS = 5 * 60_000;

export const leaseOf = (name: string) => `projection:${name}`;

/**
 * Each projection runs in one instance at a time, the holder of its lease in the read store
 * (`projection:<name>`): this instance renews the leases it holds every ttl/3, takes those
 * that are free or expired as often, runs a projection from its checkpoint once it holds its
 * lease and stops it once it lost it. The checkpoint's compare-and-set keeps a holder that lost
 * its lease from writing anything.
 */
export class ProjectionLeases {
  /** This instance's name as a lease holder. */
  readonly holder: string;
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly live: LiveProjections,
    private readonly documents: DocumentStore,
    private readonly options: Pick<ProjectionsOptions, 'holder' | 'leaseTtlMs' | 'leaseNow' | 'log'>,
  ) {
    this.holder = options.holder ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  /** Takes every lease it can now, then tends them every ttl/3. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(1, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** No more ticks (the one under way finishes, see LiveProjections.settled). */
  stopTending(): void {
    clearInterval(this.timer);
  }

  /** Releases the leases this instance holds (its runners stopped), so another instance takes over at once. */
  async release(): Promise<void> {
    for (const live of this.live.all()) {
      if (!live.holding) continue;
      live.holding = false;
      await this.documents.releaseLease(leaseOf(live.name), this.holder).catch(() => undefined);
    }
  }

  /** Who holds the projection's lease now (null: nobody, or it expired). */
  async holderOf(name: string): Promise<string | null> {
    const lease = await this.documents.lease(leaseOf(name)).catch(() => undefined);
    return lease && Date.parse(lease.expiresAt) > this.now().getTime() ? lease.holder : null;
  }

  /** Wall-clock time for leases (not the service clock, which tests fix). */
  now(): Date {
    return this.options.leaseNow?.() ?? new Date();
  }

  /** Renews the leases this instance holds, takes those that are free or expired, and stops the runners whose lease it lost. */
  private tick(): Promise<void> {
    return this.live.serially(async () => {
      for (const definition of this.live.definitions) {
        if (this.live.stopped) return;
        const live = this.live.get(definition.name);
        if (live) await this.tend(definition, live);
      }
    });
  }

  private async tend(definition: ProjectionDefinition, live: LiveProjection): Promise<void> {
    const { name } = definition;
    const now = this.now().getTime();
    if (live.holding && live.runner?.failedForGood) return this.giveUpAfterFailure(live);
    if (!live.holding && now < live.retryAt) return this.pauseAfterFailure(live);
    if (live.failures > 0 && live.runner?.state === 'running' && live.runner.position > live.failedAt) live.failures = 0;
    let held: boolean;
    try {
      held = await this.documents.acquireLease(leaseOf(name), this.holder, this.ttlMs, new Date(now));
    } catch (error) {
      // The read store is unreachable: go on while the lease surely holds (a commit would fail anyway).
      held = live.holding && this.now().getTime() < live.heldUntil;
      this.options.log.error({ projection: name, error: (error as Error).message }, `cannot renew the lease of ${name}`);
    }
    if (held) {
      if (!live.holding) this.options.log.info({ projection: name, holder: this.holder }, `this instance runs ${name}`);
      live.holding = true;
      live.heldUntil = now + this.ttlMs;
      const state = live.runner?.state;
      const failed = live.runner?.failedForGood === true;
      if (state === undefined || state === 'standby' || state === 'stopped' || failed) {
        // After the pause that followed a failure: a fresh runner, from the checkpoint.
        if (failed) await live.runner?.stop('abandon');
        // Another process may have switched the generation meanwhile (a rebuild).
        const stored = await this.live.storedGeneration(name);
        if (stored > live.generation) {
          await this.live.prepareGeneration(definition, stored);
          live.generation = stored;
        }
        if (!this.live.stopped) this.live.run(definition, live);
      }
      return;
    }
    if (live.holding) this.options.log.info({ projection: name, holder: this.holder }, `lost the lease of ${name}: standing by`);
    live.holding = false;
    await this.live.standBy(live);
  }

  /**
   * The runner here failed for good (an event it cannot handle, a refusal no retry mends):
   * holding on to the lease would keep every other instance from trying until this one is
   * restarted. So the lease is released, and not taken back for a while (1 s, doubled with
   * each such failure in a row, up to 5 min): another instance may take it over (one running
   * a fixed release, or with a store it can reach), and if none does, this one starts the
   * projection again from its checkpoint after the pause. The failed runner stays, so
   * /projections and reads here say why, until another instance takes over.
   */
  private async giveUpAfterFailure(live: LiveProjection): Promise<void> {
    const pauseMs = Math.min(FAILED_PAUSE_MAX_MS, FAILED_PAUSE_MIN_MS * 2 ** live.failures);
    live.failures += 1;
    live.failedAt = live.runner?.position ?? 0n;
    live.retryAt = this.now().getTime() + pauseMs;
    live.holding = false;
    this.options.log.error(
      { projection: live.name, holder: this.holder, failures: live.failures, retryInMs: pauseMs, failure: live.runner?.lastFailure },
      `${live.name} failed; its lease is released for another instance, and taken back here in ${pauseMs} ms if none takes it`,
    );
    await this.documents.releaseLease(leaseOf(live.name), this.holder).catch((error: unknown) => {
      this.options.log.error({ projection: live.name, error: (error as Error).message }, `cannot release the lease of ${live.name}; it expires by itself`);
    });
  }

  /** While paused after a failure: once another instance runs the projection, stand by for it. */
  private async pauseAfterFailure(live: LiveProjection): Promise<void> {
    if (live.runner === undefined) return;
    const lease = await this.documents.lease(leaseOf(live.name)).catch(() => undefined);
    if (lease && lease.holder !== this.holder && Date.parse(lease.expiresAt) > this.now().getTime()) await this.live.standBy(live);
  }
}
