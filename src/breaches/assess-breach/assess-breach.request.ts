import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { RISK_LEVELS, SEVERITIES, type RiskLevel, type Severity } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { AssessBreach } from './assess-breach.js';

export class AssessBreachRequest {
  @ApiProperty({ example: '2026-03-02T13:00:00+01:00', description: 'when the assessment was made; not before awareAt nor before the previous assessment' })
  @IsIsoDateTime()
  assessedAt!: string;

  @ApiProperty({ enum: RISK_LEVELS, example: 'high', description: "risk to the rights and freedoms of the data subjects: 'risk' and 'high' must be reported (Art. 33(1))" })
  @IsIn(RISK_LEVELS)
  risk!: RiskLevel;

  @ApiProperty({ enum: SEVERITIES, example: 'aanzienlijk', description: "the AP's severity scale" })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty({ example: true, description: 'whether the breach must be reported to the AP' })
  @IsBoolean()
  reportable!: boolean;

  @ApiProperty({ example: true, description: 'whether the data subjects are to be notified (Art. 34): only with a high risk' })
  @IsBoolean()
  notifyDataSubjects!: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: TEXT_MAX,
    example: 'Income data of a named applicant reached a neighbour; the applicant is vulnerable to pressure.',
    description: 'the reasoning (Art. 33(5)); mandatory when not reportable, and when a high risk is not notified (Art. 34(3))',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  rationale?: string | null;

  toCommand(): AssessBreach {
    return {
      assessedAt: this.assessedAt,
      risk: this.risk,
      severity: this.severity,
      reportable: this.reportable,
      notifyDataSubjects: this.notifyDataSubjects,
      rationale: this.rationale ?? null,
    };
  }
}
