import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AlertingSettings } from '../alerting-settings.js';
import { effectiveRules, type AlertRule } from '../alerting.state.js';
import { WebhookSecrets } from '../delivery/webhook-secrets.js';

type RecipientAddresses = { fg: readonly string[]; cpo: readonly string[]; privacyOfficers: Readonly<Record<string, readonly string[]>> };
type SubscriptionView = { subscriptionId: string; url: string; ruleIds: readonly string[] | null; personalData: boolean; description: string; active: boolean; secretGeneration: number; secret: string };

@ApiTags('alerts')
@Controller('alerts')
export class GetAlertSettingsRoute {
  constructor(
    private readonly settings: AlertingSettings,
    private readonly secrets: WebhookSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('rules')
  @ApiOperation({ summary: 'The alert rules in force: those of the configuration, as replaced through the admin API, and the admin\'s own; with the e-mail addresses of each role and the language' })
  @ApiOkResponse({ description: '{ rules: [{ ruleId, kind, hours, recipients, enabled, source }], recipients: { fg, cpo, privacyOfficers }, language, emailPersonalData, smtp }' })
  async rules(): Promise<{ rules: AlertRule[]; recipients: RecipientAddresses; language: string; emailPersonalData: boolean; smtp: boolean }> {
    const { alerts } = this.config;
    return { rules: effectiveRules(alerts.rules, await this.settings.state()), recipients: alerts.directory, language: alerts.language, emailPersonalData: alerts.emailPersonalData, smtp: alerts.smtp !== null };
  }

  @Get('webhooks')
  @ApiOperation({ summary: 'The webhook subscriptions, active and cancelled; each secret masked (it is shown in full only when made: at subscription and rotation)' })
  @ApiOkResponse({ description: '{ subscriptions: [{ subscriptionId, url, ruleIds, personalData, description, active, secretGeneration, secret (masked) }] }' })
  async webhooks(): Promise<{ subscriptions: SubscriptionView[] }> {
    const state = await this.settings.state();
    return {
      subscriptions: Object.values(state.subscriptions).map((subscription) => ({
        subscriptionId: subscription.subscriptionId,
        url: subscription.url,
        ruleIds: subscription.ruleIds,
        personalData: subscription.personalData,
        description: subscription.description,
        active: subscription.active,
        secretGeneration: subscription.generation,
        secret: this.secrets.maskedSecretOf(subscription.subscriptionId, subscription.generation),
      })),
    };
  }
}
