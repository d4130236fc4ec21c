import { ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandOutcome } from '../command-handling/handle-command.js';
import { NotFoundError } from '../shared/domain-error.js';

/** The HTTP side every inquiry route shares: the id in the path, and the answer to a command. */

/** An inquiry id in a path: anything that is not a UUID names no inquiry (404). */
export const InquiryIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('inquiry-not-found', 'there is no inquiry with that id') });

export class InquiryCommandResponseSchema {
  @ApiProperty({ example: '3f1c2b7e-8a4f-4e3b-9c61-2f7a0b3d4e51' }) inquiryId!: string;
  @ApiProperty({ example: 2, description: 'the revision after the command; send it as If-Match next time' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string): minPosition for reading your write' }) position!: string;
}

export interface InquiryCommandResponse {
  readonly inquiryId: string;
  readonly revision: number;
  readonly position: string;
}

/** The answer to every inquiry command; a retry gets the same answer, marked as replayed. */
export function inquiryCommandResponse(reply: FastifyReply, inquiryId: string, outcome: CommandOutcome): InquiryCommandResponse {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { inquiryId, revision: outcome.revision, position: outcome.position.toString() };
}
