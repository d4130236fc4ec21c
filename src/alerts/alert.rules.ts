import { v5 as uuidv5 } from 'uuid';
import { DomainError } from '../shared/domain-error.js';
import type { AlertDelivery, AlertEvent, AlertingConfigEvent, AlertKind, AlertRecipient, AlertRuleSetData, RecipientRole, WebhookSubscribedData } from './alert.events.js';
import { activeSubscriptions, effectiveRules, type AlertingState, type AlertRule, type WebhookSubscription } from './alerting.state.js';

/**
 * The rules of alerting, pure: which alerts a rule makes due and when, to whom, under which
 * idempotency id, and how long to wait after a failed attempt. Every time comes in as an
 * argument; the scheduler (alert-scheduler.ts) brings the clock.
 */

const HOUR_MS = 3_600_000;

/* ---------------------------------------------------------------- the rules' hours */

/** Which kinds take `hours`, what it means, and its bounds. */
export const HOURS_OF: { readonly [K in AlertKind]: { readonly required: boolean; readonly min: number; readonly max: number } | null } = {
  'breach-registered': null,
  // Before the 72-hour deadline (Art. 33(1)): at least 1 hour, less than the whole window.
  'breach-at-risk': { required: true, min: 1, max: 71 },
  'breach-overdue': null,
  // After awareness: the FG is to be informed of every breach (Art. 38(1): involved properly and in a timely manner).
  'dpo-not-informed': { required: true, min: 1, max: 720 },
  'inquiry-answer-due': { required: false, min: 0, max: 8760 },
  'dpia-review-due': { required: false, min: 0, max: 8760 },
  'recommendation-due': { required: false, min: 0, max: 8760 },
};

export function requireValidHours(kind: AlertKind, hours: number | null): number | null {
  const bounds = HOURS_OF[kind];
  if (bounds === null) {
    if (hours !== null) throw new DomainError('alert-rule-hours-not-applicable', `a ${kind} rule takes no hours`, { kind, hours });
    return null;
  }
  if (hours === null) {
    if (bounds.required) throw new DomainError('alert-rule-requires-hours', `a ${kind} rule needs hours (${bounds.min} to ${bounds.max})`, { kind });
    return 0;
  }
  if (!Number.isInteger(hours) || hours < bounds.min || hours > bounds.max) {
    throw new DomainError('alert-rule-hours-out-of-range', `the hours of a ${kind} rule lie from ${bounds.min} to ${bounds.max}`, { kind, hours, min: bounds.min, max: bounds.max });
  }
  return hours;
}

/* ---------------------------------------------------------------- admin decisions */

/** The admin's rule as it is recorded (hours checked against the kind before it is). */
export type SetAlertRule = AlertRuleSetData;

/** Sets (adds or replaces) a rule. A rule id keeps its kind: its alerts' ids and evidence are named after it. */
export function decideSetAlertRule(command: SetAlertRule, state: AlertingState, configured: readonly AlertRule[]): AlertingConfigEvent[] {
  requireReason(command.reason, 'alert-rule-requires-reason');
  const hours = requireValidHours(command.kind, command.hours);
  const current = effectiveRules(configured, state).find((rule) => rule.ruleId === command.ruleId);
  if (current && current.kind !== command.kind) {
    throw new DomainError('alert-rule-kind-fixed', `rule ${command.ruleId} watches ${current.kind}; give a new rule id for ${command.kind}`, { ruleId: command.ruleId, kind: current.kind });
  }
  const recipients = [...new Set(command.recipients)];
  if (current && current.hours === hours && current.enabled === command.enabled && sameSet(current.recipients, recipients)) {
    throw new DomainError('alert-rule-unchanged', `rule ${command.ruleId} is already set so`, { ruleId: command.ruleId });
  }
  return [{ type: 'AlertRuleSet', data: { ruleId: command.ruleId, kind: command.kind, hours, recipients, enabled: command.enabled, reason: command.reason.trim() } }];
}

export interface SubscribeWebhook {
  readonly subscriptionId: string;
  readonly url: string;
  readonly ruleIds: readonly string[] | null;
  readonly personalData: boolean;
  readonly description: string;
}

export function decideSubscribeWebhook(command: SubscribeWebhook, state: AlertingState, configured: readonly AlertRule[], allowHttp: boolean): AlertingConfigEvent[] {
  requireWebhookUrl(command.url, allowHttp);
  if (state.subscriptions[command.subscriptionId]) throw new DomainError('webhook-already-subscribed', `subscription ${command.subscriptionId} exists`, { subscriptionId: command.subscriptionId });
  const known = new Set(effectiveRules(configured, state).map((rule) => rule.ruleId));
  const unknown = (command.ruleIds ?? []).filter((ruleId) => !known.has(ruleId));
  if (unknown.length > 0) throw new DomainError('unknown-alert-rule', `no alert rule ${unknown.join(', ')}`, { ruleIds: unknown });
  const data: WebhookSubscribedData = {
    subscriptionId: command.subscriptionId,
    url: command.url,
    ruleIds: command.ruleIds === null ? null : [...new Set(command.ruleIds)],
    personalData: command.personalData,
    description: command.description.trim(),
  };
  return [{ type: 'WebhookSubscribed', data }];
}

export function decideRotateWebhookSecret(subscriptionId: string, state: AlertingState): AlertingConfigEvent[] {
  const subscription = requireActiveSubscription(subscriptionId, state);
  return [{ type: 'WebhookSecretRotated', data: { subscriptionId, generation: subscription.generation + 1 } }];
}

export function decideUnsubscribeWebhook(subscriptionId: string, reason: string, state: AlertingState): AlertingConfigEvent[] {
  requireActiveSubscription(subscriptionId, state);
  requireReason(reason, 'unsubscription-requires-reason');
  return [{ type: 'WebhookUnsubscribed', data: { subscriptionId, reason: reason.trim() } }];
}

function requireActiveSubscription(subscriptionId: string, state: AlertingState): WebhookSubscription {
  const subscription = state.subscriptions[subscriptionId];
  if (!subscription) throw new DomainError('webhook-subscription-not-found', `there is no webhook subscription ${subscriptionId}`, { subscriptionId });
  if (!subscription.active) throw new DomainError('webhook-unsubscribed', `subscription ${subscriptionId} was cancelled`, { subscriptionId });
  return subscription;
}

/** Alerts carry what a breach is about: only over TLS, unless the installation allows plain http (tests, a local relay). */
export function requireWebhookUrl(url: string, allowHttp: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError('webhook-url-invalid', `${url} is not a URL`, { url });
  }
  const ok = parsed.protocol === 'https:' || (allowHttp && parsed.protocol === 'http:');
  if (!ok) throw new DomainError('webhook-url-not-https', `a webhook URL must be https${allowHttp ? ' or http' : ''}`, { url });
  const bare = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (parsed.username !== '' || parsed.password !== '') throw new DomainError('webhook-url-invalid', 'a webhook URL may not carry credentials; the signature authenticates the service', { url: bare });
  // The URL is recorded in the log (WebhookSubscribed, AlertSent) and shown to readers of the
  // alerts, the supervisory authority included: a token in its query or fragment would go with it.
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new DomainError('webhook-url-invalid', 'a webhook URL may not carry a query or a fragment (it is recorded in the log and shown with every alert, so a token there would leak); the signature authenticates the service', { url: bare });
  }
}

function requireReason(reason: string, code: string): void {
  if (reason.trim().length === 0) throw new DomainError(code, 'say why (it is recorded with the change)');
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/* ---------------------------------------------------------------- what is due */

/** A breach, inquiry, DPIA review or recommendation as the read models show it now. */
export type AlertSubject =
  | {
      readonly type: 'breach';
      readonly id: string;
      readonly dienst: string;
      readonly title: string;
      readonly awareAt: string;
      readonly registeredAt: string;
      readonly deadline: string;
      /** Neither reported nor assessed as not reportable, and not closed. */
      readonly awaitingReport: boolean;
      readonly dpoInformed: boolean;
      readonly closed: boolean;
      readonly imported: boolean;
    }
  | { readonly type: 'inquiry'; readonly id: string; readonly apReference: string; readonly answerDueAt: string; readonly awaitingAnswer: boolean }
  | { readonly type: 'dpia'; readonly id: string; readonly title: string; readonly dienst: string; readonly reviewDueAt: string }
  | { readonly type: 'recommendation'; readonly id: string; readonly auditId: string; readonly dienst: string; readonly dueAt: string; readonly implemented: boolean };

/** The e-mail addresses of each role, from configuration; privacy officers per dienst, `*` for any dienst without its own. */
export interface RecipientDirectory {
  readonly fg: readonly string[];
  readonly cpo: readonly string[];
  readonly privacyOfficers: Readonly<Record<string, readonly string[]>>;
}

const at = (time: string, hours: number) => new Date(Date.parse(time) + hours * HOUR_MS).toISOString();

/**
 * When `rule` makes an alert about `subject` due, and the moment it watches; null when the
 * rule is not about this subject or its condition does not hold at `now` (a breach reported in
 * the meantime is no longer at risk). Imported history raises no alerts: it happened before
 * this service.
 */
export function triggerOf(rule: AlertRule, subject: AlertSubject, now: string): { dueAt: string; deadline: string } | null {
  const hours = rule.hours ?? 0;
  const before = Date.parse(now);
  switch (rule.kind) {
    case 'breach-registered':
      return subject.type === 'breach' && !subject.imported ? { dueAt: subject.registeredAt, deadline: subject.deadline } : null;
    case 'breach-at-risk':
      // Once the deadline has passed, the breach is overdue: that rule speaks then.
      return subject.type === 'breach' && !subject.imported && subject.awaitingReport && before < Date.parse(subject.deadline) ? { dueAt: at(subject.deadline, -hours), deadline: subject.deadline } : null;
    case 'breach-overdue':
      return subject.type === 'breach' && !subject.imported && subject.awaitingReport ? { dueAt: subject.deadline, deadline: subject.deadline } : null;
    case 'dpo-not-informed':
      return subject.type === 'breach' && !subject.imported && !subject.dpoInformed && !subject.closed ? { dueAt: at(subject.awareAt, hours), deadline: at(subject.awareAt, hours) } : null;
    case 'inquiry-answer-due':
      return subject.type === 'inquiry' && subject.awaitingAnswer ? { dueAt: at(subject.answerDueAt, -hours), deadline: subject.answerDueAt } : null;
    case 'dpia-review-due':
      return subject.type === 'dpia' ? { dueAt: at(subject.reviewDueAt, -hours), deadline: subject.reviewDueAt } : null;
    case 'recommendation-due':
      return subject.type === 'recommendation' && !subject.implemented ? { dueAt: at(subject.dueAt, -hours), deadline: subject.dueAt } : null;
    default: {
      const never: never = rule.kind;
      throw new Error(`unknown alert kind ${String(never)}`);
    }
  }
}

/** The addresses of a role for a subject: the privacy officers of its dienst (else those under `*`). */
export function addressesOf(role: RecipientRole, subject: AlertSubject, directory: RecipientDirectory): readonly string[] {
  if (role === 'fg') return directory.fg;
  if (role === 'cpo') return directory.cpo;
  const dienst = 'dienst' in subject ? subject.dienst : undefined;
  return (dienst !== undefined ? directory.privacyOfficers[dienst] : undefined) ?? directory.privacyOfficers['*'] ?? [];
}

/** Namespace of alert ids: uuid v5 of what makes one delivery that one. */
const ALERT_ID_NAMESPACE = '5b0c9a3e-6f1d-5c2a-8e47-3d9b1f6a2c80';

/**
 * The delivery's idempotency id, the same on every attempt, in every instance and after any
 * restart: the rule, the subject, the moment it fell due and the recipient. A moved deadline
 * (a corrected awareAt) is a new moment, so a new alert.
 */
export function alertIdOf(ruleId: string, subject: { type: string; id: string }, dueAt: string, recipient: AlertRecipient): string {
  const to = recipient.channel === 'email' ? `email:${recipient.address.toLowerCase()}` : `webhook:${recipient.subscriptionId}`;
  return uuidv5(`${ruleId}|${subject.type}:${subject.id}|${dueAt}|${to}`, ALERT_ID_NAMESPACE);
}

export interface DueOptions {
  readonly now: string;
  /** What fell due longer ago than this is not sent any more (history, rules added later, an outage beyond it). */
  readonly catchUpMs: number;
}

/**
 * Every delivery due at `now`: for each enabled rule and subject whose trigger has come (and
 * not longer ago than the catch-up window), one per e-mail address of the rule's roles and
 * one per active webhook subscription that takes the rule. Ordered by due moment, so what is
 * most overdue goes first.
 */
export function dueAlerts(subjects: readonly AlertSubject[], configured: readonly AlertRule[], state: AlertingState, directory: RecipientDirectory, options: DueOptions): AlertDelivery[] {
  const now = Date.parse(options.now);
  const rules = effectiveRules(configured, state).filter((rule) => rule.enabled);
  const webhooks = activeSubscriptions(state);
  const due: AlertDelivery[] = [];
  for (const subject of subjects) {
    for (const rule of rules) {
      const trigger = triggerOf(rule, subject, options.now);
      if (trigger === null) continue;
      const dueAt = Date.parse(trigger.dueAt);
      if (dueAt > now || dueAt < now - options.catchUpMs) continue;
      const recipients: AlertRecipient[] = [
        ...[...new Set(rule.recipients.flatMap((role) => addressesOf(role, subject, directory).map((address) => JSON.stringify([role, address]))))].map((pair) => {
          const [role, address] = JSON.parse(pair) as [RecipientRole, string];
          return { channel: 'email' as const, role, address };
        }),
        ...webhooks.filter((webhook) => webhook.ruleIds === null || webhook.ruleIds.includes(rule.ruleId)).map((webhook) => ({ channel: 'webhook' as const, subscriptionId: webhook.subscriptionId, url: webhook.url })),
      ];
      for (const recipient of uniqueAddresses(recipients)) {
        const ref = { type: subject.type, id: subject.id };
        due.push({ alertId: alertIdOf(rule.ruleId, ref, trigger.dueAt, recipient), ruleId: rule.ruleId, kind: rule.kind, hours: rule.hours, subject: ref, recipient, dueAt: trigger.dueAt, deadline: trigger.deadline });
      }
    }
  }
  return due.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.alertId.localeCompare(b.alertId));
}

/** One mail per address, even when it stands under two roles (the first role names it). */
function uniqueAddresses(recipients: readonly AlertRecipient[]): AlertRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = recipient.channel === 'email' ? `email:${recipient.address.toLowerCase()}` : `webhook:${recipient.subscriptionId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/* ---------------------------------------------------------------- retries */

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxDelayMs: number;
}

/** Exponential backoff: base, 2×base, 4×base, … after the 1st, 2nd, 3rd failed attempt, capped at maxDelayMs. */
export function retryAtAfter(failedAt: string, attempt: number, policy: RetryPolicy): string {
  const delay = Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return new Date(Date.parse(failedAt) + delay).toISOString();
}

export type DeliveryState =
  | { readonly status: 'sent'; readonly attempts: number; readonly at: string }
  | { readonly status: 'failed'; readonly attempts: number; readonly at: string }
  | { readonly status: 'retrying'; readonly attempts: number; readonly retryAt: string };

/** What became of each alert id, from the events of its subject's alert stream (in order). */
export function deliveryStates(events: readonly AlertEvent[]): Map<string, DeliveryState> {
  const states = new Map<string, DeliveryState>();
  for (const event of events) {
    const { alertId } = event.data;
    // A delivery sent (or given up) stays so: a late duplicate attempt record changes nothing.
    const settled = states.get(alertId);
    if (settled && settled.status !== 'retrying') continue;
    if (event.type === 'AlertSent') states.set(alertId, { status: 'sent', attempts: event.data.attempt, at: event.data.sentAt });
    else if (event.type === 'AlertFailed') states.set(alertId, { status: 'failed', attempts: event.data.attempts, at: event.data.failedAt });
    else states.set(alertId, { status: 'retrying', attempts: event.data.attempt, retryAt: event.data.retryAt });
  }
  return states;
}

/** Whether a delivery is to be attempted now: never sent nor given up, and any retry's wait is over. */
export function attemptDue(state: DeliveryState | undefined, now: string): boolean {
  if (state === undefined) return true;
  return state.status === 'retrying' && Date.parse(state.retryAt) <= Date.parse(now);
}

/** The outcome of a failed attempt: another try later, or given up (the dead letter). */
export function afterFailure(delivery: AlertDelivery, previous: DeliveryState | undefined, failedAt: string, error: string, policy: RetryPolicy): AlertEvent {
  const attempt = (previous?.attempts ?? 0) + 1;
  if (attempt >= policy.maxAttempts) return { type: 'AlertFailed', data: { ...delivery, failedAt, attempts: attempt, error } };
  return { type: 'AlertAttemptFailed', data: { ...delivery, failedAt, attempt, error, retryAt: retryAtAfter(failedAt, attempt, policy) } };
}
