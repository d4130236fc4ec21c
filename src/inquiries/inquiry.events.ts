import type { SchemaVersions, StreamEvent } from '../shared/stream-events.js';

/**
 * The events of an inquiry stream (`inquiry-<uuid>`): a question of the supervisory authority
 * (the AP) and how it was answered. The stored contract: times are UTC ISO-8601 strings, who
 * did it lives in the envelope's metadata. Only optional fields may be added to a version;
 * anything else is a new schemaVersion with an upcaster. Documented in README.md.
 */

/**
 * A population of breaches defined by what the log says of them, judged on the log as it
 * stands at the answer's checkpoint: `registered` (aware in the year), `reported` (filed with
 * the AP) or `reported-late` (the first filing after the 72 hours), each for a calendar year of
 * awareAt in Europe/Amsterdam, as the annual report counts.
 */
export type ScopeCriterionKind = 'registered' | 'reported' | 'reported-late';
export const SCOPE_CRITERION_KINDS: readonly ScopeCriterionKind[] = ['registered', 'reported', 'reported-late'];

export type ScopeCriterion = {
  readonly kind: ScopeCriterionKind;
  readonly year: number;
};

/** Breaches whose awareAt lies in [from, to). */
export type ScopePeriod = {
  readonly from: string;
  readonly to: string;
};

/**
 * What the inquiry is about: the breaches named, plus the population the period and the
 * criterion describe together (both must hold when both are given). At least one part.
 */
export type InquiryScope = {
  readonly breachIds: readonly string[];
  readonly period: ScopePeriod | null;
  readonly criterion: ScopeCriterion | null;
};

export interface InquiryReceivedData {
  readonly inquiryId: string;
  readonly receivedAt: string;
  /** The AP's own reference of the inquiry (its kenmerk). */
  readonly apReference: string;
  /** The question in the AP's words. */
  readonly question: string;
  readonly scope: InquiryScope;
  /** When the AP wants the answer. */
  readonly answerDueAt: string;
  /**
   * The identities of the AP (API key ids or token subjects) that may read the breaches in
   * scope while the inquiry is open; null: every identity with the supervisory-authority role.
   */
  readonly readers: readonly string[] | null;
}

/** What identifies an inquiry and its question, as every view and the answer show it. */
export type InquiryHeading = Pick<InquiryReceivedData, 'inquiryId' | 'apReference' | 'question' | 'receivedAt' | 'answerDueAt'>;

export interface InquiryScopeChangedData {
  readonly changedAt: string;
  readonly scope: InquiryScope;
  readonly readers: readonly string[] | null;
  readonly reason: string;
}

/** The checkpoint an answer is anchored to: its signed note, with the cosignatures it had then. */
export interface AnswerAnchor {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly note: string;
}

export interface InquiryAnsweredData {
  readonly answeredAt: string;
  /** sha256 (hex) of the answer bundle, byte for byte as GET /inquiries/{id}/answer serves it. */
  readonly answerSha256: string;
  readonly checkpoint: AnswerAnchor;
  /** The breaches the answer covers: the scope as resolved on the log at the checkpoint. */
  readonly breachIds: readonly string[];
  /** The scope the answer was given for (the inquiry's scope at the time). */
  readonly scope: InquiryScope;
  /** The bundle's format version (answer-format.ts), so it is rebuilt as it was hashed; absent: 1 (before the alerts were part of it). */
  readonly answerVersion?: number;
}

export interface InquiryClosedData {
  readonly closedAt: string;
  readonly reason: string;
}

export type InquiryEvent =
  | StreamEvent<'InquiryReceived', InquiryReceivedData>
  | StreamEvent<'InquiryScopeChanged', InquiryScopeChangedData>
  | StreamEvent<'InquiryAnswered', InquiryAnsweredData>
  | StreamEvent<'InquiryClosed', InquiryClosedData>;

export type InquiryEventType = InquiryEvent['type'];

export const INQUIRY_EVENT_SCHEMA_VERSIONS: SchemaVersions<InquiryEvent> = {
  InquiryReceived: 1,
  InquiryScopeChanged: 1,
  InquiryAnswered: 1,
  InquiryClosed: 1,
};

export const INQUIRY_CATEGORY = 'inquiry';
export const inquiryStreamId = (inquiryId: string): string => `${INQUIRY_CATEGORY}-${inquiryId}`;
