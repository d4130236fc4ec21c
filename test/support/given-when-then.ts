import { expect } from '@jest/globals';
import { DomainError } from '../../src/shared/domain-error.js';

/**
 * Given/when/then at the decide level, for any stream's model: fold the history with
 * `evolve`, run a decide with an explicit context (the clock), and expect either the events
 * it decides or a refusal with a stable code. No Nest, no store.
 */
export function givenWhenThen<S, E, C>(evolve: (state: S, event: E) => S, initialState: () => S, defaultContext: () => C) {
  return function given(...history: readonly E[]) {
    const state = history.reduce(evolve, initialState());
    return {
      state,
      when(decide: (state: S, context: C) => readonly E[], at: C = defaultContext()) {
        const run = () => decide(state, at);
        return {
          then(expected: readonly E[]): void {
            expect(run()).toEqual(expected);
          },
          /** The command is refused with this code (and, optionally, these details). */
          thenRefused(code: string, details?: Record<string, unknown>): void {
            let refusal: unknown;
            try {
              run();
            } catch (error) {
              refusal = error;
            }
            expect(refusal).toBeInstanceOf(DomainError);
            expect(refusal).toMatchObject({ code, ...(details ? { details: expect.objectContaining(details) } : {}) });
          },
        };
      },
    };
  };
}
