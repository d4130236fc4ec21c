import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { REGIMES, type Regime } from '../../shared/regime.rules.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { AUDIT_KINDS, type AuditKind } from '../audit.events.js';
import { FINDING_ID_MAX, FINDINGS_MAX, LINE_MAX, TEXT_MAX } from '../audit-request-parts.js';
import type { CompleteAudit } from './complete-audit.decide.js';

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
