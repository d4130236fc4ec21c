import { ParseUUIDPipe } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CommandOutcome } from '../command-handling/handle-command.js';
import { NotFoundError } from '../shared/domain-error.js';

/** The HTTP side every breach route shares: the breach id in the path, and the answer to a command. */

/** A breach id in a path: anything that is not a UUID names no breach (404). */
export const BreachIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('breach-not-found', 'there is no breach with that id') });

export interface BreachCommandResponse {
  readonly breachId: string;
  /** The breach's revision after the command: send it as If-Match with the next one. */
  readonly revision: number;
  /** The command's position in the log: pass it as minPosition to read your write. */
  readonly position: string;
}

/** The answer to every breach command; a retry gets the same answer, marked as replayed. */
export function breachCommandResponse(reply: FastifyReply, breachId: string, outcome: CommandOutcome): BreachCommandResponse {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { breachId, revision: outcome.revision, position: outcome.position.toString() };
}
