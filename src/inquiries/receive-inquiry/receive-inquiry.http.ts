import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import { AccessLogged } from '../../access-log/access-log.module.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { InquiryCommandResponseSchema, inquiryCommandResponse, type InquiryCommandResponse } from '../inquiry-http.js';
import { LINE_MAX, ReadersField, ScopeRequest, TEXT_MAX } from '../inquiry-request-parts.js';
import { ReceiveInquiryCommand, type ReceiveInquiry } from './receive-inquiry.js';

/** Inquiry ids derive from the client and its Idempotency-Key, so a retry finds its inquiry. */
const INQUIRY_ID_NAMESPACE = 'c0a8e1f2-3b4d-4e5f-8a6b-7c8d9e0f1a2b';

export class ReceiveInquiryRequest extends ReadersField {
  @ApiProperty({ example: '2026-03-10T09:00:00+01:00', description: 'when the inquiry reached the organisation' })
  @IsIsoDateTime()
  receivedAt!: string;

  @ApiProperty({ example: 'AP-2026-00123', maxLength: LINE_MAX, description: "the AP's reference of the inquiry" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference!: string;

  @ApiProperty({ example: 'Which breaches of 2021 were reported more than 72 hours after awareness, and why?', maxLength: TEXT_MAX, description: "the question in the AP's words" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  question!: string;

  @ApiProperty({ type: ScopeRequest, description: 'breaches named, and/or a period and/or a criterion' })
  @IsObject()
  @ValidateNested()
  @Type(() => ScopeRequest)
  scope!: ScopeRequest;

  @ApiProperty({ example: '2026-04-10T17:00:00+02:00', description: 'when the AP wants the answer; not before receivedAt' })
  @IsIsoDateTime()
  answerDueAt!: string;

  toCommand(inquiryId: string): ReceiveInquiry {
    return { inquiryId, receivedAt: this.receivedAt, apReference: this.apReference, question: this.question, scope: this.scope.toScope(), answerDueAt: this.answerDueAt, readers: this.readers ?? null };
  }
}

@ApiTags('inquiries')
@Controller('inquiries')
export class ReceiveInquiryRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AccessLogged()
  @ApiCommand({
    summary: 'Record an inquiry of the supervisory authority (AP)',
    description:
      'Its question, scope (breaches named, a period of awareAt, a criterion such as reported-late in a year) and answer deadline. ' +
      'While it is open, the AP identities it names (or every AP identity) read exactly the breaches in its scope.',
    request: ReceiveInquiryRequest,
    response: InquiryCommandResponseSchema,
    creates: true,
    example: {
      receivedAt: '2026-03-10T09:00:00+01:00',
      apReference: 'AP-2026-00123',
      question: 'Which breaches of 2021 were reported more than 72 hours after awareness, and why?',
      scope: { criterion: { kind: 'reported-late', year: 2021 } },
      answerDueAt: '2026-04-10T17:00:00+02:00',
    },
  })
  async receive(@Body() body: ReceiveInquiryRequest, @CommandRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) reply: FastifyReply): Promise<InquiryCommandResponse> {
    const inquiryId = uuidv5(`${envelope.actor.id}\n${envelope.idempotencyKey}`, INQUIRY_ID_NAMESPACE);
    const outcome = await this.commands.execute<ReceiveInquiryCommand, CommandOutcome>(new ReceiveInquiryCommand(body.toCommand(inquiryId), envelope));
    void reply.header('location', `/inquiries/${inquiryId}`);
    return inquiryCommandResponse(reply, inquiryId, outcome);
  }
}
