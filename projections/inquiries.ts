import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { INQUIRY_CATEGORY, INQUIRY_EVENT_SCHEMA_VERSIONS, type InquiryEvent, type InquiryHeading, type InquiryScope } from '../src/inquiries/inquiry.events.js';
import type { JsonObject } from '../src/shared/json.js';
import type { ProjectionDefinition } from './projection.js';
import { evidenceOf, readStreamEvent, replayed, streamSubjectOf, UnprojectableEventError, type EventRef, type EvidenceEntry } from './stream.js';

/**
 * One inquiry of the supervisory authority: its question, its scope as it stands, its answers
 * (each with the sha256 of the bundle and the checkpoint it is anchored to) and its history,
 * every step citing its event. The open-inquiry list is a query over these documents.
 */
export type InquiryAnswerView = {
  readonly number: number;
  readonly answeredAt: string;
  readonly answerSha256: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly breaches: number;
  readonly event: EventRef;
};

export type InquiryDocument = InquiryHeading & {
  readonly scope: InquiryScope;
  readonly readers: readonly string[] | null;
  readonly status: 'open' | 'closed';
  readonly closedAt: string | null;
  readonly closureReason: string | null;
  readonly answers: readonly InquiryAnswerView[];
  readonly lastAnsweredAt: string | null;
  readonly history: readonly (EvidenceEntry & { readonly detail: JsonObject })[];
  readonly revision: number;
  readonly lastPosition: string;
};

export function readInquiryEvent(event: StoredEvent): InquiryEvent {
  return readStreamEvent<InquiryEvent>(event, INQUIRY_CATEGORY, INQUIRY_EVENT_SCHEMA_VERSIONS);
}

function businessTime(event: InquiryEvent): string {
  switch (event.type) {
    case 'InquiryReceived':
      return event.data.receivedAt;
    case 'InquiryScopeChanged':
      return event.data.changedAt;
    case 'InquiryAnswered':
      return event.data.answeredAt;
    case 'InquiryClosed':
      return event.data.closedAt;
    default: {
      const unknown: never = event;
      throw new Error(`unknown inquiry event ${(unknown as { type: string }).type}`);
    }
  }
}

/** What each step adds, for people reading the history (the answer's hash, the new scope, …). */
function detailOf(event: InquiryEvent): JsonObject {
  switch (event.type) {
    case 'InquiryReceived':
      return { apReference: event.data.apReference, scope: event.data.scope, readers: event.data.readers };
    case 'InquiryScopeChanged':
      return { scope: event.data.scope, readers: event.data.readers, reason: event.data.reason };
    case 'InquiryAnswered':
      return { answerSha256: event.data.answerSha256, treeSize: event.data.checkpoint.treeSize, breaches: event.data.breachIds.length };
    case 'InquiryClosed':
      return { reason: event.data.reason };
    default: {
      const unknown: never = event;
      throw new Error(`unknown inquiry event ${(unknown as { type: string }).type}`);
    }
  }
}

export function evolveInquiry(document: InquiryDocument | undefined, stored: StoredEvent): InquiryDocument {
  const event = readInquiryEvent(stored);
  const entry = { ...evidenceOf(stored, businessTime(event)), detail: detailOf(event) };
  const base = { revision: stored.revision, lastPosition: stored.position.toString() };
  if (event.type === 'InquiryReceived') {
    const { inquiryId, apReference, question, receivedAt, answerDueAt, scope, readers } = event.data;
    return { inquiryId, apReference, question, receivedAt, answerDueAt, scope, readers, status: 'open', closedAt: null, closureReason: null, answers: [], lastAnsweredAt: null, history: [entry], ...base };
  }
  if (document === undefined) throw new UnprojectableEventError(stored, 'an inquiry stream starts with InquiryReceived');
  const next = { ...document, history: [...document.history, entry], ...base };
  switch (event.type) {
    case 'InquiryScopeChanged':
      return { ...next, scope: event.data.scope, readers: event.data.readers };
    case 'InquiryAnswered': {
      const { answeredAt, answerSha256, checkpoint, breachIds } = event.data;
      const answer = { number: document.answers.length + 1, answeredAt, answerSha256, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, breaches: breachIds.length, event: entry.event };
      return { ...next, answers: [...document.answers, answer], lastAnsweredAt: answeredAt };
    }
    case 'InquiryClosed':
      return { ...next, status: 'closed', closedAt: event.data.closedAt, closureReason: event.data.reason };
    default: {
      const unknown: never = event;
      throw new Error(`unknown inquiry event ${(unknown as { type: string }).type}`);
    }
  }
}

export const inquiries: ProjectionDefinition<InquiryDocument> = {
  name: 'inquiries.v1',
  category: INQUIRY_CATEGORY,
  indexes: ['status', 'answerDueAt', 'receivedAt'],
  documentId: (event) => streamSubjectOf(event, INQUIRY_CATEGORY),
  documentPerStream: true,
  apply(document, event) {
    if (replayed(document, event)) return document ?? null;
    return evolveInquiry(document, event);
  },
};
