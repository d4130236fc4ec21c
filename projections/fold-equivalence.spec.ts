import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { BreachDetailsCorrectedData, BreachEvent } from '../src/breaches/breach.events.js';
import { clockStart, deadlineOf, elapsedHours, isLateReport, LATE_REASONS, laterOf, withdrawalGroundOf } from '../src/breaches/breach.rules.js';
import { generateBreachYear } from '../test/support/breaches/generate-breach-year.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { JsonObject } from '../src/shared/json.js';
import { ERASED } from '../src/shared/personal-fields.js';
import { oneDecimal, readBreachEvent } from './breach-stream.js';
import { breachCauses, foldBreachCauses, type BreachCausesDocument } from './breach-causes.js';
import { breachCausesAggregates } from './breach-causes-aggregates.js';
import { breachRegister, toRegisterRow, type BreachRegisterDocument } from './breach-register.js';
import { breachRegisterAggregates } from './breach-register-aggregates.js';
import { foldBreachSummary, type BreachSummary, type LateReasonView } from './breach-summary.js';
import { breachTimeline, summaryOf, type BreachTimeline } from './breach-timeline.js';
import type { ProjectionDefinition } from './projection.js';
import { amsterdamYear, amsterdamYearMonth, eventRef } from './stream.js';
import { assessed, breachStream, closed, detected, dpoInformed, dpoAdvised, measure, notified, personalDataErased, refiled, reported, rootCause, storedEvent, supplemented, verdict, waived, withdrawn } from '../test/support/projections/testing.js';

/**
 * The breach folds build one private copy of a document per run of events and change it in
 * place. Here the documents they give are compared, to the character (key order included),
 * with those of the fold as it was before: a new document an event, every derived value
 * computed after each event (the reference below, kept as it was written). For generated years
 * with corrections, withdrawals, late reports and imports, some breaches erased (and corrected
 * after that), every stream cut at every point: the document up to the cut, then the rest in
 * one go, as a build in stream order and a live runner after a restart fold them.
 */

// ---------------------------------------------------------------------------------------
// The reference: the summary and the cause document as they were folded, one event at a time.

function referenceSummary(summary: BreachSummary | undefined, stored: StoredEvent): BreachSummary {
  const event = readBreachEvent(stored);
  // The first event's facts are the fold's own (BreachDetected is folded as it was).
  const facts = summary === undefined ? (foldBreachSummary(undefined, [stored]) as BreachSummary) : evolveSummary(summary, event);
  return derived(erased(facts), summary, stored);
}

function evolveSummary(summary: BreachSummary, event: BreachEvent): BreachSummary {
  const latest = (current: string | null, time: string) => (current === null ? time : laterOf(current, time));
  switch (event.type) {
    case 'DpoInformed':
      return { ...summary, dpoInformedAt: summary.dpoInformedAt ?? event.data.informedAt };
    case 'DpoAdviceGiven':
      return { ...summary, dpoAdvisedAt: latest(summary.dpoAdvisedAt, event.data.advisedAt) };
    case 'BreachAssessed': {
      const { assessedAt, risk, severity, reportable, notifyDataSubjects, rationale } = event.data;
      return { ...summary, assessedAt, assessment: { risk, severity, reportable, notifyDataSubjects, rationale } };
    }
    case 'BreachReportedToAP': {
      if (summary.reportedAt !== null) {
        return { ...summary, apReference: event.data.apReference, reportPhase: event.data.phase, withdrawnAt: null, refilings: summary.refilings + 1, refiledAt: event.data.reportedAt };
      }
      const { reportedAt, apReference, phase, late, lateReason } = event.data;
      return { ...summary, reportedAt, apReference, reportPhase: phase, late, lateReason: lateReason && lateReasonOf(lateReason) };
    }
    case 'BreachReportSupplemented':
      return { ...summary, reportPhase: event.data.phase, supplementedAt: latest(summary.supplementedAt, event.data.supplementedAt) };
    case 'BreachReportWithdrawn':
      return { ...summary, withdrawnAt: event.data.withdrawnAt, withdrawalGround: withdrawalGroundOf(event.data) };
    case 'DataSubjectsNotified':
      return { ...summary, dataSubjectsNotifiedAt: summary.dataSubjectsNotifiedAt ?? event.data.notifiedAt, dataSubjectsNotifiedCount: summary.dataSubjectsNotifiedCount + event.data.count };
    case 'DataSubjectNotificationWaived':
      return { ...summary, notificationWaiver: { waivedAt: event.data.waivedAt, ground: event.data.ground } };
    case 'DataSubjectNotificationWaiverRevoked': {
      const { revokedAt, cause, reason } = event.data;
      return { ...summary, notificationWaiver: null, waiverRevocation: { revokedAt, cause, reason } };
    }
    case 'RootCauseRecorded':
      return { ...summary, rootCauseCategory: event.data.category };
    case 'LateReasonAssessed': {
      const { verdict, comment, assessedAt } = event.data;
      return { ...summary, lateReasonVerdict: { verdict, comment, assessedAt } };
    }
    case 'BreachDetailsCorrected':
      return correctedSummary(summary, event.data);
    case 'BreachClosed':
      return { ...summary, closedAt: event.data.closedAt };
    case 'PersonalDataErased':
      return { ...summary, personalDataErasedAt: event.data.erasedAt };
    case 'BreachDetected':
    case 'MeasureTaken':
    case 'BreachLinkedToRecommendation':
    case 'NotificationDetailsRecorded':
      return summary;
  }
}

function lateReasonOf(reason: { readonly code: keyof typeof LATE_REASONS; readonly explanation: string }): LateReasonView {
  return { code: reason.code, explanation: reason.explanation, apView: LATE_REASONS[reason.code].apView };
}

function correctedSummary(summary: BreachSummary, data: BreachDetailsCorrectedData): BreachSummary {
  let next = summary;
  for (const correction of data.corrections) {
    if (correction.field === 'title') next = { ...next, title: correction.to };
    else if (correction.field === 'dienst') next = { ...next, dienst: correction.to };
    else if (correction.field === 'awareAt') next = { ...next, awareAt: correction.to };
    else if (correction.field === 'processorInformedAt') next = { ...next, processorInformedAt: correction.to };
    else if (correction.field === 'regime') next = { ...next, regime: correction.to };
    else if (correction.field === 'reportedAt' && next.reportedAt !== null) next = { ...next, reportedAt: correction.to };
    else if (correction.field === 'apReference' && next.apReference !== null) next = { ...next, apReference: correction.to };
  }
  if (next.reportedAt === null) return next;
  const late = isLateReport(next.reportedAt, deadlineOf(next));
  if (late && data.lateReason !== null) return { ...next, late, lateReason: lateReasonOf(data.lateReason), lateReasonVerdict: null };
  return { ...next, late };
}

function erased(summary: BreachSummary): BreachSummary {
  if (!summary.personalDataErasedAt) return summary;
  const { assessment, lateReason, lateReasonVerdict, waiverRevocation } = summary;
  return {
    ...summary,
    title: ERASED,
    waiverRevocation: waiverRevocation && { ...waiverRevocation, reason: ERASED },
    assessment: assessment && { ...assessment, rationale: assessment.rationale === null ? null : ERASED },
    lateReason: lateReason && { ...lateReason, explanation: ERASED },
    lateReasonVerdict: lateReasonVerdict && { ...lateReasonVerdict, comment: ERASED },
  };
}

function derived(summary: BreachSummary, before: BreachSummary | undefined, stored: StoredEvent): BreachSummary {
  const { awareAt, reportedAt, registeredAt, processorInformedAt } = summary;
  const sameClock = before !== undefined && before.awareAt === awareAt && before.processorInformedAt === processorInformedAt;
  const sameAwareness = before !== undefined && before.awareAt === awareAt && before.registeredAt === registeredAt;
  const status = summary.reportedAt !== null ? (summary.withdrawnAt !== null ? 'withdrawn' : summary.late ? 'reported-late' : 'reported-on-time') : summary.assessment?.reportable === false ? 'not-reportable' : 'awaiting-report';
  return {
    ...summary,
    year: sameAwareness ? before.year : amsterdamYear(awareAt),
    registrationDelayHours: sameAwareness ? before.registrationDelayHours : oneDecimal(elapsedHours(awareAt, registeredAt)),
    deadline: sameClock ? before.deadline : deadlineOf(summary),
    hoursToReport: reportedAt === null ? null : sameClock && before.reportedAt === reportedAt ? before.hoursToReport : oneDecimal(elapsedHours(clockStart(summary), reportedAt)),
    reportingStatus: status,
    closed: summary.closedAt !== null,
    lastPosition: stored.position.toString(),
    revision: stored.revision,
  };
}

function referenceCauses(document: BreachCausesDocument | undefined, stored: StoredEvent): BreachCausesDocument {
  const event = readBreachEvent(stored);
  let next: BreachCausesDocument;
  if (document === undefined) next = foldBreachCauses(undefined, [stored]) as BreachCausesDocument;
  else {
    next = document;
    // The events that say nothing about causes change nothing (an if chain: the switch is the fold's).
    if (event.type === 'RootCauseRecorded') next = { ...next, rootCauses: [...next.rootCauses, event.data.category] };
    else if (event.type === 'MeasureTaken') {
      const { measureId, purpose, takenAt, description } = event.data;
      next = { ...next, measures: [...next.measures, { measureId, purpose, takenAt, description }] };
    } else if (event.type === 'BreachLinkedToRecommendation') {
      const { auditId, recommendationId, relation, linkedAt } = event.data;
      next = { ...next, recommendationLinks: [...next.recommendationLinks, { auditId, recommendationId, relation, linkedAt, event: eventRef(stored) }] };
    } else if (event.type === 'BreachReportedToAP') next = { ...next, reported: true };
    else if (event.type === 'BreachClosed') next = { ...next, closed: true };
    else if (event.type === 'PersonalDataErased') next = { ...next, personalDataErasedAt: event.data.erasedAt };
    else if (event.type === 'BreachDetailsCorrected') {
      for (const correction of event.data.corrections) {
        if (correction.field === 'dienst') next = { ...next, dienst: correction.to };
        else if (correction.field === 'awareAt') next = { ...next, awareAt: correction.to };
        else if (correction.field === 'incidentKind') next = { ...next, incidentKind: correction.to };
        else if (correction.field === 'dataCategories') next = { ...next, dataCategories: [...correction.to] };
        else if (correction.field === 'regime') next = { ...next, regime: correction.to };
      }
    }
  }
  const erasedMeasures = next.personalDataErasedAt ? { measures: next.measures.map((m) => ({ ...m, description: ERASED })) } : {};
  return { ...next, ...erasedMeasures, year: amsterdamYear(next.awareAt), revision: stored.revision, lastPosition: stored.position.toString() };
}

// ---------------------------------------------------------------------------------------
// Generated streams.

function generatedStreams(seed: number, breaches: number): StoredEvent[][] {
  const byStream = new Map<string, StoredEvent[]>();
  let position = 1n;
  for (const [offset, year] of [2020, 2021].entries()) {
    const generated = generateBreachYear({ seed: seed + offset, year, breaches, reportedShare: 0.6, lateShare: 0.4, withdrawnShare: 0.3, correctionShare: 0.5, importedLateWithoutReason: 1 });
    for (const g of generated.events) {
      const stream = byStream.get(g.streamId) ?? [];
      byStream.set(g.streamId, stream);
      const extensions: JsonObject | undefined = g.imported ? { source: 'import', file: 'sha256:0f1e' } : undefined;
      stream.push(storedEvent(g.streamId, stream.length, (position += 1n), g.event.type, g.event.data as unknown as JsonObject, { recordedAt: g.recordedAt, actor: g.actor, ...(extensions ? { extensions } : {}) }));
    }
  }
  // Every third breach erased, and its title corrected after the erasure.
  [...byStream.values()].forEach((stream, index) => {
    if (index % 3 !== 0) return;
    const last = stream.at(-1) as StoredEvent;
    const at = '2023-01-01T00:00:00.000Z';
    const erasure = personalDataErased(at);
    stream.push(storedEvent(last.streamId, stream.length, (position += 1n), erasure.type, erasure.data as unknown as JsonObject, { recordedAt: at }));
    const correction = { corrections: [{ field: 'title', from: ERASED, to: 'After the erasure' }], reason: 'typo', lateReason: null };
    stream.push(storedEvent(last.streamId, stream.length, (position += 1n), 'BreachDetailsCorrected', correction as unknown as JsonObject, { recordedAt: at }));
  });
  // What the generator does not make: a re-filing after a withdrawal, a waiver, advice, a reason replaced by a correction.
  const escalation = { code: 'internal-escalation', explanation: 'The call was not passed on.' } as const;
  const correctedLate: BreachEvent = {
    type: 'BreachDetailsCorrected',
    data: { corrections: [{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' }], reason: 'Logged a day late.', lateReason: escalation },
  };
  const handMade = breachStream('0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11', [
    detected(),
    dpoInformed('2026-03-02T12:00:00.000Z'),
    dpoAdvised('2026-03-02T13:00:00.000Z'),
    assessed('2026-03-03T10:00:00.000Z'),
    reported('2026-03-06T10:00:00.000Z', '2026-03-05T09:00:00.000Z', true, escalation),
    supplemented('2026-03-07T10:00:00.000Z', 'final'),
    notified('2026-03-05T09:00:00.000Z', 40),
    waived('2026-03-05T10:00:00.000Z'),
    rootCause(),
    measure('2026-03-07T09:00:00.000Z'),
    correctedLate,
    verdict('2026-03-09T10:00:00.000Z'),
    withdrawn('2026-03-10T10:00:00.000Z'),
    refiled('2026-03-11T10:00:00.000Z', '2026-03-04T09:00:00.000Z', true),
    personalDataErased('2026-03-12T10:00:00.000Z'),
    closed('2026-03-13T10:00:00.000Z'),
  ]);
  return [...byStream.values(), handMade];
}

function fold<D>(reference: (document: D | undefined, event: StoredEvent) => D, events: readonly StoredEvent[], start?: D): D | undefined {
  let document = start;
  for (const event of events) document = reference(document, event);
  return document;
}

function applyAll<D extends JsonObject>(definition: ProjectionDefinition<D>, document: D | undefined, events: readonly StoredEvent[]): D | undefined {
  return (definition.applyAll as NonNullable<ProjectionDefinition<D>['applyAll']>)(document, events) ?? undefined;
}

const text = (value: unknown) => JSON.stringify(value);

describe('the breach folds, one private copy a run', () => {
  it('give the documents of the fold one event at a time, for generated years, wherever each stream is cut', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        for (const events of generatedStreams(seed, 12)) {
          for (let cut = 0; cut <= events.length; cut += 1) {
            const [head, rest] = [events.slice(0, cut), events.slice(cut)];
            const summaryBefore = fold(referenceSummary, head);
            const summary = fold(referenceSummary, rest, summaryBefore) as BreachSummary;
            const causesBefore = fold(referenceCauses, head);
            const causes = fold(referenceCauses, rest, causesBefore) as BreachCausesDocument;

            // The register: its row and basis from the reference summary, in one go after the cut and event by event.
            const registerBefore = cut === 0 ? undefined : (applyAll(breachRegister, undefined, head) as BreachRegisterDocument);
            expect(text(registerBefore?.basis)).toBe(text(summaryBefore));
            const register = rest.length === 0 ? registerBefore : applyAll(breachRegister, registerBefore, rest);
            expect(text(register)).toBe(text({ ...toRegisterRow(summary), basis: summary }));
            expect(text(fold<BreachRegisterDocument>((document, event) => breachRegister.apply(document, event) as BreachRegisterDocument, events))).toBe(text(register));

            // The timeline's summary; its entries and corrections are pinned by breach-apply-all.spec.ts.
            const timelineBefore = cut === 0 ? undefined : applyAll(breachTimeline, undefined, head);
            const timeline = (rest.length === 0 ? timelineBefore : applyAll(breachTimeline, timelineBefore, rest)) as BreachTimeline;
            expect(text(summaryOf(timeline))).toBe(text(summary));

            const causesNow = rest.length === 0 ? causesBefore : applyAll(breachCauses, causesBefore, rest);
            expect(text(causesNow)).toBe(text(causes));
            expect(text(fold<BreachCausesDocument>((document, event) => breachCauses.apply(document, event) as BreachCausesDocument, events))).toBe(text(causes));

            // The aggregates read the documents: the same documents, the same contributions.
            expect(text(breachRegisterAggregates.contributions(register as BreachRegisterDocument))).toBe(text(breachRegisterAggregates.contributions({ ...toRegisterRow(summary), basis: summary })));
            expect(text(breachCausesAggregates.contributions(causesNow as BreachCausesDocument))).toBe(text(breachCausesAggregates.contributions(causes)));
          }
          // The documents handed in are never changed: the read store may still hold them.
          const whole = applyAll(breachRegister, undefined, events.slice(0, 1)) as BreachRegisterDocument;
          const copy = text(whole);
          applyAll(breachRegister, whole, events);
          expect(text(whole)).toBe(copy);
          const causesWhole = foldBreachCauses(undefined, events.slice(0, 1)) as BreachCausesDocument;
          const causesCopy = text(causesWhole);
          applyAll(breachCauses, causesWhole, events);
          expect(text(causesWhole)).toBe(causesCopy);
        }
      }),
      { numRuns: 6 },
    );
  });
});

describe('amsterdamYearMonth', () => {
  const formatter = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: 'numeric' });
  const byIntl = (ms: number) => {
    const parts = formatter.formatToParts(new Date(ms));
    return { year: Number(parts.find((part) => part.type === 'year')?.value), month: Number(parts.find((part) => part.type === 'month')?.value) };
  };

  it("is Intl's year and month in Europe/Amsterdam for any instant, month ends and DST changes included", () => {
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2200, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const time = new Date(ms).toISOString();
        expect(amsterdamYearMonth(time)).toEqual(byIntl(ms));
      }),
      { numRuns: 2000 },
    );
    // Every hour around the end of each month of a few years, on both sides of a change of offset.
    for (const year of [1946, 1977, 1996, 2021, 2024, 2099]) {
      for (let month = 0; month < 12; month += 1) {
        const end = Date.UTC(year, month + 1, 1);
        for (let ms = end - 4 * 86_400_000; ms < end + 86_400_000; ms += 1_800_000) expect(amsterdamYearMonth(new Date(ms).toISOString())).toEqual(byIntl(ms));
      }
    }
  });
});
