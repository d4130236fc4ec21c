import { Injectable } from '@nestjs/common';
import { breachRegister, rowOf, type BreachRegisterDocument, type BreachRegisterRow } from '../../projections/breach-register.js';
import { breachTimeline, type BreachTimeline } from '../../projections/breach-timeline.js';
import type { Filter, Query } from '../read-store/document-store.port.js';
import { ProjectionViews } from '../read-store/projection-views.js';
import type { ReadAt } from '../read-store/read-at.js';
import { breachNotFound } from './breach-commands.js';
import { breachStreamId } from './breach.events.js';
import type { Viewed } from '../http/view-queries.js';

/** The view helpers every read route shares, where the breach routes have always found them. */
export { ViewQuery, withPosition, type Viewed } from '../http/view-queries.js';

/** Reads the breach views (the timeline and the register projections), live or as of a moment. */
@Injectable()
export class BreachViews extends ProjectionViews {
  get atRiskHours(): number {
    return this.config.reporting.atRiskHours;
  }

  /** REPEAT_INCIDENT_WINDOW_DAYS: how close two breaches of a kind in a dienst must be to count as a repeat. */
  get repeatIncidentWindowDays(): number {
    return this.config.reporting.repeatIncidentWindowDays;
  }

  /** As of a moment, not found until the breach was registered. */
  timeline(breachId: string, at?: ReadAt): Promise<Viewed<BreachTimeline>> {
    return this.one<BreachTimeline>(breachTimeline, breachId, breachNotFound(breachId), at, breachStreamId(breachId));
  }

  async register(query: Query, at?: ReadAt): Promise<Viewed<{ items: BreachRegisterRow[]; total: number }>> {
    const viewed = await this.page<BreachRegisterDocument>(breachRegister, query, at);
    return { ...viewed, view: { items: viewed.view.items.map(rowOf), total: viewed.view.total } };
  }

  /** Every register row matching the filters (the reports need all of a year's rows). */
  async allRows(where: readonly Filter[], at?: ReadAt): Promise<Viewed<BreachRegisterRow[]>> {
    const viewed = await this.all<BreachRegisterDocument>(breachRegister, { where, orderBy: [{ field: 'awareAt', direction: 'asc' }] }, at);
    return { ...viewed, view: viewed.view.map(rowOf) };
  }
}
