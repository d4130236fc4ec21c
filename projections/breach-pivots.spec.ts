import { describe, expect, it } from '@jest/globals';
import type { LateReason } from '../src/breaches/breach.events.js';
import { amsterdamMonth, breachesPerMonth, lateReasonsPerDienst } from './breach-pivots.js';
import { registerRow, type Scenario } from '../test/support/projections/testing.js';

const reason = (code: LateReason['code']): LateReason => ({ code, explanation: `because: ${code}` });

const YEAR: Scenario[] = [
  { breachId: 'a', dienst: 'SZW', awareAt: '2021-01-10T09:00:00.000Z', reportAfterHours: 10 },
  { breachId: 'b', dienst: 'SZW', awareAt: '2021-01-20T09:00:00.000Z', reportAfterHours: 80, lateReason: reason('staff-unavailable') },
  // 00:30 on 1 February in Amsterdam: February.
  { breachId: 'c', dienst: 'DBV', awareAt: '2021-01-31T23:30:00.000Z', reportAfterHours: 100, lateReason: reason('processor-delay') },
  { breachId: 'd', dienst: 'DBV', awareAt: '2021-03-01T09:00:00.000Z', reportAfterHours: 200, lateReason: null, imported: true },
  { breachId: 'e', dienst: 'SZW', awareAt: '2021-03-02T09:00:00.000Z', notReportable: true },
  { breachId: 'f', dienst: 'XYZ', awareAt: '2021-12-31T22:30:00.000Z', reportAfterHours: 90, lateReason: reason('staff-unavailable') },
  // 00:30 on 1 January 2022 in Amsterdam: not this year.
  { breachId: 'g', dienst: 'SZW', awareAt: '2021-12-31T23:30:00.000Z', reportAfterHours: 90, lateReason: reason('staff-unavailable') },
];
const rows = YEAR.map(registerRow);

describe('the cross tables of the annual report', () => {
  it('takes the month in Europe/Amsterdam', () => {
    expect(amsterdamMonth('2021-01-31T22:59:59.999Z')).toBe('2021-01');
    expect(amsterdamMonth('2021-01-31T23:00:00.000Z')).toBe('2021-02');
    expect(amsterdamMonth('2021-06-30T22:00:00.000Z')).toBe('2021-07'); // summer time: UTC+2
  });

  it('counts the breaches per month of awareness, all twelve months listed', () => {
    const months = breachesPerMonth(rows, 2021);
    expect(months.map((month) => month.month)).toEqual(['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06', '2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12']);
    expect(months[0]).toEqual({ month: '2021-01', registered: 2, reported: 2, reportedOnTime: 1, reportedLate: 1, notReportable: 0 });
    expect(months[1]).toEqual({ month: '2021-02', registered: 1, reported: 1, reportedOnTime: 0, reportedLate: 1, notReportable: 0 });
    expect(months[2]).toEqual({ month: '2021-03', registered: 2, reported: 1, reportedOnTime: 0, reportedLate: 1, notReportable: 1 });
    expect(months[11]).toEqual({ month: '2021-12', registered: 1, reported: 1, reportedOnTime: 0, reportedLate: 1, notReportable: 0 });
    expect(months.reduce((sum, month) => sum + month.registered, 0)).toBe(6);
  });

  it('counts the late reports per dienst by reason, every configured dienst listed, then the others', () => {
    const table = lateReasonsPerDienst(rows, 2021, ['DBV', 'SZW', 'OCW']);
    expect(table.map((row) => row.dienst)).toEqual(['DBV', 'SZW', 'OCW', 'XYZ']);
    expect(table[0]).toMatchObject({ dienst: 'DBV', reportedLate: 2, byReason: { 'processor-delay': 1, 'no-reason': 1, 'staff-unavailable': 0 } });
    expect(table[1]).toMatchObject({ dienst: 'SZW', reportedLate: 1, byReason: { 'staff-unavailable': 1, 'no-reason': 0 } });
    expect(table[2]?.reportedLate).toBe(0);
    expect(table[3]).toMatchObject({ dienst: 'XYZ', reportedLate: 1, byReason: { 'staff-unavailable': 1 } });
    for (const row of table) expect(Object.values(row.byReason).reduce((a, b) => a + b, 0)).toBe(row.reportedLate);
  });
});
