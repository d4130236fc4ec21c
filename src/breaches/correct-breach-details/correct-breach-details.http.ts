import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { CIA_ASPECTS, INCIDENT_KINDS, REGIMES, type CiaAspect, type CorrectableFacts, type IncidentKind, type Regime } from '../breach.events.js';
import { DataSubjectCountRequest, IsCiaAspects, IsDataCategories, LateReasonRequest, LINE_MAX, TEXT_MAX } from '../breach-request-parts.js';
import { type CorrectBreachDetails, type FactChange, CorrectBreachDetailsCommand } from './correct-breach-details.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

/** A field left out is not corrected; a field given must be valid (null only where a fact may be unknown). */
const Given = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** The new values of the fields to correct, each validated as at registration; the old values come from the record. */
export class BreachFactsCorrectionRequest {
  @ApiPropertyOptional({ example: 'Decision letter sent to the wrong address', maxLength: LINE_MAX })
  @Given()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  title?: string;

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Given()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description?: string;

  @ApiPropertyOptional({ example: 'DBV', description: 'one of the configured diensten (DIENSTEN)' })
  @Given()
  @IsString()
  @IsNotEmpty()
  dienst?: string;

  @ApiPropertyOptional({ example: '2026-03-01T10:00:00+01:00', description: 'moves the 72-hour deadline' })
  @Given()
  @IsIsoDateTime()
  awareAt?: string;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, description: 'null: not known' })
  @IsOptional()
  @IsIsoDateTime()
  occurredFrom?: string | null;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, description: 'null: not known' })
  @IsOptional()
  @IsIsoDateTime()
  occurredTo?: string | null;

  @ApiPropertyOptional({ enum: INCIDENT_KINDS })
  @Given()
  @IsIn(INCIDENT_KINDS)
  incidentKind?: IncidentKind;

  @ApiPropertyOptional({ enum: CIA_ASPECTS, isArray: true })
  @Given()
  @IsCiaAspects()
  ciaAspects?: CiaAspect[];

  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsDataCategories()
  dataCategories?: string[];

  @ApiPropertyOptional({ description: 'Art. 9 special categories of personal data' })
  @Given()
  @IsBoolean()
  specialCategories?: boolean;

  @ApiPropertyOptional({ description: 'citizen service numbers (BSN) involved' })
  @Given()
  @IsBoolean()
  bsn?: boolean;

  @ApiPropertyOptional({ description: 'Art. 10 criminal-conviction data' })
  @Given()
  @IsBoolean()
  criminalData?: boolean;

  @ApiPropertyOptional({ type: DataSubjectCountRequest })
  @Given()
  @ValidateNested()
  @Type(() => DataSubjectCountRequest)
  dataSubjects?: DataSubjectCountRequest;

  @ApiPropertyOptional()
  @Given()
  @IsBoolean()
  encrypted?: boolean;

  @ApiPropertyOptional({ description: 'only once reported to the AP' })
  @Given()
  @IsIsoDateTime()
  reportedAt?: string;

  @ApiPropertyOptional({ description: "the AP's meldnummer; only once reported" })
  @Given()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference?: string;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, description: 'when the processor informed the municipality (the 72-hour clock starts here); only for a breach a processor reported' })
  @IsOptional()
  @IsIsoDateTime()
  processorInformedAt?: string | null;

  @ApiPropertyOptional({ enum: REGIMES, description: '`avg`, or `wpg` for police data (e.g. processed by BOAs)' })
  @Given()
  @IsIn(REGIMES)
  regime?: Regime;

  toChanges(): FactChange[] {
    const values: { [F in keyof CorrectableFacts]: CorrectableFacts[F] | undefined } = {
      title: this.title?.trim(),
      description: this.description,
      dienst: this.dienst,
      awareAt: this.awareAt,
      occurredFrom: this.occurredFrom,
      occurredTo: this.occurredTo,
      incidentKind: this.incidentKind,
      ciaAspects: this.ciaAspects,
      dataCategories: this.dataCategories,
      specialCategories: this.specialCategories,
      bsn: this.bsn,
      criminalData: this.criminalData,
      dataSubjects: this.dataSubjects?.toDataSubjectCount(),
      encrypted: this.encrypted,
      reportedAt: this.reportedAt,
      apReference: this.apReference?.trim(),
      processorInformedAt: this.processorInformedAt,
      regime: this.regime,
    };
    return Object.entries(values).flatMap(([field, to]) => (to === undefined ? [] : [{ field, to } as FactChange]));
  }
}

export class CorrectBreachDetailsRequest {
  @ApiProperty({ type: BreachFactsCorrectionRequest, description: 'the fields to correct, with their new values' })
  @ValidateNested()
  @Type(() => BreachFactsCorrectionRequest)
  corrections!: BreachFactsCorrectionRequest;

  @ApiProperty({ example: 'The service desk logged the call a day after it came in.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  @ApiPropertyOptional({ type: LateReasonRequest, nullable: true, description: 'only when the correction makes the filed report late (Art. 33(1))' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LateReasonRequest)
  lateReason?: LateReasonRequest | null;

  toCommand(): CorrectBreachDetails {
    return { changes: this.corrections.toChanges(), reason: this.reason.trim(), lateReason: this.lateReason?.toLateReason() ?? null };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class CorrectBreachDetailsRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/corrections')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Correct recorded facts of a breach',
    description:
      'Name the fields to correct with their new values; the old values are taken from the record. A corrected awareAt moves the deadline: ' +
      'when that makes the filed report late and it carries no reason, the correction must carry one (Art. 33(1)). Allowed after closure (Art. 5(1)(d)).',
    request: CorrectBreachDetailsRequest,
    example: {
      corrections: { awareAt: '2026-03-01T10:00:00+01:00', dataSubjects: { kind: 'range', min: 2, max: 5 } },
      reason: 'The service desk logged the call a day after it came in.',
      lateReason: { code: 'internal-escalation', explanation: 'The service desk did not pass the call on to the privacy officers.' },
    },
  })
  async correct(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: CorrectBreachDetailsRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<CorrectBreachDetailsCommand, CommandOutcome>(new CorrectBreachDetailsCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
