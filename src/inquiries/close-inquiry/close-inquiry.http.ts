import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AccessLogged } from '../../access-log/access-log.module.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { InquiryCommandResponseSchema, InquiryIdPipe, inquiryCommandResponse, type InquiryCommandResponse } from '../inquiry-http.js';
import { TEXT_MAX } from '../inquiry-request-parts.js';
import { CloseInquiryCommand, type CloseInquiry } from './close-inquiry.js';

export class CloseInquiryRequest {
  @ApiProperty({ example: '2026-04-20T12:00:00+02:00', description: 'not before the last act on the inquiry' })
  @IsIsoDateTime()
  closedAt!: string;

  @ApiProperty({ example: 'The AP confirmed the answer settles its question.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): CloseInquiry {
    return { closedAt: this.closedAt, reason: this.reason };
  }
}

@ApiTags('inquiries')
@Controller('inquiries')
export class CloseInquiryRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':inquiryId/closure')
  @HttpCode(201)
  @AccessLogged()
  @ApiCommand({
    summary: 'Close an inquiry',
    description: 'From then on the AP reads none of its breaches under it.',
    request: CloseInquiryRequest,
    response: InquiryCommandResponseSchema,
    example: { closedAt: '2026-04-20T12:00:00+02:00', reason: 'The AP confirmed the answer settles its question.' },
  })
  async close(
    @Param('inquiryId', InquiryIdPipe) inquiryId: string,
    @Body() body: CloseInquiryRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InquiryCommandResponse> {
    const outcome = await this.commands.execute<CloseInquiryCommand, CommandOutcome>(new CloseInquiryCommand(inquiryId, body.toCommand(), envelope));
    return inquiryCommandResponse(reply, inquiryId, outcome);
  }
}
