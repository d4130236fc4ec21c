import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { REGIMES, type Regime } from '../../shared/regime.rules.js';
import { ProcessingActivityIdPipe, ProcessingCommandResponseSchema, processingCommandResponse, type ProcessingCommandResponse } from '../processing-http.js';
import { IsTextList, LINE_MAX, LIST_MAX, OwnerRequest, PurposeRequest, TEXT_MAX, ThirdCountryTransferRequest } from '../processing-request-parts.js';
import type { ProcessingFacts } from '../processing.events.js';
import { AmendProcessingActivityCommand, type AmendProcessingActivity, type FactChange } from './amend-processing-activity.js';

/** A field left out is not amended; a field given must be valid. */
const Given = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** The new values of the fields to amend, each validated as at registration; the old values come from the record. */
export class ProcessingFactsAmendmentRequest {
  @ApiPropertyOptional({ maxLength: LINE_MAX })
  @Given()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  name?: string;

  @ApiPropertyOptional({ type: [PurposeRequest] })
  @Given()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST_MAX)
  @ValidateNested({ each: true })
  @Type(() => PurposeRequest)
  purposes?: PurposeRequest[];

  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsTextList()
  dataSubjectCategories?: string[];

  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsTextList()
  personalDataCategories?: string[];

  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsTextList()
  recipients?: string[];

  @ApiPropertyOptional({ type: [ThirdCountryTransferRequest] })
  @Given()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @ValidateNested({ each: true })
  @Type(() => ThirdCountryTransferRequest)
  thirdCountryTransfers?: ThirdCountryTransferRequest[];

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Given()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  retention?: string;

  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsTextList()
  securityMeasures?: string[];

  @ApiPropertyOptional({ description: 'one of the configured diensten (DIENSTEN)' })
  @Given()
  @IsString()
  @IsNotEmpty()
  dienst?: string;

  @ApiPropertyOptional({ type: OwnerRequest })
  @Given()
  @ValidateNested()
  @Type(() => OwnerRequest)
  owner?: OwnerRequest;

  @ApiPropertyOptional()
  @Given()
  @IsBoolean()
  dpiaNeeded?: boolean;

  @ApiPropertyOptional({ maxLength: LINE_MAX, description: 'Art. 30(1)(a): the controller' })
  @Given()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  controller?: string;

  @ApiPropertyOptional({ type: [String], description: 'the joint controllers (Art. 26); an empty list: none' })
  @Given()
  @IsTextList()
  jointControllers?: string[];

  @ApiPropertyOptional({ type: [String], description: 'the processors (Art. 28); an empty list: none' })
  @Given()
  @IsTextList()
  processors?: string[];

  @ApiPropertyOptional({ enum: REGIMES })
  @Given()
  @IsIn(REGIMES)
  regime?: Regime;

  toChanges(): FactChange[] {
    const values: { [F in keyof ProcessingFacts]: ProcessingFacts[F] | undefined } = {
      name: this.name,
      purposes: this.purposes?.map((purpose) => purpose.toPurpose()),
      dataSubjectCategories: this.dataSubjectCategories,
      personalDataCategories: this.personalDataCategories,
      recipients: this.recipients,
      thirdCountryTransfers: this.thirdCountryTransfers?.map((transfer) => transfer.toTransfer()),
      retention: this.retention,
      securityMeasures: this.securityMeasures,
      dienst: this.dienst,
      owner: this.owner?.toOwner(),
      dpiaNeeded: this.dpiaNeeded,
      controller: this.controller?.trim(),
      jointControllers: this.jointControllers,
      processors: this.processors,
      regime: this.regime,
    };
    return Object.entries(values).flatMap(([field, to]) => (to === undefined ? [] : [{ field, to } as FactChange]));
  }
}

export class AmendProcessingActivityRequest {
  @ApiProperty({ type: ProcessingFactsAmendmentRequest, description: 'the fields to amend, with their new values' })
  @ValidateNested()
  @Type(() => ProcessingFactsAmendmentRequest)
  changes!: ProcessingFactsAmendmentRequest;

  @ApiProperty({ example: 'The permits now also cover visitors.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  @ApiProperty({ example: '2026-03-10T10:00:00+01:00' })
  @IsIsoDateTime()
  amendedAt!: string;

  toCommand(): AmendProcessingActivity {
    return { changes: this.changes.toChanges(), reason: this.reason, amendedAt: this.amendedAt };
  }
}

@ApiTags('processing-activities')
@Controller('processing-activities')
export class AmendProcessingActivityRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':processingActivityId/amendments')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Amend a processing activity',
    description: 'Changes registered Art. 30 fields; the old values are taken from the record and stay in the log. The reason is mandatory; a retired activity is not amended.',
    request: AmendProcessingActivityRequest,
    response: ProcessingCommandResponseSchema,
    example: { changes: { retention: 'One year after the permit ends' }, reason: 'The retention period was shortened.', amendedAt: '2026-03-10T10:00:00+01:00' },
  })
  async amend(
    @Param('processingActivityId', ProcessingActivityIdPipe) processingActivityId: string,
    @Body() body: AmendProcessingActivityRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessingCommandResponse> {
    const outcome = await this.commands.execute<AmendProcessingActivityCommand, CommandOutcome>(new AmendProcessingActivityCommand(processingActivityId, body.toCommand(), envelope));
    return processingCommandResponse(reply, processingActivityId, outcome);
  }
}
