import { afterAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { tempDir } from '../temp-dir.js';
import type { StoredEvent } from '../../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.js';
import { verifyAll } from '../../../src/event-store/verify.js';
import { FixedClock } from '../../../src/shared/clock.js';
import type { BreachEvent, LateReason, LateReasonCode } from '../../../src/breaches/breach.events.js';
import { LATE_REASON_CODES, reportingDeadline } from '../../../src/breaches/breach.rules.js';
import { evolve, initialState, type BreachState } from '../../../src/breaches/breach.state.js';
import { isWorkingDay, toLocal, yearStart } from './breach-year-calendar.js';
import { DEFAULT_DIENSTEN, appendGeneratedYear, generateBreachYear, type GeneratedBreachEvent, type GeneratedBreachYear } from './generate-breach-year.js';

const HOUR = 3_600_000;
const year2021 = generateBreachYear({ seed: 2021 });
const withImports = generateBreachYear({ seed: 33, importedLateWithoutReason: 4 });

function streams(events: readonly GeneratedBreachEvent[]): Map<string, GeneratedBreachEvent[]> {
  const out = new Map<string, GeneratedBreachEvent[]>();
  for (const g of events) out.set(g.streamId, [...(out.get(g.streamId) ?? []), g]);
  return out;
}

const ofType = <T extends BreachEvent['type']>(history: readonly GeneratedBreachEvent[], type: T) =>
  history.map((g) => g.event).filter((e): e is Extract<BreachEvent, { type: T }> => e.type === type);

/**
 * The figures recounted from the raw events, without evolve: the facts as registered with
 * every correction applied, lateness judged on the corrected awareAt and reportedAt.
 */
function recount(generated: GeneratedBreachYear) {
  const byReason = Object.fromEntries(LATE_REASON_CODES.map((c) => [c, 0])) as Record<LateReasonCode, number>;
  const byDienst: Record<string, { registered: number; reported: number; late: number }> = {};
  const count = { registered: 0, reported: 0, late: 0, lateWithoutReason: 0, withdrawn: 0, notReportable: 0, dataSubjectsNotified: 0, notificationWaived: 0, closed: 0, dpoInformed: 0, imported: 0 };
  for (const history of streams(generated.events).values()) {
    const detected = ofType(history, 'BreachDetected')[0];
    if (!detected) throw new Error('a stream without BreachDetected');
    const filing = ofType(history, 'BreachReportedToAP')[0];
    const facts: Record<string, unknown> = { ...detected.data, reportedAt: filing?.data.reportedAt ?? null };
    let reason: LateReason | null = filing?.data.lateReason ?? null;
    for (const correction of ofType(history, 'BreachDetailsCorrected')) {
      for (const c of correction.data.corrections) facts[c.field] = c.to;
      reason = correction.data.lateReason ?? reason;
    }
    const dienst = (byDienst[facts.dienst as string] ??= { registered: 0, reported: 0, late: 0 });
    count.registered += 1;
    dienst.registered += 1;
    if (history.every((g) => g.imported)) count.imported += 1;
    if (ofType(history, 'BreachAssessed').at(-1)?.data.reportable === false) count.notReportable += 1;
    if (ofType(history, 'BreachReportWithdrawn').length > 0) count.withdrawn += 1;
    if (ofType(history, 'DataSubjectsNotified').length > 0) count.dataSubjectsNotified += 1;
    if (ofType(history, 'DataSubjectNotificationWaived').length > 0) count.notificationWaived += 1;
    if (ofType(history, 'BreachClosed').length > 0) count.closed += 1;
    if (ofType(history, 'DpoInformed').length > 0) count.dpoInformed += 1;
    if (!filing) continue;
    count.reported += 1;
    dienst.reported += 1;
    if (Date.parse(facts.reportedAt as string) <= Date.parse(facts.awareAt as string) + 72 * HOUR) continue;
    count.late += 1;
    dienst.late += 1;
    if (reason) byReason[reason.code] += 1;
    else count.lateWithoutReason += 1;
  }
  return { ...count, lateByReason: byReason, byDienst };
}

function fold(history: readonly GeneratedBreachEvent[]): BreachState {
  return history.reduce<BreachState>((state, g) => evolve(state, g.event), initialState());
}

describe('generateBreachYear', () => {
  it('gives the same year for the same seed', () => {
    expect(generateBreachYear({ seed: 2021 })).toEqual(year2021);
  });

  it('gives another year for another seed', () => {
    const other = generateBreachYear({ seed: 2022 });
    expect(other.events[0]?.streamId).not.toBe(year2021.events[0]?.streamId);
    expect(other.events.map((g) => g.recordedAt)).not.toEqual(year2021.events.map((g) => g.recordedAt));
    expect(other.summary.registered).toBe(255);
  });

  it('draws exactly the 2021 figures by default: 255 registered, 50 reported to the AP, 44 of them late', () => {
    expect(year2021.summary).toMatchObject({ year: 2021, registered: 255, reported: 50, late: 44, lateByCorrection: 2, lateWithoutReason: 0, withdrawn: 3, closed: 230, imported: 0 });
    expect(year2021.summary.lateAtFiling).toBe(42);
    expect(Object.keys(year2021.summary.byDienst)).toEqual([...DEFAULT_DIENSTEN]);
  });

  it('has a summary that matches an independent count of the events', () => {
    for (const generated of [year2021, withImports]) {
      const counted = recount(generated);
      expect(generated.summary).toMatchObject(counted);
      expect(generated.summary.events).toBe(generated.events.length);
      expect(generated.summary.measures).toBe(generated.events.filter((g) => g.event.type === 'MeasureTaken').length);
    }
  });

  it('orders the events as recorded: globally by recordedAt, each stream from its registration in strictly increasing time', () => {
    const times = year2021.events.map((g) => Date.parse(g.recordedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const history of streams(year2021.events).values()) {
      expect(history[0]?.event.type).toBe('BreachDetected');
      const recorded = history.map((g) => Date.parse(g.recordedAt));
      recorded.slice(1).forEach((time, i) => expect(time).toBeGreaterThan(recorded[i] as number));
    }
    const ids = year2021.events.flatMap((g) => [g.eventId, g.commandId]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('folds every history without error into a registered breach whose business times were not in the future when recorded', () => {
    const businessTimes = (e: BreachEvent): string[] =>
      Object.entries(e.data)
        .filter(([k, v]) => k.endsWith('At') && k !== 'deadline' && typeof v === 'string')
        .map(([, v]) => v as string);
    for (const generated of [year2021, withImports]) {
      for (const history of streams(generated.events).values()) {
        expect(fold(history).status).not.toBe('none');
        for (const g of history) for (const time of businessTimes(g.event)) expect(Date.parse(time)).toBeLessThanOrEqual(Date.parse(g.recordedAt));
      }
    }
  });

  it('gives every late report a reason, except imported history', () => {
    for (const generated of [year2021, withImports]) {
      for (const g of generated.events) {
        if (g.event.type !== 'BreachReportedToAP') continue;
        expect(g.event.data.late).toBe(Date.parse(g.event.data.reportedAt) > Date.parse(g.event.data.deadline));
        if (g.event.data.late && !g.imported) expect(g.event.data.lateReason).not.toBeNull();
        if (!g.event.data.late) expect(g.event.data.lateReason).toBeNull();
      }
    }
  });

  it('writes late reports without a reason only as imported breaches, recorded in one import after their history', () => {
    expect(withImports.summary).toMatchObject({ reported: 50, late: 44, lateWithoutReason: 4, imported: 4 });
    const imported = [...streams(withImports.events).values()].filter((history) => history.some((g) => g.imported));
    expect(imported).toHaveLength(4);
    for (const history of imported) {
      expect(history.every((g) => g.imported && g.actor.role === 'system')).toBe(true);
      expect(ofType(history, 'BreachReportedToAP')[0]?.data).toMatchObject({ late: true, lateReason: null });
      expect(ofType(history, 'LateReasonAssessed')).toEqual([]);
    }
    const importTimes = imported.flat().map((g) => Date.parse(g.recordedAt));
    expect(Math.max(...importTimes) - Math.min(...importTimes)).toBeLessThan(60_000);
    expect(year2021.events.some((g) => g.imported)).toBe(false);
  });

  it('corrects awareAt so that a report on time becomes late, with the reason on the correction', () => {
    const lateNow = (state: BreachState) => state.status !== 'none' && state.report?.late === true;
    const madeLate = [...streams(year2021.events).values()].filter((history) => ofType(history, 'BreachReportedToAP')[0]?.data.late === false && lateNow(fold(history)));
    expect(madeLate).toHaveLength(2);
    for (const history of madeLate) {
      const correction = ofType(history, 'BreachDetailsCorrected').find((c) => c.data.corrections.some((f) => f.field === 'awareAt'));
      expect(correction?.data.lateReason).not.toBeNull();
    }
  });

  it('spreads awareness over the year, mostly in office hours, and registers mostly within hours, sometimes days late', () => {
    const start = yearStart(2021);
    const end = yearStart(2022);
    let inOfficeHours = 0;
    const registrationHours: number[] = [];
    const reportHours: { late: boolean; hours: number }[] = [];
    for (const history of streams(year2021.events).values()) {
      const state = fold(history);
      if (state.status === 'none') throw new Error('unregistered');
      const aware = Date.parse(state.facts.awareAt);
      expect(aware).toBeGreaterThanOrEqual(start);
      expect(aware).toBeLessThan(end);
      const local = toLocal(aware);
      if (isWorkingDay(local) && local.minutes >= 8 * 60 && local.minutes < 18 * 60) inOfficeHours += 1;
      registrationHours.push((Date.parse(history[0]?.recordedAt as string) - aware) / HOUR);
      if (state.report) reportHours.push({ late: state.report.late, hours: (Date.parse(state.report.reportedAt) - aware) / HOUR });
    }
    expect(inOfficeHours / 255).toBeGreaterThan(0.65);
    expect(inOfficeHours / 255).toBeLessThan(0.95);
    const sorted = [...registrationHours].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(24);
    expect(registrationHours.filter((h) => h > 72).length).toBeGreaterThan(10);
    for (const { late, hours } of reportHours) {
      if (late) expect(hours).toBeGreaterThan(72);
      if (late) expect(hours).toBeLessThanOrEqual(30 * 24);
      else expect(hours).toBeLessThanOrEqual(72);
    }
  });

  it('draws exact counts for other sizes, diensten and shares', () => {
    const small = generateBreachYear({ seed: 7, year: 2024, breaches: 40, diensten: ['A', 'B', 'C'], reportedShare: 0.5, lateShare: 0.25, withdrawnShare: 0.1, closedShare: 1, lateByCorrection: 1 });
    expect(small.summary).toMatchObject({ year: 2024, registered: 40, reported: 20, late: 5, lateByCorrection: 1, withdrawn: 2, closed: 40 });
    expect(Object.keys(small.summary.byDienst).sort()).toEqual(['A', 'B', 'C']);
    expect(small.summary).toMatchObject(recount(small));
    const deadlines = small.events.filter((g) => g.event.type === 'BreachDetected').map((g) => reportingDeadline((g.event.data as { awareAt: string }).awareAt));
    expect(deadlines).toHaveLength(40);
  });

  it('stays within what decide accepts at the extremes of its options (a refusal would throw)', () => {
    const extremes = [
      { reportedShare: 1, lateShare: 0, correctionShare: 0.9 },
      { reportedShare: 1, lateShare: 0.5, lateByCorrection: 10, withdrawnShare: 0.5, correctionShare: 0.6, closedShare: 1, dpoInformedShare: 1 },
      { importedLateWithoutReason: 5, correctionShare: 0.9, closedShare: 0, dpoInformedShare: 0 },
    ];
    for (const [seed, extreme] of extremes.entries()) {
      const generated = generateBreachYear({ seed, breaches: 60, ...extreme });
      expect(generated.summary).toMatchObject(recount(generated));
    }
  });

  it('refuses options it cannot satisfy', () => {
    expect(() => generateBreachYear({ seed: 1.5 })).toThrow(RangeError);
    expect(() => generateBreachYear({ seed: 1, lateShare: 1.2 })).toThrow(RangeError);
    expect(() => generateBreachYear({ seed: 1, lateByCorrection: 30, importedLateWithoutReason: 20 })).toThrow(/exceed the late reports/);
    expect(() => generateBreachYear({ seed: 1, diensten: ['A', 'B'], dienstWeights: [1] })).toThrow(RangeError);
  });
});

describe('appendGeneratedYear', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  async function readEverything(store: SqliteEventStore): Promise<StoredEvent[]> {
    const stored: StoredEvent[] = [];
    for (let page = await store.readAll({ maxCount: 1000 }); page.length > 0; page = await store.readAll({ fromPosition: (page.at(-1)?.position ?? 0n) + 1n, maxCount: 1000 })) stored.push(...page);
    return stored;
  }

  it('appends the year to a SQLite event store in order, with the generated recordedAt and metadata, and the log verifies', async () => {
    const clock = new FixedClock('2000-01-01T00:00:00.000Z');
    const store = new SqliteEventStore({ file: join(dir.path, 'pipelined.sqlite'), clock });
    try {
      const result = await appendGeneratedYear(store, clock, withImports, { pipeline: true });
      expect(result.appended).toBe(withImports.events.length);
      const stored = await readEverything(store);
      expect(stored.map((e) => [e.streamId, e.type, e.metadata.recordedAt, e.eventId])).toEqual(withImports.events.map((g) => [g.streamId, g.event.type, g.recordedAt, g.eventId]));
      expect(stored.map((e) => e.data)).toEqual(withImports.events.map((g) => g.event.data));
      expect(stored.at(-1)?.position).toBe(result.lastPosition);
      const live = stored.filter((e) => e.metadata.extensions?.source !== 'import');
      const imported = stored.filter((e) => e.metadata.extensions?.source === 'import');
      expect(imported).toHaveLength(withImports.events.filter((g) => g.imported).length);
      expect(imported.every((e) => e.metadata.actor.role === 'system')).toBe(true);
      expect(live.every((e) => typeof e.metadata.extensions?.requestHash === 'string' && e.metadata.causationId === e.metadata.commandId)).toBe(true);
      const byDpo = (e: StoredEvent) => e.type === 'DpoAdviceGiven' || e.type === 'LateReasonAssessed';
      expect(live.filter(byDpo).every((e) => e.metadata.actor.role === 'dpo')).toBe(true);
      expect(live.filter((e) => !byDpo(e)).every((e) => e.metadata.actor.role === 'privacy-officer')).toBe(true);
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: withImports.events.length, streamsChecked: 255 });
    } finally {
      await store.close();
    }
  });

  it('appends one event at a time by default, and refuses a store that does not record the clock it was given', async () => {
    const small = generateBreachYear({ seed: 5, breaches: 12 });
    const clock = new FixedClock('2000-01-01T00:00:00.000Z');
    const store = new SqliteEventStore({ file: join(dir.path, 'sequential.sqlite'), clock });
    const otherClock = new FixedClock('2030-01-01T00:00:00.000Z');
    const wrongClock = new SqliteEventStore({ file: join(dir.path, 'wrong-clock.sqlite'), clock: otherClock });
    try {
      await appendGeneratedYear(store, clock, small);
      expect((await readEverything(store)).map((e) => e.metadata.recordedAt)).toEqual(small.events.map((g) => g.recordedAt));
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: small.events.length });
      await expect(appendGeneratedYear(wrongClock, clock, small)).rejects.toThrow(/must take its time from the clock given/);
    } finally {
      await store.close();
      await wrongClock.close();
    }
  });
});
