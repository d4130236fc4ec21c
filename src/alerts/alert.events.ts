import type { SchemaVersions, StreamEvent } from '../shared/stream-events.js';

/**
 * The events of the alerts slice (the stored contract; documented in README.md). Two kinds
 * of stream:
 *
 * - `alerting-config`: the alert rules set through the admin API and the webhook
 *   subscriptions (never their secrets, which are derived outside the log: webhook-secrets.ts).
 * - `alert-<subjectId>`: what became of each delivery of an alert about one breach, inquiry,
 *   DPIA or recommendation: sent, an attempt that failed (with when the next one is due), or
 *   failed for good. The evidence behind "warned at T-24h and T-6h".
 *
 * Times are UTC ISO-8601; who did it lives in the envelope's metadata (the service itself,
 * `privacy-ledger`, for deliveries).
 */

/** What an alert watches. `hours` is the lead (before a deadline) or the grace (after awareness) where the kind has one. */
export type AlertKind = 'breach-registered' | 'breach-at-risk' | 'breach-overdue' | 'dpo-not-informed' | 'inquiry-answer-due' | 'dpia-review-due' | 'recommendation-due';
export const ALERT_KINDS: readonly AlertKind[] = ['breach-registered', 'breach-at-risk', 'breach-overdue', 'dpo-not-informed', 'inquiry-answer-due', 'dpia-review-due', 'recommendation-due'];

/** Who hears of it by e-mail (addresses from configuration); webhooks subscribe on their own. */
export type RecipientRole = 'privacy-officers' | 'fg' | 'cpo';
export const RECIPIENT_ROLES: readonly RecipientRole[] = ['privacy-officers', 'fg', 'cpo'];

export type SubjectType = 'breach' | 'inquiry' | 'dpia' | 'recommendation';

export interface AlertRuleSetData {
  readonly ruleId: string;
  readonly kind: AlertKind;
  readonly hours: number | null;
  readonly recipients: readonly RecipientRole[];
  readonly enabled: boolean;
  readonly reason: string;
}

export interface WebhookSubscribedData {
  readonly subscriptionId: string;
  readonly url: string;
  /** The rules it receives; null: every rule. */
  readonly ruleIds: readonly string[] | null;
  /** Whether its payloads may carry personal data (a breach's title); otherwise ids and times only. */
  readonly personalData: boolean;
  readonly description: string;
}

export interface WebhookSecretRotatedData {
  readonly subscriptionId: string;
  /** The secret's generation from now on (the first, at subscription, is 1). */
  readonly generation: number;
}

export interface WebhookUnsubscribedData {
  readonly subscriptionId: string;
  readonly reason: string;
}

/** Where a delivery went: an e-mail address (of a role), or a webhook subscription. */
export type AlertRecipient =
  | { readonly channel: 'email'; readonly role: RecipientRole; readonly address: string }
  | { readonly channel: 'webhook'; readonly subscriptionId: string; readonly url: string };

/** One delivery of one alert to one recipient; `alertId` is its idempotency id (webhook-id, Message-ID). */
export interface AlertDelivery {
  readonly alertId: string;
  readonly ruleId: string;
  readonly kind: AlertKind;
  readonly hours: number | null;
  readonly subject: { readonly type: SubjectType; readonly id: string };
  readonly recipient: AlertRecipient;
  /** The moment the rule made it due (e.g. the deadline minus 24 hours). */
  readonly dueAt: string;
  /** The moment the rule watches (the reporting deadline, the answer deadline, …). */
  readonly deadline: string;
}

export type AlertSentData = AlertDelivery & { readonly sentAt: string; readonly attempt: number };
export type AlertAttemptFailedData = AlertDelivery & { readonly failedAt: string; readonly attempt: number; readonly error: string; readonly retryAt: string };
export type AlertFailedData = AlertDelivery & { readonly failedAt: string; readonly attempts: number; readonly error: string };

export type AlertingConfigEvent =
  | StreamEvent<'AlertRuleSet', AlertRuleSetData>
  | StreamEvent<'WebhookSubscribed', WebhookSubscribedData>
  | StreamEvent<'WebhookSecretRotated', WebhookSecretRotatedData>
  | StreamEvent<'WebhookUnsubscribed', WebhookUnsubscribedData>;

export type AlertEvent = StreamEvent<'AlertSent', AlertSentData> | StreamEvent<'AlertAttemptFailed', AlertAttemptFailedData> | StreamEvent<'AlertFailed', AlertFailedData>;

export const ALERTING_CONFIG_SCHEMA_VERSIONS: SchemaVersions<AlertingConfigEvent> = {
  AlertRuleSet: 1,
  WebhookSubscribed: 1,
  WebhookSecretRotated: 1,
  WebhookUnsubscribed: 1,
};

export const ALERT_EVENT_SCHEMA_VERSIONS: SchemaVersions<AlertEvent> = {
  AlertSent: 1,
  AlertAttemptFailed: 1,
  AlertFailed: 1,
};

export const ALERTING_CONFIG_STREAM = 'alerting-config';
export const ALERT_CATEGORY = 'alert';
export const alertStreamId = (subjectId: string): string => `${ALERT_CATEGORY}-${subjectId}`;
