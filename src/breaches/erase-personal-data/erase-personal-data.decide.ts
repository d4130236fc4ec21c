import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent } from '../breach.events.js';
import { requireClosedBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

/**
 * Erase the personal data of a breach: its key is deleted, so every personal field of its
 * events (PERSONAL_FIELDS) reads "[erased]" from then on, in every view and every rebuild,
 * while the log, its hash chains and the figures stay whole (the ciphertext remains). The
 * breach stays registered (Art. 33(5)); erasure serves storage limitation (Art. 5(1)(e))
 * and is allowed only after closure: while the breach is handled its documentation is exempt
 * (Art. 17(3)(b)), refused with `breach-open`. It is the service's own act, so it happens now.
 */
export interface ErasePersonalData {
  readonly reason: string;
}

export function decideErasePersonalData(command: ErasePersonalData, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireClosedBreach(state);
  if (breach.personalDataErasedAt !== null) {
    throw new DomainError('personal-data-already-erased', `the personal data of this breach was already erased at ${breach.personalDataErasedAt}`, {
      erasedAt: breach.personalDataErasedAt,
    });
  }
  // The record of an erasure says why: an auditor must be able to tell it from a mistake.
  requireText('reason', command.reason, 'erasure-requires-reason', 'an erasure must say why the personal data is erased');
  return [{ type: 'PersonalDataErased', data: { erasedAt: context.now, reason: command.reason.trim() } }];
}
