import { ALERT_CATEGORY, ALERT_EVENT_SCHEMA_VERSIONS, type AlertEvent, type AlertKind, type AlertRecipient, type SubjectType } from '../src/alerts/alert.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { ProjectionDefinition } from './projection.js';
import { eventRef, readStreamEvent, type EventRef } from './stream.js';

/**
 * `alert-deliveries.v1`: one document per delivery of an alert (its alert id), from the
 * `alert-<subjectId>` streams: sent, retrying (with when) or failed for good (the dead
 * letters), every attempt citing its event. What GET /alerts, the dead-letter view and the
 * breach timeline show, and what the scheduler skips.
 */

export type AlertDeliveryStatus = 'sent' | 'retrying' | 'failed';

export type AlertDeliveryDocument = {
  readonly alertId: string;
  readonly ruleId: string;
  readonly kind: AlertKind;
  readonly hours: number | null;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly recipient: AlertRecipient;
  readonly channel: AlertRecipient['channel'];
  readonly dueAt: string;
  readonly deadline: string;
  readonly status: AlertDeliveryStatus;
  readonly attempts: number;
  readonly sentAt: string | null;
  readonly failedAt: string | null;
  readonly retryAt: string | null;
  readonly lastError: string | null;
  /** The time of the last attempt (sent or failed): what the list is ordered by. */
  readonly lastAttemptAt: string;
  readonly events: readonly (EventRef & { readonly type: AlertEvent['type']; readonly at: string })[];
  /** The stream revision of the last event folded in. */
  readonly revision: number;
};

const readAlertEvent = (event: StoredEvent) => readStreamEvent<AlertEvent>(event, ALERT_CATEGORY, ALERT_EVENT_SCHEMA_VERSIONS);

export function evolveAlertDelivery(document: AlertDeliveryDocument | undefined, stored: StoredEvent): AlertDeliveryDocument {
  const event = readAlertEvent(stored);
  const { data } = event;
  // Once sent or given up, a delivery stays so (a straggling attempt record of another instance changes nothing).
  const settled = document !== undefined && document.status !== 'retrying';
  const at = event.type === 'AlertSent' ? event.data.sentAt : event.data.failedAt;
  const base = {
    alertId: data.alertId,
    ruleId: data.ruleId,
    kind: data.kind,
    hours: data.hours,
    subjectType: data.subject.type,
    subjectId: data.subject.id,
    recipient: data.recipient,
    channel: data.recipient.channel,
    dueAt: data.dueAt,
    deadline: data.deadline,
    events: [...(document?.events ?? []), { ...eventRef(stored), type: event.type, at }],
    revision: stored.revision,
  };
  if (settled) return { ...document, events: base.events, revision: stored.revision };
  switch (event.type) {
    case 'AlertSent':
      return { ...base, status: 'sent', attempts: event.data.attempt, sentAt: event.data.sentAt, failedAt: null, retryAt: null, lastError: document?.lastError ?? null, lastAttemptAt: at };
    case 'AlertAttemptFailed':
      return { ...base, status: 'retrying', attempts: event.data.attempt, sentAt: null, failedAt: null, retryAt: event.data.retryAt, lastError: event.data.error, lastAttemptAt: at };
    case 'AlertFailed':
      return { ...base, status: 'failed', attempts: event.data.attempts, sentAt: null, failedAt: event.data.failedAt, retryAt: null, lastError: event.data.error, lastAttemptAt: at };
    default: {
      const never: never = event;
      throw new Error(`unhandled alert event ${JSON.stringify(never)}`);
    }
  }
}

export const alertDeliveries: ProjectionDefinition<AlertDeliveryDocument> = {
  name: 'alert-deliveries.v1',
  category: ALERT_CATEGORY,
  indexes: ['status', 'subjectId', 'ruleId', 'lastAttemptAt', 'channel'],
  documentId: (event) => {
    const alertId = (event.data as { alertId?: unknown }).alertId;
    if (typeof alertId !== 'string') throw new Error(`${event.streamId}@${event.revision} has no alertId`);
    return alertId;
  },
  apply(document, event) {
    // Idempotent by revision; the stream holds other deliveries' events too, so revisions of one document have gaps.
    if (document !== undefined && event.revision <= document.revision) return document;
    return evolveAlertDelivery(document, event);
  },
};
