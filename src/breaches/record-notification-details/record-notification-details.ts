import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { BreachCommands } from '../breach-commands.js';
import { NOTIFICATION_DETAIL_FIELDS, type BreachEvent, type NotificationDetailsRecordedData } from '../breach.events.js';
import { requireOpenBreach } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

/**
 * Record answers to what the AP's notification form asks beyond the registered facts (Art.
 * 33(3): categories and approximate numbers of data subjects and records, likely consequences,
 * measures; the form also asks for a contact, cross-border aspects and the communication to
 * the data subjects). At intake or later; each amendment is a new event that sets the fields
 * it carries. Refused once the breach is closed: the form is filed while the breach is handled.
 */
export type RecordNotificationDetails = NotificationDetailsRecordedData;

export function decideRecordNotificationDetails(command: RecordNotificationDetails, state: BreachState): BreachEvent[] {
  const breach = requireOpenBreach(state);
  const given = NOTIFICATION_DETAIL_FIELDS.filter((field) => command[field] !== undefined);
  if (given.length === 0) throw new DomainError('notification-details-empty', `give at least one of ${NOTIFICATION_DETAIL_FIELDS.join(', ')}`);
  const categories = command.dataSubjectCategories ?? [];
  if (categories.includes('unknown') && categories.length > 1) {
    throw new DomainError('data-subject-categories-contradict', '"unknown" cannot stand beside known categories of data subjects', { field: 'dataSubjectCategories' });
  }
  const records = command.recordCount;
  if (records?.kind === 'range' && records.min > records.max) {
    throw new DomainError('invalid-record-count-range', `the number of records cannot range from ${records.min} down to ${records.max}`, { min: records.min, max: records.max });
  }
  const crossBorder = command.crossBorder;
  if (crossBorder?.otherStatesAffected === 'yes' && crossBorder.states.length === 0) {
    throw new DomainError('cross-border-states-required', 'name the EU/EEA states whose residents are affected', { field: 'crossBorder.states' });
  }
  if (crossBorder && crossBorder.otherStatesAffected !== 'yes' && (crossBorder.states.length > 0 || crossBorder.leadAuthority !== null)) {
    throw new DomainError('cross-border-not-applicable', `states and a lead authority go with otherStatesAffected "yes", not "${crossBorder.otherStatesAffected}"`, { field: 'crossBorder' });
  }
  // Only a breach a processor reported has a processor that informed the municipality.
  if (command.processorNotification && breach.facts.discovery.processor === null) {
    throw new DomainError('no-processor', 'the breach was not reported by a processor (discovery.processor is empty): correct that first', { field: 'processorNotification' });
  }
  const protection = command.protection;
  if (protection && (protection.answer === 'yes' || protection.answer === 'partly') && protection.methods.length === 0) {
    throw new DomainError('protection-methods-required', `say how the data was made unintelligible (answer "${protection.answer}")`, { field: 'protection.methods' });
  }
  if (protection && (protection.answer === 'no' || protection.answer === 'unknown') && protection.methods.length > 0) {
    throw new DomainError('protection-methods-not-applicable', `methods of protection go with answer "yes" or "partly", not "${protection.answer}"`, { field: 'protection.methods' });
  }
  const data = Object.fromEntries(given.map((field) => [field, command[field]])) as NotificationDetailsRecordedData;
  return [{ type: 'NotificationDetailsRecorded', data }];
}

export class RecordNotificationDetailsCommand {
  constructor(
    readonly breachId: string,
    readonly payload: RecordNotificationDetails,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RecordNotificationDetailsCommand)
export class RecordNotificationDetailsHandler implements ICommandHandler<RecordNotificationDetailsCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: RecordNotificationDetailsCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state) => decideRecordNotificationDetails(payload, state));
  }
}
