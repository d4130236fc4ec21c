/**
 * The events of a processing-activity stream (`processing-<uuid>`): the stored contract of
 * the register of processing activities (Art. 30). Names and fields follow docs/domain.md
 * "Register of processing activities (Art. 30)". Times are UTC ISO-8601
 * strings. Who did it lives in the envelope's metadata, never here. Only optional fields may
 * be added to a version; anything else is a new schemaVersion with an upcaster.
 */

import type { Regime } from '../shared/regime.rules.js';
import type { SchemaVersions, StreamEvent } from '../shared/stream-events.js';

/** The lawful bases of Art. 6(1) (a)–(f), as stable codes. */
export type LegalBasis = 'consent' | 'contract' | 'legal-obligation' | 'vital-interests' | 'public-task' | 'legitimate-interests';
export const LEGAL_BASES: readonly LegalBasis[] = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests'];

/**
 * Art. 30(1)(b), Art. 6(1): every purpose has its lawful basis. Null only in an imported
 * record whose source did not name one (schema version 2): the completeness report lists it.
 */
export type ProcessingPurpose = {
  readonly purpose: string;
  readonly legalBasis: LegalBasis | null;
};

/** Art. 30(1)(e): a transfer to a third country or an international organisation and its safeguard (Art. 45–49). */
export type ThirdCountryTransfer = {
  readonly country: string;
  readonly safeguard: string;
};

/** `ad`: the AD of the dienst; `gs`: the GS, only when no AD can be named, and then with the reason why. */
export type OwnerKind = 'ad' | 'gs';
export const OWNER_KINDS: readonly OwnerKind[] = ['ad', 'gs'];

export type ProcessingOwner = {
  readonly kind: OwnerKind;
  readonly name: string;
  /** Why no AD can be named: mandatory for `gs`, null for `ad`. */
  readonly reason: string | null;
};

export interface ProcessingActivityRegisteredData {
  readonly processingActivityId: string;
  readonly name: string;
  /**
   * Art. 30(1)(a): the controller (the municipality's body that decides, e.g. the college of
   * B&W), the joint controllers (Art. 26) and the processors (Art. 28). Null or absent: not
   * recorded (records from before these fields were kept); the completeness report flags it.
   * An empty list of joint controllers or processors is an answer: there are none.
   */
  readonly controller?: string | null;
  readonly jointControllers?: readonly string[] | null;
  readonly processors?: readonly string[] | null;
  /** AVG, or Wpg for police data (e.g. processed by BOAs); absent: the AVG. */
  readonly regime?: Regime;
  readonly purposes: readonly ProcessingPurpose[];
  readonly dataSubjectCategories: readonly string[];
  readonly personalDataCategories: readonly string[];
  readonly recipients: readonly string[];
  readonly thirdCountryTransfers: readonly ThirdCountryTransfer[];
  /** Art. 30(1)(f): the envisaged time limits for erasure, in words. */
  readonly retention: string;
  /** Art. 30(1)(g): a general description of the technical and organisational measures. */
  readonly securityMeasures: readonly string[];
  readonly dienst: string;
  /**
   * Null only in an imported record whose source named no owner (schema version 2): the
   * commands always require one, and the completeness report lists those without.
   */
  readonly owner: ProcessingOwner | null;
  /** Whether the processing is likely to result in a high risk, so a DPIA is needed (Art. 35(1)). */
  readonly dpiaNeeded: boolean;
  readonly registeredAt: string;
}

/** The facts of a registration that an amendment may change. */
export type ProcessingFacts = Omit<ProcessingActivityRegisteredData, 'processingActivityId' | 'registeredAt' | 'controller' | 'jointControllers' | 'processors' | 'regime'> & {
  readonly controller: string | null;
  readonly jointControllers: readonly string[] | null;
  readonly processors: readonly string[] | null;
  readonly regime: Regime;
};

/** The facts of a registration, the fields recorded later read as not recorded (the regime as the AVG). */
export function registeredFacts(data: ProcessingActivityRegisteredData): ProcessingFacts {
  const { processingActivityId: _id, registeredAt: _at, controller, jointControllers, processors, regime, ...facts } = data;
  return { ...facts, controller: controller ?? null, jointControllers: jointControllers ?? null, processors: processors ?? null, regime: regime ?? 'avg' };
}
export type AmendableField = keyof ProcessingFacts;
export const AMENDABLE_FIELDS: readonly AmendableField[] = [
  'name',
  'controller',
  'jointControllers',
  'processors',
  'regime',
  'purposes',
  'dataSubjectCategories',
  'personalDataCategories',
  'recipients',
  'thirdCountryTransfers',
  'retention',
  'securityMeasures',
  'dienst',
  'owner',
  'dpiaNeeded',
];

/** One changed field: its old value (taken from the record, never from the client) and its new one. */
export type Amendment = {
  readonly [F in AmendableField]: { readonly field: F; readonly from: ProcessingFacts[F]; readonly to: ProcessingFacts[F] };
}[AmendableField];

export interface ProcessingActivityAmendedData {
  readonly changes: readonly Amendment[];
  readonly reason: string;
  readonly amendedAt: string;
}

export interface ProcessingActivityPublishedData {
  readonly publishedAt: string;
}

export interface ProcessingActivityRetiredData {
  readonly retiredAt: string;
  readonly reason: string;
}

export type ProcessingEvent =
  | StreamEvent<'ProcessingActivityRegistered', ProcessingActivityRegisteredData>
  | StreamEvent<'ProcessingActivityAmended', ProcessingActivityAmendedData>
  | StreamEvent<'ProcessingActivityPublished', ProcessingActivityPublishedData>
  | StreamEvent<'ProcessingActivityRetired', ProcessingActivityRetiredData>;

export type ProcessingEventType = ProcessingEvent['type'];

/**
 * The schema version each type is written with today. Version 2 of the registration (and of
 * the amendment, whose `from` repeats a registered value) lets an imported record lack its
 * owner or a purpose's lawful basis; every version-1 event is a valid version-2 event, so
 * the upcaster (`upcastProcessingEvent`) only relabels it.
 */
export const PROCESSING_EVENT_SCHEMA_VERSIONS: SchemaVersions<ProcessingEvent> = {
  ProcessingActivityRegistered: 2,
  ProcessingActivityAmended: 2,
  ProcessingActivityPublished: 1,
  ProcessingActivityRetired: 1,
};

export const processingStreamId = (processingActivityId: string): string => `processing-${processingActivityId}`;

/** Types whose older versions are read as today's: version 1 of these is a subset of version 2. */
const WIDENED_IN_V2: ReadonlySet<string> = new Set<ProcessingEventType>(['ProcessingActivityRegistered', 'ProcessingActivityAmended']);

/** Reads a stored processing event of an older schema version as today's, or null when it cannot. */
export function upcastProcessingEvent(type: string, schemaVersion: number, data: unknown): ProcessingEvent | null {
  if (schemaVersion === 1 && WIDENED_IN_V2.has(type)) return { type, data } as ProcessingEvent;
  return null;
}
