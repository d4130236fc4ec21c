import { describe, expect, it } from '@jest/globals';
import type { BreachEvent, IncidentKind } from '../src/breaches/breach.events.js';
import { breachCauses, type BreachCausesDocument } from './breach-causes.js';
import { causeAnalysis } from './breach-causes-report.js';
import { auditDocument, breachStream, closed, detected, measure, personalDataErased, projectOne, rootCause, type Step } from '../test/support/projections/testing.js';

const DIENSTEN = ['DBV', 'SZW'];
const AUDIT = '1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22';

type Case = { id: string; dienst: string; kind: IncidentKind; awareAt: string; causes?: ('human-error' | 'procedure' | 'unknown')[]; prevention?: string; categories?: string[]; link?: 'led-to' | 'should-have-prevented' };

function doc(c: Case, extra: readonly Step[] = []): BreachCausesDocument {
  const steps: Step[] = [detected({ breachId: c.id, dienst: c.dienst, incidentKind: c.kind, awareAt: c.awareAt, occurredFrom: null, occurredTo: null, dataCategories: c.categories ?? ['name', 'address'] })];
  for (const category of c.causes ?? []) steps.push(rootCause(category));
  if (c.prevention) steps.push({ type: 'MeasureTaken', data: { measureId: `${c.id}-p`, description: 'Addresses are checked twice.', purpose: 'prevention', takenAt: c.prevention } });
  if (c.link) steps.push({ type: 'BreachLinkedToRecommendation', data: { auditId: AUDIT, recommendationId: 'r-1', relation: c.link, linkedAt: c.awareAt } } as BreachEvent);
  return projectOne(breachCauses, breachStream(c.id, [...steps, ...extra]));
}

// SZW sends letters to the wrong recipient again and again; DBV has one phishing incident.
const CASES: Case[] = [
  { id: 'a', dienst: 'SZW', kind: 'wrong-recipient', awareAt: '2020-12-20T09:00:00.000Z', causes: ['human-error'], prevention: '2021-01-10T09:00:00.000Z' },
  { id: 'b', dienst: 'SZW', kind: 'wrong-recipient', awareAt: '2021-02-01T09:00:00.000Z', causes: ['procedure', 'human-error'], link: 'should-have-prevented' },
  { id: 'c', dienst: 'SZW', kind: 'wrong-recipient', awareAt: '2021-04-15T09:00:00.000Z', causes: ['unknown'], categories: ['name', 'income'] },
  // More than 90 days after c: not a repeat, but the start of a new series with d2.
  { id: 'd', dienst: 'SZW', kind: 'wrong-recipient', awareAt: '2021-09-01T09:00:00.000Z' },
  { id: 'd2', dienst: 'SZW', kind: 'wrong-recipient', awareAt: '2021-09-20T09:00:00.000Z' },
  { id: 'e', dienst: 'DBV', kind: 'phishing', awareAt: '2021-05-01T09:00:00.000Z', causes: ['human-error'], link: 'led-to' },
  // The same kind in another dienst is no repeat.
  { id: 'f', dienst: 'DBV', kind: 'wrong-recipient', awareAt: '2021-02-05T09:00:00.000Z' },
  { id: 'g', dienst: 'DBV', kind: 'lost-or-stolen', awareAt: '2019-06-01T09:00:00.000Z' },
];
const documents = CASES.map((c) => doc(c));
const audits = [auditDocument({ auditId: AUDIT, completedAt: '2020-11-01T09:00:00.000Z', recommendations: [{ recommendationId: 'r-1', dienst: 'SZW', issuedAt: '2020-11-02T09:00:00.000Z' }] })];

describe('breach-causes.v1', () => {
  it('keeps per breach its kind, data, root causes, measures and links to audit recommendations', () => {
    expect(doc(CASES[1]!)).toMatchObject({ breachId: 'b', dienst: 'SZW', year: 2021, incidentKind: 'wrong-recipient', rootCauses: ['procedure', 'human-error'], recommendationLinks: [{ auditId: AUDIT, recommendationId: 'r-1', relation: 'should-have-prevented' }] });
    expect(doc(CASES[0]!).measures).toEqual([{ measureId: 'a-p', purpose: 'prevention', takenAt: '2021-01-10T09:00:00.000Z', description: 'Addresses are checked twice.' }]);
  });

  it('follows corrections of the dienst, the kind and the awareness', () => {
    const corrected = doc(CASES[5]!, [
      { type: 'BreachDetailsCorrected', data: { corrections: [{ field: 'dienst', from: 'DBV', to: 'SZW' }, { field: 'incidentKind', from: 'phishing', to: 'hacking-or-malware' }, { field: 'awareAt', from: '2021-05-01T09:00:00.000Z', to: '2020-12-31T23:30:00.000Z' }], reason: 'Wrong.', lateReason: null } },
    ]);
    expect(corrected).toMatchObject({ dienst: 'SZW', incidentKind: 'hacking-or-malware', year: 2021 });
  });

  it('reads the measures as "[erased]" once the personal data is erased, as a rebuild would', () => {
    const erased = doc(CASES[0]!, [closed('2021-02-01T09:00:00.000Z'), personalDataErased('2026-01-01T00:00:00.000Z')]);
    expect(erased.measures.map((m) => m.description)).toEqual(['[erased]']);
    expect(doc(CASES[0]!, [measure('2021-01-11T09:00:00.000Z', 'm-2')]).measures).toHaveLength(2);
  });
});

describe('causeAnalysis', () => {
  const analysis = causeAnalysis(documents, audits, 2021, { period: 'quarter', repeatWindowDays: 90, diensten: DIENSTEN });

  it('counts the year by incident kind, root cause (a breach with several counts under each), data category and measures', () => {
    expect(analysis.total).toMatchObject({
      registered: 6,
      byIncidentKind: { 'wrong-recipient': 5, phishing: 1, 'lost-or-stolen': 0 },
      byRootCause: { 'human-error': 2, procedure: 1, unknown: 1, none: 3 },
      measures: { containment: 0, prevention: 0, breachesWithoutPrevention: 6 },
    });
    expect(analysis.total.byDataCategory).toEqual([
      { category: 'name', breaches: 6 },
      { category: 'address', breaches: 5 },
      { category: 'income', breaches: 1 },
    ]);
  });

  it('splits the year into quarters and diensten', () => {
    expect(analysis.periods.map((p) => [p.period, p.registered, p.repeatIncidents])).toEqual([
      ['2021-Q1', 2, 1],
      ['2021-Q2', 2, 1],
      ['2021-Q3', 2, 1],
      ['2021-Q4', 0, 0],
    ]);
    expect(analysis.periods[0]?.byDienst.map((d) => [d.dienst, d.registered])).toEqual([
      ['DBV', 1],
      ['SZW', 1],
    ]);
    const months = causeAnalysis(documents, audits, 2021, { period: 'month', repeatWindowDays: 90, diensten: DIENSTEN });
    expect(months.periods).toHaveLength(12);
    expect(months.periods.filter((p) => p.registered > 0).map((p) => p.period)).toEqual(['2021-02', '2021-04', '2021-05', '2021-09']);
  });

  it('finds the repeat incidents: the same kind in the same dienst within the window, with their causes and measures', () => {
    expect(analysis.total.repeatIncidents).toBe(3); // b (after a, last year), c (after b), d2 (after d)
    expect(analysis.repeatIncidents.map((s) => [s.dienst, s.incidentKind, s.breaches.map((b) => [b.breachId, b.repeats, b.daysSincePrevious]), s.repeatsInYear, s.preventionBeforeLastRepeat])).toEqual([
      ['SZW', 'wrong-recipient', [['a', null, null], ['b', 'a', 43], ['c', 'b', 73]], 2, true],
      ['SZW', 'wrong-recipient', [['d', null, null], ['d2', 'd', 19]], 1, false],
    ]);
    expect(analysis.repeatIncidents[0]?.breaches[0]?.measures).toEqual([{ measureId: 'a-p', purpose: 'prevention', takenAt: '2021-01-10T09:00:00.000Z', description: 'Addresses are checked twice.' }]);
  });

  it('takes the window from the question', () => {
    const wide = causeAnalysis(documents, audits, 2021, { period: 'year', repeatWindowDays: 365, diensten: DIENSTEN });
    expect(wide.total.repeatIncidents).toBe(4);
    expect(wide.repeatIncidents.map((s) => s.breaches.map((b) => b.breachId))).toEqual([['a', 'b', 'c', 'd', 'd2']]);
    expect(causeAnalysis(documents, audits, 2021, { period: 'year', repeatWindowDays: 10, diensten: DIENSTEN }).total.repeatIncidents).toBe(0);
  });

  it('shows the trend from two years before the year asked', () => {
    expect(analysis.trend.map((t) => [t.year, t.registered, t.repeatIncidents])).toEqual([
      [2019, 1, 0],
      [2020, 1, 0],
      [2021, 6, 3],
    ]);
  });

  it('lists the links to audit recommendations with what became of the recommendation', () => {
    expect(analysis.recommendationLinks).toEqual([
      { breachId: 'b', dienst: 'SZW', incidentKind: 'wrong-recipient', relation: 'should-have-prevented', auditId: AUDIT, recommendationId: 'r-1', recommendation: { description: 'Recommendation r-1', dienst: 'SZW', issuedAt: '2020-11-02T09:00:00.000Z', implementedAt: null, settled: false } },
      { breachId: 'e', dienst: 'DBV', incidentKind: 'phishing', relation: 'led-to', auditId: AUDIT, recommendationId: 'r-1', recommendation: { description: 'Recommendation r-1', dienst: 'SZW', issuedAt: '2020-11-02T09:00:00.000Z', implementedAt: null, settled: false } },
    ]);
  });
});
