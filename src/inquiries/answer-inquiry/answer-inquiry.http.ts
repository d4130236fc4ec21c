import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../../http/query-numbers.js';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { AccessLogged } from '../../access-log/access-log.module.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { RequestValidationError } from '../../http/request-errors.js';
import { InquiryAnswers } from '../answer/inquiry-answers.js';
import { InquiryCommandResponseSchema, InquiryIdPipe, inquiryCommandResponse, type InquiryCommandResponse } from '../inquiry-http.js';
import type { InquiryAnsweredData } from '../inquiry.events.js';
import { AnswerInquiryCommand } from './answer-inquiry.js';

export const NDJSON = 'application/x-ndjson';

/** The answer is built by the service from the log; the request carries nothing (an empty object, or no body). */
export class AnswerInquiryRequest {}

function requireEmptyBody(body: unknown): void {
  const empty = body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
  if (!empty) throw new RequestValidationError([{ pointer: '', message: 'an answer is built from the log: send an empty object' }]);
}

class AnswerInquiryResponse extends InquiryCommandResponseSchema {
  @ApiProperty({ description: 'sha256 (hex) of the answer bundle, as GET /inquiries/{inquiryId}/answer serves it' }) answerSha256!: string;
  @ApiProperty({ description: 'the tree size of the signed checkpoint the answer is anchored to' }) treeSize!: number;
  @ApiProperty({ description: 'how many breaches the answer covers' }) breaches!: number;
  @ApiProperty({ example: '/inquiries/3f1c2b7e-8a4f-4e3b-9c61-2f7a0b3d4e51/answer?number=1' }) answer!: string;
}

class AnswerQuery {
  @ApiPropertyOptional({ description: 'which answer (1 = the first); default the latest' })
  @IsOptional()
  @QueryInteger(1, 1_000_000)
  number?: number;
}

@ApiTags('inquiries')
@Controller('inquiries')
export class AnswerInquiryRoute {
  constructor(
    private readonly commands: CommandBus,
    private readonly answers: InquiryAnswers,
  ) {}

  @Post(':inquiryId/answers')
  @HttpCode(201)
  @AccessLogged()
  @ApiCommand({
    summary: 'Answer an inquiry from the log, with evidence the AP can check on its own',
    description:
      'Takes a signed checkpoint (pushed to the witnesses), resolves the scope on the log it covers, builds the answer bundle ' +
      '(facts citing their events, the events, inclusion proofs, the keys of the breaches in scope, for a population a redacted export of the whole log, the figures) ' +
      'and records InquiryAnswered with its sha256 and the checkpoint. Fetch the bundle from GET /inquiries/{inquiryId}/answer.',
    request: AnswerInquiryRequest,
    response: AnswerInquiryResponse,
    example: {},
  })
  async answer(
    @Param('inquiryId', InquiryIdPipe) inquiryId: string,
    @Body() body: unknown,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InquiryCommandResponse & { answerSha256: string; treeSize: number; breaches: number; answer: string }> {
    requireEmptyBody(body);
    const outcome = await this.commands.execute<AnswerInquiryCommand, CommandOutcome>(new AnswerInquiryCommand(inquiryId, envelope));
    const answered = outcome.events[0]?.data as unknown as InquiryAnsweredData;
    const number = await this.answerNumber(inquiryId, answered.answerSha256);
    void reply.header('location', `/inquiries/${inquiryId}/answer?number=${number}`);
    return { ...inquiryCommandResponse(reply, inquiryId, outcome), answerSha256: answered.answerSha256, treeSize: answered.checkpoint.treeSize, breaches: answered.breachIds.length, answer: `/inquiries/${inquiryId}/answer?number=${number}` };
  }

  @Get(':inquiryId/answer')
  @AccessLogged()
  @ApiProduces(NDJSON)
  @ApiOperation({
    summary: 'The answer bundle: one self-contained NDJSON file the AP verifies offline',
    description:
      '`privacy-ledger verify-answer <file> --public-key <key>` checks it (see the README, "For the supervisory authority"). ' +
      'Built again from the log on every request, byte for byte as hashed in InquiryAnswered (the ETag): unless a breach\'s key was erased since, which the bundle then shows.',
  })
  @ApiOkResponse({ description: 'NDJSON: answer, key ×, event/leaf × (the breaches in scope and their alert events, with proofs), consistency ×, breach × (facts, warned, undelivered), figures, footer' })
  async bundle(@Param('inquiryId', InquiryIdPipe) inquiryId: string, @Query() query: AnswerQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    const { lines, answer, number } = await this.answers.lines(inquiryId, query.number);
    void reply
      .type(NDJSON)
      .header('etag', `"sha256:${answer.answerSha256}"`)
      .header('content-disposition', `attachment; filename="answer-${inquiryId}-${number}.ndjson"`);
    return Readable.from(lines);
  }

  private async answerNumber(inquiryId: string, sha256: string): Promise<number> {
    const state = await this.answers.state(inquiryId);
    return state.status === 'none' ? 1 : state.answers.findIndex((answer) => answer.answerSha256 === sha256) + 1;
  }
}
