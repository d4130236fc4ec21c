import { describe, expect, it } from '@jest/globals';
import type { DpiaCompletedData } from '../dpia.events.js';
import { dpiaDocument } from '../../../test/support/projections/governance-testing.js';
import { dpiaYearOverview } from '../../../projections/governance-reports.js';
import { advised, completed, completedData, given, started } from '../../../test/support/dpias/dpia-given.js';
import { decideCompleteDpia } from './complete-dpia.js';

const complete = (overrides: Partial<DpiaCompletedData>) => (state: Parameters<typeof decideCompleteDpia>[1], at: Parameters<typeof decideCompleteDpia>[2]) =>
  decideCompleteDpia(completedData(overrides), state, at);
const JUSTIFICATION = 'Recordings must be kept 60 days for the objection procedure; the FG advised 28.';

describe("CompleteDpia with the FG's advice not followed (WP248 rev.01, WP243 rev.01)", () => {
  it('refuses "not followed" without a written justification', () => {
    given(started(), advised()).when(complete({ adviceFollowed: 'not-followed' })).thenRefused('advice-not-followed-requires-justification', { field: 'adviceNotFollowedJustification' });
    given(started(), advised()).when(complete({ adviceFollowed: 'not-followed', adviceNotFollowedJustification: '  ' })).thenRefused('advice-not-followed-requires-justification');
  });

  it('records "not followed" with its justification, trimmed', () => {
    given(started(), advised())
      .when(complete({ adviceFollowed: 'not-followed', adviceNotFollowedJustification: ` ${JUSTIFICATION} ` }))
      .then([{ type: 'DpiaCompleted', data: completedData({ adviceFollowed: 'not-followed', adviceNotFollowedJustification: JUSTIFICATION }) }]);
  });

  it('accepts a justification of advice partly followed, and none', () => {
    given(started(), advised()).when(complete({ adviceFollowed: 'partly', adviceNotFollowedJustification: JUSTIFICATION })).then([{ type: 'DpiaCompleted', data: completedData({ adviceFollowed: 'partly', adviceNotFollowedJustification: JUSTIFICATION }) }]);
    given(started(), advised()).when(complete({ adviceFollowed: 'partly' })).then([{ type: 'DpiaCompleted', data: completedData({ adviceFollowed: 'partly' }) }]);
  });

  it('refuses a justification when the advice was followed', () => {
    given(started(), advised()).when(complete({ adviceFollowed: 'followed', adviceNotFollowedJustification: JUSTIFICATION })).thenRefused('justification-not-applicable', { adviceFollowed: 'followed' });
  });
});

describe('the DPIA overview of a year lists the advice not followed, with its justification', () => {
  it('names each DPIA completed in the year with the advice not (or partly) followed', () => {
    const doc = (dpiaId: string, overrides: Partial<DpiaCompletedData>) =>
      dpiaDocument(dpiaId, [started({ dpiaId }), advised(), completed({ completedAt: '2026-04-01T09:00:00.000Z', ...overrides })]);
    const overview = dpiaYearOverview(
      [doc('d-1', { adviceFollowed: 'not-followed', adviceNotFollowedJustification: JUSTIFICATION }), doc('d-2', { adviceFollowed: 'followed' }), doc('d-3', { adviceFollowed: 'partly' })],
      2026,
      ['DBV'],
    );
    expect(overview.adviceNotFollowed.map((line) => [line.dpiaId, line.adviceFollowed, line.justification])).toEqual([
      ['d-1', 'not-followed', JUSTIFICATION],
      ['d-3', 'partly', null],
    ]);
  });
});
