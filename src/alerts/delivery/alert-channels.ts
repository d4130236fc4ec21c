import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import type { AlertDelivery } from '../alert.events.js';
import { alertText } from '../alert-texts.js';
import { AlertingSettings } from '../alerting-settings.js';
import type { SubjectFacts } from './alert-outbox.js';
import { DeliveryError, EmailChannel, postWebhook } from './channels.js';
import { WebhookSecrets } from './webhook-secrets.js';

/** The body of a webhook delivery: the Standard Webhooks payload shape `{ type, timestamp, data }`. */
export interface AlertWebhookPayload {
  readonly type: `alert.${AlertDelivery['kind']}`;
  readonly timestamp: string;
  readonly data: {
    readonly alertId: string;
    readonly ruleId: string;
    readonly kind: AlertDelivery['kind'];
    readonly hours: number | null;
    readonly subject: AlertDelivery['subject'];
    readonly dienst: string | null;
    readonly dueAt: string;
    readonly deadline: string;
    /** Only for subscriptions that may carry personal data (a breach's title is). */
    readonly title?: string;
    /** The alert's subject line, in the configured language (with the title only where allowed). */
    readonly summary: string;
  };
}

/** Sends one delivery over its channel, with the text its channel may carry. */
@Injectable()
export class AlertChannels {
  private readonly email: EmailChannel | undefined;

  constructor(
    private readonly secrets: WebhookSecrets,
    private readonly settings: AlertingSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.email = config.alerts.smtp ? new EmailChannel(config.alerts.smtp) : undefined;
  }

  async send(delivery: AlertDelivery, facts: SubjectFacts | undefined): Promise<void> {
    const { alerts } = this.config;
    const recipient = delivery.recipient;
    if (recipient.channel === 'email') {
      if (!this.email) throw new DeliveryError('smtp: no SMTP_HOST configured');
      await this.email.send(delivery, recipient.address, alertText(delivery, factsFor(facts, alerts.emailPersonalData), alerts.language));
      return;
    }
    const subscription = (await this.settings.state()).subscriptions[recipient.subscriptionId];
    if (!subscription?.active) throw new DeliveryError('webhook: the subscription was cancelled');
    const shown = factsFor(facts, subscription.personalData);
    const payload: AlertWebhookPayload = {
      type: `alert.${delivery.kind}`,
      timestamp: this.clock.now().toISOString(),
      data: {
        alertId: delivery.alertId,
        ruleId: delivery.ruleId,
        kind: delivery.kind,
        hours: delivery.hours,
        subject: delivery.subject,
        dienst: facts?.dienst ?? null,
        dueAt: delivery.dueAt,
        deadline: delivery.deadline,
        ...(shown.title !== null ? { title: shown.title } : {}),
        summary: alertText(delivery, shown, alerts.language).subject,
      },
    };
    // The signature's timestamp is the wall clock of this attempt: receivers compare it with theirs.
    const nowSeconds = Math.floor(Date.now() / 1000);
    await postWebhook(subscription.url, this.secrets.secretOf(subscription.subscriptionId, subscription.generation), delivery.alertId, JSON.stringify(payload), alerts.webhookTimeoutMs, nowSeconds);
  }

  close(): void {
    this.email?.close();
  }
}

/** The title only when the channel may carry it, or when it is no personal data (a DPIA's title, an AP reference). */
function factsFor(facts: SubjectFacts | undefined, personalDataAllowed: boolean): { title: string | null; dienst: string | null } {
  if (!facts) return { title: null, dienst: null };
  return { title: facts.personal && !personalDataAllowed ? null : facts.title, dienst: facts.dienst };
}
