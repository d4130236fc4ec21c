import { PROCESSING_EVENT_SCHEMA_VERSIONS, registeredFacts, upcastProcessingEvent, type AmendableField, type Amendment, type ProcessingEvent, type ProcessingFacts } from '../src/processing-register/processing.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { amsterdamYear, isImported, replayed, UnprojectableEventError, type EventRef } from './breach-stream.js';
import type { ProjectionDefinition } from './projection.js';
import { evidenceOf, idInCategory, readCategoryEvent, type EvidenceEntry, type StreamReader } from './stream.js';

/**
 * `processing-register.v1`: one document per processing activity of the register (Art. 30):
 * its facts as they stand after every amendment, whether it is published or retired, every
 * amendment with the fields it changed (old and new value), and the events it was built from.
 * The register, its completeness report and its published subset are questions over these
 * documents (governance-reports.ts); amendments also make a linked DPIA's review fall due.
 */

export const PROCESSING_CATEGORY = 'processing';

export const PROCESSING_STREAM: StreamReader<ProcessingEvent> = {
  category: PROCESSING_CATEGORY,
  schemaVersions: PROCESSING_EVENT_SCHEMA_VERSIONS,
  upcast: upcastProcessingEvent,
};

export type AmendmentView = {
  readonly amendedAt: string;
  readonly fields: readonly AmendableField[];
  readonly changes: readonly Amendment[];
  readonly reason: string;
  readonly event: EventRef;
};

export type ProcessingRegisterDocument = ProcessingFacts & {
  readonly processingActivityId: string;
  readonly status: 'registered' | 'retired';
  readonly registeredAt: string;
  readonly registeredYear: number;
  readonly published: boolean;
  readonly publishedAt: string | null;
  readonly retiredAt: string | null;
  readonly retireReason: string | null;
  /** Completeness: the facts as they stand now. */
  readonly missingOwner: boolean;
  readonly missingLegalBasis: boolean;
  readonly amendments: readonly AmendmentView[];
  readonly lastAmendedAt: string | null;
  readonly imported: boolean;
  readonly events: readonly EvidenceEntry[];
  readonly revision: number;
  readonly lastPosition: string;
};

/** The gaps an imported record may have (the commands never leave them). */
export function gapsOf(facts: Pick<ProcessingFacts, 'owner' | 'purposes'>): { missingOwner: boolean; missingLegalBasis: boolean } {
  return { missingOwner: facts.owner === null, missingLegalBasis: facts.purposes.length === 0 || facts.purposes.some((purpose) => purpose.legalBasis === null) };
}

function businessTimeOf(event: ProcessingEvent): string {
  switch (event.type) {
    case 'ProcessingActivityRegistered':
      return event.data.registeredAt;
    case 'ProcessingActivityAmended':
      return event.data.amendedAt;
    case 'ProcessingActivityPublished':
      return event.data.publishedAt;
    case 'ProcessingActivityRetired':
      return event.data.retiredAt;
    default: {
      const unknown: never = event;
      throw new Error(`unknown processing event ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveProcessingRegister(document: ProcessingRegisterDocument | undefined, stored: StoredEvent): ProcessingRegisterDocument {
  const event = readCategoryEvent(PROCESSING_STREAM, stored);
  const evidence = evidenceOf(stored, businessTimeOf(event));
  const position = { revision: stored.revision, lastPosition: stored.position.toString() };
  if (event.type === 'ProcessingActivityRegistered') {
    const { processingActivityId, registeredAt } = event.data;
    const facts = registeredFacts(event.data);
    return {
      ...facts,
      processingActivityId,
      status: 'registered',
      registeredAt,
      registeredYear: amsterdamYear(registeredAt),
      published: false,
      publishedAt: null,
      retiredAt: null,
      retireReason: null,
      ...gapsOf(facts),
      amendments: [],
      lastAmendedAt: null,
      imported: isImported(stored),
      events: [evidence],
      ...position,
    };
  }
  if (document === undefined) throw new UnprojectableEventError(stored, 'the stream does not start with ProcessingActivityRegistered');
  const base = { ...document, events: [...document.events, evidence], ...position };
  switch (event.type) {
    case 'ProcessingActivityAmended': {
      const { changes, reason, amendedAt } = event.data;
      const facts = changes.reduce<ProcessingRegisterDocument>((current, change) => ({ ...current, [change.field]: change.to }), base);
      const amendment: AmendmentView = { amendedAt, fields: changes.map((change) => change.field), changes, reason, event: evidence.event };
      return { ...facts, ...gapsOf(facts), amendments: [...document.amendments, amendment], lastAmendedAt: amendedAt };
    }
    case 'ProcessingActivityPublished':
      return { ...base, published: true, publishedAt: document.publishedAt ?? event.data.publishedAt };
    case 'ProcessingActivityRetired':
      return { ...base, status: 'retired', retiredAt: event.data.retiredAt, retireReason: event.data.reason };
    default: {
      const unknown: never = event;
      throw new Error(`unknown processing event ${JSON.stringify(unknown)}`);
    }
  }
}

export const processingRegister: ProjectionDefinition<ProcessingRegisterDocument> = {
  name: 'processing-register.v1',
  category: PROCESSING_CATEGORY,
  indexes: ['dienst', 'status', 'published', 'registeredAt', 'registeredYear', 'missingOwner', 'missingLegalBasis', 'dpiaNeeded', 'name'],
  documentId: idInCategory(PROCESSING_CATEGORY),
  documentPerStream: true,
  apply(document, event) {
    return replayed(document, event) ?? evolveProcessingRegister(document, event);
  },
};
