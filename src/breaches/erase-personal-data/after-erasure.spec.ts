import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../shared/domain-error.js';
import { decideAssessBreach } from '../assess-breach/assess-breach.js';
import type { BreachEvent } from '../breach.events.js';
import { requireNoPersonalDataAfterErasure, type DecisionContext } from '../breach.rules.js';
import { evolve, initialState, type BreachState } from '../breach.state.js';
import { decideCorrectBreachDetails } from '../correct-breach-details/correct-breach-details.js';
import { decideGiveDpoAdvice } from '../give-dpo-advice/give-dpo-advice.js';
import { decideInformDpo } from '../inform-dpo/inform-dpo.js';
import { decideNotifyDataSubjects } from '../notify-data-subjects/notify-data-subjects.js';
import { context, detected } from '../../../test/support/breaches/breach-given.js';

/**
 * After erasure no personal data may be recorded about the breach again: the rule runs on
 * what every command decides (BreachCommands), so no use case can bring the text back.
 */
const AT = context('2026-03-04T12:00:00.000Z');
const informed: BreachEvent = { type: 'DpoInformed', data: { informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'privacy officer' } };
const erased: BreachEvent = { type: 'PersonalDataErased', data: { erasedAt: '2026-03-04T11:00:00.000Z', reason: 'Retention ended.' } };
const stateOf = (...events: BreachEvent[]) => events.reduce(evolve, initialState());
const decided = (state: BreachState, decide: (s: BreachState, c: DecisionContext) => readonly BreachEvent[]) => () => requireNoPersonalDataAfterErasure(state, decide(state, AT));

function refusalOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('after erasure', () => {
  const state = stateOf(detected(), informed, erased);

  it('refuses a command that would record personal data, naming the field', () => {
    const advice = decided(state, (s, c) => decideGiveDpoAdvice({ advice: 'Call Mrs. Jansen.', advisedAt: '2026-03-04T11:30:00.000Z' }, s, c));
    expect(refusalOf(advice)).toMatchObject({ code: 'personal-data-erased', details: { erasedAt: '2026-03-04T11:00:00.000Z', field: 'advice' } });
    expect(decided(state, (s, c) => decideInformDpo({ informedAt: '2026-03-04T11:30:00.000Z', informedBy: 'J. de Vries' }, s, c))).toThrow(/informedBy/);
  });

  it('refuses a correction of an erased text, whose old value would read "[erased]"', () => {
    const correction = decided(state, (s, c) => decideCorrectBreachDetails({ changes: [{ field: 'title', to: 'Letter to a neighbour' }], reason: 'Wrong title.', lateReason: null }, s, c));
    expect(correction).toThrow(/corrections\.0\.from/);
  });

  it('accepts what records no personal data', () => {
    const assessed = decided(state, (s, c) => decideAssessBreach({ assessedAt: '2026-03-04T11:30:00.000Z', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: null }, s, c));
    expect(assessed().map((event) => event.type)).toEqual(['BreachAssessed']);
    const highRisk = stateOf(detected(), { type: 'BreachAssessed', data: { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: null } }, erased);
    const notified = decided(highRisk, (s, c) => decideNotifyDataSubjects({ notifiedAt: '2026-03-04T11:30:00.000Z', count: 2, channel: 'letter' }, s, c));
    expect(notified().map((event) => event.type)).toEqual(['DataSubjectsNotified']);
  });

  it('lets everything through before erasure', () => {
    const advice = decided(stateOf(detected(), informed), (s, c) => decideGiveDpoAdvice({ advice: 'Call Mrs. Jansen.', advisedAt: '2026-03-04T11:30:00.000Z' }, s, c));
    expect(advice().map((event) => event.type)).toEqual(['DpoAdviceGiven']);
  });
});
