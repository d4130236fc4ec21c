import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideTakeMeasure, type TakeMeasure } from './take-measure.js';

/** Measure ids derive from the breach and the command's idempotency key: a retry names the same measure. */
const MEASURE_ID_NAMESPACE = '4e2a9c71-3b5d-5f80-a1c6-d27e8b9f0a34';
export const measureIdFor = (breachId: string, idempotencyKey: string): string => uuidv5(`${breachId}\n${idempotencyKey}`, MEASURE_ID_NAMESPACE);

export class TakeMeasureCommand {
  constructor(
    readonly breachId: string,
    readonly payload: Omit<TakeMeasure, 'measureId'>,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(TakeMeasureCommand)
export class TakeMeasureHandler implements ICommandHandler<TakeMeasureCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: TakeMeasureCommand): Promise<CommandOutcome> {
    const command: TakeMeasure = { ...payload, measureId: measureIdFor(breachId, envelope.idempotencyKey) };
    return this.breaches.handle(breachId, envelope, (state, context) => decideTakeMeasure(command, state, context));
  }
}
