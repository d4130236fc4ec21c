import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { AccessLogged } from '../access-log/access-log.module.js';
import { assertStreamId } from '../event-store/append-input.js';
import { EVENT_STORE, START, type EventStore, type StoredEvent } from '../event-store/event-store.port.js';
import { IsPosition, QueryInteger } from '../http/query-numbers.js';
import { toWireEvent, type WireEvent } from '../http/wire.js';

export const NDJSON = 'application/x-ndjson';

class ReplayQuery {
  @ApiPropertyOptional({ example: '0', description: 'inclusive: 0, or the position of an event (decimal string), such as a page\'s nextPosition; a position that is no event\'s may be refused with 400 invalid-position' })
  @IsOptional()
  @IsPosition()
  fromPosition?: string;

  @ApiPropertyOptional({ default: 1000, maximum: 10_000 })
  @IsOptional()
  @QueryInteger(1, 10_000)
  limit?: number;

  @ApiPropertyOptional({ enum: ['json', 'ndjson'], description: 'ndjson streams every event from fromPosition to the end, one envelope per line (also with Accept: application/x-ndjson)' })
  @IsOptional()
  @IsIn(['json', 'ndjson'])
  format?: 'json' | 'ndjson';
}

class StreamQuery {
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @QueryInteger(0)
  fromRevision?: number;

  @ApiPropertyOptional({ default: 1000, maximum: 10_000 })
  @IsOptional()
  @QueryInteger(1, 10_000)
  limit?: number;
}

/** Replay for auditors: the log as stored (personal fields as ciphertext), with full envelopes. */
@ApiTags('audit')
@Controller('audit')
export class ReplayRoute {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  @Get('events')
  @AccessLogged()
  @ApiOperation({ summary: 'The whole log in global order, from a position: a page of JSON, or everything as NDJSON' })
  @ApiProduces('application/json', NDJSON)
  @ApiOkResponse({ description: '{ events, nextPosition } (nextPosition null at the end), or one envelope per line' })
  async all(@Query() query: ReplayQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ events: WireEvent[]; nextPosition: string | null } | Readable> {
    const from = query.fromPosition === undefined ? START : BigInt(query.fromPosition);
    if (query.format === 'ndjson' || (query.format === undefined && accept?.includes(NDJSON))) {
      // The first page is read before the answer starts: a bad position is still a 400, not a broken stream.
      const first = await this.events.readAll({ fromPosition: from, maxCount: 1000 });
      void reply.type(NDJSON);
      return Readable.from(ndjson(this.events, first));
    }
    const limit = query.limit ?? 1000;
    // One event more than the page: its position is where the next page starts (an event's
    // position, as every engine accepts), and none means the end.
    const events = await this.events.readAll({ fromPosition: from, maxCount: limit + 1 });
    const next = events.length > limit ? events[limit] : undefined;
    return { events: events.slice(0, limit).map(toWireEvent), nextPosition: next ? next.position.toString() : null };
  }

  @Get('streams/:streamId')
  @AccessLogged()
  @ApiOperation({ summary: 'One stream of the log, in order, with full envelopes' })
  @ApiOkResponse({ description: '{ streamId, events }' })
  async stream(@Param('streamId') streamId: string, @Query() query: StreamQuery): Promise<{ streamId: string; events: WireEvent[] }> {
    assertStreamId(streamId);
    const events = await this.events.readStream(streamId, { fromRevision: query.fromRevision ?? 0, maxCount: query.limit ?? 1000 });
    return { streamId, events: events.map(toWireEvent) };
  }
}

/** Every event from the first page on, one JSON line each, read page by page (memory stays flat). */
export async function* ndjson(events: EventStore, first: readonly StoredEvent[]): AsyncGenerator<string> {
  let page = first;
  for (;;) {
    for (const event of page) yield `${JSON.stringify(toWireEvent(event))}\n`;
    const last = page.at(-1);
    if (!last || page.length < 1000) return;
    page = await events.readAll({ afterPosition: last.position, maxCount: 1000 });
  }
}
