import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { REGIMES, type Regime } from '../../shared/regime.rules.js';
import { AuditCommandResponseSchema, auditCommandResponse, type AuditCommandResponse } from '../audit-http.js';
import { FINDINGS_MAX, FINDING_ID_MAX, LINE_MAX, TEXT_MAX } from '../audit-request-parts.js';
import { AUDIT_KINDS, type AuditKind } from '../audit.events.js';
import { CompleteAuditCommand, type CompleteAudit } from './complete-audit.js';
import { COMPLETE_AUDIT_EXAMPLE } from '../audit-examples.js';

export class AuditFindingRequest {
  @ApiProperty({ example: 'B1', maxLength: FINDING_ID_MAX, description: 'the finding\'s reference in the report, unique within the audit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(FINDING_ID_MAX)
  findingId!: string;

  @ApiProperty({ example: 'Breaches are not always reported to the FG.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;
}

export class CompleteAuditRequest {
  @ApiProperty({ example: 'Privacy audit 2025', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  title!: string;

  @ApiProperty({ enum: AUDIT_KINDS, example: 'internal', description: 'the Wpg: a yearly internal and a four-yearly external audit' })
  @IsIn(AUDIT_KINDS)
  kind!: AuditKind;

  @ApiPropertyOptional({ enum: REGIMES, example: 'wpg', description: '`avg` (default), or `wpg` for an audit of Wpg processing (police data, e.g. by BOAs): only these count for the Wpg check' })
  @IsOptional()
  @IsIn(REGIMES)
  regime?: Regime;

  @ApiProperty({ example: 'Internal Audit Office', maxLength: LINE_MAX, description: 'who carried out the audit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  auditor!: string;

  @ApiProperty({ example: 'The breach register and the DPIA process', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  scope!: string;

  @ApiProperty({ example: '2026-02-02T10:00:00+01:00' })
  @IsIsoDateTime()
  completedAt!: string;

  @ApiProperty({ type: [AuditFindingRequest] })
  @IsArray()
  @ArrayMaxSize(FINDINGS_MAX)
  @ValidateNested({ each: true })
  @Type(() => AuditFindingRequest)
  findings!: AuditFindingRequest[];

  toCommand(auditId: string): CompleteAudit {
    return {
      auditId,
      title: this.title,
      kind: this.kind,
      regime: this.regime ?? 'avg',
      auditor: this.auditor,
      scope: this.scope,
      completedAt: this.completedAt,
      findings: this.findings.map(({ findingId, description }) => ({ findingId, description })),
    };
  }
}

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
    example: COMPLETE_AUDIT_EXAMPLE,
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
