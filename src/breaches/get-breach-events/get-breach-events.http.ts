import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { AccessLogged } from '../../access-log/access-log.module.js';
import { toWireEvent, type WireEvent } from '../../http/wire.js';
import { BreachIdPipe } from '../breach-http.js';
import { GetBreachEvents } from './get-breach-events.js';

class BreachEventsResponse {
  @ApiProperty() breachId!: string;
  @ApiProperty({ description: 'the revision of the last event' }) revision!: number;
  @ApiProperty({
    description: 'every stored event in order: eventId, streamId, revision, position (string), type, schemaVersion, data, metadata (recordedAt, actor, commandId, correlationId, causationId, prevHash, hash)',
    type: 'array',
    items: { type: 'object' },
  })
  events!: WireEvent[];
}

@ApiTags('breaches')
@Controller('breaches')
export class GetBreachEventsRoute {
  constructor(private readonly queries: QueryBus) {}

  @Get(':breachId/events')
  @AccessLogged()
  @ApiOperation({
    summary: "A breach's stored events in order, with their full envelopes (the replay of its stream)",
    description:
      'The events exactly as stored and hashed: each personal field (PERSONAL_FIELDS in src/breaches/breach.events.ts: titles, descriptions, names, free text) ' +
      'is the ciphertext { "$enc": "A256GCM", "kid": <breachId>, "iv", "tag", "ct" }, not the text, so the hash chain can be verified from this answer, ' +
      'also after the personal data was erased. The text is read in the views (GET /breaches/{breachId}), which show "[erased]" once it is erased.',
  })
  @ApiOkResponse({ type: BreachEventsResponse })
  async events(@Param('breachId', BreachIdPipe) breachId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<BreachEventsResponse> {
    const events = await this.queries.execute<GetBreachEvents, readonly StoredEvent[]>(new GetBreachEvents(breachId));
    const revision = events.at(-1)?.revision ?? -1;
    void reply.header('etag', `"${revision}"`);
    return { breachId, revision, events: events.map(toWireEvent) };
  }
}
