import { describe, expect, it } from '@jest/globals';
import { advised, completed, completedHighRisk, consultationConcluded, consultationRequested, started } from '../test/support/dpias/dpia-given.js';
import type { DpiaEvent } from '../src/dpias/dpia.events.js';
import type { ProcessingEvent } from '../src/processing-register/processing.events.js';
import { published, registered, retired } from '../test/support/processing-register/processing-given.js';
import { dpiaReviewsDue, dpiaYearOverview, factsAtEndOf, registerCompleteness, registerYearFigures } from './governance-reports.js';
import { activityDocument, dpiaDocument } from '../test/support/projections/governance-testing.js';

const DIENSTEN = ['DSB', 'SZW'];
const ACTIVITY = 'a0000000-0000-4000-8000-000000000001';
const OTHER_ACTIVITY = 'a0000000-0000-4000-8000-000000000002';
const id = (n: number) => `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const dpia = (n: number, steps: readonly DpiaEvent[]) =>
  dpiaDocument(
    id(n),
    steps.map((step) => (step.type === 'DpiaStarted' ? { ...step, data: { ...step.data, dpiaId: id(n) } } : step)),
  );
const startedIn = (startedAt: string, dienst = 'DSB', processingActivityId: string | null = ACTIVITY) => started({ startedAt, dienst, processingActivityId });
const completedAt = (at: string, overrides: Parameters<typeof completed>[0] = {}) => completed({ completedAt: at, ...overrides });
const abandonedAt = (at: string): DpiaEvent => ({ type: 'DpiaAbandoned', data: { abandonedAt: at, reason: 'Stopped.' } });
const amended = (amendedAt: string, changes: Extract<ProcessingEvent, { type: 'ProcessingActivityAmended' }>['data']['changes']): ProcessingEvent => ({
  type: 'ProcessingActivityAmended',
  data: { changes, reason: 'Camera images are now shared with the police.', amendedAt },
});

describe('the DPIA overview of a year: dienst x status, its trend, and the lists', () => {
  const dpias = [
    dpia(1, [startedIn('2020-05-01T09:00:00.000Z'), completedAt('2021-02-01T09:00:00.000Z')]), // in progress end 2020, completed 2021
    dpia(2, [startedIn('2021-03-01T09:00:00.000Z', 'SZW')]), // in progress end 2021
    dpia(3, [startedIn('2021-04-01T09:00:00.000Z'), completedAt('2021-12-31T23:30:00.000Z')]), // completed 2022 in Amsterdam
    dpia(4, [startedIn('2021-01-10T09:00:00.000Z', 'SZW'), abandonedAt('2021-06-01T09:00:00.000Z')]),
    dpia(5, [startedIn('2021-01-10T09:00:00.000Z'), completedAt('2021-07-01T09:00:00.000Z', { adviceFollowed: 'no-advice', withoutAdviceReason: 'No FG available.' })]),
    dpia(6, [startedIn('2021-01-10T09:00:00.000Z', 'OCW'), advised('2021-02-01T09:00:00.000Z'), completedAt('2021-08-01T09:00:00.000Z', { residualRisk: 'high', measuresCannotReduceRisk: true })]),
    dpia(7, [startedIn('2021-01-10T09:00:00.000Z'), completedAt('2021-08-01T09:00:00.000Z', { residualRisk: 'high', measuresCannotReduceRisk: true }), consultationRequested('2021-08-02T09:00:00.000Z')]),
  ];

  it('counts, per dienst, in progress at the end of the year and completed in it', () => {
    const overview = dpiaYearOverview(dpias, 2021, DIENSTEN);
    expect(overview.total).toEqual({ inProgress: 2, completed: 4, started: 6, abandoned: 1 });
    expect(overview.byDienst).toEqual([
      { dienst: 'DSB', inProgress: 1, completed: 3, started: 3, abandoned: 0 },
      { dienst: 'SZW', inProgress: 1, completed: 0, started: 2, abandoned: 1 },
      { dienst: 'OCW', inProgress: 0, completed: 1, started: 1, abandoned: 0 },
    ]);
  });

  it('gives the trend from the first DPIA to the year asked', () => {
    expect(dpiaYearOverview(dpias, 2022, DIENSTEN).trend).toEqual([
      { year: 2020, inProgress: 1, completed: 0, started: 1, abandoned: 0 },
      { year: 2021, inProgress: 2, completed: 4, started: 6, abandoned: 1 },
      { year: 2022, inProgress: 1, completed: 1, started: 0, abandoned: 0 },
    ]);
    expect(dpiaYearOverview([], 2021, DIENSTEN)).toMatchObject({ total: { inProgress: 0, completed: 0 }, trend: [{ year: 2021, inProgress: 0, completed: 0, started: 0, abandoned: 0 }] });
  });

  it('lists the DPIAs completed without FG advice and those with high risk and no prior consultation', () => {
    const overview = dpiaYearOverview(dpias, 2021, DIENSTEN);
    expect(overview.completedWithoutDpoAdvice).toEqual([expect.objectContaining({ dpiaId: id(5), reason: 'No FG available.' })]);
    expect(overview.highRiskWithoutPriorConsultation).toEqual([expect.objectContaining({ dpiaId: id(6), dienst: 'OCW', priorConsultationRequired: true })]);
  });
});

describe('DPIA reviews due', () => {
  const activity = (steps: readonly ProcessingEvent[]) => activityDocument(ACTIVITY, [registered({ processingActivityId: ACTIVITY, registeredAt: '2021-01-01T09:00:00.000Z' }), ...steps]);
  const completedDpia = dpia(1, [startedIn('2021-01-05T09:00:00.000Z'), completedAt('2021-03-01T09:00:00.000Z')]);

  it('falls due three years after completion (within the horizon asked), overdue once past', () => {
    expect(dpiaReviewsDue([completedDpia], [activity([])], '2024-02-01T00:00:00.000Z')).toEqual([]);
    expect(dpiaReviewsDue([completedDpia], [activity([])], '2024-02-01T00:00:00.000Z', 30)).toEqual([
      expect.objectContaining({ dpiaId: id(1), dueAt: '2024-03-01T09:00:00.000Z', overdue: false, reasons: [{ kind: 'interval', dueAt: '2024-03-01T09:00:00.000Z' }] }),
    ]);
    expect(dpiaReviewsDue([completedDpia], [activity([])], '2024-03-02T00:00:00.000Z')).toEqual([expect.objectContaining({ overdue: true })]);
  });

  it('falls due when the linked processing activity is amended after the completion, until a review after the amendment', () => {
    const amendedActivity = activity([amended('2022-06-01T09:00:00.000Z', [{ field: 'recipients', from: ['Parking enforcement'], to: ['Parking enforcement', 'Police'] }])]);
    const [due] = dpiaReviewsDue([completedDpia], [amendedActivity], '2022-07-01T00:00:00.000Z');
    expect(due).toMatchObject({ dpiaId: id(1), processingActivityId: ACTIVITY, dueAt: '2022-06-01T09:00:00.000Z', overdue: true });
    expect(due?.reasons).toEqual([
      { kind: 'processing-amended', dueAt: '2022-06-01T09:00:00.000Z', fields: ['recipients'], reason: 'Camera images are now shared with the police.', event: expect.objectContaining({ streamId: `processing-${ACTIVITY}`, revision: 1 }) },
    ]);
    const reviewed = dpia(1, [
      startedIn('2021-01-05T09:00:00.000Z'),
      completedAt('2021-03-01T09:00:00.000Z'),
      { type: 'DpiaReviewed', data: { reviewedAt: '2022-06-15T09:00:00.000Z', outcome: 'Sharing covered.', nextReviewDue: '2025-06-15T09:00:00.000Z' } },
    ]);
    expect(dpiaReviewsDue([reviewed], [amendedActivity], '2022-07-01T00:00:00.000Z')).toEqual([]);
  });

  it('an amendment before the completion, of another activity, or a DPIA of a retired activity, is not due', () => {
    const before = activity([amended('2021-02-01T09:00:00.000Z', [{ field: 'retention', from: 'Two years after the permit ends', to: 'One year' }])]);
    expect(dpiaReviewsDue([completedDpia], [before], '2022-07-01T00:00:00.000Z')).toEqual([]);
    const other = activityDocument(OTHER_ACTIVITY, [registered({ processingActivityId: OTHER_ACTIVITY }), amended('2026-03-01T09:00:00.000Z', [{ field: 'retention', from: 'Two years after the permit ends', to: 'One year' }])]);
    expect(dpiaReviewsDue([completedDpia], [other], '2022-07-01T00:00:00.000Z')).toEqual([]);
    const retiredActivity = activity([amended('2022-06-01T09:00:00.000Z', [{ field: 'retention', from: 'Two years after the permit ends', to: 'One year' }]), retired('2022-06-02T09:00:00.000Z')]);
    expect(dpiaReviewsDue([completedDpia], [retiredActivity], '2030-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('in progress, abandoned, or waiting for the AP: nothing to review', () => {
    const waiting = dpia(2, [startedIn('2021-01-05T09:00:00.000Z'), completedHighRisk(), consultationRequested()]);
    const concluded = dpia(3, [startedIn('2021-01-05T09:00:00.000Z'), completedHighRisk(), consultationRequested(), consultationConcluded()]);
    const inProgress = dpia(4, [startedIn('2021-01-05T09:00:00.000Z')]);
    const due = dpiaReviewsDue([waiting, concluded, inProgress], [activity([])], '2030-01-01T00:00:00.000Z');
    expect(due.map((item) => item.dpiaId)).toEqual([id(3)]);
  });
});

describe('the completeness of the register', () => {
  const incomplete = activityDocument(ACTIVITY, [registered({ processingActivityId: ACTIVITY, owner: null, purposes: [{ purpose: 'Permits', legalBasis: null }], dpiaNeeded: true })]);
  const complete = activityDocument(OTHER_ACTIVITY, [registered({ processingActivityId: OTHER_ACTIVITY, dienst: 'SZW', dpiaNeeded: true })]);
  const linkedDpia = dpia(1, [startedIn('2026-02-01T09:00:00.000Z', 'SZW', OTHER_ACTIVITY)]);

  it('lists every live activity missing its owner, a lawful basis, or a DPIA it needs', () => {
    const report = registerCompleteness([incomplete, complete], [linkedDpia], DIENSTEN);
    expect(report.total).toMatchObject({ activities: 2, complete: 1, missingOwner: 1, missingLegalBasis: 1, dpiaNeededWithoutDpia: 1 });
    expect(report.incomplete).toEqual([{ processingActivityId: ACTIVITY, name: 'Parking permits', dienst: 'DSB', gaps: ['missing-owner', 'missing-legal-basis', 'dpia-needed-none-linked'], imported: false }]);
    expect(report.byDienst).toMatchObject([
      { dienst: 'DSB', activities: 1, complete: 0, missingOwner: 1, missingLegalBasis: 1, dpiaNeededWithoutDpia: 1 },
      { dienst: 'SZW', activities: 1, complete: 1, missingOwner: 0, missingLegalBasis: 0, dpiaNeededWithoutDpia: 0 },
    ]);
  });

  it('an abandoned DPIA does not count as linked; a retired activity is not in the register', () => {
    const abandoned = dpia(1, [startedIn('2026-02-01T09:00:00.000Z', 'SZW', OTHER_ACTIVITY), abandonedAt('2026-02-10T09:00:00.000Z')]);
    expect(registerCompleteness([complete], [abandoned], DIENSTEN).incomplete).toEqual([expect.objectContaining({ gaps: ['dpia-needed-none-linked'] })]);
    const gone = activityDocument(ACTIVITY, [registered({ processingActivityId: ACTIVITY, owner: null }), retired()]);
    expect(registerCompleteness([gone], [], DIENSTEN).total.activities).toBe(0);
  });
});

describe('the completeness of the Art. 30(1) fields', () => {
  it('flags each field never recorded, and each empty list where the article requires content', () => {
    const old = activityDocument(ACTIVITY, [
      registered({ processingActivityId: ACTIVITY, controller: undefined, jointControllers: undefined, processors: undefined, recipients: [], securityMeasures: [], dataSubjectCategories: [], personalDataCategories: [] }),
    ]);
    const report = registerCompleteness([old], [], DIENSTEN);
    expect(report.incomplete[0]?.gaps).toEqual(['missing-controller', 'missing-joint-controllers', 'missing-processors', 'empty-data-subject-categories', 'empty-personal-data-categories', 'empty-recipients', 'empty-security-measures']);
    expect(report.total.byGap).toMatchObject({ 'missing-controller': 1, 'missing-processors': 1, 'empty-recipients': 1, 'missing-owner': 0 });
  });

  it('gives the AVG and the Wpg apart', () => {
    const wpg = activityDocument(OTHER_ACTIVITY, [registered({ processingActivityId: OTHER_ACTIVITY, regime: 'wpg', processors: undefined })]);
    const avg = activityDocument(ACTIVITY, [registered({ processingActivityId: ACTIVITY })]);
    expect(registerCompleteness([avg, wpg], [], DIENSTEN).byRegime.map((line) => [line.regime, line.activities, line.complete, line.byGap['missing-processors']])).toEqual([
      ['avg', 1, 1, 0],
      ['wpg', 1, 0, 1],
    ]);
  });

  it('takes an empty list of joint controllers or processors as an answer (there are none), and an amendment fills a missing field', () => {
    const none = activityDocument(ACTIVITY, [registered({ processingActivityId: ACTIVITY, jointControllers: [], processors: [] })]);
    expect(registerCompleteness([none], [], DIENSTEN).incomplete).toEqual([]);
    const filled = activityDocument(ACTIVITY, [registered({ processingActivityId: ACTIVITY, controller: undefined }), amended('2026-03-01T09:00:00.000Z', [{ field: 'controller', from: null, to: 'College van B&W' }])]);
    expect(registerCompleteness([filled], [], DIENSTEN).incomplete).toEqual([]);
  });
});

describe('the register figures of a year', () => {
  const owner = { kind: 'ad', name: 'AD DSB', reason: null } as const;
  const fixedIn2022 = activityDocument(ACTIVITY, [
    registered({ processingActivityId: ACTIVITY, owner: null, registeredAt: '2021-02-01T09:00:00.000Z' }),
    published('2021-03-01T09:00:00.000Z'),
    amended('2021-04-01T09:00:00.000Z', [{ field: 'retention', from: 'Two years after the permit ends', to: 'One year' }]),
    amended('2022-02-01T09:00:00.000Z', [{ field: 'owner', from: null, to: owner }]),
  ]);
  const retiredIn2022 = activityDocument(OTHER_ACTIVITY, [registered({ processingActivityId: OTHER_ACTIVITY, registeredAt: '2021-05-01T09:00:00.000Z', dpiaNeeded: true }), retired('2022-03-01T09:00:00.000Z')]);

  it('undoes later amendments to show the register as it stood at the end of the year', () => {
    expect(factsAtEndOf(fixedIn2022, 2021)).toMatchObject({ owner: null, retention: 'One year' });
    expect(factsAtEndOf(fixedIn2022, 2020)).toMatchObject({ owner: null, retention: 'Two years after the permit ends' });
    expect(factsAtEndOf(fixedIn2022, 2022)).toMatchObject({ owner });
  });

  it('counts what happened in the year and the completeness at its end', () => {
    expect(registerYearFigures([fixedIn2022, retiredIn2022], [], 2021)).toEqual({
      year: 2021,
      registered: 2,
      amendments: 1,
      published: 1,
      retired: 0,
      atYearEnd: expect.objectContaining({ activities: 2, complete: 0, missingOwner: 1, missingLegalBasis: 0, dpiaNeededWithoutDpia: 1, published: 1 }),
      atYearEndByRegime: [expect.objectContaining({ regime: 'avg', activities: 2, published: 1 }), expect.objectContaining({ regime: 'wpg', activities: 0, published: 0 })],
    });
    expect(registerYearFigures([fixedIn2022, retiredIn2022], [], 2022)).toMatchObject({
      year: 2022,
      registered: 0,
      amendments: 1,
      published: 0,
      retired: 1,
      atYearEnd: { activities: 1, complete: 1, missingOwner: 0, missingLegalBasis: 0, dpiaNeededWithoutDpia: 0, published: 1 },
    });
    // The AVG and the Wpg apart: a record without a regime counts under the AVG.
    const wpg = { ...fixedIn2022, processingActivityId: 'wpg-1', regime: 'wpg' as const };
    const byRegime = registerYearFigures([fixedIn2022, retiredIn2022, wpg], [], 2022).atYearEndByRegime;
    expect(byRegime.map(({ regime, activities, published }) => ({ regime, activities, published }))).toEqual([
      { regime: 'avg', activities: 1, published: 1 },
      { regime: 'wpg', activities: 1, published: 1 },
    ]);
  });

  it('a DPIA started after the year does not cover the need at its end', () => {
    const later = dpia(1, [startedIn('2022-01-10T09:00:00.000Z', 'DSB', OTHER_ACTIVITY)]);
    expect(registerYearFigures([retiredIn2022], [later], 2021).atYearEnd.dpiaNeededWithoutDpia).toBe(1);
    const earlier = dpia(1, [startedIn('2021-06-10T09:00:00.000Z', 'DSB', OTHER_ACTIVITY)]);
    expect(registerYearFigures([retiredIn2022], [earlier], 2021).atYearEnd.dpiaNeededWithoutDpia).toBe(0);
  });
});
