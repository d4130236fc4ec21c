import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent } from '../breach.events.js';
import { requireClosedBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../../personal-data/personal-data-keys.port.js';
import { BreachCommands } from '../breach-commands.js';

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

export class ErasePersonalDataCommand {
  constructor(
    readonly breachId: string,
    readonly payload: ErasePersonalData,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand, CommandOutcome> {
  constructor(
    private readonly breaches: BreachCommands,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
  ) {}

  /**
   * The event first, then the key. A crash between the two leaves a recorded erasure whose
   * key still exists, which a retry completes: a retry with the same Idempotency-Key is
   * answered like the original, and any retry on the erased breach deletes the key again
   * when it is still there. The other order could leave a deleted key with no record of
   * it: personal data gone from every view and nothing in the log saying who did it, when
   * or why. (Until the key is deleted, nothing new is encrypted: decide refuses personal
   * data after a recorded erasure.)
   */
  async execute({ breachId, payload, envelope }: ErasePersonalDataCommand): Promise<CommandOutcome> {
    try {
      const outcome = await this.breaches.handle(breachId, envelope, (state, context) => decideErasePersonalData(payload, state, context));
      await this.erase(breachId);
      return outcome;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'personal-data-already-erased') await this.erase(breachId);
      throw error;
    }
  }

  /** The key deleted, and the texts encrypted under it lately forgotten by this process too. */
  private async erase(breachId: string): Promise<void> {
    await this.keys.erase(breachId);
    this.breaches.forgetEncrypted(breachId);
  }
}
