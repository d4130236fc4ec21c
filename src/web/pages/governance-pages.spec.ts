import { describe, expect, it } from '@jest/globals';
import { monthName, yearOf } from './annual-report.js';
import { adviceOf, lateReasonsToJudge, verdictOf } from './fg.js';
import { apiQuery } from './governance.js';

describe("the FG's forms as API requests", () => {
  it('turns a verdict form into the request body, the Amsterdam wall time into UTC', () => {
    expect(verdictOf({ verdict: 'not-accepted', comment: '  Geen geldige reden. ', assessedAt: '2026-03-07T11:00', idempotencyKey: 'k', _csrf: 'c' })).toEqual({
      verdict: 'not-accepted',
      comment: 'Geen geldige reden.',
      assessedAt: '2026-03-07T10:00:00.000Z',
    });
  });

  it('leaves out what was not filled in, and passes a malformed time on as typed (the API refuses it per field)', () => {
    expect(verdictOf({ comment: '', assessedAt: 'gisteren' })).toEqual({ verdict: undefined, comment: undefined, assessedAt: 'gisteren' });
    expect(adviceOf({ advice: 'Meld voorlopig.', advisedAt: '2026-07-01T09:30' })).toEqual({ advice: 'Meld voorlopig.', advisedAt: '2026-07-01T07:30:00.000Z' });
  });

  it('lists as to be judged only late reports with a reason and without a verdict', () => {
    const row = (breachId: string, extra: Record<string, unknown>) => ({ breachId, late: true, lateReasonCode: 'other', lateReasonVerdict: null, ...extra }) as never;
    const judged = { verdict: 'accepted', comment: 'ok', assessedAt: '2026-01-01T00:00:00.000Z' };
    expect(lateReasonsToJudge([row('a', {}), row('b', { lateReasonVerdict: judged }), row('c', { lateReasonCode: null }), row('d', { late: false })]).map((r: { breachId: string }) => r.breachId)).toEqual(['a']);
  });
});

describe('the report pages', () => {
  it('passes on only the named filters that were filled in, plus its own', () => {
    expect(apiQuery({ dienst: 'SZW', status: '', evil: 'x', page: '2' }, ['dienst', 'status', 'page'], { pageSize: '50' })).toBe('?dienst=SZW&page=2&pageSize=50');
    expect(apiQuery({ dienst: 'A&B=C' }, ['dienst'])).toBe('?dienst=A%26B%3DC');
    expect(apiQuery({}, ['dienst'])).toBe('');
  });

  it('takes a year of four digits only', () => {
    expect(yearOf('2025')).toBe(2025);
    expect(yearOf('25')).toBeUndefined();
    expect(yearOf('2025x')).toBeUndefined();
    expect(yearOf(undefined)).toBeUndefined();
  });

  it('names the months in the page language', () => {
    expect(monthName('2025-03', 'nl')).toBe('mrt');
    expect(monthName('2025-05', 'en')).toBe('May');
  });
});
