import { describe, expect, it } from '@jest/globals';
import { mayProcessingStart, reviewDueAt } from './dpia.rules.js';
import { advised, completed, completedHighRisk, consultationConcluded, consultationRequested, given, started } from '../../test/support/dpias/dpia-given.js';

describe('DPIA rules', () => {
  it('a review falls due three calendar years after completion', () => {
    expect(reviewDueAt('2026-04-01T09:00:00.000Z')).toBe('2029-04-01T09:00:00.000Z');
  });

  it('a completion on 29 February falls due on 28 February', () => {
    expect(reviewDueAt('2028-02-29T12:00:00.000Z')).toBe('2031-02-28T12:00:00.000Z');
  });

  it('processing may start after completion when no prior consultation is required', () => {
    expect(mayProcessingStart(given(started(), advised(), completed()).state)).toBe(true);
  });

  it('processing may not start before the DPIA is completed', () => {
    expect(mayProcessingStart(given(started()).state)).toBe(false);
  });

  it('processing that requires prior consultation may start only once the AP concluded it', () => {
    expect(mayProcessingStart(given(started(), completedHighRisk()).state)).toBe(false);
    expect(mayProcessingStart(given(started(), completedHighRisk(), consultationRequested()).state)).toBe(false);
    expect(mayProcessingStart(given(started(), completedHighRisk(), consultationRequested(), consultationConcluded()).state)).toBe(true);
  });
});
