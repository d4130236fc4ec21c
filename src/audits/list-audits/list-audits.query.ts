import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { OptionalCalendarYear, PageQuery } from '../../http/view-queries.js';
import type { Filter } from '../../read-store/document-store.port.js';
import { AUDIT_KINDS, type AuditKind } from '../audit.events.js';

export class ListAuditsQuery extends PageQuery {
  @OptionalCalendarYear('calendar year of completedAt (Europe/Amsterdam)')
  year?: number;

  @ApiPropertyOptional({ enum: AUDIT_KINDS, description: 'internal (the yearly Wpg audit) or external (the four-yearly one)' })
  @IsOptional()
  @IsIn(AUDIT_KINDS)
  kind?: AuditKind;

  filters(): Filter[] {
    const where: Filter[] = [];
    if (this.year !== undefined) where.push({ field: 'year', op: 'eq', value: this.year });
    if (this.kind !== undefined) where.push({ field: 'kind', op: 'eq', value: this.kind });
    return where;
  }
}
