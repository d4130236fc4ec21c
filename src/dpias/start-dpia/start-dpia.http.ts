import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-http.js';
import { LINE_MAX } from '../dpia-request-parts.js';
import { StartDpiaCommand, type StartDpia } from './start-dpia.js';

export class StartDpiaRequest {
  @ApiProperty({ example: 'Camera surveillance in the city centre', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  title!: string;

  @ApiProperty({ example: 'DSB', description: 'one of the configured diensten (DIENSTEN)' })
  @IsString()
  @IsNotEmpty()
  dienst!: string;

  @ApiPropertyOptional({type: String,  nullable: true, format: 'uuid', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', description: 'the processing activity of the register this DPIA assesses, when it is registered' })
  @IsOptional()
  @IsUUID()
  processingActivityId?: string | null;

  @ApiProperty({ example: 'AD DSB', maxLength: LINE_MAX, description: 'the process owner: the AD of the dienst, or the GS' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  owner!: string;

  @ApiProperty({ example: '2026-02-02T10:00:00+01:00' })
  @IsIsoDateTime()
  startedAt!: string;

  toCommand(dpiaId: string): StartDpia {
    return { dpiaId, title: this.title, dienst: this.dienst, processingActivityId: this.processingActivityId ?? null, owner: this.owner, startedAt: this.startedAt };
  }
}

/** DPIA ids are derived from the client and its Idempotency-Key, so a retry finds its DPIA. */
const DPIA_ID_NAMESPACE = '3e9d2a41-6b7c-5d8e-a0f1-92b3c4d5e6f7';

@ApiTags('dpias')
@Controller('dpias')
export class StartDpiaRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCommand({
    summary: 'Start a DPIA',
    description: 'Art. 35(1): a processing likely to result in a high risk is assessed before it starts. The owner is the AD of the dienst, or the GS.',
    request: StartDpiaRequest,
    response: DpiaCommandResponseSchema,
    creates: true,
    example: {
      title: 'Camera surveillance in the city centre',
      dienst: 'DSB',
      processingActivityId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      owner: 'AD DSB',
      startedAt: '2026-02-02T10:00:00+01:00',
    },
  })
  async start(
    @Body() body: StartDpiaRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const dpiaId = uuidv5(`${envelope.actor.id}\n${envelope.idempotencyKey}`, DPIA_ID_NAMESPACE);
    const outcome = await this.commands.execute<StartDpiaCommand, CommandOutcome>(new StartDpiaCommand(body.toCommand(dpiaId), envelope));
    void reply.header('location', `/dpias/${dpiaId}`);
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
