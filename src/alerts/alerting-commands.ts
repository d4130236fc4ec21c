import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { handleCommand, type CommandOutcome } from '../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { NotFoundError } from '../shared/domain-error.js';
import { ALERTING_CONFIG_STREAM, type AlertingConfigEvent } from './alert.events.js';
import type { AlertingState, AlertRule } from './alerting.state.js';
import { alertingModel } from './alerting-settings.js';

export type AlertingDecision = (state: AlertingState, configured: readonly AlertRule[]) => readonly AlertingConfigEvent[];

/** What every admin command of the alerts does: the `alerting-config` stream, read, folded, decided, appended. */
@Injectable()
export class AlertingCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  handle(envelope: CommandEnvelope, decide: AlertingDecision): Promise<CommandOutcome> {
    return handleCommand(this.store, ALERTING_CONFIG_STREAM, alertingModel, envelope, {
      creates: true,
      notFound: () => new NotFoundError('alerting-config-not-found', 'no alert settings have been recorded'),
      decide: (state) => decide(state, this.config.alerts.rules),
    });
  }
}

/** A subscription the path names must exist (404), before any rule of the domain is asked. */
export function requireKnownSubscription(state: AlertingState, subscriptionId: string): void {
  if (!state.subscriptions[subscriptionId]) throw new NotFoundError('webhook-subscription-not-found', `there is no webhook subscription ${subscriptionId}`);
}

/** The answer to an admin command of the alerts; a retry gets the same answer, marked as replayed. */
export function alertingCommandResponse(reply: { header(name: string, value: string): unknown }, outcome: CommandOutcome): { revision: number; position: string } {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { revision: outcome.revision, position: outcome.position.toString() };
}

export class AlertingCommandResponseSchema {
  @ApiProperty({ example: 4, description: 'the revision of the alerting-config stream after the command' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string)' }) position!: string;
}
