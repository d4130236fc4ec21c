import { describe, expect, it } from '@jest/globals';
import { readersOf, receiptOf, scopeOf } from '../../src/web/pages/inquiries.js';

describe('the inquiry forms shaped into request bodies', () => {
  it('takes a scope of named breaches, a period in Dutch time and a criterion', () => {
    expect(
      scopeOf({
        scopeBreachIds: ' 0B6A4D0E-5F3C-4C1E-9D52-6F1F0D6A7C11\n1c6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c12, 0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11',
        scopePeriodFrom: '2026-01-01T00:00',
        scopePeriodTo: '2026-07-01T00:00',
        scopeCriterionKind: 'reported-late',
        scopeCriterionYear: '2026',
      }),
    ).toEqual({
      breachIds: ['0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11', '1c6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c12'],
      period: { from: '2025-12-31T23:00:00.000Z', to: '2026-06-30T22:00:00.000Z' },
      criterion: { kind: 'reported-late', year: 2026 },
    });
  });

  it('leaves out the parts not filled in, and passes half a part on for the API to refuse', () => {
    expect(scopeOf({ scopeBreachIds: '', scopeCriterionKind: '' })).toEqual({ breachIds: [], period: null, criterion: null });
    expect(scopeOf({ scopePeriodFrom: '2026-01-01T00:00', scopeCriterionYear: 'twee' })).toEqual({ breachIds: [], period: { from: '2025-12-31T23:00:00.000Z', to: undefined }, criterion: { kind: undefined, year: 'twee' } });
  });

  it('gives every AP identity (null) when no reader is named', () => {
    expect(readersOf({ readers: '' })).toBeNull();
    expect(readersOf({ readers: 'api-key:3f9a0c1d2e4b5a69\napi-key:3f9a0c1d2e4b5a69\njwt:https://idp.example#ap-1' })).toEqual(['api-key:3f9a0c1d2e4b5a69', 'jwt:https://idp.example#ap-1']);
  });

  it('shapes the receipt of an inquiry', () => {
    expect(receiptOf({ apReference: ' AP-1 ', question: 'Waarom?', receivedAt: '2020-03-10T09:00', answerDueAt: '2020-04-10T17:00', scopeBreachIds: '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11' })).toEqual({
      receivedAt: '2020-03-10T08:00:00.000Z',
      apReference: 'AP-1',
      question: 'Waarom?',
      scope: { breachIds: ['0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11'], period: null, criterion: null },
      answerDueAt: '2020-04-10T15:00:00.000Z',
      readers: null,
    });
  });
});
