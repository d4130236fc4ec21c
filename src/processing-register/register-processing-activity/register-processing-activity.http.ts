import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { REGIMES, type Regime } from '../../shared/regime.rules.js';
import { ProcessingCommandResponseSchema, processingCommandResponse, type ProcessingCommandResponse } from '../processing-http.js';
import { IsTextList, LINE_MAX, LIST_MAX, OwnerRequest, PurposeRequest, TEXT_MAX, ThirdCountryTransferRequest } from '../processing-request-parts.js';
import { RegisterProcessingActivityCommand, type RegisterProcessingActivity } from './register-processing-activity.js';
import { REGISTER_PROCESSING_ACTIVITY_EXAMPLE } from '../processing-examples.js';

export class RegisterProcessingActivityRequest {
  @ApiProperty({ example: 'Parking permits', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  name!: string;

  @ApiPropertyOptional({ example: 'College van burgemeester en wethouders', maxLength: LINE_MAX, description: 'Art. 30(1)(a): the controller; left out, the completeness report flags it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  controller?: string;

  @ApiPropertyOptional({ type: [String], example: [], description: 'Art. 26: the joint controllers, an empty list when there are none; left out, flagged as missing' })
  @IsOptional()
  @IsTextList()
  jointControllers?: string[];

  @ApiPropertyOptional({ type: [String], example: ['Parkeerbeheer BV'], description: 'Art. 28: the processors, an empty list when there are none; left out, flagged as missing' })
  @IsOptional()
  @IsTextList()
  processors?: string[];

  @ApiPropertyOptional({ enum: REGIMES, example: 'avg', description: '`avg` (default), or `wpg` for police data (e.g. processed by BOAs)' })
  @IsOptional()
  @IsIn(REGIMES)
  regime?: Regime;

  @ApiProperty({ type: [PurposeRequest], description: 'at least one; each with its lawful basis (Art. 6(1))' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST_MAX)
  @ValidateNested({ each: true })
  @Type(() => PurposeRequest)
  purposes!: PurposeRequest[];

  @ApiProperty({ type: [String], example: ['Residents'] })
  @IsTextList()
  dataSubjectCategories!: string[];

  @ApiProperty({ type: [String], example: ['Name', 'Address'] })
  @IsTextList()
  personalDataCategories!: string[];

  @ApiProperty({ type: [String], example: ['Parking enforcement'] })
  @IsTextList()
  recipients!: string[];

  @ApiProperty({ type: [ThirdCountryTransferRequest] })
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @ValidateNested({ each: true })
  @Type(() => ThirdCountryTransferRequest)
  thirdCountryTransfers!: ThirdCountryTransferRequest[];

  @ApiProperty({ example: 'Two years after the permit ends', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  retention!: string;

  @ApiProperty({ type: [String], example: ['Role-based access'] })
  @IsTextList()
  securityMeasures!: string[];

  @ApiProperty({ example: 'DSB', description: 'one of the configured diensten (DIENSTEN)' })
  @IsString()
  @IsNotEmpty()
  dienst!: string;

  @ApiProperty({ type: OwnerRequest })
  @ValidateNested()
  @Type(() => OwnerRequest)
  owner!: OwnerRequest;

  @ApiProperty({ description: 'likely to result in a high risk, so a DPIA is needed (Art. 35(1))' })
  @IsBoolean()
  dpiaNeeded!: boolean;

  @ApiProperty({ example: '2026-02-02T10:00:00+01:00' })
  @IsIsoDateTime()
  registeredAt!: string;

  toCommand(processingActivityId: string): RegisterProcessingActivity {
    return {
      processingActivityId,
      name: this.name,
      controller: this.controller ?? null,
      jointControllers: this.jointControllers ?? null,
      processors: this.processors ?? null,
      regime: this.regime ?? 'avg',
      purposes: this.purposes.map((purpose) => purpose.toPurpose()),
      dataSubjectCategories: this.dataSubjectCategories,
      personalDataCategories: this.personalDataCategories,
      recipients: this.recipients,
      thirdCountryTransfers: this.thirdCountryTransfers.map((transfer) => transfer.toTransfer()),
      retention: this.retention,
      securityMeasures: this.securityMeasures,
      dienst: this.dienst,
      owner: this.owner.toOwner(),
      dpiaNeeded: this.dpiaNeeded,
      registeredAt: this.registeredAt,
    };
  }
}

/** Processing-activity ids are derived from the client and its Idempotency-Key, so a retry finds its activity. */
const PROCESSING_ID_NAMESPACE = '7b1f4c2e-9d3a-5e6b-8c0d-1a2b3c4d5e6f';

@ApiTags('processing-activities')
@Controller('processing-activities')
export class RegisterProcessingActivityRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCommand({
    summary: 'Register a processing activity',
    description: 'Art. 30(1): the record of a processing activity. Every purpose has its lawful basis (Art. 6(1)); the owner is the AD of the dienst, or the GS with the reason no AD can be named.',
    request: RegisterProcessingActivityRequest,
    response: ProcessingCommandResponseSchema,
    creates: true,
    example: REGISTER_PROCESSING_ACTIVITY_EXAMPLE,
  })
  async register(
    @Body() body: RegisterProcessingActivityRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessingCommandResponse> {
    const processingActivityId = uuidv5(`${envelope.actor.id}\n${envelope.idempotencyKey}`, PROCESSING_ID_NAMESPACE);
    const outcome = await this.commands.execute<RegisterProcessingActivityCommand, CommandOutcome>(new RegisterProcessingActivityCommand(body.toCommand(processingActivityId), envelope));
    void reply.header('location', `/processing-activities/${processingActivityId}`);
    return processingCommandResponse(reply, processingActivityId, outcome);
  }
}
