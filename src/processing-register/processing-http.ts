import { ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandOutcome } from '../command-handling/handle-command.js';
import { NotFoundError } from '../shared/domain-error.js';

/** The HTTP side every processing-activity route shares: the id in the path, and the answer to a command. */

/** A processing-activity id in a path: anything that is not a UUID names no processing activity (404). */
export const ProcessingActivityIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new NotFoundError('processing-activity-not-found', 'there is no processing activity with that id'),
});

export class ProcessingCommandResponseSchema {
  @ApiProperty({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }) processingActivityId!: string;
  @ApiProperty({ example: 3, description: 'the revision after the command; send it as If-Match next time' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string): minPosition for reading your write' }) position!: string;
}

export interface ProcessingCommandResponse {
  readonly processingActivityId: string;
  /** The processing activity's revision after the command: send it as If-Match with the next one. */
  readonly revision: number;
  /** The command's position in the log: pass it as minPosition to read your write. */
  readonly position: string;
}

/** The answer to every register command; a retry gets the same answer, marked as replayed. */
export function processingCommandResponse(reply: FastifyReply, processingActivityId: string, outcome: CommandOutcome): ProcessingCommandResponse {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { processingActivityId, revision: outcome.revision, position: outcome.position.toString() };
}
