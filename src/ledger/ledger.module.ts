import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { WatchedFile } from '../shared/file-identity.js';
import { Ledger } from './ledger.js';
import { LedgerRoute } from './ledger.route.js';
import { ReplayRoute } from './replay.route.js';
import { openSigningKey } from './signing-key.js';
import { TRUST_PINS, trustPinsFrom } from './trust-pins.js';
import { stopVerificationThreads } from './verify-thread.js';
import { WitnessPush, witnessEndpoint } from './witness-push.js';

/** Writes a checkpoint on a schedule, when the log has grown since the last one. */
@Injectable()
export class CheckpointSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  /** The tick under way: a tick that comes while one runs (a first tree build can outlast the interval) is skipped, so one growth is signed once. */
  private running: Promise<void> | undefined;
  private readonly logger = new Logger('Checkpoints');

  constructor(
    private readonly ledger: Ledger,
    @Inject('CHECKPOINT_INTERVAL_MS') private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await stopVerificationThreads();
  }

  private async tick(): Promise<void> {
    try {
      const latest = (await this.ledger.checkpoints()).at(-1);
      // Checkpoint and cosignature events are the checkpoints' own; only other events need a new one.
      // Before the first checkpoint too: a tick before the first commit would sign the empty tree (size 0).
      if (!(await this.ledger.hasGrownSince(latest?.treeSize ?? 0))) return;
      const recorded = await this.ledger.checkpoint();
      this.logger.log({ treeSize: recorded.treeSize, cosigners: recorded.cosigners, msg: 'checkpoint signed' });
    } catch (error) {
      this.logger.error({ err: error, msg: 'scheduled checkpoint failed' });
    }
  }
}

/** The signing key file as loaded at start: it must stay in place, or the next start refuses (health reports it). */
export const SIGNING_KEY_FILE = Symbol('SigningKeyFile');

/** Auditors and the supervisory authority: replay, the Merkle tree, checkpoints, proofs, verification, export. */
@Module({})
export class LedgerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { ledger } = config;
    const logger = new Logger('Witnesses');
    return {
      module: LedgerModule,
      // The Merkle log is one per process: inquiries answer with its checkpoints and proofs.
      global: true,
      exports: [Ledger, SIGNING_KEY_FILE],
      controllers: [ReplayRoute, LedgerRoute],
      providers: [
        {
          provide: Ledger,
          inject: [EVENT_STORE, CLOCK],
          useFactory: async (events: EventStore, clock: Clock) => {
            const key = await openSigningKey(ledger.signingKeyFile, events, ledger.origin, { create: ledger.createSigningKey });
            const push = ledger.witnesses.length > 0 ? new WitnessPush(ledger.witnesses.map(witnessEndpoint), { timeoutMs: ledger.witnessTimeoutMs, warn: (entry) => logger.warn(entry) }) : undefined;
            return new Ledger(events, clock, ledger.origin, key, push);
          },
        },
        // After the Ledger, which loads (or creates) the key file.
        { provide: SIGNING_KEY_FILE, inject: [Ledger], useFactory: () => new WatchedFile('SIGNING_KEY_FILE', ledger.signingKeyFile) },
        { provide: 'CHECKPOINT_INTERVAL_MS', useValue: ledger.checkpointIntervalMs },
        { provide: TRUST_PINS, useValue: () => trustPinsFrom(ledger) },
        CheckpointSchedule,
      ],
    };
  }
}
