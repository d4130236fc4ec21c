import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { ReadAt } from '../read-store/read-at.js';
import { IsIsoDateTime } from './iso-date-time.js';
import { IsPosition, QueryInteger } from './query-numbers.js';

/** What every view (read-side) route shares: reading your write, time travel, paging, saying which position and moment it reflects. */

/**
 * `?minPosition=` (read your write) or `?asOf=` (time travel), on every view. Examples are left
 * out on purpose: the OpenAPI UI would send them with every try.
 */
export class ViewQuery {
  @ApiPropertyOptional({ description: 'wait until the view includes this position (the `position` a command returned); 503 projection-behind if it does not within READ_WAIT_TIMEOUT_MS. Not with asOf.' })
  @IsOptional()
  @IsPosition()
  minPosition?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'time travel: the view as it would have been computed from the events recorded (metadata.recordedAt) up to this moment, with this moment as its "now" ' +
      '(ISO-8601 with an offset, e.g. 2026-03-05T12:00:00+01:00). The answer carries it as `asOf` and in the Projection-As-Of header. ' +
      '400 as-of-in-future beyond BUSINESS_TIME_MAX_SKEW_SECONDS; 400 as-of-with-min-position with minPosition.',
  })
  @IsOptional()
  @IsIsoDateTime()
  asOf?: string;

  /** Which state of the view is asked for: pass it to the views (ViewSources.open and the helpers built on it). */
  at(): ReadAt {
    return { ...(this.minPosition === undefined ? {} : { minPosition: BigInt(this.minPosition) }), ...(this.asOf === undefined ? {} : { asOf: this.asOf }) };
  }
}

/** An optional `?year=`: a calendar year (the views count years in Europe/Amsterdam). */
export function OptionalCalendarYear(description: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description }), IsOptional(), QueryInteger(1900, 9999));
}

/** `true`/`false` in a query string as a boolean; anything else stays as given, for the validator to refuse. */
export const queryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** `?page=&pageSize=` on top of minPosition and asOf, for the lists. */
export class PageQuery extends ViewQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @QueryInteger(1, 100_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @QueryInteger(1, 200)
  pageSize?: number;

  /** The page asked for, as the document store's limit and offset. */
  paging(): { page: number; pageSize: number; limit: number; offset: number } {
    const page = this.page ?? 1;
    const pageSize = this.pageSize ?? 50;
    return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
  }
}

/** A list's answer: one page of items, and how many match over all pages. */
export interface PageOf<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

export interface Viewed<T> {
  readonly view: T;
  /** The log position the view reflects. */
  readonly position: bigint;
  /** The moment a view as of a moment was asked for; absent on the live view. */
  readonly asOf?: string;
}

/**
 * Every view answer says which log position it reflects (Projection-Position); a view as of a
 * moment also says which moment (Projection-As-Of, and `asOf` in an object answer).
 */
export function withPosition<T>(reply: FastifyReply, viewed: Viewed<T>): T {
  void reply.header('projection-position', viewed.position.toString());
  if (viewed.asOf === undefined) return viewed.view;
  void reply.header('projection-as-of', viewed.asOf);
  const { view } = viewed;
  return typeof view === 'object' && view !== null && !Array.isArray(view) ? { ...view, asOf: viewed.asOf } : view;
}
