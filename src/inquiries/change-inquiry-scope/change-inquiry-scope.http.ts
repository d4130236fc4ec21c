import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AccessLogged } from '../../access-log/access-log.module.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { InquiryCommandResponseSchema, InquiryIdPipe, inquiryCommandResponse, type InquiryCommandResponse } from '../inquiry-http.js';
import { ReadersField, ScopeRequest, TEXT_MAX } from '../inquiry-request-parts.js';
import { ChangeInquiryScopeCommand, type ChangeInquiryScope } from './change-inquiry-scope.js';

export class ChangeInquiryScopeRequest extends ReadersField {
  @ApiProperty({ example: '2026-03-12T10:00:00+01:00' })
  @IsIsoDateTime()
  changedAt!: string;

  @ApiProperty({ type: ScopeRequest, description: 'the whole new scope (it replaces the old one)' })
  @IsObject()
  @ValidateNested()
  @Type(() => ScopeRequest)
  scope!: ScopeRequest;

  @ApiProperty({ example: 'The AP also asks about the breach it was told of by phone.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): ChangeInquiryScope {
    return { changedAt: this.changedAt, scope: this.scope.toScope(), readers: this.readers ?? null, reason: this.reason };
  }
}

@ApiTags('inquiries')
@Controller('inquiries')
export class ChangeInquiryScopeRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':inquiryId/scope-changes')
  @HttpCode(201)
  @AccessLogged()
  @ApiCommand({
    summary: 'Change what an open inquiry is about, or who at the AP may read under it',
    description: "Takes effect for the AP's very next request; recorded as an event and in the access log.",
    request: ChangeInquiryScopeRequest,
    response: InquiryCommandResponseSchema,
    example: { changedAt: '2026-03-12T10:00:00+01:00', scope: { breachIds: ['0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11'], criterion: { kind: 'reported-late', year: 2021 } }, reason: 'The AP also asks about this breach.' },
  })
  async change(
    @Param('inquiryId', InquiryIdPipe) inquiryId: string,
    @Body() body: ChangeInquiryScopeRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InquiryCommandResponse> {
    const outcome = await this.commands.execute<ChangeInquiryScopeCommand, CommandOutcome>(new ChangeInquiryScopeCommand(inquiryId, body.toCommand(), envelope));
    return inquiryCommandResponse(reply, inquiryId, outcome);
  }
}
