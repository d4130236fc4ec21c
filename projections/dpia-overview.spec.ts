import { describe, expect, it } from '@jest/globals';
import { advised, completed, completedHighRisk, consultationConcluded, consultationRequested, DPIA_ID, started } from '../test/support/dpias/dpia-given.js';
import { dpiaOverview } from './dpia-overview.js';
import { dpiaDocument, streamOf } from '../test/support/projections/governance-testing.js';
import { project, IMPORT } from '../test/support/projections/testing.js';

describe('dpia-overview.v2', () => {
  it('given a started DPIA, shows it in progress in the Amsterdam year it started, with its evidence', () => {
    const dpia = dpiaDocument(DPIA_ID, [started({ startedAt: '2020-12-31T23:30:00.000Z' })]);
    expect(dpia).toMatchObject({ dpiaId: DPIA_ID, status: 'in-progress', startedYear: 2021, dienst: 'DSB', completedAt: null, completedWithoutDpoAdvice: null, imported: false });
    expect(dpia.events).toEqual([expect.objectContaining({ type: 'DpiaStarted', businessTime: '2020-12-31T23:30:00.000Z', event: expect.objectContaining({ streamId: `dpia-${DPIA_ID}`, revision: 0, position: '100' }) })]);
  });

  it('given the FG advised, when it is completed, it is completed with advice and its review due three years on', () => {
    const dpia = dpiaDocument(DPIA_ID, [started(), advised('2026-03-02T09:00:00.000Z'), advised('2026-03-09T09:00:00.000Z'), completed()]);
    expect(dpia).toMatchObject({
      status: 'completed',
      dpoAdvisedAt: '2026-03-02T09:00:00.000Z',
      completedAt: '2026-04-01T09:00:00.000Z',
      completedYear: 2026,
      completedWithoutDpoAdvice: false,
      reviewDueAt: '2029-04-01T09:00:00.000Z',
      highRiskWithoutPriorConsultation: false,
      revision: 3,
      lastPosition: '130',
    });
  });

  it('flags a completion without the FG advice, with its reason', () => {
    const dpia = dpiaDocument(DPIA_ID, [started(), completed({ adviceFollowed: 'no-advice', withoutAdviceReason: 'The FG was on leave; the deadline was fixed.' })]);
    expect(dpia).toMatchObject({ completedWithoutDpoAdvice: true, withoutAdviceReason: 'The FG was on leave; the deadline was fixed.' });
  });

  it('flags a high residual risk without prior consultation until the AP is consulted', () => {
    const steps = [started(), completedHighRisk()];
    expect(dpiaDocument(DPIA_ID, steps)).toMatchObject({ priorConsultationRequired: true, highRiskWithoutPriorConsultation: true, priorConsultation: null });
    const consulted = dpiaDocument(DPIA_ID, [...steps, consultationRequested(), consultationConcluded()]);
    expect(consulted).toMatchObject({
      highRiskWithoutPriorConsultation: false,
      priorConsultation: { requestedAt: '2026-04-02T09:00:00.000Z', apReference: 'AP-VB-2026-17', concludedAt: '2026-05-20T09:00:00.000Z', outcome: expect.stringContaining('No objection') },
    });
  });

  it('a high residual risk the measures can reduce is listed but does not require consultation', () => {
    expect(dpiaDocument(DPIA_ID, [started(), completed({ residualRisk: 'high' })])).toMatchObject({ priorConsultationRequired: false, highRiskWithoutPriorConsultation: true });
  });

  it('a review moves the next due date; abandonment ends it with its reason', () => {
    const reviewed = dpiaDocument(DPIA_ID, [started(), completed(), { type: 'DpiaReviewed', data: { reviewedAt: '2027-01-05T09:00:00.000Z', outcome: 'Unchanged.', nextReviewDue: '2029-01-05T09:00:00.000Z' } }]);
    expect(reviewed).toMatchObject({ lastReviewedAt: '2027-01-05T09:00:00.000Z', reviewDueAt: '2029-01-05T09:00:00.000Z' });
    const abandoned = dpiaDocument(DPIA_ID, [started(), { type: 'DpiaAbandoned', data: { abandonedAt: '2026-03-01T09:00:00.000Z', reason: 'The project was stopped.' } }]);
    expect(abandoned).toMatchObject({ status: 'abandoned', abandonedYear: 2026, abandonReason: 'The project was stopped.' });
  });

  it('marks imported history', () => {
    expect(dpiaDocument(DPIA_ID, [[started(), IMPORT]]).imported).toBe(true);
  });

  it('is idempotent by revision and refuses gaps, unknown types and other schema versions', () => {
    const events = streamOf(`dpia-${DPIA_ID}`, [started(), completed()]);
    const once = project(dpiaOverview, events);
    expect(project(dpiaOverview, [...events, ...events])).toEqual(once);
    expect(() => project(dpiaOverview, [events[1]!])).toThrow(/expected revision 0/);
    const [first] = events;
    expect(() => project(dpiaOverview, [{ ...first!, type: 'DpiaRenamed' }])).toThrow(/unknown dpia event type/);
    expect(() => project(dpiaOverview, [{ ...first!, schemaVersion: 2 }])).toThrow(/schema version 2/);
    expect(() => project(dpiaOverview, [{ ...first!, streamId: 'breach-x' }])).toThrow(/not a dpia stream/);
  });
});
