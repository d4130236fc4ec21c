import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { MEASURE_PURPOSES, type MeasurePurpose, type MeasureTakenData } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type TakeMeasure, TakeMeasureCommand } from './take-measure.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand, CommandResponseSchema } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class TakeMeasureRequest {
  @ApiProperty({ example: 'Asked the neighbour to return the letter; it was collected the same afternoon.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  @ApiProperty({ enum: MEASURE_PURPOSES, example: 'containment', description: 'contain this breach, or prevent a repeat' })
  @IsIn(MEASURE_PURPOSES)
  purpose!: MeasurePurpose;

  @ApiProperty({ example: '2026-03-02T15:00:00+01:00', description: 'when the measure was taken; not before awareAt' })
  @IsIsoDateTime()
  takenAt!: string;

  /** The measure's id is not the client's to choose: the handler derives it from the idempotency key. */
  toCommand(): Omit<TakeMeasure, 'measureId'> {
    return { description: this.description.trim(), purpose: this.purpose, takenAt: this.takenAt };
  }
}

class TakeMeasureResponse extends CommandResponseSchema {
  @ApiProperty({ example: '5d0c3a8e-7f21-5b4c-9e6d-2a1b0c9d8e7f', description: 'the measure, derived from the Idempotency-Key: a retry answers with the same id' })
  measureId!: string;
}

@ApiTags('breaches')
@Controller('breaches')
export class TakeMeasureRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/measures')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a measure taken to contain a breach or prevent a repeat',
    description: 'Art. 33(3)(d) and 33(5): the measures are documented. takenAt may not precede awareAt. Refused once the breach is closed.',
    request: TakeMeasureRequest,
    response: TakeMeasureResponse,
    example: { description: 'Asked the neighbour to return the letter; it was collected the same afternoon.', purpose: 'containment', takenAt: '2026-03-02T15:00:00+01:00' },
  })
  async take(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: TakeMeasureRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse & { measureId: string }> {
    const outcome = await this.commands.execute<TakeMeasureCommand, CommandOutcome>(new TakeMeasureCommand(breachId, body.toCommand(), envelope));
    // From the stored event, so a replayed retry answers with the id the first attempt recorded.
    const taken = outcome.events[0]?.data as unknown as MeasureTakenData;
    return { ...breachCommandResponse(reply, breachId, outcome), measureId: taken.measureId };
  }
}
