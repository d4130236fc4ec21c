import { describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '../src/audits/audit.events.js';
import { AUDIT_ID, RECOMMENDATION_ID, auditCompleted, auditCompletedData, dpoInformed, implemented, issued, issuedData } from '../test/support/audits/audit-given.js';
import { auditRecommendations, type AuditRecommendationsDocument } from './audit-recommendations.js';
import { auditStream, DPO, project, projectOne, storedEvent, type StepOf } from '../test/support/projections/testing.js';

const STREAM = `audit-${AUDIT_ID}`;
const SECOND = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const second = { recommendationId: SECOND, findingId: null, dienst: 'SZW', description: 'Review every DPIA.', dueAt: null };
const ref = (revision: number) => ({ streamId: STREAM, revision, position: String(100 + revision * 10), eventId: `${STREAM}-e${revision}`, hash: `hash-${STREAM}-${revision}` });

/** Given the audit's events, then its document. */
const given = (...steps: StepOf<AuditEvent>[]): AuditRecommendationsDocument => projectOne(auditRecommendations, auditStream(AUDIT_ID, steps));

describe('audit-recommendations.v1', () => {
  it("keeps the audit's facts and every recommendation, each fact with the event it comes from", () => {
    const document = given(
      auditCompleted(),
      issued(),
      issued(second),
      implemented('2026-04-01T09:00:00.000Z'),
      [dpoInformed('2026-04-02T09:00:00.000Z'), { actor: DPO }],
    );
    expect(document).toEqual({
      ...auditCompletedData(),
      year: 2026,
      recordedAt: '2026-02-02T09:00:00.000Z',
      recommendations: [
        {
          ...issuedData(),
          implementedAt: '2026-04-01T09:00:00.000Z',
          implementationDescription: 'The breach procedure now sends every registration to the FG.',
          dpoInformedAt: '2026-04-02T09:00:00.000Z',
          settled: true,
          events: { issued: ref(1), implemented: ref(3), dpoInformed: ref(4) },
        },
        {
          ...issuedData(second),
          implementedAt: null,
          implementationDescription: null,
          dpoInformedAt: null,
          settled: false,
          events: { issued: ref(2), implemented: null, dpoInformed: null },
        },
      ],
      openRecommendations: 1,
      events: { completed: ref(0) },
      revision: 4,
      lastPosition: '140',
    });
  });

  it('counts the year of completion in Europe/Amsterdam', () => {
    expect(given(auditCompleted({ completedAt: '2025-12-31T23:30:00.000Z' })).year).toBe(2026);
    expect(given(auditCompleted({ completedAt: '2025-12-31T22:59:59.999Z' })).year).toBe(2025);
  });

  it('keeps a recommendation open until it is implemented and the FG informed of it', () => {
    const settled = (...rest: AuditEvent[]) => given(auditCompleted(), issued(), ...rest).recommendations.map((r) => r.settled);
    expect(settled()).toEqual([false]);
    expect(settled(implemented())).toEqual([false]);
    expect(given(auditCompleted(), issued(), implemented()).openRecommendations).toBe(1);
    expect(settled(implemented(), dpoInformed())).toEqual([true]);
    expect(given(auditCompleted(), issued(), implemented(), dpoInformed()).openRecommendations).toBe(0);
  });

  it('keeps the first implementation and the first informing when the log holds a second (an import)', () => {
    const [recommendation] = given(auditCompleted(), issued(), implemented('2026-04-01T09:00:00.000Z'), dpoInformed('2026-04-02T09:00:00.000Z'), implemented('2026-05-01T09:00:00.000Z'), dpoInformed('2026-05-02T09:00:00.000Z')).recommendations;
    expect(recommendation).toMatchObject({ implementedAt: '2026-04-01T09:00:00.000Z', dpoInformedAt: '2026-04-02T09:00:00.000Z', settled: true, events: { implemented: ref(2), dpoInformed: ref(3) } });
  });

  it('records that the FG was informed even before an implementation, and keeps the recommendation open', () => {
    const [recommendation] = given(auditCompleted(), issued(), dpoInformed('2026-04-02T09:00:00.000Z')).recommendations;
    expect(recommendation).toMatchObject({ implementedAt: null, dpoInformedAt: '2026-04-02T09:00:00.000Z', settled: false });
  });

  it('is idempotent on a replayed revision, and refuses a gap', () => {
    const events = auditStream(AUDIT_ID, [auditCompleted(), issued(), implemented()]);
    const once = projectOne(auditRecommendations, events);
    expect(auditRecommendations.apply(once, events[1]!)).toBe(once);
    expect(projectOne(auditRecommendations, [...events, ...events])).toEqual(once);
    const skipped = auditStream(AUDIT_ID, [auditCompleted(), issued(), implemented(), dpoInformed()])[3]!;
    const afterIssue = projectOne(auditRecommendations, events.slice(0, 2));
    expect(() => auditRecommendations.apply(afterIssue, skipped)).toThrow('expected revision 2 of the stream next');
  });

  it('keeps one document per audit', () => {
    const documents = project(auditRecommendations, [...auditStream(AUDIT_ID, [auditCompleted()]), ...auditStream(SECOND, [auditCompleted({ auditId: SECOND, kind: 'external' })], 500n)]);
    expect([...documents.keys()].sort()).toEqual([AUDIT_ID, SECOND].sort());
    expect(documents.get(SECOND)).toMatchObject({ kind: 'external', lastPosition: '500' });
  });

  describe('refuses what it cannot read', () => {
    const completed = () => given(auditCompleted());
    const apply = (document: AuditRecommendationsDocument | undefined, type: string, data: object, envelope: { schemaVersion?: number } = {}, streamId = STREAM) =>
      auditRecommendations.apply(document, storedEvent(streamId, document === undefined ? 0 : document.revision + 1, 900n, type, data as never, envelope));

    it('an unknown event type, or another schema version', () => {
      expect(() => apply(completed(), 'RecommendationForgotten', {})).toThrow(`${STREAM}@1 (RecommendationForgotten v1, position 900): unknown audit event type`);
      expect(() => apply(completed(), 'RecommendationIssued', issued().data, { schemaVersion: 2 })).toThrow('schema version 2 is not the v1 this build reads');
    });

    it('a stream of another category', () => {
      expect(() => auditRecommendations.documentId(storedEvent('breach-x', 0, 1n, 'BreachDetected', {}))).toThrow('not an audit stream');
    });

    it('a stream that does not start with the audit, or names another audit', () => {
      expect(() => apply(undefined, 'RecommendationIssued', issued().data)).toThrow('an audit stream starts with AuditCompleted');
      expect(() => apply(undefined, 'AuditCompleted', auditCompleted({ auditId: SECOND }).data)).toThrow(`AuditCompleted names audit ${SECOND}`);
      expect(() => apply(completed(), 'AuditCompleted', auditCompleted().data)).toThrow('the audit was already completed');
    });

    it('a recommendation issued twice, or an implementation or informing of one never issued', () => {
      const afterIssue = given(auditCompleted(), issued());
      expect(() => apply(afterIssue, 'RecommendationIssued', issued().data)).toThrow(`recommendation ${RECOMMENDATION_ID} was already issued`);
      expect(() => apply(afterIssue, 'RecommendationImplemented', implemented(undefined, SECOND).data)).toThrow(`no recommendation ${SECOND} was issued`);
      expect(() => apply(afterIssue, 'DpoInformedOfImplementation', dpoInformed(undefined, SECOND).data)).toThrow(`no recommendation ${SECOND} was issued`);
    });
  });
});
