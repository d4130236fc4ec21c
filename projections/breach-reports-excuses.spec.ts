import { describe, expect, it } from '@jest/globals';
import type { LateReason } from '../src/breaches/breach.events.js';
import { annualFigures, lateReportingReport } from './breach-reports.js';
import { registerRow, type Scenario } from '../test/support/projections/testing.js';

const DIENSTEN = ['DBV', 'SZW'];
const reason = (code: LateReason['code']): LateReason => ({ code, explanation: `because: ${code}` });
const at = (day: number) => new Date(Date.UTC(2021, 2, day, 9)).toISOString();

/**
 * The figures the AP asks about (its 2020 review: "12 late without a valid excuse"):
 * withdrawals by ground, re-filings, late without a valid excuse, FG verdicts that accept
 * what the AP does not, closures without a root cause, and the Wpg apart.
 */
const YEAR: Scenario[] = [
  // Late without a valid excuse: a code the AP does not accept (even with the FG's blessing: flagged),
  { breachId: 'a', awareAt: at(1), reportAfterHours: 80, lateReason: reason('staff-unavailable'), verdict: 'accepted' },
  // a case-by-case reason the FG did not accept, one the FG did not judge, and no reason at all.
  { breachId: 'b', awareAt: at(2), reportAfterHours: 90, lateReason: reason('other'), verdict: 'not-accepted' },
  { breachId: 'c', awareAt: at(3), reportAfterHours: 90, lateReason: reason('processor-delay') },
  { breachId: 'd', awareAt: at(4), reportAfterHours: 100, lateReason: null, imported: true },
  // Late with a valid excuse: a code the AP accepts, and a case-by-case reason the FG accepted.
  { breachId: 'e', awareAt: at(5), reportAfterHours: 80, lateReason: reason('bundled-report') },
  { breachId: 'f', awareAt: at(6), reportAfterHours: 80, lateReason: reason('processor-delay'), verdict: 'accepted', regime: 'wpg' },
  // Withdrawn: no breach after all; for another reason and filed again (late first filing: still late).
  { breachId: 'g', awareAt: at(7), reportAfterHours: 10, withdrawn: true, withdrawalGround: 'no-breach', closed: true },
  { breachId: 'h', awareAt: at(8), reportAfterHours: 10, withdrawn: true, withdrawalGround: 'other', refiled: true, rootCause: 'unknown', closed: true, regime: 'wpg' },
  // Closed with and without a known root cause.
  { breachId: 'i', awareAt: at(9), reportAfterHours: 10, rootCause: 'human-error', closed: true },
  { breachId: 'j', awareAt: at(10), notReportable: true, closed: true },
];
const rows = YEAR.map(registerRow);

describe('annual figures the AP asks about', () => {
  const { total, byRegime } = annualFigures(rows, 2021, DIENSTEN);

  it('splits withdrawn reports by ground and counts the re-filed ones; a re-filing changes no lateness', () => {
    expect(total).toMatchObject({ withdrawn: 2, withdrawnNoBreach: 1, withdrawnOtherGround: 1, refiled: 1, reported: 9, reportedOnTime: 3, reportedLate: 6 });
    expect(rows.find((row) => row.breachId === 'h')).toMatchObject({ withdrawn: false, withdrawalGround: 'other', refilings: 1, reportingStatus: 'reported-on-time', late: false });
  });

  it('counts late without a valid excuse: a code the AP does not accept + a case-by-case reason the FG did not accept + no reason', () => {
    expect(total.lateWithoutValidExcuse).toBe(4);
    expect(total.verdictsContradictingAp).toBe(1);
  });

  it('counts the closures without a known root cause, the explicit unknowns among them', () => {
    // g (withdrawn, no breach: none recorded), h (unknown) and j (not reportable, none recorded); i has one.
    expect(total).toMatchObject({ closedWithoutRootCause: 3, closedRootCauseUnknown: 1 });
  });

  it('gives the AVG and the Wpg apart, adding up to the total', () => {
    expect(byRegime.map((line) => [line.regime, line.registered, line.reportedLate, line.lateWithoutValidExcuse, line.refiled])).toEqual([
      ['avg', 8, 5, 4, 0],
      ['wpg', 2, 1, 0, 1],
    ]);
  });
});

describe('the late-reporting report flags what the AP will not follow', () => {
  const report = lateReportingReport(rows, 2021, DIENSTEN);

  it('marks each late report with or without a valid excuse, and flags an FG verdict accepting a code the AP does not', () => {
    expect(report.lateReports.map((line) => [line.breachId, line.withoutValidExcuse, line.verdictContradictsAp])).toEqual([
      ['a', true, true],
      ['b', true, false],
      ['c', true, false],
      ['d', true, false],
      ['e', false, false],
      ['f', false, false],
    ]);
    expect(report).toMatchObject({ reportedLate: 6, lateWithoutValidExcuse: 4, verdictsContradictingAp: 1 });
    expect(report.byRegime).toEqual([
      { regime: 'avg', reportedLate: 5, lateWithoutValidExcuse: 4, byApView: { accepted: 1, 'not-accepted': 1, 'case-by-case': 2, 'no-reason': 1 } },
      { regime: 'wpg', reportedLate: 1, lateWithoutValidExcuse: 0, byApView: { accepted: 0, 'not-accepted': 0, 'case-by-case': 1, 'no-reason': 0 } },
    ]);
  });
});
