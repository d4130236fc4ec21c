import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { precompiledBody } from '../../http/precompiled-body.js';
import { CIA_ASPECTS, INCIDENT_KINDS, REGIMES, type CiaAspect, type IncidentKind, type Regime } from '../breach.events.js';
import { DataSubjectCountRequest, IsCiaAspects, IsDataCategories, LINE_MAX, TEXT_MAX } from '../breach-request-parts.js';
import type { RegisterBreach } from './register-breach.js';

export class DiscoveryRequest {
  @ApiProperty({ example: 'A citizen phoned the service desk', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  how!: string;

  @ApiPropertyOptional({type: String,  nullable: true, example: null, description: 'the processor that reported it, if one did' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  processor?: string | null;
}

export class RegisterBreachRequest {
  @ApiProperty({ example: 'Decision letter sent to the wrong address', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  title!: string;

  @ApiProperty({ example: 'A decision on social support was sent to a neighbour of the applicant.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  @ApiProperty({ example: 'SZW', description: 'one of the configured diensten (DIENSTEN)' })
  @IsString()
  @IsNotEmpty()
  dienst!: string;

  @ApiProperty({ example: '2026-03-02T10:00:00+01:00', description: 'when the organisation became aware: the 72-hour clock starts here' })
  @IsIsoDateTime()
  awareAt!: string;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, example: '2026-03-01T09:00:00+01:00' })
  @IsOptional()
  @IsIsoDateTime()
  occurredFrom?: string | null;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, example: '2026-03-01T09:00:00+01:00' })
  @IsOptional()
  @IsIsoDateTime()
  occurredTo?: string | null;

  @ApiProperty({ type: DiscoveryRequest })
  @ValidateNested()
  @Type(() => DiscoveryRequest)
  discovery!: DiscoveryRequest;

  @ApiProperty({ enum: CIA_ASPECTS, isArray: true, example: ['confidentiality'] })
  @IsCiaAspects()
  ciaAspects!: CiaAspect[];

  @ApiProperty({ enum: INCIDENT_KINDS, example: 'wrong-recipient' })
  @IsIn(INCIDENT_KINDS)
  incidentKind!: IncidentKind;

  @ApiProperty({ type: [String], example: ['name', 'address', 'income'] })
  @IsDataCategories()
  dataCategories!: string[];

  @ApiProperty({ description: 'Art. 9 special categories of personal data', example: false })
  @IsBoolean()
  specialCategories!: boolean;

  @ApiProperty({ description: 'citizen service numbers (BSN) involved', example: true })
  @IsBoolean()
  bsn!: boolean;

  @ApiProperty({ description: 'Art. 10 criminal-conviction data', example: false })
  @IsBoolean()
  criminalData!: boolean;

  @ApiProperty({ type: DataSubjectCountRequest })
  @ValidateNested()
  @Type(() => DataSubjectCountRequest)
  dataSubjects!: DataSubjectCountRequest;

  @ApiProperty({ example: false })
  @IsBoolean()
  encrypted!: boolean;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, example: null, description: 'when the processor (discovery.processor) informed the municipality: the 72-hour clock starts here (EDPB Guidelines 9/2022); awareAt still measures the registration delay' })
  @IsOptional()
  @IsIsoDateTime()
  processorInformedAt?: string | null;

  @ApiPropertyOptional({ enum: REGIMES, example: 'avg', description: '`avg` (default), or `wpg` for police data (e.g. processed by BOAs)' })
  @IsOptional()
  @IsIn(REGIMES)
  regime?: Regime;

  toCommand(breachId: string): RegisterBreach {
    return {
      breachId,
      title: this.title.trim(),
      description: this.description,
      dienst: this.dienst,
      awareAt: this.awareAt,
      occurredFrom: this.occurredFrom ?? null,
      occurredTo: this.occurredTo ?? null,
      discovery: { how: this.discovery.how, processor: this.discovery.processor ?? null },
      ciaAspects: this.ciaAspects,
      incidentKind: this.incidentKind,
      dataCategories: this.dataCategories,
      specialCategories: this.specialCategories,
      bsn: this.bsn,
      criminalData: this.criminalData,
      dataSubjects: this.dataSubjects.toDataSubjectCount(),
      encrypted: this.encrypted,
      processorInformedAt: this.processorInformedAt ?? null,
      regime: this.regime ?? 'avg',
    };
  }
}

/** POST /breaches: a valid body is built by the check derived from these decorators (src/http/precompiled-body.ts). */
precompiledBody(RegisterBreachRequest);
