import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AlertScheduler } from '../alerts/delivery/alert-scheduler.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { rateLimitBudgetOf } from '../http/rate-limits.js';
import { ProjectionStatuses, type ProjectionStatus } from '../read-store/projection-status.js';
import { CheckpointAges } from './checkpoint-ages.js';

/** What an event store may tell of its commits (the embedded SQLite store does: group commit). */
interface CommitCounting {
  commitStats(): { readonly commits: number; readonly requests: number };
  onGroupCommit?(listener: (appends: number) => void): () => void;
}

const counts = (store: EventStore): store is EventStore & CommitCounting => typeof (store as Partial<CommitCounting>).commitStats === 'function';

const PREFIX = 'privacy_ledger_';

/**
 * The service's figures for Prometheus (GET /metrics), each read from where it is kept: the
 * requests as they are answered (a Fastify hook), the commits from the event store's own
 * counters, the projections from their status, the checkpoints from their stream, the
 * alert outbox from the scheduler's last pass. Nothing here changes what it observes.
 */
@Injectable()
export class ServiceMetrics implements OnModuleInit {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly refusals: Counter<'budget'>;
  private readonly checkpoints: CheckpointAges;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projections: ProjectionStatuses,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly modules: ModuleRef,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.requests = new Counter({ name: `${PREFIX}http_requests_total`, help: 'HTTP requests answered, by method, route (as declared, e.g. /breaches/:breachId) and status code', labelNames: ['method', 'route', 'status'], registers });
    this.latency = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time from receiving a request to the end of its answer, by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.refusals = new Counter({ name: `${PREFIX}rate_limit_refusals_total`, help: 'Requests refused with 429 by the rate limits, by the budget spent: identity, address (no credential) or auth-failures', labelNames: ['budget'], registers });
    this.checkpoints = new CheckpointAges(events, config.ledger.witnesses.map((witness) => witness.name), config.ledger.witnessQuorum);
    this.commitMetrics(registers);
    this.projectionMetrics(registers);
    this.checkpointMetrics(registers);
    this.alertMetrics(registers);
  }

  /** Registered before the server is ready (Nest initialises modules first): every answer is counted. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = String(reply.statusCode);
      this.requests.inc({ method: request.method, route, status });
      this.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      if (reply.statusCode === 429) this.refusals.inc({ budget: rateLimitBudgetOf(request) ?? 'unknown' });
      done();
    });
  }

  /** The exposition text, in the format Prometheus scrapes. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private commitMetrics(registers: Registry[]): void {
    const store = this.events;
    if (!counts(store)) return;
    // The store keeps the totals; each scrape copies them.
    const total = (name: string, help: string, read: () => number) =>
      new Counter({
        name: `${PREFIX}${name}`,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    total('event_store_commits_total', 'Transactions the embedded event store committed (group commit: one fsync each) since the start', () => store.commitStats().commits);
    total('event_store_appends_total', "Appends (one command's events each) those commits carried; rate(appends) / rate(commits) is the mean group-commit batch size", () => store.commitStats().requests);
    if (store.onGroupCommit === undefined) return;
    const batches = new Histogram({
      name: `${PREFIX}event_store_group_commit_appends`,
      help: 'Appends carried by each group commit of the embedded event store (the writer round that made them durable together)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
      registers,
    });
    store.onGroupCommit((appends) => batches.observe(appends));
  }

  private projectionMetrics(registers: Registry[]): void {
    const events = this.events;
    const logger = this.logger;
    new Gauge({
      name: `${PREFIX}event_store_head_position`,
      help: 'Position of the newest event in the log',
      registers,
      async collect() {
        this.set(Number(await events.headPosition()));
      },
    });
    // One reading of the projections' status serves the three gauges of a scrape.
    const projections = this.projections;
    let reading: Promise<ProjectionStatus[]> | undefined;
    const statuses = () => {
      reading ??= projections.status().finally(() => setTimeout(() => (reading = undefined), 1000).unref());
      return reading.catch((error: unknown) => {
        logger.warn({ err: error, msg: 'the projections could not be read for /metrics' });
        return [];
      });
    };
    const gauge = (name: string, help: string, value: (status: ProjectionStatus) => number) =>
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        labelNames: ['projection'],
        registers,
        async collect() {
          this.reset();
          for (const status of await statuses()) this.set({ projection: status.name }, value(status));
        },
      });
    gauge('projection_lag_positions', 'Log positions between the head and each projection (positions, not events: they need not be contiguous)', (status) => Number(status.lag));
    gauge('projection_position', 'Position up to which each projection has applied the log', (status) => Number(status.position));
    gauge('projection_running', '1 when this instance runs the projection; 0 when another instance holds it, or it is stopped or failed', (status) => (status.state === 'running' ? 1 : 0));
    gauge('projection_failed', '1 when the projection has failed (GET /projections shows why)', (status) => (status.state === 'failed' ? 1 : 0));
  }

  private checkpointMetrics(registers: Registry[]): void {
    const checkpoints = this.checkpoints;
    const logger = this.logger;
    new Gauge({
      name: `${PREFIX}checkpoint_age_seconds`,
      help: 'Age of the newest signed checkpoint (kind="signed") and of the newest one the witness quorum cosigned (kind="witnessed"); absent while there is none',
      labelNames: ['kind'],
      registers,
      async collect() {
        this.reset();
        try {
          const { newest, newestWitnessed } = await checkpoints.current();
          const now = Date.now();
          if (newest !== undefined) this.set({ kind: 'signed' }, Math.max(0, (now - newest) / 1000));
          if (newestWitnessed !== undefined) this.set({ kind: 'witnessed' }, Math.max(0, (now - newestWitnessed) / 1000));
        } catch (error) {
          logger.warn({ err: error, msg: 'the checkpoints could not be read for /metrics' });
        }
      },
    });
  }

  /** The scheduler lives in the alerts slice, which does not export it: looked up once the modules exist. */
  private alertMetrics(registers: Registry[]): void {
    const modules = this.modules;
    let scheduler: AlertScheduler | undefined;
    const alerts = {
      get lastOutbox() {
        scheduler ??= modules.get(AlertScheduler, { strict: false });
        return scheduler?.lastOutbox;
      },
    };
    new Gauge({
      name: `${PREFIX}alert_outbox_depth`,
      help: "Alert deliveries due and not yet sent, as this instance's last delivery pass found them (only the instance holding the delivery lease makes passes)",
      registers,
      collect() {
        this.set(alerts.lastOutbox?.depth ?? 0);
      },
    });
    new Gauge({
      name: `${PREFIX}alert_outbox_checked_timestamp_seconds`,
      help: "When this instance's last delivery pass read the outbox (0: never; another instance holds the delivery lease)",
      registers,
      collect() {
        this.set((alerts.lastOutbox?.at ?? 0) / 1000);
      },
    });
  }
}
