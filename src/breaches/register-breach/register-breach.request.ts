import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested, isBoolean, isIn, isNotEmpty, isString, maxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { absent, dateTimeField, isRecord, onlyKeys, precompiledBody, type JsonRecord } from '../../http/precompiled-body.js';
import { CIA_ASPECTS, INCIDENT_KINDS, REGIMES, type CiaAspect, type IncidentKind, type Regime } from '../breach.events.js';
import { acceptedCiaAspects, acceptedDataCategories, acceptedDataSubjectCount, DataSubjectCountRequest, IsCiaAspects, IsDataCategories, LINE_MAX, TEXT_MAX } from '../breach-request-parts.js';
import type { RegisterBreach } from './register-breach.decide.js';

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

/** A required text of at most `max` characters: @IsString() @IsNotEmpty() @MaxLength(max). */
const text = (value: unknown, max: number): boolean => isString(value) && isNotEmpty(value) && maxLength(value, max);

const DISCOVERY_KEYS: ReadonlySet<string> = new Set(['how', 'processor']);
const REGISTRATION_KEYS: ReadonlySet<string> = new Set([
  'title', 'description', 'dienst', 'awareAt', 'occurredFrom', 'occurredTo', 'discovery', 'ciaAspects', 'incidentKind',
  'dataCategories', 'specialCategories', 'bsn', 'criminalData', 'dataSubjects', 'encrypted', 'processorInformedAt', 'regime',
]);

/** DiscoveryRequest's decorators as one check (src/http/precompiled-body.ts). */
function acceptedDiscovery(value: unknown): DiscoveryRequest | undefined {
  if (!isRecord(value) || !onlyKeys(value, DISCOVERY_KEYS)) return undefined;
  if (!text(value.how, LINE_MAX)) return undefined;
  if (!absent(value.processor) && !text(value.processor, LINE_MAX)) return undefined;
  return Object.assign(new DiscoveryRequest(), value);
}

/** An @IsOptional() @IsIsoDateTime() field: the value as class-transformer leaves it, or false when refused. */
function optionalDateTime(value: unknown): string | null | undefined | false {
  return absent(value) ? value : (dateTimeField(value) ?? false);
}

/** RegisterBreachRequest's decorators as one check, for POST /breaches (src/http/precompiled-body.ts). */
function acceptedRegistration(body: JsonRecord): RegisterBreachRequest | undefined {
  if (!onlyKeys(body, REGISTRATION_KEYS)) return undefined;
  if (!text(body.title, LINE_MAX) || !text(body.description, TEXT_MAX) || !(isString(body.dienst) && isNotEmpty(body.dienst))) return undefined;
  const awareAt = dateTimeField(body.awareAt);
  const occurredFrom = optionalDateTime(body.occurredFrom);
  const occurredTo = optionalDateTime(body.occurredTo);
  const processorInformedAt = optionalDateTime(body.processorInformedAt);
  if (awareAt === undefined || occurredFrom === false || occurredTo === false || processorInformedAt === false) return undefined;
  if (!isIn(body.incidentKind, INCIDENT_KINDS) || !isBoolean(body.specialCategories) || !isBoolean(body.bsn) || !isBoolean(body.criminalData) || !isBoolean(body.encrypted)) return undefined;
  if (!absent(body.regime) && !isIn(body.regime, REGIMES)) return undefined;
  const discovery = acceptedDiscovery(body.discovery);
  const dataSubjects = acceptedDataSubjectCount(body.dataSubjects);
  const ciaAspects = acceptedCiaAspects(body.ciaAspects);
  const dataCategories = acceptedDataCategories(body.dataCategories);
  if (!discovery || !dataSubjects || !ciaAspects || !dataCategories) return undefined;
  const request = Object.assign(new RegisterBreachRequest(), body, { awareAt, discovery, dataSubjects, ciaAspects, dataCategories });
  if (occurredFrom !== undefined) request.occurredFrom = occurredFrom;
  if (occurredTo !== undefined) request.occurredTo = occurredTo;
  if (processorInformedAt !== undefined) request.processorInformedAt = processorInformedAt;
  return request;
}

precompiledBody(RegisterBreachRequest, acceptedRegistration);
