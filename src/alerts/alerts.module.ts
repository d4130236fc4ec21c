import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { openFingerprintKeyStore } from '../engines.js';
import { AlertingCommands } from './alerting-commands.js';
import { AlertingSettings } from './alerting-settings.js';
import { AlertChannels } from './delivery/alert-channels.js';
import { AlertOutbox } from './delivery/alert-outbox.js';
import { AlertScheduler } from './delivery/alert-scheduler.js';
import { WebhookSecrets } from './delivery/webhook-secrets.js';
import { GetAlertSettingsRoute } from './get-alert-settings/get-alert-settings.http.js';
import { GetAlertsRoute } from './get-alerts/get-alerts.http.js';
import { RotateWebhookSecretHandler } from './rotate-webhook-secret/rotate-webhook-secret.js';
import { RotateWebhookSecretRoute } from './rotate-webhook-secret/rotate-webhook-secret.http.js';
import { SetAlertRuleHandler } from './set-alert-rule/set-alert-rule.js';
import { SetAlertRuleRoute } from './set-alert-rule/set-alert-rule.http.js';
import { SubscribeWebhookHandler } from './subscribe-webhook/subscribe-webhook.js';
import { SubscribeWebhookRoute } from './subscribe-webhook/subscribe-webhook.http.js';
import { UnsubscribeWebhookHandler } from './unsubscribe-webhook/unsubscribe-webhook.js';
import { UnsubscribeWebhookRoute } from './unsubscribe-webhook/unsubscribe-webhook.http.js';

/** The installation's secret, from which every webhook secret is derived (the same store as the request fingerprints'). */
async function webhookSecrets(config: AppConfig): Promise<WebhookSecrets> {
  const store = await openFingerprintKeyStore(config);
  try {
    return new WebhookSecrets(await store.load());
  } finally {
    await store.close();
  }
}

/** Deadline alerts and escalation: rules, webhook subscriptions, the outbox and its scheduler, the delivery log. */
@Module({
  controllers: [GetAlertsRoute, GetAlertSettingsRoute, SetAlertRuleRoute, SubscribeWebhookRoute, RotateWebhookSecretRoute, UnsubscribeWebhookRoute],
  providers: [
    AlertingSettings,
    AlertingCommands,
    AlertOutbox,
    AlertChannels,
    AlertScheduler,
    { provide: WebhookSecrets, inject: [APP_CONFIG], useFactory: webhookSecrets },
    SetAlertRuleHandler,
    SubscribeWebhookHandler,
    RotateWebhookSecretHandler,
    UnsubscribeWebhookHandler,
  ],
})
export class AlertsModule {}
