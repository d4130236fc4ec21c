import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../src/audits/audit.events.js';
import { auditCompleted, dpoInformed, implemented, issuedData } from './audits/audit-given.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import type { JsonObject } from '../../src/shared/json.js';
import { newEvent } from './events.js';

/**
 * Appends `count` audit streams, so that logs built for the read-side suites feed every
 * projection: audit n has n recommendations, the first of them implemented and the FG informed.
 */
export async function appendAudits(events: EventStore, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const auditId = randomUUID();
    const issued = Array.from({ length: n }, (_, r): AuditEvent => ({ type: 'RecommendationIssued', data: issuedData({ recommendationId: `r-${r}`, issuedAt: `2026-02-0${3 + (r % 6)}T09:00:00.000Z` }) }));
    const done = n === 0 ? [] : [implemented(undefined, 'r-0'), dpoInformed(undefined, 'r-0')];
    const stream = [auditCompleted({ auditId }), ...issued, ...done];
    await events.append(`audit-${auditId}`, stream.map((event) => newEvent(event.type, event.data as unknown as JsonObject)), { expectedRevision: 'no_stream' });
  }
}

/** How many documents each projection of a log with `breaches` breaches and `audits` audits holds. */
export function expectedDocuments(name: string, counts: { readonly breaches: number; readonly audits: number }): number {
  if (name.startsWith('audit-')) return counts.audits;
  return name.startsWith('breach-') ? counts.breaches : 0; // these logs hold no DPIAs or register entries
}
