import { describe, it } from '@jest/globals';
import { advised, completed, context, given, started } from '../../../test/support/dpias/dpia-given.js';
import { decideGiveDpoAdviceOnDpia, type GiveDpoAdviceOnDpia } from './give-dpo-advice-on-dpia.js';

const advise = (overrides: Partial<GiveDpoAdviceOnDpia> = {}) => (state: Parameters<typeof decideGiveDpoAdviceOnDpia>[1], at: Parameters<typeof decideGiveDpoAdviceOnDpia>[2]) =>
  decideGiveDpoAdviceOnDpia({ advice: 'Limit the retention of recordings to 28 days.', advisedAt: '2026-03-02T09:00:00.000Z', ...overrides }, state, at);

describe('GiveDpoAdviceOnDpia', () => {
  it('records the FG\'s advice', () => {
    given(started()).when(advise()).then([advised()]);
  });

  it('records further advice', () => {
    given(started(), advised()).when(advise({ advisedAt: '2026-03-03T09:00:00.000Z' })).then([advised('2026-03-03T09:00:00.000Z')]);
  });

  it('lets the FG, who is independent, still advise on a completed DPIA', () => {
    given(started(), advised(), completed()).when(advise({ advisedAt: '2026-04-02T09:00:00.000Z' })).then([advised('2026-04-02T09:00:00.000Z')]);
  });

  it('refuses advice on an abandoned DPIA', () => {
    const abandoned = { type: 'DpiaAbandoned' as const, data: { abandonedAt: '2026-02-20T09:00:00.000Z', reason: 'The project was cancelled.' } };
    given(started(), abandoned).when(advise()).thenRefused('dpia-abandoned');
  });

  it('refuses advice without text', () => {
    given(started()).when(advise({ advice: ' ' })).thenRefused('advice-requires-text');
  });

  it('refuses advice before the DPIA started', () => {
    given(started()).when(advise({ advisedAt: '2026-02-01T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'advisedAt', mustNotBeBefore: 'startedAt' });
  });

  it('refuses advice in the future', () => {
    given(started()).when(advise({ advisedAt: '2026-06-02T09:00:00.000Z' }), context()).thenRefused('time-in-future', { field: 'advisedAt' });
  });

  it('refuses advice on a DPIA that was never started', () => {
    given().when(advise()).thenRefused('dpia-not-started');
  });
});
