import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';

/** What every view (read-side) route shares: reading your write, paging, saying which position it reflects. */

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

/** An optional `?year=`: a calendar year (the views count years in Europe/Amsterdam). */
export function OptionalCalendarYear(description: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ example: 2021, description }), IsOptional(), Type(() => Number), IsInt(), Min(1900), Max(9999));
}

/** `true`/`false` in a query string as a boolean; anything else stays as given, for the validator to refuse. */
export const queryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** `?page=&pageSize=` on top of minPosition, for the lists. */
export class PageQuery extends MinPositionQuery {
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
}

/** Every view answer says which log position it reflects. */
export function withPosition<T>(reply: FastifyReply, viewed: Viewed<T>): T {
  void reply.header('projection-position', viewed.position.toString());
  return viewed.view;
}
