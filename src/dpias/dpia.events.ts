import type { SchemaVersions, StreamEvent } from '../shared/stream-events.js';

/**
 * The events of a DPIA stream (`dpia-<uuid>`): the stored contract. Names and fields follow
 * docs/domain.md "DPIAs (Art. 35, 36)". Times are UTC ISO-8601 strings. Who did it lives in the
 * envelope's metadata, never here. Only optional fields may be added to a version; anything
 * else is a new schemaVersion with an upcaster. Documented in README.md.
 */

export type ResidualRisk = 'low' | 'medium' | 'high';
export const RESIDUAL_RISKS: readonly ResidualRisk[] = ['low', 'medium', 'high'];

/** What was done with the FG's advice (Art. 35(2)); `no-advice` when none was given. */
export type AdviceFollowed = 'followed' | 'partly' | 'not-followed' | 'no-advice';
export const ADVICE_FOLLOWED: readonly AdviceFollowed[] = ['followed', 'partly', 'not-followed', 'no-advice'];

export interface DpiaStartedData {
  readonly dpiaId: string;
  readonly title: string;
  readonly dienst: string;
  /** The processing activity of the register (Art. 30) this DPIA assesses, when it is registered. */
  readonly processingActivityId: string | null;
  /** The process owner: the AD of the dienst, or the GS. */
  readonly owner: string;
  readonly startedAt: string;
}

export interface DpoAdviceOnDpiaGivenData {
  readonly advice: string;
  readonly advisedAt: string;
}

export interface DpiaCompletedData {
  readonly completedAt: string;
  readonly residualRisk: ResidualRisk;
  readonly conclusion: string;
  readonly measures: readonly string[];
  readonly adviceFollowed: AdviceFollowed;
  /** Mandatory when completed without the FG's advice (then `adviceFollowed` is `no-advice`). */
  readonly withoutAdviceReason: string | null;
  /** Art. 36(1): the measures cannot reduce the high residual risk; prior consultation is then required. */
  readonly measuresCannotReduceRisk: boolean;
  /**
   * Why the FG's advice was not (or only partly) followed: mandatory with `not-followed`
   * (WP248 rev.01, WP243 rev.01: the justification is documented in writing). Absent in
   * events from before it was recorded.
   */
  readonly adviceNotFollowedJustification?: string | null;
}

export interface PriorConsultationRequestedData {
  readonly requestedAt: string;
  /** The AP's reference of the consultation. */
  readonly apReference: string;
}

export interface PriorConsultationConcludedData {
  readonly concludedAt: string;
  /** The AP's written advice, or the powers it used (Art. 36(2), Art. 58). */
  readonly outcome: string;
  readonly apReference: string;
}

export interface DpiaAbandonedData {
  readonly abandonedAt: string;
  readonly reason: string;
}

export interface DpiaReviewedData {
  readonly reviewedAt: string;
  readonly outcome: string;
  /** The next review: at most three years on (docs/domain.md). */
  readonly nextReviewDue: string;
}

export type DpiaEvent =
  | StreamEvent<'DpiaStarted', DpiaStartedData>
  | StreamEvent<'DpoAdviceOnDpiaGiven', DpoAdviceOnDpiaGivenData>
  | StreamEvent<'DpiaCompleted', DpiaCompletedData>
  | StreamEvent<'PriorConsultationRequested', PriorConsultationRequestedData>
  | StreamEvent<'PriorConsultationConcluded', PriorConsultationConcludedData>
  | StreamEvent<'DpiaAbandoned', DpiaAbandonedData>
  | StreamEvent<'DpiaReviewed', DpiaReviewedData>;

export type DpiaEventType = DpiaEvent['type'];

/** The schema version each type is written with today. */
export const DPIA_EVENT_SCHEMA_VERSIONS: SchemaVersions<DpiaEvent> = {
  DpiaStarted: 1,
  DpoAdviceOnDpiaGiven: 1,
  DpiaCompleted: 1,
  PriorConsultationRequested: 1,
  PriorConsultationConcluded: 1,
  DpiaAbandoned: 1,
  DpiaReviewed: 1,
};

export const dpiaStreamId = (dpiaId: string): string => `dpia-${dpiaId}`;
