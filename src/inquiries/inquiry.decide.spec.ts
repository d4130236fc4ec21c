import { describe, expect, it } from '@jest/globals';
import { givenWhenThen } from '../../test/support/given-when-then.js';
import { decideAnswerInquiry } from './answer-inquiry/answer-inquiry.js';
import { decideChangeInquiryScope } from './change-inquiry-scope/change-inquiry-scope.js';
import { decideCloseInquiry } from './close-inquiry/close-inquiry.js';
import type { InquiryAnsweredData, InquiryEvent, InquiryReceivedData, InquiryScope } from './inquiry.events.js';
import { inPopulation, scopeFactsOf, type DecisionContext } from './inquiry.rules.js';
import { evolve, initialState } from './inquiry.state.js';
import { decideReceiveInquiry } from './receive-inquiry/receive-inquiry.js';

const INQUIRY_ID = '5b1f0c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const BREACH = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';
const context = (now = '2026-06-10T12:00:00.000Z'): DecisionContext => ({ now, maxClockSkewMs: 5 * 60_000, diensten: ['SZW'] });
const given = givenWhenThen(evolve, initialState, () => context());

const scope = (overrides: Partial<InquiryScope> = {}): InquiryScope => ({ breachIds: [], period: null, criterion: { kind: 'reported-late', year: 2021 }, ...overrides });
const receivedData = (overrides: Partial<InquiryReceivedData> = {}): InquiryReceivedData => ({
  inquiryId: INQUIRY_ID,
  receivedAt: '2026-06-01T07:00:00.000Z',
  apReference: 'AP-2026-001',
  question: 'Which breaches of 2021 were reported late, and why?',
  scope: scope(),
  answerDueAt: '2026-07-01T15:00:00.000Z',
  readers: null,
  ...overrides,
});
const received = (overrides: Partial<InquiryReceivedData> = {}): InquiryEvent => ({ type: 'InquiryReceived', data: receivedData(overrides) });
const answeredData = (overrides: Partial<InquiryAnsweredData> = {}): InquiryAnsweredData => ({
  answeredAt: '2026-06-10T12:00:00.000Z',
  answerSha256: 'a'.repeat(64),
  checkpoint: { treeSize: 10, rootHash: 'AAAA', note: 'note' },
  breachIds: [BREACH],
  scope: scope(),
  ...overrides,
});
const closed: InquiryEvent = { type: 'InquiryClosed', data: { closedAt: '2026-06-20T12:00:00.000Z', reason: 'Settled.' } };

describe('ReceiveInquiry', () => {
  const receive = (overrides: Partial<InquiryReceivedData> = {}) => (state: Parameters<typeof decideReceiveInquiry>[1], at: DecisionContext) => decideReceiveInquiry(receivedData(overrides), state, at);

  it('records the question, the scope with its breaches sorted once each, and the deadline', () => {
    given().when(receive({ scope: scope({ breachIds: [BREACH, BREACH] }) })).then([received({ scope: scope({ breachIds: [BREACH] }) })]);
  });
  it('refuses a scope that names nothing', () => {
    given().when(receive({ scope: { breachIds: [], period: null, criterion: null } })).thenRefused('inquiry-scope-empty');
  });
  it('refuses a period that ends before it starts', () => {
    given().when(receive({ scope: scope({ period: { from: '2021-02-01T00:00:00.000Z', to: '2021-01-01T00:00:00.000Z' } }) })).thenRefused('scope-period-invalid');
  });
  it('refuses an answer deadline before the receipt', () => {
    given().when(receive({ answerDueAt: '2026-05-01T00:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'answerDueAt' });
  });
  it('refuses a receipt in the future', () => {
    given().when(receive({ receivedAt: '2026-06-11T00:00:00.000Z', answerDueAt: '2026-07-11T00:00:00.000Z' })).thenRefused('time-in-future');
  });
  it('refuses the same inquiry twice', () => {
    given(received()).when(receive()).thenRefused('inquiry-already-received');
  });
});

describe('ChangeInquiryScope', () => {
  const change = (newScope: InquiryScope, readers: readonly string[] | null = null) => (state: Parameters<typeof decideChangeInquiryScope>[1], at: DecisionContext) =>
    decideChangeInquiryScope({ changedAt: '2026-06-05T07:00:00.000Z', scope: newScope, readers, reason: ' The AP asks about one more breach. ' }, state, at);

  it('records the new scope with its reason', () => {
    given(received())
      .when(change(scope({ breachIds: [BREACH] })))
      .then([{ type: 'InquiryScopeChanged', data: { changedAt: '2026-06-05T07:00:00.000Z', scope: scope({ breachIds: [BREACH] }), readers: null, reason: 'The AP asks about one more breach.' } }]);
  });
  it('refuses a change that changes nothing', () => {
    given(received()).when(change(scope())).thenRefused('scope-unchanged');
  });
  it('records a change of readers alone', () => {
    expect(given(received()).state.status).toBe('open');
    given(received()).when(change(scope(), ['api-key:ap-1'])).then([{ type: 'InquiryScopeChanged', data: expect.objectContaining({ readers: ['api-key:ap-1'] }) as never }]);
  });
  it('refuses a change of a closed inquiry', () => {
    given(received(), closed).when(change(scope({ breachIds: [BREACH] }))).thenRefused('inquiry-closed');
  });
});

describe('AnswerInquiry', () => {
  const answer = (overrides: Partial<InquiryAnsweredData> = {}) => (state: Parameters<typeof decideAnswerInquiry>[1], at: DecisionContext) => decideAnswerInquiry(answeredData(overrides), state, at);

  it('records the answer with its hash and checkpoint', () => {
    given(received()).when(answer()).then([{ type: 'InquiryAnswered', data: answeredData() }]);
  });
  it('refuses an answer built for a scope that has changed since', () => {
    given(received()).when(answer({ scope: scope({ criterion: { kind: 'reported', year: 2021 } }) })).thenRefused('inquiry-scope-changed');
  });
  it('takes the same scope with its members in another order as the same scope (the store keeps canonical order)', () => {
    const reordered = { period: null, criterion: { year: 2021, kind: 'reported-late' }, breachIds: [] } as unknown as InquiryScope;
    given(received({ scope: reordered })).when(answer()).then([{ type: 'InquiryAnswered', data: answeredData() }]);
  });
  it('refuses an answer to a closed inquiry', () => {
    given(received(), closed).when(answer()).thenRefused('inquiry-closed');
  });
});

describe('CloseInquiry', () => {
  const close = (closedAt: string, reason = 'Settled.') => (state: Parameters<typeof decideCloseInquiry>[1], at: DecisionContext) => decideCloseInquiry({ closedAt, reason }, state, at);

  it('records the closure', () => {
    given(received()).when(close('2026-06-09T07:00:00.000Z')).then([{ type: 'InquiryClosed', data: { closedAt: '2026-06-09T07:00:00.000Z', reason: 'Settled.' } }]);
  });
  it('refuses a closure before the answer', () => {
    given(received(), { type: 'InquiryAnswered', data: answeredData() }).when(close('2026-06-09T07:00:00.000Z')).thenRefused('time-out-of-order');
  });
  it('refuses a closure without a reason', () => {
    given(received()).when(close('2026-06-09T07:00:00.000Z', ' ')).thenRefused('closure-requires-reason');
  });
  it('refuses to close twice', () => {
    given(received(), closed).when(close('2026-06-21T07:00:00.000Z')).thenRefused('inquiry-closed');
  });
});

describe('the population of a scope', () => {
  const facts = (awareAt: string, reportedAt: string | null) => scopeFactsOf({ awareAt, year: Number(awareAt.slice(0, 4)), reportedAt });

  it('takes in a breach reported more than 72 hours after awareness, in the year of the criterion', () => {
    expect(inPopulation(facts('2021-03-01T09:00:00.000Z', '2021-03-04T09:00:01.000Z'), scope())).toBe(true);
    expect(inPopulation(facts('2021-03-01T09:00:00.000Z', '2021-03-04T09:00:00.000Z'), scope())).toBe(false);
    expect(inPopulation(facts('2022-03-01T09:00:00.000Z', '2022-03-09T09:00:00.000Z'), scope())).toBe(false);
    expect(inPopulation(facts('2021-03-01T09:00:00.000Z', null), scope())).toBe(false);
  });
  it('needs both the period and the criterion when both are given, and describes nothing with neither', () => {
    const both = scope({ period: { from: '2021-06-01T00:00:00.000Z', to: '2021-07-01T00:00:00.000Z' } });
    expect(inPopulation(facts('2021-03-01T09:00:00.000Z', '2021-03-09T09:00:00.000Z'), both)).toBe(false);
    expect(inPopulation(facts('2021-06-01T00:00:00.000Z', '2021-06-09T09:00:00.000Z'), both)).toBe(true);
    expect(inPopulation(facts('2021-06-01T00:00:00.000Z', '2021-06-09T09:00:00.000Z'), { breachIds: [BREACH], period: null, criterion: null })).toBe(false);
  });
});
