import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand, CommandResponseSchema } from '../../http/openapi.js';
import { breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { REGISTER_BREACH_EXAMPLE } from '../breach-examples.js';
import type { BreachDetectedData } from '../breach.events.js';
import { deadlineOf } from '../breach.rules.js';
import { RegisterBreachCommand } from './register-breach.handler.js';
import { RegisterBreachRequest } from './register-breach.request.js';
import { nameBasedIds } from '../../command-handling/name-based-id.js';

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
