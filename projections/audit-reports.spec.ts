import { describe, expect, it } from '@jest/globals';
import { ageDays, auditFigures, openRecommendations, openRecommendationsOf } from './audit-reports.js';
import { auditDocument, type RecommendationScenario } from '../test/support/projections/testing.js';

const NOW = '2026-06-01T12:00:00.000Z';
const DIENSTEN = ['DBV', 'DSB', 'SZW'];
const DAY = 86_400_000;
const before = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();
const after = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

/** One audit with the given recommendations, as the projection folds it. */
const audit = (...recommendations: RecommendationScenario[]) => auditDocument({ auditId: 'a-1', recommendations });
const openNow = (...recommendations: RecommendationScenario[]) => openRecommendations([audit(...recommendations)], NOW, DIENSTEN);
const item = (recommendation: Omit<RecommendationScenario, 'recommendationId'>) => openNow({ recommendationId: 'r-1', ...recommendation }).byDienst.flatMap((d) => d.recommendations)[0];

describe('openRecommendations', () => {
  it('lists per dienst what is not settled, with age, due date and whether the FG was informed', () => {
    const report = openRecommendations(
      [
        auditDocument({
          auditId: 'a-1',
          recommendations: [
            { recommendationId: 'r-open', dienst: 'DSB', issuedAt: before(40 * DAY), dueAt: before(10 * DAY) },
            { recommendationId: 'r-not-told', dienst: 'DSB', issuedAt: before(100 * DAY), dueAt: before(50 * DAY), implementedAt: before(60 * DAY) },
            { recommendationId: 'r-settled', dienst: 'SZW', issuedAt: before(100 * DAY), implementedAt: before(60 * DAY), dpoInformedAt: [before(59 * DAY)] },
          ],
        }),
        auditDocument({ auditId: 'a-2', kind: 'external', recommendations: [{ recommendationId: 'r-szw', dienst: 'SZW', issuedAt: before(3 * DAY), dueAt: after(DAY) }] }),
      ],
      NOW,
      DIENSTEN,
    );
    expect(report.now).toBe(NOW);
    expect(report.total).toEqual({ open: 3, notImplemented: 2, implementedFgNotInformed: 1, overdue: 1, oldestAgeDays: 100 });
    expect(report.byDienst.map(({ recommendations: _r, ...counts }) => counts)).toEqual([
      { dienst: 'DBV', open: 0, notImplemented: 0, implementedFgNotInformed: 0, overdue: 0, oldestAgeDays: null },
      { dienst: 'DSB', open: 2, notImplemented: 1, implementedFgNotInformed: 1, overdue: 1, oldestAgeDays: 100 },
      { dienst: 'SZW', open: 1, notImplemented: 1, implementedFgNotInformed: 0, overdue: 0, oldestAgeDays: 3 },
    ]);
    expect(report.byDienst[1]!.recommendations).toEqual([
      {
        auditId: 'a-1',
        auditTitle: 'Audit a-1',
        auditKind: 'internal',
        recommendationId: 'r-not-told',
        findingId: null,
        dienst: 'DSB',
        description: 'Recommendation r-not-told',
        issuedAt: before(100 * DAY),
        dueAt: before(50 * DAY),
        ageDays: 100,
        overdue: false,
        implemented: true,
        implementedAt: before(60 * DAY),
        dpoInformed: false,
        dpoInformedAt: null,
      },
      expect.objectContaining({ recommendationId: 'r-open', ageDays: 40, overdue: true, implemented: false, implementedAt: null, dpoInformed: false }),
    ]);
    expect(report.byDienst[2]!.recommendations).toEqual([expect.objectContaining({ auditId: 'a-2', auditKind: 'external', recommendationId: 'r-szw', overdue: false })]);
  });

  it('keeps every configured dienst, and adds one no longer configured after them, by name', () => {
    const report = openNow({ recommendationId: 'r-1', dienst: 'OLD', issuedAt: before(DAY) }, { recommendationId: 'r-2', dienst: 'ABC', issuedAt: before(DAY) });
    expect(report.byDienst.map((d) => [d.dienst, d.open])).toEqual([
      ['DBV', 0],
      ['DSB', 0],
      ['SZW', 0],
      ['ABC', 1],
      ['OLD', 1],
    ]);
    expect(openRecommendations([], NOW, DIENSTEN).total).toEqual({ open: 0, notImplemented: 0, implementedFgNotInformed: 0, overdue: 0, oldestAgeDays: null });
  });

  it('lists the oldest first', () => {
    const report = openNow({ recommendationId: 'r-new', issuedAt: before(DAY) }, { recommendationId: 'r-old', issuedAt: before(9 * DAY) }, { recommendationId: 'r-mid', issuedAt: before(5 * DAY) });
    expect(report.byDienst[1]!.recommendations.map((r) => r.recommendationId)).toEqual(['r-old', 'r-mid', 'r-new']);
  });

  it('counts whole elapsed days: 0 when issued exactly now or within the clock skew ahead, 1 from 24 hours on', () => {
    expect(item({ issuedAt: NOW })?.ageDays).toBe(0);
    expect(item({ issuedAt: after(60_000) })?.ageDays).toBe(0);
    expect(item({ issuedAt: before(DAY - 1) })?.ageDays).toBe(0);
    expect(item({ issuedAt: before(DAY) })?.ageDays).toBe(1);
    expect(ageDays('2026-03-28T12:00:00.000Z', '2026-03-30T11:00:00.000Z')).toBe(1); // 47 hours over the DST change: elapsed, not calendar days
  });

  it('is overdue only past a due date, not implemented', () => {
    expect(item({ issuedAt: before(9 * DAY), dueAt: after(3_600_000) })?.overdue).toBe(false); // due later today
    expect(item({ issuedAt: before(9 * DAY), dueAt: NOW })?.overdue).toBe(false); // due exactly now
    expect(item({ issuedAt: before(9 * DAY), dueAt: before(1) })?.overdue).toBe(true);
    expect(item({ issuedAt: before(9 * DAY), dueAt: null })?.overdue).toBe(false);
    expect(item({ issuedAt: before(9 * DAY), dueAt: before(DAY), implementedAt: before(2 * DAY) })).toMatchObject({ overdue: false, implemented: true, dpoInformed: false });
  });

  it('keeps an implemented recommendation open until the FG is informed, and drops it once, however often it was informed', () => {
    expect(openNow({ recommendationId: 'r-1', issuedAt: before(9 * DAY), implementedAt: before(DAY) }).total).toMatchObject({ open: 1, implementedFgNotInformed: 1 });
    expect(openNow({ recommendationId: 'r-1', issuedAt: before(9 * DAY), implementedAt: before(DAY), dpoInformedAt: [NOW] }).total.open).toBe(0);
    expect(openNow({ recommendationId: 'r-1', issuedAt: before(9 * DAY), implementedAt: before(DAY), dpoInformedAt: [before(DAY), NOW] }).total.open).toBe(0);
  });

  it('narrows the report to one dienst, its counts becoming the totals', () => {
    const report = openNow({ recommendationId: 'r-1', dienst: 'DSB', issuedAt: before(2 * DAY) }, { recommendationId: 'r-2', dienst: 'SZW', issuedAt: before(DAY) });
    const dsb = openRecommendationsOf(report, 'DSB');
    expect(dsb?.total).toEqual({ open: 1, notImplemented: 1, implementedFgNotInformed: 0, overdue: 0, oldestAgeDays: 2 });
    expect(dsb?.byDienst.map((d) => d.dienst)).toEqual(['DSB']);
    expect(openRecommendationsOf(report, 'DBV')?.total.open).toBe(0);
    expect(openRecommendationsOf(report, 'NOPE')).toBeUndefined();
  });
});

describe('auditFigures', () => {
  const recommendation = (recommendationId: string, issuedAt: string, rest: Partial<RecommendationScenario> = {}): RecommendationScenario => ({ recommendationId, issuedAt, ...rest });

  it('counts the audits of the year by kind, in Europe/Amsterdam', () => {
    const documents = [
      auditDocument({ auditId: 'a-1', kind: 'internal', completedAt: '2025-12-31T23:30:00.000Z' }), // 2026 in Amsterdam
      auditDocument({ auditId: 'a-2', kind: 'external', completedAt: '2026-06-01T09:00:00.000Z' }),
      auditDocument({ auditId: 'a-3', kind: 'internal', completedAt: '2026-12-31T23:30:00.000Z' }), // 2027
    ];
    expect(auditFigures(documents, 2026).auditsCompleted).toEqual({ total: 2, internal: 1, external: 1, byRegime: { avg: 2, wpg: 0 } });
    expect(auditFigures(documents, 2025).auditsCompleted).toEqual({ total: 0, internal: 0, external: 0, byRegime: { avg: 0, wpg: 0 } });
  });

  it('follows the recommendations issued in the year as they stood at its end', () => {
    const documents = [
      auditDocument({
        auditId: 'a-1',
        completedAt: '2025-11-01T09:00:00.000Z',
        recommendations: [
          recommendation('settled', '2026-02-01T09:00:00.000Z', { implementedAt: '2026-05-01T09:00:00.000Z', dpoInformedAt: ['2026-05-02T09:00:00.000Z'] }),
          recommendation('informed-twice', '2026-02-01T09:00:00.000Z', { implementedAt: '2026-05-01T09:00:00.000Z', dpoInformedAt: ['2026-05-02T09:00:00.000Z', '2026-06-02T09:00:00.000Z'] }),
          recommendation('not-informed', '2026-03-01T09:00:00.000Z', { implementedAt: '2026-06-01T09:00:00.000Z' }),
          recommendation('informed-next-january', '2026-03-01T09:00:00.000Z', { implementedAt: '2026-12-01T09:00:00.000Z', dpoInformedAt: ['2027-01-05T09:00:00.000Z'] }),
          recommendation('implemented-next-year', '2026-12-31T23:30:00.000Z', { implementedAt: '2027-02-01T09:00:00.000Z', dpoInformedAt: ['2027-02-02T09:00:00.000Z'] }), // issued 2027 in Amsterdam
          recommendation('open', '2026-04-01T09:00:00.000Z'),
          recommendation('backlog-open', '2025-12-01T09:00:00.000Z'),
          recommendation('backlog-settled-in-2026', '2025-12-01T09:00:00.000Z', { implementedAt: '2026-01-10T09:00:00.000Z', dpoInformedAt: ['2026-01-11T09:00:00.000Z'] }),
          recommendation('backlog-settled-in-2027', '2025-12-01T09:00:00.000Z', { implementedAt: '2026-01-10T09:00:00.000Z', dpoInformedAt: ['2027-01-11T09:00:00.000Z'] }),
        ],
      }),
    ];
    expect(auditFigures(documents, 2026).recommendations).toEqual({ issued: 5, implemented: 4, dpoInformed: 2, openAtYearEnd: 3, earlierOpenAtYearEnd: 2 });
    expect(auditFigures(documents, 2027).recommendations).toEqual({ issued: 1, implemented: 1, dpoInformed: 1, openAtYearEnd: 0, earlierOpenAtYearEnd: 3 });
    expect(auditFigures(documents, 2025).recommendations).toEqual({ issued: 3, implemented: 0, dpoInformed: 0, openAtYearEnd: 3, earlierOpenAtYearEnd: 0 });
  });

  describe('the Wpg check: a yearly internal and a four-yearly external audit', () => {
    const external = (auditId: string, completedAt: string) => auditDocument({ auditId, kind: 'external', completedAt, regime: 'wpg' });
    const internal = (auditId: string, completedAt: string, regime: 'avg' | 'wpg' = 'wpg') => auditDocument({ auditId, kind: 'internal', completedAt, regime });

    it('counts only audits tagged Wpg: an internal audit of AVG processing does not pass the check', () => {
      const avgOnly = [internal('i-1', '2026-03-01T09:00:00.000Z', 'avg')];
      expect(auditFigures(avgOnly, 2026).wpg).toMatchObject({ internalAuditInYear: false, latestInternalAuditAt: null });
      expect(auditFigures(avgOnly, 2026).auditsCompleted).toEqual({ total: 1, internal: 1, external: 0, byRegime: { avg: 1, wpg: 0 } });
      expect(auditFigures([...avgOnly, internal('i-2', '2026-04-01T09:00:00.000Z')], 2026).wpg).toMatchObject({ internalAuditInYear: true, latestInternalAuditAt: '2026-04-01T09:00:00.000Z' });
    });

    it('finds the internal audit of the year, and the latest external one of the year or the three before it', () => {
      const documents = [internal('i-1', '2026-03-01T09:00:00.000Z'), internal('i-2', '2026-10-01T09:00:00.000Z'), external('e-1', '2019-05-01T09:00:00.000Z'), external('e-2', '2023-01-01T09:00:00.000Z')];
      expect(auditFigures(documents, 2026).wpg).toEqual({
        internalAuditInYear: true,
        latestInternalAuditAt: '2026-10-01T09:00:00.000Z',
        externalAuditInLastFourYears: true,
        latestExternalAuditAt: '2023-01-01T09:00:00.000Z',
      });
    });

    it('misses an external audit five calendar years back, and names the latest anyway', () => {
      expect(auditFigures([external('e-1', '2022-12-31T22:59:00.000Z')], 2026).wpg).toEqual({
        internalAuditInYear: false,
        latestInternalAuditAt: null,
        externalAuditInLastFourYears: false,
        latestExternalAuditAt: '2022-12-31T22:59:00.000Z',
      });
      expect(auditFigures([external('e-1', '2022-12-31T23:00:00.000Z')], 2026).wpg.externalAuditInLastFourYears).toBe(true); // 2023 in Amsterdam
    });

    it('ignores audits after the year, and answers for a year without any', () => {
      const documents = [internal('i-1', '2027-03-01T09:00:00.000Z'), external('e-1', '2027-05-01T09:00:00.000Z')];
      expect(auditFigures(documents, 2026).wpg).toEqual({ internalAuditInYear: false, latestInternalAuditAt: null, externalAuditInLastFourYears: false, latestExternalAuditAt: null });
      expect(auditFigures([], 2026)).toEqual({
        year: 2026,
        auditsCompleted: { total: 0, internal: 0, external: 0, byRegime: { avg: 0, wpg: 0 } },
        recommendations: { issued: 0, implemented: 0, dpoInformed: 0, openAtYearEnd: 0, earlierOpenAtYearEnd: 0 },
        wpg: { internalAuditInYear: false, latestInternalAuditAt: null, externalAuditInLastFourYears: false, latestExternalAuditAt: null },
      });
    });
  });
});
