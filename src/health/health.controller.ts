import { Controller, Get, HttpStatus, Inject, Injectable, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE_ENGINE } from '../event-store/event-store.module.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { SIGNING_KEY_FILE } from '../ledger/ledger.module.js';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../personal-data/personal-data-keys.port.js';
import { DOCUMENT_STORE, type DocumentStore } from '../read-store/document-store.port.js';
import { ProjectionStatuses } from '../read-store/projection-status.js';
import type { WatchedFile } from '../shared/file-identity.js';
import { DataFiles } from './data-files.js';
import { lowOnSpace, storageFolders } from './storage-space.js';

const CHECK_TIMEOUT_MS = 2000;

/** Readiness turns 503 as soon as shutdown begins, so a load balancer stops sending work. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  shuttingDown = false;

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}

interface Check {
  readonly status: 'up' | 'down';
  readonly [detail: string]: unknown;
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_STORE_ENGINE) private readonly engine: string,
    private readonly shutdown: ShutdownState,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    private readonly projections: ProjectionStatuses,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
    @Inject(SIGNING_KEY_FILE) private readonly signingKey: WatchedFile,
    private readonly dataFiles: DataFiles,
  ) {}

  /** Liveness: the process answers. Restarting it would not help with anything else. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: the service can take commands. 'unavailable' when a store does not answer;
   * 'degraded' when they answer but a key file is gone or replaced, or the disk is (nearly)
   * full: commands would be refused (503) or lost at the next start, so a load balancer should
   * send them elsewhere, and an operator has something to mend (the failing check says what).
   */
  @Get(['', 'ready'])
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; checks: Record<string, Check> }> {
    const [eventStore, readStore, personalDataKeys] = await Promise.all([
      check(async () => ({ engine: this.engine, headPosition: (await this.store.headPosition()).toString() })),
      check(async () => {
        await this.documents.checkpoint('health');
        const engine = this.config.readStore.engine;
        // A failed projection does not stop commands, but it is reported here too.
        const projections = await this.projections.status();
        return { engine, projections: Object.fromEntries(projections.map((p) => [p.name, { state: p.state, position: p.position, holder: p.holder }])) };
      }),
      check(async () => {
        await this.keys.check();
        return {};
      }),
    ]);
    const signingKey = fileCheck(this.signingKey.problem());
    const dataFiles = filesCheck(this.dataFiles.problems());
    const storage = spaceCheck(lowOnSpace(storageFolders(this.config), this.config.diskFreeMinBytes));
    const checks = { eventStore, readStore, personalDataKeys, signingKey, dataFiles, storage };
    const state = status(checks, this.shutdown.shuttingDown);
    void reply.status(state === 'ready' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: state === 'ready' ? readiness(readStore) : state, checks };
  }
}

function status(checks: Record<'eventStore' | 'readStore' | 'personalDataKeys' | 'signingKey' | 'dataFiles' | 'storage', Check>, shuttingDown: boolean): 'ready' | 'shutting-down' | 'unavailable' | 'degraded' {
  if (shuttingDown) return 'shutting-down';
  // Commands need the event store; the views need the read store.
  if (checks.eventStore.status === 'down' || checks.readStore.status === 'down') return 'unavailable';
  return Object.values(checks).some((c) => c.status === 'down') ? 'degraded' : 'ready';
}

function fileCheck(problem: string | undefined): Check {
  return problem ? { status: 'down', error: problem } : { status: 'up' };
}

/** Down when any file the service opened was deleted or replaced since: each one named by its setting. */
function filesCheck(problems: readonly string[]): Check {
  return problems.length > 0 ? { status: 'down', error: `${problems.join('; ')}: what is written there is lost at the next start; restore the file and restart the service` } : { status: 'up' };
}

function spaceCheck(problems: readonly string[]): Check {
  return problems.length > 0 ? { status: 'down', error: `${problems.join('; ')}: writes may be refused (503 storage-full) until space is freed` } : { status: 'up' };
}

/**
 * Ready, and running every projection here ('ok'; a failed one shows in its own state), or
 * some of them elsewhere or not at all ('standby'): another instance holds their leases, or a
 * lease of a dead instance has not expired. Still ready (commands and reads work), but reads with minPosition wait for
 * whoever runs the projection, and answer 503 while nobody does.
 */
function readiness(readStore: Check): 'ok' | 'standby' {
  const projections = Object.values((readStore.projections ?? {}) as Record<string, { state: string }>);
  return projections.some((projection) => projection.state === 'standby' || projection.state === 'stopped') ? 'standby' : 'ok';
}

async function check(probe: () => Promise<Record<string, unknown>>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    return { status: 'up', ...(await Promise.race([probe(), timeout])) };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
