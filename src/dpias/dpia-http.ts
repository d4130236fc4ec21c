import { ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandOutcome } from '../command-handling/handle-command.js';
import { NotFoundError } from '../shared/domain-error.js';

/** The HTTP side every DPIA route shares: the id in the path, and the answer to a command. */

/** A DPIA id in a path: anything that is not a UUID names no DPIA (404). */
export const DpiaIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('dpia-not-found', 'there is no DPIA with that id') });

export class DpiaCommandResponseSchema {
  @ApiProperty({ example: '5d2c1b7e-8a4f-4e3b-9c61-2f7a0b3d4e51' }) dpiaId!: string;
  @ApiProperty({ example: 3, description: 'the revision after the command; send it as If-Match next time' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string): minPosition for reading your write' }) position!: string;
}

export interface DpiaCommandResponse {
  readonly dpiaId: string;
  /** The DPIA's revision after the command: send it as If-Match with the next one. */
  readonly revision: number;
  /** The command's position in the log: pass it as minPosition to read your write. */
  readonly position: string;
}

/** The answer to every DPIA command; a retry gets the same answer, marked as replayed. */
export function dpiaCommandResponse(reply: FastifyReply, dpiaId: string, outcome: CommandOutcome): DpiaCommandResponse {
  void reply.header('etag', `"${outcome.revision}"`);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return { dpiaId, revision: outcome.revision, position: outcome.position.toString() };
}
