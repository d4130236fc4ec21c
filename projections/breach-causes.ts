import type { IncidentKind, MeasurePurpose, Regime, RecommendationRelation, RootCauseCategory } from '../src/breaches/breach.events.js';
import { regimeOf } from '../src/breaches/breach.rules.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { ERASED } from '../src/shared/personal-fields.js';
import { amsterdamYear, BREACH_CATEGORY, breachIdOf, eventRef, readBreachEvent, replayed, UnprojectableEventError, type EventRef } from './breach-stream.js';
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

export function evolveBreachCauses(document: BreachCausesDocument | undefined, stored: StoredEvent): BreachCausesDocument {
  const event = readBreachEvent(stored);
  let next: BreachCausesDocument;
  if (document === undefined) {
    if (event.type !== 'BreachDetected') throw new UnprojectableEventError(stored, 'a breach stream starts with BreachDetected');
    const { breachId, dienst, awareAt, incidentKind, dataCategories } = event.data;
    next = {
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
  } else {
    next = document;
    switch (event.type) {
      case 'BreachDetected':
        throw new UnprojectableEventError(stored, 'the breach was already detected');
      case 'RootCauseRecorded':
        next = { ...next, rootCauses: [...next.rootCauses, event.data.category] };
        break;
      case 'MeasureTaken': {
        const { measureId, purpose, takenAt, description } = event.data;
        next = { ...next, measures: [...next.measures, { measureId, purpose, takenAt, description }] };
        break;
      }
      case 'BreachLinkedToRecommendation': {
        const { auditId, recommendationId, relation, linkedAt } = event.data;
        next = { ...next, recommendationLinks: [...next.recommendationLinks, { auditId, recommendationId, relation, linkedAt, event: eventRef(stored) }] };
        break;
      }
      case 'BreachReportedToAP':
        next = { ...next, reported: true };
        break;
      case 'BreachClosed':
        next = { ...next, closed: true };
        break;
      case 'PersonalDataErased':
        next = { ...next, personalDataErasedAt: event.data.erasedAt };
        break;
      case 'BreachDetailsCorrected':
        for (const correction of event.data.corrections) {
          if (correction.field === 'dienst') next = { ...next, dienst: correction.to };
          else if (correction.field === 'awareAt') next = { ...next, awareAt: correction.to };
          else if (correction.field === 'incidentKind') next = { ...next, incidentKind: correction.to };
          else if (correction.field === 'dataCategories') next = { ...next, dataCategories: [...correction.to] };
          else if (correction.field === 'regime') next = { ...next, regime: correction.to };
        }
        break;
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
        break; // they say nothing about causes
      default: {
        const unknown: never = event;
        throw new UnprojectableEventError(stored, `unknown breach event ${JSON.stringify(unknown)}`);
      }
    }
  }
  const erased = next.personalDataErasedAt ? { measures: next.measures.map((measure) => ({ ...measure, description: ERASED })) } : {};
  return { ...next, ...erased, year: amsterdamYear(next.awareAt), revision: stored.revision, lastPosition: stored.position.toString() };
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
    return replayed(document, event) ?? evolveBreachCauses(document, event);
  },
};
