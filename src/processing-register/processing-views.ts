import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import type { ProcessingRegisterDocument } from '../../projections/processing-register.js';
import { PageQuery, queryBoolean } from '../http/view-queries.js';
import type { Filter } from '../read-store/document-store.port.js';

const STATUSES = ['registered', 'retired', 'all'] as const;

export class ListProcessingActivitiesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  dienst?: string;

  @ApiPropertyOptional({ enum: STATUSES, default: 'registered', description: '`registered`: the current register; `retired`; `all`' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ description: 'in the published register' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  published?: boolean;

  @ApiPropertyOptional({ description: 'without an owner (imported records only)' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  missingOwner?: boolean;

  @ApiPropertyOptional({ description: 'with a purpose without its lawful basis (imported records only)' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  missingLegalBasis?: boolean;

  @ApiPropertyOptional({ description: 'likely to result in a high risk, so a DPIA is needed (Art. 35(1))' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  dpiaNeeded?: boolean;

  filters(): Filter[] {
    const status = this.status ?? 'registered';
    const where: Filter[] = status === 'all' ? [] : [{ field: 'status', op: 'eq', value: status }];
    if (this.dienst !== undefined) where.push({ field: 'dienst', op: 'eq', value: this.dienst });
    for (const field of ['published', 'missingOwner', 'missingLegalBasis', 'dpiaNeeded'] as const) {
      const value = this[field];
      if (value !== undefined) where.push({ field, op: 'eq', value });
    }
    return where;
  }
}

/**
 * An entry of the published register: what Art. 30 asks the public to be able to read, not
 * the internal administration (owner, security measures, the DPIA assessment, evidence).
 */
export type PublishedEntry = Pick<
  ProcessingRegisterDocument,
  'processingActivityId' | 'name' | 'dienst' | 'purposes' | 'dataSubjectCategories' | 'personalDataCategories' | 'recipients' | 'thirdCountryTransfers' | 'retention' | 'publishedAt' | 'lastAmendedAt'
>;

export function publishedEntry(document: ProcessingRegisterDocument): PublishedEntry {
  const { processingActivityId, name, dienst, purposes, dataSubjectCategories, personalDataCategories, recipients, thirdCountryTransfers, retention, publishedAt, lastAmendedAt } = document;
  return { processingActivityId, name, dienst, purposes, dataSubjectCategories, personalDataCategories, recipients, thirdCountryTransfers, retention, publishedAt, lastAmendedAt };
}
