import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { DpiaCommands } from '../dpia-commands.js';
import type { DpiaCompletedData, DpiaEvent } from '../dpia.events.js';
import { requireDpiaInProgress, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../dpia.rules.js';
import type { DpiaState } from '../dpia.state.js';

/** Complete a DPIA: its residual risk, conclusion, measures, and what was done with the FG's advice. */
export type CompleteDpia = DpiaCompletedData;

export function decideCompleteDpia(command: CompleteDpia, state: DpiaState, context: DecisionContext): DpiaEvent[] {
  const dpia = requireDpiaInProgress(state);
  requireText('conclusion', command.conclusion, 'completion-requires-conclusion', 'a completed DPIA needs a conclusion');
  requireNotInFuture('completedAt', command.completedAt, context);
  requireNotBefore('completedAt', command.completedAt, 'latestBusinessTime', dpia.latestBusinessTime);
  const advised = dpia.dpoAdvisedAt !== null;
  if (advised && command.adviceFollowed === 'no-advice') {
    throw new DomainError('dpo-advice-was-given', `the FG advised at ${dpia.dpoAdvisedAt}: say what was done with the advice`, { dpoAdvisedAt: dpia.dpoAdvisedAt });
  }
  if (!advised && command.adviceFollowed !== 'no-advice') {
    throw new DomainError('no-dpo-advice-given', `no advice of the FG is recorded, so it cannot have been ${command.adviceFollowed}`, { adviceFollowed: command.adviceFollowed });
  }
  // Art. 35(2): the FG's advice must be sought; completing without it is an exception that must be explained (and shows in the overview).
  if (!advised) requireText('withoutAdviceReason', command.withoutAdviceReason, 'completion-without-advice-requires-reason', 'completing a DPIA without the FG\'s advice requires an explicit reason');
  // Art. 36(1) is about a high residual risk: "cannot reduce" only means something with one.
  if (command.measuresCannotReduceRisk && command.residualRisk !== 'high') {
    throw new DomainError('measures-cannot-reduce-requires-high-risk', `the residual risk is ${command.residualRisk}, not high`, { residualRisk: command.residualRisk });
  }
  const measures = command.measures.map((measure) => measure.trim());
  if (measures.some((measure) => measure.length === 0)) throw new DomainError('measure-requires-text', 'every measure must say something', { field: 'measures' });
  const withoutAdviceReason = advised ? null : (command.withoutAdviceReason?.trim() ?? null);
  const adviceNotFollowedJustification = justificationOf(command);
  return [{ type: 'DpiaCompleted', data: { ...command, conclusion: command.conclusion.trim(), measures, withoutAdviceReason, adviceNotFollowedJustification } }];
}

/**
 * WP248 rev.01 and WP243 rev.01: when the controller does not follow the FG's advice, the DPIA
 * documents in writing why. Mandatory with `not-followed`, possible with `partly`, and
 * meaningless when the advice was followed or none was given.
 */
function justificationOf(command: CompleteDpia): string | null {
  const justification = command.adviceNotFollowedJustification?.trim() || null;
  if (command.adviceFollowed === 'not-followed') {
    requireText('adviceNotFollowedJustification', justification, 'advice-not-followed-requires-justification', "the FG's advice was not followed: justify in writing why (WP248 rev.01, WP243 rev.01)");
  } else if (command.adviceFollowed !== 'partly' && justification !== null) {
    throw new DomainError('justification-not-applicable', `the advice was ${command.adviceFollowed}: there is nothing to justify`, { field: 'adviceNotFollowedJustification', adviceFollowed: command.adviceFollowed });
  }
  return justification;
}

export class CompleteDpiaCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: CompleteDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CompleteDpiaCommand)
export class CompleteDpiaHandler implements ICommandHandler<CompleteDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: CompleteDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideCompleteDpia(payload, state, context));
  }
}
