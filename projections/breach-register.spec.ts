import { describe, expect, it } from '@jest/globals';
import type { LateReason } from '../src/breaches/breach.events.js';
import { toJsonValue } from '../src/shared/json.js';
import { breachRegister, toRegisterRow } from './breach-register.js';
import { breachTimeline, summaryOf } from './breach-timeline.js';
import { assessed, breachStream, closed, detected, DPO, dpoAdvised, dpoInformed, IMPORT, measure, notified, project, projectOne, reported, rootCause, storedEvent, supplemented, verdict, waived, withdrawn, type Step } from '../test/support/projections/testing.js';

const BREACH_ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';
const DEADLINE = '2026-03-05T09:00:00.000Z';
const processorDelay: LateReason = { code: 'processor-delay', explanation: 'The processor told us a week late.' };

const row = (steps: readonly Step[]) => {
  const { basis: _basis, ...rest } = projectOne(breachRegister, breachStream(BREACH_ID, steps));
  return rest;
};

const lifecycle: Step[] = [
  [detected(), { recordedAt: '2026-03-02T11:30:00.000Z' }],
  dpoInformed('2026-03-02T12:00:00.000Z'),
  [dpoAdvised('2026-03-02T15:00:00.000Z'), { actor: DPO }],
  assessed('2026-03-03T10:00:00.000Z'),
  reported('2026-03-06T10:00:00.000Z', DEADLINE, true, processorDelay),
  supplemented('2026-03-07T10:00:00.000Z', 'final'),
  notified('2026-03-05T09:00:00.000Z', 40),
  notified('2026-03-06T09:00:00.000Z', 2),
  [rootCause(), { recordedAt: '2026-03-07T08:00:00.000Z' }],
  measure('2026-03-07T09:00:00.000Z'),
  [verdict('2026-03-09T10:00:00.000Z', 'accepted'), { actor: DPO }],
  {
    type: 'BreachDetailsCorrected',
    data: { corrections: [{ field: 'dienst', from: 'SZW', to: 'DBV' }], reason: 'Registered under the wrong dienst.', lateReason: null },
  },
  closed('2026-03-10T10:00:00.000Z'),
];

describe('breach-register.v2', () => {
  it('keeps one slim row per breach', () => {
    expect(row(lifecycle)).toEqual({
      breachId: BREACH_ID,
      title: 'Letter sent to the wrong address',
      dienst: 'DBV',
      year: 2026,
      awareAt: '2026-03-02T09:00:00.000Z',
      registeredAt: '2026-03-02T11:30:00.000Z',
      registrationDelayHours: 2.5,
      deadline: DEADLINE,
      reportingStatus: 'reported-late',
      closed: true,
      reportedAt: '2026-03-06T10:00:00.000Z',
      late: true,
      hoursToReport: 97,
      lateReasonCode: 'processor-delay',
      lateReasonExplanation: 'The processor told us a week late.',
      apView: 'case-by-case',
      lateReasonVerdict: { verdict: 'accepted', comment: 'The AP does not accept this reason.', assessedAt: '2026-03-09T10:00:00.000Z' },
      dpoInformedAt: '2026-03-02T12:00:00.000Z',
      dpoInformedBeforeReport: true,
      dataSubjectsNotified: true,
      dataSubjectsNotifiedCount: 42,
      withdrawn: false,
      withdrawalGround: null,
      refilings: 0,
      rootCauseCategory: 'human-error',
      regime: 'avg',
      processorInformedAt: null,
      imported: false,
      lastPosition: '220',
    });
  });

  it('is a separate projection with the indexes the register list and the reports query', () => {
    expect(breachRegister).toMatchObject({
      name: 'breach-register.v2',
      category: 'breach',
      indexes: ['year', 'dienst', 'regime', 'reportingStatus', 'late', 'lateReasonCode', 'deadline', 'closed', 'awareAt'],
    });
    expect(breachRegister.name).not.toBe(breachTimeline.name);
  });

  it('never disagrees with the timeline: after every event the row is the timeline\'s row', () => {
    const histories: Step[][] = [
      lifecycle,
      [detected(), reported('2026-03-04T10:00:00.000Z', DEADLINE, false), withdrawn('2026-03-05T10:00:00.000Z'), assessed('2026-03-05T11:00:00.000Z', false)],
      [detected(), assessed('2026-03-02T10:00:00.000Z', true, { notifyDataSubjects: false, rationale: 'Encrypted.' }), waived('2026-03-03T10:00:00.000Z')],
      [
        [detected({ awareAt: '2021-12-31T23:30:00.000Z', occurredFrom: null, occurredTo: null }), IMPORT],
        [reported('2022-01-20T10:00:00.000Z', '2022-01-03T23:30:00.000Z', true, null), IMPORT],
        { type: 'BreachDetailsCorrected', data: { corrections: [{ field: 'awareAt', from: '2021-12-31T23:30:00.000Z', to: '2021-12-31T22:30:00.000Z' }], reason: 'The log shows 23:30 CET.', lateReason: null } },
      ],
    ];
    for (const steps of histories) {
      const events = breachStream(BREACH_ID, steps);
      events.forEach((_, index) => {
        const prefix = events.slice(0, index + 1);
        const { basis: _basis, ...registerRow } = projectOne(breachRegister, prefix);
        expect(registerRow).toEqual(toRegisterRow(summaryOf(projectOne(breachTimeline, prefix))));
      });
    }
  });

  it('tells whether the FG was informed at or before the first filing, and nothing while unreported', () => {
    const reportAt = reported('2026-03-04T10:00:00.000Z', DEADLINE, false);
    expect(row([detected(), dpoInformed('2026-03-02T10:00:00.000Z')]).dpoInformedBeforeReport).toBeNull();
    expect(row([detected(), dpoInformed('2026-03-04T10:00:00.000Z'), reportAt]).dpoInformedBeforeReport).toBe(true);
    expect(row([detected(), reportAt, dpoInformed('2026-03-04T10:00:00.001Z')]).dpoInformedBeforeReport).toBe(false);
    expect(row([detected(), reportAt]).dpoInformedBeforeReport).toBe(false);
  });

  it('marks withdrawn and imported reports, and an imported late report without its reason', () => {
    expect(row([detected(), reported('2026-03-04T10:00:00.000Z', DEADLINE, false), withdrawn('2026-03-05T10:00:00.000Z')])).toMatchObject({ withdrawn: true, reportingStatus: 'withdrawn', late: false });
    const imported = row([
      [detected({ awareAt: '2021-05-03T08:00:00.000Z', occurredFrom: null, occurredTo: null }), IMPORT],
      [reported('2021-05-10T08:00:00.000Z', '2021-05-06T08:00:00.000Z', true, null), IMPORT],
    ]);
    expect(imported).toMatchObject({ imported: true, year: 2021, late: true, lateReasonCode: null, apView: null, lateReasonVerdict: null, reportingStatus: 'reported-late' });
  });

  it('writes plain JSON and keys rows by breach id', () => {
    const documents = project(breachRegister, breachStream(BREACH_ID, lifecycle));
    expect([...documents.keys()]).toEqual([BREACH_ID]);
    const document = documents.get(BREACH_ID);
    expect(toJsonValue(document)).toEqual(document);
  });

  it('skips an event it already reflects and throws on one it cannot read', () => {
    const [first, second] = breachStream(BREACH_ID, [detected(), dpoInformed('2026-03-02T10:00:00.000Z')]);
    const afterInforming = projectOne(breachRegister, [first!, second!]);
    expect(breachRegister.apply(afterInforming, second!)).toBe(afterInforming);
    expect(() => breachRegister.apply(afterInforming, storedEvent(`breach-${BREACH_ID}`, 2, 200n, 'BreachForgotten', {}))).toThrow('unknown breach event type');
  });
});
