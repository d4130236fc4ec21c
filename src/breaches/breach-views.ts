import { Injectable } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { IsIsoDateTime } from '../http/iso-date-time.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { breachRegister, type BreachRegisterDocument, type BreachRegisterRow } from '../../projections/breach-register.js';
import { breachTimeline, type BreachTimeline } from '../../projections/breach-timeline.js';
import type { Filter, Query } from '../read-store/document-store.port.js';
import { ProjectionViews } from '../read-store/projection-views.js';
import { breachNotFound } from './breach-commands.js';
import { MinPositionQuery, type Viewed } from '../http/view-queries.js';

/** The view helpers every read route shares, where the breach routes have always found them. */
export { MinPositionQuery, withPosition, type Viewed } from '../http/view-queries.js';

/** `?asOf=`: the view as it would have been computed from the events recorded up to then. */
export class AsOfQuery extends MinPositionQuery {
  @ApiPropertyOptional({ example: '2026-03-05T12:00:00+01:00', description: 'time travel: the view from the events recorded up to this moment (ISO-8601 with an offset)' })
  @IsOptional()
  @IsIsoDateTime()
  asOf?: string;
}

/** Reads the breach views (the timeline and the register projections), waiting for minPosition. */
@Injectable()
export class BreachViews extends ProjectionViews {
  get atRiskHours(): number {
    return this.config.readStore.atRiskHours;
  }

  timeline(breachId: string, minPosition?: bigint): Promise<Viewed<BreachTimeline>> {
    return this.one<BreachTimeline>(breachTimeline.name, breachId, breachNotFound(breachId), minPosition);
  }

  async register(query: Query, minPosition?: bigint): Promise<Viewed<{ items: BreachRegisterRow[]; total: number }>> {
    const { view, position } = await this.page<BreachRegisterDocument>(breachRegister.name, query, minPosition);
    return { view: { items: view.items.map(rowOf), total: view.total }, position };
  }

  /** Every register row matching the filters (the reports need all of a year's rows). */
  async allRows(where: readonly Filter[], minPosition?: bigint): Promise<Viewed<BreachRegisterRow[]>> {
    const { view, position } = await this.all<BreachRegisterDocument>(breachRegister.name, { where, orderBy: [{ field: 'awareAt', direction: 'asc' }] }, minPosition);
    return { view: view.map(rowOf), position };
  }
}

/** The register row without the summary it is folded from. */
function rowOf(document: BreachRegisterDocument): BreachRegisterRow {
  const { basis: _basis, ...row } = document;
  return row;
}
