import { Inject, Injectable } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsIsoDateTime } from '../http/iso-date-time.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { breachRegister, type BreachRegisterDocument, type BreachRegisterRow } from '../../projections/breach-register.js';
import { breachTimeline, type BreachTimeline } from '../../projections/breach-timeline.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DOCUMENT_STORE, type DocumentStore, type Filter, type Query } from '../read-store/document-store.port.js';
import { Projections } from '../read-store/projections.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { breachNotFound } from './breach-commands.js';

/** `?minPosition=`: the position a command returned; the query waits (bounded) until the view has it. */
export class MinPositionQuery {
  @ApiPropertyOptional({ example: '1042', description: 'wait until the view includes this position (the `position` a command returned); 503 projection-behind if it does not within READ_WAIT_TIMEOUT_MS' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'minPosition must be a position: a non-negative integer' })
  minPosition?: string;

  position(): bigint | undefined {
    return this.minPosition === undefined ? undefined : BigInt(this.minPosition);
  }
}

/** `true`/`false` in a query string as a boolean; anything else stays as given, for the validator to refuse. */
export const queryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** `?page=&pageSize=` as the breach register has them. */
export class PagedQuery extends MinPositionQuery {
  @ApiPropertyOptional({ example: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ example: 50, default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;

  limits(): { page: number; pageSize: number; limit: number; offset: number } {
    const page = this.page ?? 1;
    const pageSize = this.pageSize ?? 50;
    return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
  }
}

/** `?asOf=`: the view as it would have been computed from the events recorded up to then. */
export class AsOfQuery extends MinPositionQuery {
  @ApiPropertyOptional({ example: '2026-03-05T12:00:00+01:00', description: 'time travel: the view from the events recorded up to this moment (ISO-8601 with an offset)' })
  @IsOptional()
  @IsIsoDateTime()
  asOf?: string;
}

export interface Viewed<T> {
  readonly view: T;
  /** The log position the view reflects. */
  readonly position: bigint;
}

/** Reads the breach views (the timeline and the register projections), waiting for minPosition. */
@Injectable()
export class BreachViews {
  constructor(
    private readonly projections: Projections,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get now(): string {
    return this.clock.now().toISOString();
  }

  get atRiskHours(): number {
    return this.config.readStore.atRiskHours;
  }

  get diensten(): readonly string[] {
    return this.config.breaches.diensten;
  }

  async timeline(breachId: string, minPosition?: bigint): Promise<Viewed<BreachTimeline>> {
    const { collection, position } = await this.projections.readable(breachTimeline.name, minPosition);
    const view = await this.documents.get<BreachTimeline>(collection, breachId);
    if (!view) throw breachNotFound(breachId)();
    return { view, position };
  }

  async register(query: Query, minPosition?: bigint): Promise<Viewed<{ items: BreachRegisterRow[]; total: number }>> {
    const { collection, position } = await this.projections.readable(breachRegister.name, minPosition);
    const page = await this.documents.find<BreachRegisterDocument>(collection, query);
    return { view: { items: page.items.map(rowOf), total: page.total }, position };
  }

  /** Every register row matching the filters (the reports need all of a year's rows). */
  async allRows(where: readonly Filter[], minPosition?: bigint): Promise<Viewed<BreachRegisterRow[]>> {
    const { collection, position } = await this.projections.readable(breachRegister.name, minPosition);
    const rows: BreachRegisterRow[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.documents.find<BreachRegisterDocument>(collection, { where, orderBy: [{ field: 'awareAt', direction: 'asc' }], limit: 1000, offset });
      rows.push(...page.items.map(rowOf));
      if (rows.length >= page.total || page.items.length === 0) return { view: rows, position };
    }
  }
}

/** The register row without the summary it is folded from. */
function rowOf(document: BreachRegisterDocument): BreachRegisterRow {
  const { basis: _basis, ...row } = document;
  return row;
}

/** Every view answer says which log position it reflects. */
export function withPosition<T>(reply: FastifyReply, viewed: Viewed<T>): T {
  void reply.header('projection-position', viewed.position.toString());
  return viewed.view;
}
