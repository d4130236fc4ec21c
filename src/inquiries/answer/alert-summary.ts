import type { AlertKind, RecipientRole } from '../../alerts/alert.events.js';
import type { CitedEvent } from './answer-format.js';

/** One alert delivered about a breach, as an answer states it: who was warned, how, how long before the deadline. */
export interface WarnedEntry {
  readonly ruleId: string;
  readonly kind: AlertKind;
  /** The rule's lead (breach-at-risk) or grace (dpo-not-informed); null where the kind takes none. */
  readonly hours: number | null;
  /** Elapsed hours from sentAt to the breach's reporting deadline (Art. 33(1)), one decimal; negative once it passed. */
  readonly hoursBeforeDeadline: number;
  /** When the rule made the alert due (e.g. the deadline minus 24 hours; for dpo-not-informed, awareness plus its hours). */
  readonly dueAt: string;
  /** The role the e-mail went to, or `webhook`: never the address or the URL. */
  readonly recipient: RecipientRole | 'webhook';
  readonly channel: 'email' | 'webhook';
  readonly sentAt: string;
  readonly event: CitedEvent;
}

/** One alert given up after its attempts (a dead letter): the organisation was not warned by it. */
export interface UndeliveredEntry {
  readonly ruleId: string;
  readonly kind: AlertKind;
  readonly hours: number | null;
  readonly dueAt: string;
  readonly recipient: RecipientRole | 'webhook';
  readonly channel: 'email' | 'webhook';
  readonly failedAt: string;
  readonly attempts: number;
  readonly event: CitedEvent;
}

export interface AlertSummary {
  readonly warned: readonly WarnedEntry[];
  readonly undelivered: readonly UndeliveredEntry[];
}

/** An event of a breach's `alert-<breachId>` stream, as stored (`data` read loosely: the verifier reads untrusted files). */
export interface CitedAlertEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly cited: CitedEvent;
}

const HOUR_MS = 3_600_000;

/**
 * "Warned at T-24h and T-6h": the alerts of one breach from its alert stream, in stream order.
 * A delivery counts once, at its first AlertSent (a record repeated after a crash changes
 * nothing); failed attempts that were retried are not listed, a delivery given up is. Only the
 * recipient's role and the channel are stated: the events carry the address and URL, the
 * summary needs neither. Hours are counted to `reportingDeadline`, the breach's 72-hour deadline
 * as the answer's facts give it. The answer states it and the verifier recomputes it with this
 * function from the proven events and its own reading of the deadline.
 */
export function alertSummaryOf(events: Iterable<CitedAlertEvent>, reportingDeadline: string): AlertSummary {
  const warned: WarnedEntry[] = [];
  const undelivered: UndeliveredEntry[] = [];
  const settled = new Set<string>();
  for (const { type, data, cited } of events) {
    if (type !== 'AlertSent' && type !== 'AlertFailed') continue;
    const alertId = String(data.alertId);
    if (settled.has(alertId)) continue;
    settled.add(alertId);
    const recipient = (data.recipient ?? {}) as { channel?: unknown; role?: unknown };
    const channel = recipient.channel === 'webhook' ? 'webhook' : 'email';
    const common = {
      ruleId: String(data.ruleId),
      kind: data.kind as AlertKind,
      hours: typeof data.hours === 'number' ? data.hours : null,
      dueAt: String(data.dueAt),
      recipient: channel === 'webhook' ? ('webhook' as const) : (String(recipient.role) as RecipientRole),
      channel,
    } as const;
    if (type === 'AlertSent') {
      const sentAt = String(data.sentAt);
      const hoursBeforeDeadline = Math.round(((Date.parse(reportingDeadline) - Date.parse(sentAt)) / HOUR_MS) * 10) / 10;
      warned.push({ ...common, hoursBeforeDeadline: hoursBeforeDeadline === 0 ? 0 : hoursBeforeDeadline, sentAt, event: cited });
    } else undelivered.push({ ...common, failedAt: String(data.failedAt), attempts: Number(data.attempts), event: cited });
  }
  return { warned, undelivered };
}
