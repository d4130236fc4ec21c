import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { SERVICE_ACTOR } from '../../ledger/checkpoint-log.js';
import { readEvent, type StreamModel } from '../../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DuplicateEventIdError, StreamNotFoundError, WrongExpectedRevisionError } from '../../event-store/event-store.errors.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { DOCUMENT_STORE, type DocumentStore } from '../../read-store/document-store.port.js';
import { ProjectionLeases } from '../../read-store/projection-leases.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { ALERT_EVENT_SCHEMA_VERSIONS, alertStreamId, type AlertDelivery, type AlertEvent } from '../alert.events.js';
import { afterFailure, attemptDue, deliveryStates } from '../alert.rules.js';
import { AlertChannels } from './alert-channels.js';
import { AlertOutbox, type SubjectFacts } from './alert-outbox.js';
import { DeliveryError } from './channels.js';

const alertModel: StreamModel<null, AlertEvent> = { initialState: () => null, evolve: () => null, schemaVersions: ALERT_EVENT_SCHEMA_VERSIONS };
const EVENT_ID_NAMESPACE = 'c3a0f6d2-4b7e-5a19-9d28-6e1f0b4c7a35';
export const DELIVERY_LEASE = 'alerts:delivery';

/**
 * Delivers the outbox, at least once: every ALERT_POLL_MS (and at start, so what fell due
 * while the service was down goes out at once), the instance that holds the delivery lease
 * reads what is due, checks each delivery against its alert stream, sends it, and records
 * AlertSent — or AlertAttemptFailed with the next attempt's time (exponential backoff), or
 * AlertFailed once the attempts are spent. A crash between sending and recording sends again
 * under the same alert id, which receivers de-duplicate on.
 *
 * Two instances never both send: the lease (the read store's, as the projections use, held by
 * the instance identity) admits one; a delivery is only started while the lease surely holds
 * for longer than a delivery may take; and the record of an attempt has an event id derived
 * from the alert and attempt, so a second record of the same attempt is refused by the store.
 */
@Injectable()
export class AlertScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;
  private heldUntil = 0;
  /** The outbox as this instance's last pass found it (GET /metrics): how many deliveries were due, and when. */
  lastOutbox: { readonly depth: number; readonly at: number } | undefined;

  constructor(
    private readonly outbox: AlertOutbox,
    private readonly channels: AlertChannels,
    private readonly leases: ProjectionLeases,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.alerts.pollMs);
    this.timer.unref();
    void this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.current;
    if (this.heldUntil > 0) await this.documents.releaseLease(DELIVERY_LEASE, this.leases.holder).catch(() => undefined);
    this.channels.close();
  }

  /** One pass over the outbox (ticks never overlap: a pass still running is waited for). */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current) return this.current;
    this.current = this.pass()
      .catch((error: unknown) => this.logger.warn({ err: error, msg: 'alert delivery pass stopped; the next one takes over' }))
      .finally(() => {
        this.current = undefined;
      });
    return this.current;
  }

  private async pass(): Promise<void> {
    if (!(await this.acquireLease())) return;
    const { pending, facts } = await this.outbox.pending();
    this.lastOutbox = { depth: pending.length, at: Date.now() };
    const ttl = this.config.readStore.leaseTtlMs;
    // A delivery starts only while the lease holds for as long as one may take (capped at half the
    // term: with PROJECTION_LEASE_SECONDS below the delivery timeouts, receivers' de-duplication is the guard left).
    const margin = Math.min(Math.max(this.config.alerts.webhookTimeoutMs, this.config.alerts.smtp?.timeoutMs ?? 0) + 1000, ttl / 2);
    for (const delivery of pending) {
      if (this.stopped) return;
      // A long pass renews the lease as it goes; once another instance holds it, this one stops.
      if (!this.leaseHoldsFor(ttl / 2) && !(await this.acquireLease())) return;
      if (!this.leaseHoldsFor(margin)) return;
      await this.deliver(delivery, facts.get(delivery.subject.id));
    }
  }

  private async acquireLease(): Promise<boolean> {
    const ttl = this.config.readStore.leaseTtlMs;
    const now = Date.now();
    const held = await this.documents.acquireLease(DELIVERY_LEASE, this.leases.holder, ttl, new Date(now));
    this.heldUntil = held ? now + ttl : 0;
    return held;
  }

  private leaseHoldsFor(ms: number): boolean {
    return Date.now() + ms < this.heldUntil;
  }

  private async deliver(delivery: AlertDelivery, facts: SubjectFacts | undefined): Promise<void> {
    const streamId = alertStreamId(delivery.subject.id);
    const history = await this.history(streamId);
    const previous = deliveryStates(history.map((event) => readEvent(alertModel, event))).get(delivery.alertId);
    if (!attemptDue(previous, this.clock.now().toISOString())) return;
    const attempt = (previous?.attempts ?? 0) + 1;
    let outcome: AlertEvent;
    try {
      await this.channels.send(delivery, facts);
      outcome = { type: 'AlertSent', data: { ...delivery, sentAt: this.clock.now().toISOString(), attempt } };
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      outcome = afterFailure(delivery, previous, this.clock.now().toISOString(), error.message, this.config.alerts.retry);
      this.logger.warn({ alertId: delivery.alertId, ruleId: delivery.ruleId, attempt, error: error.message, msg: `alert ${outcome.type === 'AlertFailed' ? 'failed for good' : 'attempt failed'}` });
    }
    await this.record(streamId, history, outcome, attempt);
  }

  /** Appends the outcome after the stream's head as read; when another write came in between, after the new head. */
  private async record(streamId: string, history: readonly StoredEvent[], outcome: AlertEvent, attempt: number): Promise<void> {
    const { alertId } = outcome.data;
    const event = {
      eventId: uuidv5(`${alertId}|${attempt}|${outcome.type}`, EVENT_ID_NAMESPACE),
      type: outcome.type,
      schemaVersion: ALERT_EVENT_SCHEMA_VERSIONS[outcome.type],
      data: outcome.data as never,
      metadata: { actor: SERVICE_ACTOR, commandId: `alert-${alertId}-${attempt}`, correlationId: alertId, causationId: alertId },
    };
    let expected = history.at(-1)?.revision ?? ('no_stream' as const);
    for (let tries = 0; tries < 5; tries += 1) {
      try {
        await this.events.append(streamId, [event], { expectedRevision: expected });
        return;
      } catch (error) {
        if (error instanceof DuplicateEventIdError) return; // this attempt is on record already
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        const now = await this.history(streamId);
        if (now.some((stored) => stored.eventId === event.eventId)) return;
        expected = now.at(-1)?.revision ?? 'no_stream';
      }
    }
    throw new Error(`could not record ${outcome.type} of ${alertId}: the stream ${streamId} kept moving`);
  }

  private async history(streamId: string): Promise<readonly StoredEvent[]> {
    try {
      return await this.events.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
