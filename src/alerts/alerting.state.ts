import type { AlertingConfigEvent, AlertKind, AlertRuleSetData, RecipientRole } from './alert.events.js';

/**
 * What the alerts run on: the rules (from configuration, each overridable through the admin
 * API by its id) and the webhook subscriptions, folded from the `alerting-config` stream. Pure.
 */

export interface AlertRule {
  readonly ruleId: string;
  readonly kind: AlertKind;
  readonly hours: number | null;
  readonly recipients: readonly RecipientRole[];
  readonly enabled: boolean;
  /** configuration: as the environment set it; admin: as last set through the admin API. */
  readonly source: 'configuration' | 'admin';
}

export interface WebhookSubscription {
  readonly subscriptionId: string;
  readonly url: string;
  readonly ruleIds: readonly string[] | null;
  readonly personalData: boolean;
  readonly description: string;
  /** Which secret it is signed with (webhook-secrets.ts derives it; never stored). */
  readonly generation: number;
  readonly active: boolean;
}

export interface AlertingState {
  /** The rules set through the admin API, by id (the configuration's are merged in by `effectiveRules`). */
  readonly rules: Readonly<Record<string, AlertRuleSetData>>;
  readonly subscriptions: Readonly<Record<string, WebhookSubscription>>;
}

export const initialState = (): AlertingState => ({ rules: {}, subscriptions: {} });

export function evolve(state: AlertingState, event: AlertingConfigEvent): AlertingState {
  switch (event.type) {
    case 'AlertRuleSet':
      return { ...state, rules: { ...state.rules, [event.data.ruleId]: event.data } };
    case 'WebhookSubscribed': {
      const { subscriptionId, url, ruleIds, personalData, description } = event.data;
      return { ...state, subscriptions: { ...state.subscriptions, [subscriptionId]: { subscriptionId, url, ruleIds, personalData, description, generation: 1, active: true } } };
    }
    case 'WebhookSecretRotated':
      return withSubscription(state, event.data.subscriptionId, (subscription) => ({ ...subscription, generation: event.data.generation }));
    case 'WebhookUnsubscribed':
      return withSubscription(state, event.data.subscriptionId, (subscription) => ({ ...subscription, active: false }));
    default: {
      const never: never = event;
      throw new Error(`unhandled alerting event ${JSON.stringify(never)}`);
    }
  }
}

function withSubscription(state: AlertingState, subscriptionId: string, change: (subscription: WebhookSubscription) => WebhookSubscription): AlertingState {
  const subscription = state.subscriptions[subscriptionId];
  if (!subscription) return state;
  return { ...state, subscriptions: { ...state.subscriptions, [subscriptionId]: change(subscription) } };
}

/** The configuration's rules, each replaced by the admin API's rule of the same id; then the admin's own, by id. */
export function effectiveRules(configured: readonly AlertRule[], state: AlertingState): AlertRule[] {
  const fromAdmin = (data: AlertRuleSetData): AlertRule => ({ ruleId: data.ruleId, kind: data.kind, hours: data.hours, recipients: data.recipients, enabled: data.enabled, source: 'admin' });
  const merged = configured.map((rule) => (state.rules[rule.ruleId] ? fromAdmin(state.rules[rule.ruleId] as AlertRuleSetData) : rule));
  const own = Object.values(state.rules)
    .filter((data) => !configured.some((rule) => rule.ruleId === data.ruleId))
    .map(fromAdmin)
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  return [...merged, ...own];
}

export const activeSubscriptions = (state: AlertingState): WebhookSubscription[] => Object.values(state.subscriptions).filter((subscription) => subscription.active);
