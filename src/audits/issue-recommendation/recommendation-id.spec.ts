import { describe, expect, it } from '@jest/globals';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import type { AuditCommands, AuditDecision } from '../audit-commands.js';
import type { AuditEvent } from '../audit.events.js';
import { evolve, initialState } from '../audit.state.js';
import { AUDIT_ID, auditCompleted, context } from '../../../test/support/audits/audit-given.js';
import { IssueRecommendationCommand, IssueRecommendationHandler } from './issue-recommendation.js';

/** Runs the handler's decision on a recorded audit and returns the recommendation id it chose. */
async function recommendationIdOf(idempotencyKey: string, auditId = AUDIT_ID): Promise<string> {
  let decided: readonly AuditEvent[] = [];
  const audits = {
    handle: (_id: string, _envelope: CommandEnvelope, decide: AuditDecision) => {
      decided = decide([auditCompleted()].reduce(evolve, initialState()), context());
      return Promise.resolve({} as CommandOutcome);
    },
  } as unknown as AuditCommands;
  const envelope: CommandEnvelope = { actor: { id: 'po-1', role: 'privacy-officer' }, idempotencyKey, requestHash: 'h', correlationId: 'c' };
  const payload = { findingId: 'B1', description: 'Inform the FG of every breach.', dienst: 'DSB', issuedAt: '2026-02-03T09:00:00.000Z', dueAt: null };
  await new IssueRecommendationHandler(audits).execute(new IssueRecommendationCommand(auditId, payload, envelope));
  const [event] = decided;
  if (event?.type !== 'RecommendationIssued') throw new Error('no RecommendationIssued decided');
  return event.data.recommendationId;
}

describe('IssueRecommendationHandler', () => {
  it('derives the same recommendation id when a command is retried with its idempotency key', async () => {
    expect(await recommendationIdOf('key-1')).toBe(await recommendationIdOf('key-1'));
  });

  it('derives another recommendation id for another command', async () => {
    expect(await recommendationIdOf('key-2')).not.toBe(await recommendationIdOf('key-1'));
  });

  it('derives another recommendation id for the same key on another audit', async () => {
    expect(await recommendationIdOf('key-1', '1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22')).not.toBe(await recommendationIdOf('key-1'));
  });
});
