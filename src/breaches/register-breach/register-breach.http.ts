import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { precompiledBody } from '../../http/precompiled-body.js';
import { CIA_ASPECTS, INCIDENT_KINDS, REGIMES, type CiaAspect, type IncidentKind, type Regime, type BreachDetectedData } from '../breach.events.js';
import { DataSubjectCountRequest, IsCiaAspects, IsDataCategories, LINE_MAX, TEXT_MAX } from '../breach-request-parts.js';
import { type RegisterBreach, RegisterBreachCommand } from './register-breach.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand, CommandResponseSchema } from '../../http/openapi.js';
import { breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';
import { deadlineOf } from '../breach.rules.js';
import { nameBasedIds } from '../../command-handling/name-based-id.js';
import { REGISTER_BREACH_EXAMPLE } from '../breach-examples.js';

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

/** Breach ids are derived from the client and its Idempotency-Key, so a retry finds its breach. */
const BREACH_ID_NAMESPACE = 'c0f1e3a2-8d4b-5c6e-9f70-81a2b3c4d5e6';
const breachIdOf = nameBasedIds(BREACH_ID_NAMESPACE);

class RegisterBreachResponse extends CommandResponseSchema {
  @ApiProperty({ example: '2026-03-05T09:00:00.000Z', description: 'awareAt + 72 hours: the AP must have the report by then' })
  deadline!: string;
}

@ApiTags('breaches')
@Controller('breaches')
export class RegisterBreachRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCommand({
    summary: 'Register a (possible) breach',
    description: 'Every breach is registered, whether or not it is reported (Art. 33(5)). The 72-hour clock starts at awareAt.',
    request: RegisterBreachRequest,
    response: RegisterBreachResponse,
    creates: true,
    example: REGISTER_BREACH_EXAMPLE,
  })
  async register(
    @Body() body: RegisterBreachRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse & { deadline: string }> {
    const breachId = breachIdOf(`${envelope.actor.id}\n${envelope.idempotencyKey}`);
    const outcome = await this.commands.execute<RegisterBreachCommand, CommandOutcome>(new RegisterBreachCommand(body.toCommand(breachId), envelope));
    const detected = outcome.events[0]?.data as unknown as BreachDetectedData;
    void reply.header('location', `/breaches/${breachId}`);
    return { ...breachCommandResponse(reply, breachId, outcome), deadline: deadlineOf(detected) };
  }
}
