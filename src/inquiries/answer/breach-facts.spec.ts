import { describe, expect, it } from '@jest/globals';
import type { BreachEvent } from '../../breaches/breach.events.js';
import { assessed, breachStream, detected, refiled, reported, withdrawn, type Step } from '../../../test/support/projections/testing.js';
import { BreachFacts } from './breach-facts.js';

const BREACH_ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';
const DEADLINE = '2026-03-05T09:00:00.000Z';
const meldnummerCorrected = (from: string, to: string): BreachEvent => ({
  type: 'BreachDetailsCorrected',
  data: { corrections: [{ field: 'apReference', from, to }], reason: 'The meldnummer was typed wrong.', lateReason: null },
});

/** The facts an answer states of one breach, folded from its stream (each cites its event and field). */
function factsOf(steps: readonly Step[], correctedReferenceOnStandingFiling?: boolean): Record<string, { value: unknown; revision: number; path: string }> {
  const facts = new BreachFacts(BREACH_ID, correctedReferenceOnStandingFiling);
  for (const stored of breachStream(BREACH_ID, steps)) {
    facts.add(stored, { streamId: stored.streamId, revision: stored.revision, position: stored.position.toString(), leafIndex: Number(stored.position), hash: '0'.repeat(64) });
  }
  return Object.fromEntries(facts.line().facts.map((fact) => [fact.name, { value: fact.value, revision: fact.event.revision, path: fact.path }]));
}

describe("an answer's facts of a breach whose meldnummer was corrected", () => {
  const refiledThenCorrected: Step[] = [
    detected(),
    assessed('2026-03-02T12:00:00.000Z'),
    reported('2026-03-03T09:00:00.000Z', DEADLINE, false),
    withdrawn('2026-03-04T09:00:00.000Z', 'other'),
    refiled('2026-03-04T10:00:00.000Z', DEADLINE, false, 'M-2026-0002'),
    meldnummerCorrected('M-2026-0002', 'M-2026-0009'),
  ];

  it('states it on the standing filing, the re-filing, citing the correction (version 3 on)', () => {
    const facts = factsOf(refiledThenCorrected);
    expect(facts.apReference).toEqual({ value: 'M-2026-0001', revision: 2, path: 'data.apReference' });
    expect(facts.refiledApReference).toEqual({ value: 'M-2026-0009', revision: 5, path: 'data.corrections.0.to' });
    expect(facts.reportedAt?.value).toBe('2026-03-03T09:00:00.000Z');
  });

  it('rebuilds an answer of version 1 or 2 as it was given: on the first filing', () => {
    const facts = factsOf(refiledThenCorrected, false);
    expect(facts.apReference).toEqual({ value: 'M-2026-0009', revision: 5, path: 'data.corrections.0.to' });
    expect(facts.refiledApReference).toEqual({ value: 'M-2026-0002', revision: 4, path: 'data.apReference' });
  });

  it('states it on the first filing when there was no re-filing', () => {
    const facts = factsOf([detected(), assessed('2026-03-02T12:00:00.000Z'), reported('2026-03-03T09:00:00.000Z', DEADLINE, false), meldnummerCorrected('M-2026-0001', 'M-2026-0007')]);
    expect(facts.apReference).toEqual({ value: 'M-2026-0007', revision: 3, path: 'data.corrections.0.to' });
    expect(facts.refiledApReference).toBeUndefined();
  });
});
