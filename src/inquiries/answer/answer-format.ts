import type { WireEvent } from '../../http/wire.js';
import type { JsonValue } from '../../shared/json.js';
import type { InquiryHeading, InquiryScope } from '../inquiry.events.js';
import type { UndeliveredEntry, WarnedEntry } from './alert-summary.js';

/**
 * The answer to an inquiry of the supervisory authority, as one self-contained file the AP
 * checks on its own (`privacy-ledger verify-answer`): NDJSON, one JSON object per line, in
 * this order —
 *
 *   {"kind":"answer", …}                 the inquiry, the scope as resolved, the signed checkpoint
 *   {"kind":"key", …}                    × each breach in scope: its personal-data key (and no other)
 *   {"kind":"event", …} / {"kind":"leaf", …}
 *                                        the log up to the checkpoint, in order (below)
 *   {"kind":"consistency", …}            × proofs that the checkpoint extends earlier ones
 *   {"kind":"breach", …}                 × each breach in scope: its facts, each citing its event, and
 *                                        the alerts delivered about it (warned / undelivered)
 *   {"kind":"figures", …}                the figures of the answer
 *   {"kind":"footer", …}
 *
 * The log section: every event of a breach in scope appears whole (`disclosure: "scope"`),
 * with its inclusion proof against the checkpoint. When the scope describes a population (a
 * period, a criterion), the section is a redacted export of the whole log: every other event
 * appears as a `leaf` (position, stream, type, leaf hash) so the AP can rebuild the tree and
 * see every breach stream, and the events that decide whether a breach belongs to the
 * population (BreachDetected, BreachReportedToAP, BreachDetailsCorrected) appear whole with
 * their personal fields still encrypted and no key (`disclosure: "membership"`), so the AP can
 * check that each breach left out does not meet the criterion.
 *
 * The deadline alerts about a breach in scope (AlertSent, AlertAttemptFailed, AlertFailed of its
 * `alert-<breachId>` stream) are disclosed like its own events (`disclosure: "scope"`, with
 * their inclusion proofs), so the breach line's `warned` list ("warned at T-24h and T-6h") can
 * be recomputed from proven events. They carry no secret and no personal field: the recipient
 * is a role's configured address or a webhook's URL, which the breach line leaves out.
 */
export const ANSWER_FORMAT = 'privacy-ledger-answer';
/**
 * The version new answers are built in. 2 added the breaches' alert events and the breach
 * lines' `warned` / `undelivered`; 3 states a corrected meldnummer of a re-filed breach as the
 * standing filing's (`refiledApReference`), as the breach's state and views read the correction
 * (before, it was stated as the first filing's `apReference`). An answer recorded in an earlier
 * version is rebuilt in that version, so its bytes still match the sha256 recorded for it, and
 * the verifier reads them all.
 */
export const ANSWER_VERSION = 3;
export const ANSWER_VERSIONS: readonly number[] = [1, 2, 3];
export type AnswerVersion = 1 | 2 | 3;

/** The breach event types whose non-personal fields decide membership of a population. */
export const MEMBERSHIP_EVENT_TYPES: readonly string[] = ['BreachDetected', 'BreachReportedToAP', 'BreachDetailsCorrected'];

/** Where a fact is recorded: enough to find the event in any export and check its proof. */
export interface CitedEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly position: string;
  readonly leafIndex: number;
  /** The event's chain hash (hex): its leaf is sha256(0x00 || hash). */
  readonly hash: string;
}

export interface AnswerHeader {
  readonly kind: 'answer';
  readonly format: typeof ANSWER_FORMAT;
  readonly version: AnswerVersion;
  readonly origin: string;
  readonly inquiry: InquiryHeading & { readonly scope: InquiryScope };
  readonly answeredAt: string;
  /** The breaches the answer covers, sorted: the scope resolved on the log at the checkpoint. */
  readonly breachIds: readonly string[];
  /** Whether the log section is the whole log (a population question) or the scope's events only. */
  readonly completeness: boolean;
  readonly treeSize: number;
  /** The signed checkpoint (C2SP signed note) the answer is anchored to, with its cosignatures. */
  readonly checkpoint: string;
}

export interface AnswerKey {
  readonly kind: 'key';
  readonly breachId: string;
  /** The AES-256-GCM key of the breach's personal fields, base64; null once erased. */
  readonly key: string | null;
  readonly erasedAt: string | null;
}

export interface AnswerEvent {
  readonly kind: 'event';
  readonly disclosure: 'scope' | 'membership';
  readonly leafIndex: number;
  readonly event: WireEvent;
  /** RFC 9162 inclusion proof of the leaf in the checkpoint's tree, base64 hashes. */
  readonly proof: readonly string[];
}

export interface AnswerLeaf {
  readonly kind: 'leaf';
  readonly leafIndex: number;
  readonly position: string;
  readonly streamId: string;
  readonly type: string;
  /** base64 */
  readonly leafHash: string;
}

export interface AnswerConsistency {
  readonly kind: 'consistency';
  readonly fromSize: number;
  readonly fromRoot: string;
  readonly proof: readonly string[];
}

/** One fact of a breach: its value and the event field it was read from. */
export interface AnswerFact {
  readonly name: string;
  readonly value: JsonValue;
  readonly event: CitedEvent;
  /** Where in the cited event the value stands, dotted: `data.awareAt`, `data.corrections.0.to`, `metadata.recordedAt`. */
  readonly path: string;
}

export interface AnswerBreach {
  readonly kind: 'breach';
  readonly breachId: string;
  readonly facts: readonly AnswerFact[];
  /** Derived by the 72-hour rule from the facts above (Art. 33(1)): recomputable, not recorded. */
  readonly deadline: string;
  readonly late: boolean | null;
  readonly hoursToReport: number | null;
  /** The alerts delivered about the breach up to the checkpoint (alert-summary.ts), each citing its AlertSent. Version 2 on. */
  readonly warned?: readonly WarnedEntry[];
  /** Alerts given up after their attempts (AlertFailed): no one was warned by them. Version 2 on. */
  readonly undelivered?: readonly UndeliveredEntry[];
}

export interface AnswerFigures {
  readonly kind: 'figures';
  readonly figures: Figures;
}

export interface Figures {
  readonly breaches: number;
  readonly reported: number;
  readonly reportedLate: number;
  /** Late reports by reason code; `none` for late without any recorded reason. */
  readonly lateByReason: Readonly<Record<string, number>>;
  /** Late with a code the AP does not accept, or a case-by-case reason the FG did not accept, or no reason. */
  readonly lateWithoutValidExcuse: number;
  readonly withdrawn: number;
  readonly dpoInformedBeforeReport: number;
}

export interface AnswerFooter {
  readonly kind: 'footer';
  /** Lines before the footer. */
  readonly lines: number;
}

export type AnswerLine = AnswerHeader | AnswerKey | AnswerEvent | AnswerLeaf | AnswerConsistency | AnswerBreach | AnswerFigures | AnswerFooter;

export const answerLine = (value: AnswerLine): string => `${JSON.stringify(value)}\n`;
