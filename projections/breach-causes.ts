import type { BreachEvent, IncidentKind, MeasurePurpose, Regime, RecommendationRelation, RootCauseCategory } from '../src/breaches/breach.events.js';
import { regimeOf } from '../src/breaches/breach.rules.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { ERASED } from '../src/shared/personal-fields.js';
import { amsterdamYear, BREACH_CATEGORY, breachIdOf, eventRef, isReplayed, readBreachEvent, UnprojectableEventError, type EventRef } from './breach-stream.js';
import { breachCausesAggregates } from './breach-causes-aggregates.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * Why breaches happen and keep happening (the FG's "most important outcome"): per breach,
 * what kind of incident it was, which data, which root causes, which measures followed, and
 * which audit recommendations it is linked to. The periods, the repeat incidents and the
 * trend over the years are computed from these documents at query time (breach-causes-report.ts).
 *
 * The measures' descriptions are personal (free text): they read "[erased]" once the breach's
 * personal data is erased, as a rebuild after the key's deletion would show them.
 */

export type CauseMeasure = { readonly measureId: string; readonly purpose: MeasurePurpose; readonly takenAt: string; readonly description: string };
export type CauseLink = { readonly auditId: string; readonly recommendationId: string; readonly relation: RecommendationRelation; readonly linkedAt: string; readonly event: EventRef };

export type BreachCausesDocument = {
  readonly breachId: string;
  readonly dienst: string;
  readonly regime: Regime;
  readonly awareAt: string;
  /** The calendar year of awareAt in Europe/Amsterdam. */
  readonly year: number;
  readonly incidentKind: IncidentKind;
  readonly dataCategories: readonly string[];
  /** Every root cause recorded, in order (`unknown` is an explicit answer). */
  readonly rootCauses: readonly RootCauseCategory[];
  readonly measures: readonly CauseMeasure[];
  readonly recommendationLinks: readonly CauseLink[];
  readonly reported: boolean;
  readonly closed: boolean;
  readonly personalDataErasedAt: string | null;
  readonly revision: number;
  readonly lastPosition: string;
};

/** The document as a fold builds it: a copy private to one fold, its lists its own, changed in place. */
type Draft = { -readonly [K in keyof BreachCausesDocument]: BreachCausesDocument[K] } & {
  rootCauses: RootCauseCategory[];
  measures: CauseMeasure[];
  recommendationLinks: CauseLink[];
};

/**
 * Folds stored events of the stream (one, or a stream's run in a build) into the document in
 * revision order, skipping each one it already reflects (`isReplayed`, which also refuses a
 * gap); throws on anything it cannot place. In one go: the facts folded event by event into
 * one copy, private to this fold (the document handed in, which the read store may still hold,
 * is never changed), and the erasure, the year and the position applied once, at the end: the
 * same document as one event at a time, since no event reads them and an erasure, once
 * recorded, stays. Undefined when every event was already reflected.
 */
export function foldBreachCauses(document: BreachCausesDocument | undefined, events: readonly StoredEvent[]): BreachCausesDocument | undefined {
  let draft: Draft | undefined;
  let last: StoredEvent | undefined;
  for (const stored of events) {
    if (isReplayed(last === undefined ? document?.revision : last.revision, stored)) continue;
    const event = readBreachEvent(stored);
    if (draft === undefined && document === undefined) draft = detected(event, stored);
    else evolve((draft ??= draftOf(document as BreachCausesDocument)), event, stored);
    last = stored;
  }
  if (last === undefined || draft === undefined) return undefined;
  if (draft.personalDataErasedAt) draft.measures = draft.measures.map((measure) => ({ ...measure, description: ERASED }));
  draft.year = document !== undefined && document.awareAt === draft.awareAt ? document.year : amsterdamYear(draft.awareAt);
  draft.revision = last.revision;
  draft.lastPosition = last.position.toString();
  return draft;
}

function draftOf(document: BreachCausesDocument): Draft {
  return { ...document, rootCauses: [...document.rootCauses], measures: [...document.measures], recommendationLinks: [...document.recommendationLinks] };
}

function detected(event: BreachEvent, stored: StoredEvent): Draft {
  if (event.type !== 'BreachDetected') throw new UnprojectableEventError(stored, 'a breach stream starts with BreachDetected');
  const { breachId, dienst, awareAt, incidentKind, dataCategories } = event.data;
  return {
    breachId,
    dienst,
    regime: regimeOf(event.data),
    awareAt,
    year: 0,
    incidentKind,
    dataCategories: [...dataCategories],
    rootCauses: [],
    measures: [],
    recommendationLinks: [],
    reported: false,
    closed: false,
    personalDataErasedAt: null,
    revision: 0,
    lastPosition: '0',
  };
}

function evolve(draft: Draft, event: BreachEvent, stored: StoredEvent): void {
  switch (event.type) {
    case 'BreachDetected':
      throw new UnprojectableEventError(stored, 'the breach was already detected');
    case 'RootCauseRecorded':
      draft.rootCauses.push(event.data.category);
      return;
    case 'MeasureTaken': {
      const { measureId, purpose, takenAt, description } = event.data;
      draft.measures.push({ measureId, purpose, takenAt, description });
      return;
    }
    case 'BreachLinkedToRecommendation': {
      const { auditId, recommendationId, relation, linkedAt } = event.data;
      draft.recommendationLinks.push({ auditId, recommendationId, relation, linkedAt, event: eventRef(stored) });
      return;
    }
    case 'BreachReportedToAP':
      draft.reported = true;
      return;
    case 'BreachClosed':
      draft.closed = true;
      return;
    case 'PersonalDataErased':
      draft.personalDataErasedAt = event.data.erasedAt;
      return;
    case 'BreachDetailsCorrected':
      for (const correction of event.data.corrections) {
        if (correction.field === 'dienst') draft.dienst = correction.to;
        else if (correction.field === 'awareAt') draft.awareAt = correction.to;
        else if (correction.field === 'incidentKind') draft.incidentKind = correction.to;
        else if (correction.field === 'dataCategories') draft.dataCategories = [...correction.to];
        else if (correction.field === 'regime') draft.regime = correction.to;
      }
      return;
    case 'DpoInformed':
    case 'DpoAdviceGiven':
    case 'BreachAssessed':
    case 'BreachReportSupplemented':
    case 'BreachReportWithdrawn':
    case 'DataSubjectsNotified':
    case 'DataSubjectNotificationWaived':
    case 'DataSubjectNotificationWaiverRevoked':
    case 'LateReasonAssessed':
    case 'NotificationDetailsRecorded':
      return; // they say nothing about causes
    default: {
      const unknown: never = event;
      throw new UnprojectableEventError(stored, `unknown breach event ${JSON.stringify(unknown)}`);
    }
  }
}

export const breachCauses: ProjectionDefinition<BreachCausesDocument> = {
  name: 'breach-causes.v1',
  category: BREACH_CATEGORY,
  indexes: ['year', 'dienst', 'incidentKind', 'awareAt'],
  documentId: breachIdOf,
  documentPerStream: true,
  // The trend's figures, kept per month of awareness in the commits of the documents.
  aggregates: breachCausesAggregates,
  apply(document, event) {
    return foldBreachCauses(document, [event]) ?? (document as BreachCausesDocument);
  },
  applyAll(document, events) {
    return foldBreachCauses(document, events) ?? (document as BreachCausesDocument);
  },
};
