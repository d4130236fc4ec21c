import { describe, expect, it } from '@jest/globals';
import { LATE_REASON_CODES } from '../src/breaches/breach.rules.js';
import type { LateReason } from '../src/breaches/breach.events.js';
import { annualFigures, deadlinesNow, deadlineStatus, lateReportingReport, median, nearestRank, type BreachFigures } from './breach-reports.js';
import { registerRow, type Scenario } from '../test/support/projections/testing.js';

const DIENSTEN = ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'];
const reason = (code: LateReason['code']): LateReason => ({ code, explanation: `because: ${code}` });

/**
 * A hand-computed year (2021, by awareAt in Europe/Amsterdam). Hours from awareness to the
 * filing: A 10, F 50, J 73, B 80, C 100, D 200.
 */
const YEAR_2021: Scenario[] = [
  { breachId: 'a', dienst: 'SZW', awareAt: '2021-02-01T09:00:00.000Z', dpoAfterHours: 2, reportAfterHours: 10, notifiedCounts: [5] },
  { breachId: 'b', dienst: 'SZW', awareAt: '2021-03-01T09:00:00.000Z', dpoAfterHours: 1, reportAfterHours: 80, lateReason: reason('internal-escalation'), verdict: 'not-accepted', notifiedCounts: [100, 20] },
  { breachId: 'c', dienst: 'DBV', awareAt: '2021-04-01T09:00:00.000Z', dpoAfterHours: 120, reportAfterHours: 100, lateReason: reason('processor-delay'), verdict: 'accepted' },
  { breachId: 'd', dienst: 'DBV', awareAt: '2021-05-01T09:00:00.000Z', reportAfterHours: 200, lateReason: null, imported: true },
  { breachId: 'e', dienst: 'SZW', awareAt: '2021-06-01T09:00:00.000Z', dpoAfterHours: 5, notReportable: true },
  { breachId: 'f', dienst: 'OCW', awareAt: '2021-07-01T09:00:00.000Z', dpoAfterHours: 60, reportAfterHours: 50, withdrawn: true },
  { breachId: 'g', dienst: 'SZW', awareAt: '2021-08-01T09:00:00.000Z' },
  // 00:30 on 1 January 2021 in Amsterdam: 2021.
  { breachId: 'j', dienst: 'OCW', awareAt: '2020-12-31T23:30:00.000Z', dpoAfterHours: 0, reportAfterHours: 73, lateReason: reason('bundled-report') },
  // 23:30 on 31 December 2020 in Amsterdam, and 00:30 on 1 January 2022: neither is 2021.
  { breachId: 'h', dienst: 'SZW', awareAt: '2020-12-31T22:30:00.000Z', dpoAfterHours: 1, reportAfterHours: 90, lateReason: reason('staff-unavailable') },
  { breachId: 'i', dienst: 'DBV', awareAt: '2021-12-31T23:30:00.000Z', reportAfterHours: 80, lateReason: reason('not-recognised') },
];
const rows = YEAR_2021.map(registerRow);

const none = (): BreachFigures => ({
  registered: 0,
  notReportable: 0,
  awaitingReport: 0,
  reported: 0,
  reportedOnTime: 0,
  reportedLate: 0,
  lateReasonNotAccepted: 0,
  lateWithoutReason: 0,
  dpoInformed: { count: 0, of: 0, share: null },
  dpoInformedBeforeReport: { count: 0, of: 0, share: null },
  hoursToReport: { count: 0, median: null, p90: null },
  dataSubjectsNotified: { breaches: 0, persons: 0 },
  withdrawn: 0,
  withdrawnNoBreach: 0,
  withdrawnOtherGround: 0,
  refiled: 0,
  lateWithoutValidExcuse: 0,
  verdictsContradictingAp: 0,
  closedWithoutRootCause: 0,
  closedRootCauseUnknown: 0,
  imported: 0,
});

describe('median and 90th percentile', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([1, 2, 10])).toBe(2);
    expect(median([1, 2, 10, 20])).toBe(6);
  });

  it('takes the 90th percentile by nearest rank: the ⌈0.9·n⌉-th smallest value', () => {
    expect(nearestRank([], 90)).toBeNull();
    expect(nearestRank([5], 90)).toBe(5);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9); // rank 9
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10); // ⌈9.9⌉ = rank 10
    expect(nearestRank([10, 50, 73, 80, 100, 200], 90)).toBe(200); // ⌈5.4⌉ = rank 6
    expect(nearestRank([3, 4], 0)).toBe(3); // never below the first rank
  });
});

describe('annualFigures', () => {
  const figures = annualFigures(rows, 2021, DIENSTEN);

  it('counts the year\'s breaches, reports, late reports and their reasons', () => {
    expect(figures.year).toBe(2021);
    expect(figures.total).toEqual({
      registered: 8,
      notReportable: 1,
      awaitingReport: 1,
      reported: 6,
      reportedOnTime: 2,
      reportedLate: 4,
      lateReasonNotAccepted: 1,
      lateWithoutReason: 1,
      dpoInformed: { count: 6, of: 8, share: 0.75 },
      dpoInformedBeforeReport: { count: 3, of: 6, share: 0.5 },
      hoursToReport: { count: 6, median: 76.5, p90: 200 },
      dataSubjectsNotified: { breaches: 2, persons: 125 },
      withdrawn: 1,
      withdrawnNoBreach: 1,
      withdrawnOtherGround: 0,
      refiled: 0,
      // b (internal-escalation: the AP does not accept it) and d (no reason); c's case-by-case reason was accepted by the FG, j's is accepted by the AP.
      lateWithoutValidExcuse: 2,
      verdictsContradictingAp: 0,
      closedWithoutRootCause: 0,
      closedRootCauseUnknown: 0,
      imported: 1,
    });
  });

  it('gives the same figures for every configured dienst, in configured order, zero when it had none', () => {
    expect(figures.byDienst.map((line) => line.dienst)).toEqual(DIENSTEN);
    const of = (dienst: string) => figures.byDienst.find((line) => line.dienst === dienst);
    expect(of('SZW')).toEqual({
      dienst: 'SZW',
      registered: 4,
      notReportable: 1,
      awaitingReport: 1,
      reported: 2,
      reportedOnTime: 1,
      reportedLate: 1,
      lateReasonNotAccepted: 1,
      lateWithoutReason: 0,
      dpoInformed: { count: 3, of: 4, share: 0.75 },
      dpoInformedBeforeReport: { count: 2, of: 2, share: 1 },
      hoursToReport: { count: 2, median: 45, p90: 80 },
      dataSubjectsNotified: { breaches: 2, persons: 125 },
      withdrawn: 0,
      withdrawnNoBreach: 0,
      withdrawnOtherGround: 0,
      refiled: 0,
      lateWithoutValidExcuse: 1,
      verdictsContradictingAp: 0,
      closedWithoutRootCause: 0,
      closedRootCauseUnknown: 0,
      imported: 0,
    });
    expect(of('DBV')).toMatchObject({
      registered: 2,
      reported: 2,
      reportedLate: 2,
      lateReasonNotAccepted: 0,
      lateWithoutReason: 1,
      dpoInformed: { count: 1, of: 2, share: 0.5 },
      dpoInformedBeforeReport: { count: 0, of: 2, share: 0 },
      hoursToReport: { count: 2, median: 150, p90: 200 },
      imported: 1,
    });
    expect(of('OCW')).toMatchObject({ registered: 2, reportedOnTime: 1, reportedLate: 1, withdrawn: 1, dpoInformedBeforeReport: { count: 1, of: 2, share: 0.5 }, hoursToReport: { median: 61.5, p90: 73 } });
    for (const dienst of ['DPZ', 'DSB', 'DSO', 'BSD']) expect(of(dienst)).toEqual({ dienst, ...none() });
  });

  it('keeps a dienst that is no longer configured, after the configured ones, so the parts add up', () => {
    const withOld = annualFigures([...rows, registerRow({ breachId: 'k', dienst: 'OUD', awareAt: '2021-09-01T09:00:00.000Z' })], 2021, DIENSTEN);
    expect(withOld.byDienst.map((line) => line.dienst)).toEqual([...DIENSTEN, 'OUD']);
    expect(withOld.byDienst.reduce((sum, line) => sum + line.registered, 0)).toBe(withOld.total.registered);
  });

  it('gives every reason, then the late reports without one, with the FG\'s verdicts and the hours', () => {
    expect(figures.byReason.map((line) => line.code)).toEqual([...LATE_REASON_CODES, null]);
    const of = (code: string | null) => figures.byReason.find((line) => line.code === code);
    expect(of('internal-escalation')).toEqual({
      code: 'internal-escalation',
      label: 'It reached the privacy officers too late',
      apView: 'not-accepted',
      reportedLate: 1,
      verdicts: { accepted: 0, notAccepted: 1, none: 0 },
      hoursToReport: { count: 1, median: 80, p90: 80 },
    });
    expect(of('processor-delay')).toMatchObject({ apView: 'case-by-case', reportedLate: 1, verdicts: { accepted: 1, notAccepted: 0, none: 0 } });
    expect(of('bundled-report')).toMatchObject({ apView: 'accepted', reportedLate: 1, verdicts: { accepted: 0, notAccepted: 0, none: 1 } });
    expect(of(null)).toMatchObject({ label: 'No recorded reason', apView: 'no-reason', reportedLate: 1, hoursToReport: { count: 1, median: 200, p90: 200 } });
    expect(of('staff-unavailable')).toMatchObject({ reportedLate: 0, hoursToReport: { count: 0, median: null, p90: null } });
  });

  it('has the shape of the 2021 headline: 255 registered, 50 reported, 44 reported late', () => {
    const codes = LATE_REASON_CODES;
    const synthetic: Scenario[] = Array.from({ length: 255 }, (_, n) => {
      const base = { breachId: `b-${String(n).padStart(3, '0')}`, dienst: DIENSTEN[n % DIENSTEN.length]!, awareAt: new Date(Date.UTC(2021, 0, 1, 8) + n * 30 * 3_600_000).toISOString() };
      if (n < 6) return { ...base, reportAfterHours: 48 };
      if (n < 36) return { ...base, reportAfterHours: 96, lateReason: reason(codes[n % codes.length]!) };
      if (n < 50) return { ...base, reportAfterHours: 120, imported: true };
      return { ...base, notReportable: true };
    });
    const headline = annualFigures(synthetic.map(registerRow), 2021, DIENSTEN);
    expect(headline.total).toMatchObject({ registered: 255, reported: 50, reportedOnTime: 6, reportedLate: 44, lateWithoutReason: 14, notReportable: 205, imported: 14 });
    expect(headline.total.hoursToReport).toEqual({ count: 50, median: 96, p90: 120 });
    expect(headline.byDienst.reduce((sum, line) => sum + line.registered, 0)).toBe(255);
    expect(headline.byDienst.reduce((sum, line) => sum + line.reportedLate, 0)).toBe(44);
    expect(headline.byReason.reduce((sum, line) => sum + line.reportedLate, 0)).toBe(44);
  });
});

describe('lateReportingReport', () => {
  const report = lateReportingReport(rows, 2021, DIENSTEN);

  it('counts the year\'s late reports by reason, by the AP\'s view and by dienst', () => {
    expect(report.reportedLate).toBe(4);
    expect(report.byReason).toHaveLength(LATE_REASON_CODES.length);
    expect(report.byReason.filter((line) => line.count > 0)).toEqual([
      { code: 'internal-escalation', label: 'It reached the privacy officers too late', apView: 'not-accepted', count: 1 },
      { code: 'processor-delay', label: 'A processor informed the municipality late', apView: 'case-by-case', count: 1 },
      { code: 'bundled-report', label: 'Similar small breaches reported together, as agreed with the AP', apView: 'accepted', count: 1 },
    ]);
    expect(report.byApView).toEqual({ accepted: 1, 'not-accepted': 1, 'case-by-case': 1, 'no-reason': 1 });
    expect(report.byDienst.filter((line) => line.reportedLate > 0)).toEqual([
      { dienst: 'DBV', reportedLate: 2, lateWithoutValidExcuse: 1, byApView: { accepted: 0, 'not-accepted': 0, 'case-by-case': 1, 'no-reason': 1 } },
      { dienst: 'OCW', reportedLate: 1, lateWithoutValidExcuse: 0, byApView: { accepted: 1, 'not-accepted': 0, 'case-by-case': 0, 'no-reason': 0 } },
      { dienst: 'SZW', reportedLate: 1, lateWithoutValidExcuse: 1, byApView: { accepted: 0, 'not-accepted': 1, 'case-by-case': 0, 'no-reason': 0 } },
    ]);
  });

  it('lists the late reports by awareness with their reasons and the FG\'s verdict', () => {
    expect(report.lateReports.map((line) => [line.breachId, line.hoursToReport, line.lateReasonCode, line.apView, line.verdict?.verdict ?? null])).toEqual([
      ['j', 73, 'bundled-report', 'accepted', null],
      ['b', 80, 'internal-escalation', 'not-accepted', 'not-accepted'],
      ['c', 100, 'processor-delay', 'case-by-case', 'accepted'],
      ['d', 200, null, 'no-reason', null],
    ]);
    expect(report.lateReports[1]).toEqual({
      breachId: 'b',
      title: 'Letter sent to the wrong address',
      dienst: 'SZW',
      awareAt: '2021-03-01T09:00:00.000Z',
      deadline: '2021-03-04T09:00:00.000Z',
      reportedAt: '2021-03-04T17:00:00.000Z',
      hoursToReport: 80,
      lateReasonCode: 'internal-escalation',
      lateReasonLabel: 'It reached the privacy officers too late',
      explanation: 'because: internal-escalation',
      apView: 'not-accepted',
      verdict: { verdict: 'not-accepted', comment: 'The AP does not accept this reason.', assessedAt: '2021-03-04T18:00:00.000Z' },
      withdrawn: false,
      imported: false,
      regime: 'avg',
      withoutValidExcuse: true,
      verdictContradictsAp: false,
    });
  });

  it('lists the late reports without any recorded reason: imported history', () => {
    expect(report.withoutReason.map((line) => [line.breachId, line.imported])).toEqual([['d', true]]);
  });
});

describe('deadlineStatus', () => {
  // awareAt 2026-03-02T09:00Z: deadline 2026-03-05T09:00Z.
  const awareAt = '2026-03-02T09:00:00.000Z';
  const open = registerRow({ breachId: 'open', awareAt });
  const unassessed = registerRow({ breachId: 'unassessed', awareAt, unassessed: true });

  it('is open while more than the at-risk hours remain, at risk below them, overdue past the deadline', () => {
    expect(deadlineStatus(open, '2026-03-03T09:00:00.000Z', 24)).toBe('open');
    expect(deadlineStatus(open, '2026-03-04T09:00:00.000Z', 24)).toBe('open'); // exactly 24 hours left
    expect(deadlineStatus(open, '2026-03-04T09:00:00.001Z', 24)).toBe('at-risk');
    expect(deadlineStatus(open, '2026-03-05T09:00:00.000Z', 24)).toBe('at-risk'); // a report now would be on time
    expect(deadlineStatus(open, '2026-03-05T09:00:00.001Z', 24)).toBe('overdue');
    expect(deadlineStatus(open, '2026-03-03T09:00:00.000Z', 48)).toBe('open');
    expect(deadlineStatus(open, '2026-03-03T10:00:00.000Z', 48)).toBe('at-risk');
    expect(deadlineStatus(unassessed, '2026-03-06T09:00:00.000Z', 24)).toBe('overdue');
  });

  it('is never at risk or overdue once assessed not reportable, reported or withdrawn', () => {
    const later = '2026-03-20T09:00:00.000Z';
    expect(deadlineStatus(registerRow({ breachId: 'n', awareAt, notReportable: true }), later, 24)).toBe('not-reportable');
    expect(deadlineStatus(registerRow({ breachId: 'r', awareAt, reportAfterHours: 10 }), later, 24)).toBe('reported-on-time');
    expect(deadlineStatus(registerRow({ breachId: 'l', awareAt, reportAfterHours: 80, lateReason: reason('other') }), later, 24)).toBe('reported-late');
    expect(deadlineStatus(registerRow({ breachId: 'w', awareAt, reportAfterHours: 10, withdrawn: true }), later, 24)).toBe('withdrawn');
  });

  it('is closed once closed, before anything else', () => {
    expect(deadlineStatus({ ...registerRow({ breachId: 'n', awareAt, notReportable: true }), closed: true }, '2026-03-20T09:00:00.000Z', 24)).toBe('closed');
  });
});

describe('deadlinesNow', () => {
  it('lists the breaches at risk and overdue, most urgent first, with the hours left or past', () => {
    const now = '2026-03-05T09:00:00.000Z';
    const rowsNow = [
      registerRow({ breachId: 'at-risk-20h', awareAt: '2026-03-03T05:00:00.000Z' }),
      registerRow({ breachId: 'open', awareAt: '2026-03-04T09:00:00.000Z' }),
      registerRow({ breachId: 'overdue-5h', awareAt: '2026-03-02T04:00:00.000Z' }),
      registerRow({ breachId: 'reported', awareAt: '2026-03-02T04:00:00.000Z', reportAfterHours: 10 }),
      registerRow({ breachId: 'at-risk-3.5h', awareAt: '2026-03-02T12:30:00.000Z' }),
      registerRow({ breachId: 'not-reportable', awareAt: '2026-03-01T09:00:00.000Z', notReportable: true }),
    ];
    expect(deadlinesNow(rowsNow, now, 24)).toEqual([
      { breachId: 'overdue-5h', title: 'Letter sent to the wrong address', dienst: 'SZW', awareAt: '2026-03-02T04:00:00.000Z', deadline: '2026-03-05T04:00:00.000Z', status: 'overdue', hoursRemaining: null, hoursOverdue: 5 },
      { breachId: 'at-risk-3.5h', title: 'Letter sent to the wrong address', dienst: 'SZW', awareAt: '2026-03-02T12:30:00.000Z', deadline: '2026-03-05T12:30:00.000Z', status: 'at-risk', hoursRemaining: 3.5, hoursOverdue: null },
      { breachId: 'at-risk-20h', title: 'Letter sent to the wrong address', dienst: 'SZW', awareAt: '2026-03-03T05:00:00.000Z', deadline: '2026-03-06T05:00:00.000Z', status: 'at-risk', hoursRemaining: 20, hoursOverdue: null },
    ]);
  });
});
