import { Inject, Injectable } from '@nestjs/common';
import { auditRecommendations, type AuditRecommendationsDocument } from '../../projections/audit-recommendations.js';
import { breachRegister, type BreachRegisterDocument, type BreachRegisterRow } from '../../projections/breach-register.js';
import { breachTimeline, type BreachTimeline } from '../../projections/breach-timeline.js';
import { categoryOf, type ProjectionDefinition } from '../../projections/projection.js';
import { breachStreamId } from '../breaches/breach.events.js';
import { breachNotFound } from '../breaches/breach-commands.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import { EVENT_STORE, START, type EventStore, type Position, type StoredEvent } from '../event-store/event-store.port.js';
import { PersonalDataCodec } from '../personal-data/personal-data-codec.js';
import type { JsonObject } from '../shared/json.js';

/**
 * Views as they would have been computed from the events recorded up to a moment: the
 * same projection definitions as live, folded over a prefix of the log (the events whose
 * recordedAt is not after `asOf`), never a second implementation.
 */
@Injectable()
export class TimeTravel {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly personalData: PersonalDataCodec,
  ) {}

  async breachTimeline(breachId: string, asOf: string): Promise<{ view: BreachTimeline; position: Position }> {
    let stream: readonly StoredEvent[];
    try {
      stream = await this.events.readStream(breachStreamId(breachId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw breachNotFound(breachId)();
      throw error;
    }
    const prefix = stream.filter((event) => recordedBy(event, asOf));
    const views = await this.fold(breachTimeline, prefix);
    const view = views.get(breachId);
    if (!view) throw breachNotFound(breachId)(); // not yet registered at that moment
    return { view, position: prefix.at(-1)?.position ?? START };
  }

  /** Every register row as of a moment. */
  async registerRows(asOf: string): Promise<{ rows: BreachRegisterRow[]; position: Position }> {
    const { documents, position } = await this.documentsAsOf(breachRegister, asOf);
    const rows = documents.map(({ basis: _basis, ...row }: BreachRegisterDocument) => row);
    return { rows, position };
  }

  /** Every audit document as of a moment (for `auditFigures` in the annual report's `asOf`). */
  async auditDocuments(asOf: string): Promise<{ documents: AuditRecommendationsDocument[]; position: Position }> {
    return this.documentsAsOf(auditRecommendations, asOf);
  }

  /** Every document of a projection, folded from the events of its category recorded up to `asOf`. */
  private async documentsAsOf<D extends JsonObject>(definition: ProjectionDefinition<D>, asOf: string): Promise<{ documents: D[]; position: Position }> {
    const prefix: StoredEvent[] = [];
    for (let from = START; ; ) {
      const page = await this.events.readAll({ fromPosition: from, maxCount: 1000 });
      prefix.push(...page.filter((event) => categoryOf(event.streamId) === definition.category && recordedBy(event, asOf)));
      const last = page.at(-1);
      if (!last || page.length < 1000) break;
      from = last.position + 1n;
    }
    const documents = await this.fold(definition, prefix);
    return { documents: [...documents.values()], position: prefix.at(-1)?.position ?? START };
  }

  private async fold<D extends JsonObject>(definition: ProjectionDefinition<D>, events: readonly StoredEvent[]): Promise<Map<string, D>> {
    const documents = new Map<string, D>();
    for (const stored of events) {
      const event = await this.personalData.decode(stored);
      const id = definition.documentId(event);
      const next = definition.apply(documents.get(id), event);
      if (next === null) documents.delete(id);
      else documents.set(id, next);
    }
    return documents;
  }
}

/** Recorded at or before the moment (recordedAt is the service's own clock, never the client's). */
function recordedBy(event: StoredEvent, asOf: string): boolean {
  return Date.parse(event.metadata.recordedAt) <= Date.parse(asOf);
}
