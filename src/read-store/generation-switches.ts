import type { LiveProjections } from './live-projections.js';
import type { ProjectionsOptions } from './projections.js';

/**
 * Follows a generation switched by another process (the rebuild CLI, another instance): the
 * stored generations are looked at every `generationPollMs`, and a projection whose stored
 * generation is newer than the live one here runs (if this instance holds its lease) from the
 * new generation's checkpoint. A rebuild in this process switches its projection itself.
 */
export class GenerationSwitches {
  private poller: NodeJS.Timeout | undefined;

  constructor(
    private readonly live: LiveProjections,
    private readonly options: Pick<ProjectionsOptions, 'generationPollMs' | 'log'>,
    /** Whether a rebuild of the projection runs in this process. */
    private readonly rebuilding: (name: string) => boolean,
  ) {}

  start(): void {
    this.poller = setInterval(() => void this.follow(), this.options.generationPollMs);
    this.poller.unref();
  }

  /** No more looks (the one under way finishes, see LiveProjections.settled). */
  stop(): void {
    clearInterval(this.poller);
  }

  private follow(): Promise<void> {
    return this.live.serially(async () => {
      for (const definition of this.live.definitions) {
        if (this.live.stopped) return;
        const live = this.live.get(definition.name);
        if (!live || this.rebuilding(definition.name)) continue;
        const stored = await this.live.storedGeneration(definition.name).catch(() => live.generation);
        if (stored <= live.generation) continue;
        await this.live.standBy(live);
        if (live.holding) await this.live.prepareGeneration(definition, stored);
        live.generation = stored;
        if (live.holding && !this.live.stopped) this.live.run(definition, live);
        this.options.log.info({ projection: definition.name, generation: stored }, `following the switch of ${definition.name} to generation ${stored}`);
      }
    });
  }
}
