import { describe, expect, it } from '@jest/globals';
import type { AuditEvent } from './audit.events.js';
import { isOpen } from './audit.rules.js';
import { evolve, initialState } from './audit.state.js';
import { RECOMMENDATION_ID, auditCompleted, dpoInformed, given, implemented, issued } from '../../test/support/audits/audit-given.js';

describe('audit state', () => {
  it('follows a recommendation from issue to the FG being informed', () => {
    const { state } = given(auditCompleted(), issued(), implemented(), dpoInformed());
    expect(state).toMatchObject({
      status: 'completed',
      recommendations: [{ recommendationId: RECOMMENDATION_ID, dienst: 'DSB', implementedAt: '2026-04-01T09:00:00.000Z', dpoInformedAt: '2026-04-02T09:00:00.000Z' }],
    });
  });

  it('a recommendation stays open until it is implemented and the FG informed', () => {
    const open = (...rest: AuditEvent[]) => {
      const { state } = given(auditCompleted(), issued(), ...rest);
      if (state.status !== 'completed') throw new Error('no audit');
      return state.recommendations.map(isOpen);
    };
    expect(open()).toEqual([true]);
    expect(open(implemented())).toEqual([true]);
    expect(open(implemented(), dpoInformed())).toEqual([false]);
  });

  it('ignores events before the audit in an invalid stream, and throws on an unknown type', () => {
    expect(evolve(initialState(), issued())).toEqual(initialState());
    expect(() => evolve(given(auditCompleted()).state, { type: 'Nonsense' } as never)).toThrow('unknown audit event Nonsense');
  });
});
