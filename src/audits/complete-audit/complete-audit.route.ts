import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { AuditCommandResponseSchema, auditCommandResponse, type AuditCommandResponse } from '../audit-commands.js';
import { CompleteAuditCommand } from './complete-audit.handler.js';
import { CompleteAuditRequest } from './complete-audit.request.js';

/** Audit ids are derived from the client and its Idempotency-Key, so a retry finds its audit. */
const AUDIT_ID_NAMESPACE = 'ee801d80-3873-4072-b6aa-898d7b006b3b';

@ApiTags('audits')
@Controller('audits')
export class CompleteAuditRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a completed audit with its findings',
    description: 'The Wpg: a yearly internal and a four-yearly external audit. Recorded by the privacy officers or the CPO from the audit\'s report.',
    request: CompleteAuditRequest,
    response: AuditCommandResponseSchema,
    creates: true,
    example: {
      title: 'Privacy audit 2025',
      kind: 'internal',
      auditor: 'Internal Audit Office',
      scope: 'The breach register and the DPIA process',
      completedAt: '2026-02-02T10:00:00+01:00',
      findings: [{ findingId: 'B1', description: 'Breaches are not always reported to the FG.' }],
    },
  })
  async complete(
    @Body() body: CompleteAuditRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditCommandResponse> {
    const auditId = uuidv5(`${envelope.actor.id}\n${envelope.idempotencyKey}`, AUDIT_ID_NAMESPACE);
    const outcome = await this.commands.execute<CompleteAuditCommand, CommandOutcome>(new CompleteAuditCommand(body.toCommand(auditId), envelope));
    void reply.header('location', `/audits/${auditId}`);
    return auditCommandResponse(reply, auditId, outcome);
  }
}
