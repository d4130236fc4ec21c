import { describe, expect, it } from '@jest/globals';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import type { BreachCommands, BreachDecision } from '../breach-commands.js';
import type { BreachEvent } from '../breach.events.js';
import { evolve, initialState } from '../breach.state.js';
import { BREACH_ID, context, detected } from '../../../test/support/breaches/breach-given.js';
import { TakeMeasureCommand, TakeMeasureHandler } from './take-measure.js';

/** Runs the handler's decision on a detected breach and returns the measure id it chose. */
async function measureIdOf(idempotencyKey: string, breachId = BREACH_ID): Promise<string> {
  let decided: readonly BreachEvent[] = [];
  const breaches = {
    handle: (_id: string, _envelope: CommandEnvelope, decide: BreachDecision) => {
      decided = decide([detected()].reduce(evolve, initialState()), context(), { revision: 0, events: [] });
      return Promise.resolve({} as CommandOutcome);
    },
  } as unknown as BreachCommands;
  const envelope: CommandEnvelope = { actor: { id: 'po-1', role: 'privacy-officer' }, idempotencyKey, requestHash: 'h', correlationId: 'c' };
  const payload = { description: 'Asked the neighbour to return the letter.', purpose: 'containment', takenAt: '2026-03-02T11:00:00.000Z' } as const;
  await new TakeMeasureHandler(breaches).execute(new TakeMeasureCommand(breachId, payload, envelope));
  const [event] = decided;
  if (event?.type !== 'MeasureTaken') throw new Error('no MeasureTaken decided');
  return event.data.measureId;
}

describe('TakeMeasureHandler', () => {
  it('derives the same measure id when a command is retried with its idempotency key', async () => {
    expect(await measureIdOf('key-1')).toBe(await measureIdOf('key-1'));
  });

  it('derives another measure id for another command', async () => {
    expect(await measureIdOf('key-2')).not.toBe(await measureIdOf('key-1'));
  });

  it('derives another measure id for the same key on another breach', async () => {
    expect(await measureIdOf('key-1', '1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22')).not.toBe(await measureIdOf('key-1'));
  });
});
