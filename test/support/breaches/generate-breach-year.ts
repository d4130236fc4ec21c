import { createHash } from 'node:crypto';
import { START, type Actor, type EventStore, type Position } from '../../../src/event-store/event-store.port.js';
import type { FixedClock } from '../../../src/shared/clock.js';
import type { JsonObject } from '../../../src/shared/json.js';
import { decideAssessBreach, type AssessBreach } from '../../../src/breaches/assess-breach/assess-breach.js';
import { decideAssessLateReason } from '../../../src/breaches/assess-late-reason/assess-late-reason.js';
import {
  BREACH_EVENT_SCHEMA_VERSIONS,
  breachStreamId,
  type BreachDetectedData,
  type BreachEvent,
  type BreachEventType,
  type DataSubjectCount,
  type LateReason,
  type LateReasonCode,
  type LateReasonVerdict,
  type NotificationChannel,
  type ReportPhase,
  type RiskLevel,
  type Severity,
  type WaiverGround,
} from '../../../src/breaches/breach.events.js';
import { LATE_REASON_CODES, LATE_REASONS, REPORTING_WINDOW_HOURS, isLateReport, reportingDeadline, type DecisionContext } from '../../../src/breaches/breach.rules.js';
import { evolve, initialState, type BreachState, type ExistingBreach } from '../../../src/breaches/breach.state.js';
import { decideCloseBreach } from '../../../src/breaches/close-breach/close-breach.js';
import { decideCorrectBreachDetails, type FactChange } from '../../../src/breaches/correct-breach-details/correct-breach-details.js';
import { decideGiveDpoAdvice } from '../../../src/breaches/give-dpo-advice/give-dpo-advice.js';
import { decideInformDpo } from '../../../src/breaches/inform-dpo/inform-dpo.js';
import { decideNotifyDataSubjects } from '../../../src/breaches/notify-data-subjects/notify-data-subjects.js';
import { decideRecordRootCause } from '../../../src/breaches/record-root-cause/record-root-cause.js';
import { decideRegisterBreach } from '../../../src/breaches/register-breach/register-breach.js';
import { decideReportBreachToAP, type ReportBreachToAP } from '../../../src/breaches/report-breach-to-ap/report-breach-to-ap.js';
import { decideSupplementBreachReport } from '../../../src/breaches/supplement-breach-report/supplement-breach-report.js';
import { decideTakeMeasure } from '../../../src/breaches/take-measure/take-measure.js';
import { decideWaiveDataSubjectNotification } from '../../../src/breaches/waive-data-subject-notification/waive-data-subject-notification.js';
import { decideWithdrawBreachReport } from '../../../src/breaches/withdraw-breach-report/withdraw-breach-report.js';
import { DAY, HOUR, MINUTE, addDays, fromLocal, isWorkingDay, nextOfficeTime, toLocal, yearStart, type LocalDate } from './breach-year-calendar.js';
import * as text from './breach-year-texts.js';

/**
 * A seeded, realistic year of breach events for tests and benchmarks. Every history is
 * made THROUGH the slice's decide functions: each breach's state is folded with `evolve`
 * and each command decided with `now` = its simulated recording time, so the service would
 * have accepted every event. A refusal here is a bug in the generator, and it throws.
 * The one exception is `importedLateWithoutReason`: late reports without a reason exist
 * only as imported history (the service refuses them, Art. 33(1)), so those breaches are
 * written directly and marked `imported`.
 */

// ---------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32) and the draws built on it.

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Skewed towards `min` (power > 1): most values small, a long tail. */
  skewed(min: number, max: number, power = 2): number {
    return min + this.next() ** power * (max - min);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return item(items, Math.floor(this.next() * items.length));
  }

  weighted<T>(entries: text.Weighted<T>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return item(entries, entries.length - 1)[0];
  }

  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [item(copy, j), item(copy, i)];
    }
    return copy;
  }

  /** A version-4-shaped UUID from the seeded stream (stable per seed, not cryptographic). */
  uuid(): string {
    const word = () => Math.floor(this.next() * 0x1_0000_0000);
    const hex = (value: number) => value.toString(16).padStart(8, '0');
    const a = hex(word());
    const b = hex(((word() & 0xffff0fff) | 0x00004000) >>> 0); // version 4
    const c = hex(((word() & 0x3fffffff) | 0x80000000) >>> 0); // variant 10
    const d = hex(word());
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }
}

function item<T>(items: readonly T[], index: number): T {
  if (index < 0 || index >= items.length) throw new RangeError(`index ${index} outside 0..${items.length - 1}`);
  return items[index] as T;
}

// ---------------------------------------------------------------------------------------
// Options.

export const DEFAULT_DIENSTEN: readonly string[] = ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'];
/**
 * Assumed, not reported: the annual report gives no breaches per dienst. The citizen-facing
 * diensten with the most letters and files (social affairs, education and youth, civic
 * affairs) lead; the central Bestuursdienst registers fewest.
 */
export const DEFAULT_DIENST_WEIGHTS: readonly number[] = [12, 20, 15, 30, 10, 8, 5];

/** The 2021 report: "informeren van de FG [blijft] veelal achterwege", the FG is mostly not informed. */
export const DEFAULT_DPO_INFORMED_SHARE = 0.3;

export interface BreachYearOptions {
  /** An integer: the same seed and options give the same year, event for event. */
  readonly seed: number;
  /** The calendar year of awareAt, Europe/Amsterdam. Default 2021. */
  readonly year?: number;
  /** Breaches registered. Default 255 (FG annual report 2021). */
  readonly breaches?: number;
  /** Default DEFAULT_DIENSTEN. */
  readonly diensten?: readonly string[];
  /** Relative weights aligned with `diensten`. Default DEFAULT_DIENST_WEIGHTS for the default list, else 1/(i+1). */
  readonly dienstWeights?: readonly number[];
  /** Share of the breaches reported to the AP; the count is round(breaches × share), drawn exactly. Default 50/255. */
  readonly reportedShare?: number;
  /** Share of the reported ones that are late (first filing after awareAt + 72 h, judged on the corrected awareAt). Default 44/50. */
  readonly lateShare?: number;
  /** How many of the late ones became late through an awareAt correction (the correction carries the reason). Default round(late × 0.05). */
  readonly lateByCorrection?: number;
  /** How many of the late ones are imported history without a reason (written directly, marked imported). Default 0. */
  readonly importedLateWithoutReason?: number;
  /** When the imported breaches were recorded. Default: 15 January of the next year, 09:00 Amsterdam, or after their last business time. */
  readonly importedAt?: string;
  /** Share of the reported ones whose report is withdrawn. Default 0.06. */
  readonly withdrawnShare?: number;
  /**
   * Share of the breaches of which the FG is informed (soon, days later, or after closure).
   * Default 0.3: the 2021 annual report finds that the FG is mostly not informed.
   */
  readonly dpoInformedShare?: number;
  /** Share of the breaches with a correction of a recorded fact (besides lateByCorrection). Default 0.04. */
  readonly correctionShare?: number;
  /** Share of the breaches closed. Default 0.9. */
  readonly closedShare?: number;
  /** Relative weight of each late-reason code. Default text.DEFAULT_LATE_REASON_WEIGHTS. */
  readonly lateReasonWeights?: Partial<{ readonly [C in LateReasonCode]: number }>;
}

export type ResolvedBreachYearOptions = Required<Omit<BreachYearOptions, 'importedAt' | 'lateReasonWeights'>> & {
  readonly importedAt: string | null;
  readonly lateReasonWeights: { readonly [C in LateReasonCode]: number };
};

export function resolveBreachYearOptions(options: BreachYearOptions): ResolvedBreachYearOptions {
  const diensten = options.diensten ?? DEFAULT_DIENSTEN;
  const defaultWeights = diensten === DEFAULT_DIENSTEN ? DEFAULT_DIENST_WEIGHTS : diensten.map((_, i) => 1 / (i + 1));
  const breaches = options.breaches ?? 255;
  const reportedShare = options.reportedShare ?? 50 / 255;
  const lateShare = options.lateShare ?? 44 / 50;
  const late = Math.round(Math.round(breaches * reportedShare) * lateShare);
  const resolved: ResolvedBreachYearOptions = {
    seed: options.seed,
    year: options.year ?? 2021,
    breaches,
    diensten,
    dienstWeights: options.dienstWeights ?? defaultWeights,
    reportedShare,
    lateShare,
    lateByCorrection: options.lateByCorrection ?? Math.round(late * 0.05),
    importedLateWithoutReason: options.importedLateWithoutReason ?? 0,
    importedAt: options.importedAt ?? null,
    withdrawnShare: options.withdrawnShare ?? 0.06,
    dpoInformedShare: options.dpoInformedShare ?? DEFAULT_DPO_INFORMED_SHARE,
    correctionShare: options.correctionShare ?? 0.04,
    closedShare: options.closedShare ?? 0.9,
    lateReasonWeights: { ...text.DEFAULT_LATE_REASON_WEIGHTS, ...options.lateReasonWeights },
  };
  check(resolved);
  return resolved;
}

function check(o: ResolvedBreachYearOptions): void {
  const fail = (message: string): never => {
    throw new RangeError(`generateBreachYear: ${message}`);
  };
  if (!Number.isSafeInteger(o.seed)) fail('seed must be an integer');
  if (!Number.isInteger(o.year) || o.year < 1996 || o.year > 9998) fail('year must be an integer from 1996');
  if (!Number.isInteger(o.breaches) || o.breaches < 0) fail('breaches must be a non-negative integer');
  if (o.diensten.length === 0 || o.dienstWeights.length !== o.diensten.length) fail('give at least one dienst and one weight per dienst');
  if (o.dienstWeights.some((w) => !(w >= 0)) || o.dienstWeights.every((w) => w === 0)) fail('dienst weights must be non-negative, not all zero');
  for (const [name, share] of Object.entries({ reportedShare: o.reportedShare, lateShare: o.lateShare, withdrawnShare: o.withdrawnShare, dpoInformedShare: o.dpoInformedShare, correctionShare: o.correctionShare, closedShare: o.closedShare })) {
    if (!(share >= 0 && share <= 1)) fail(`${name} must lie in [0, 1]`);
  }
  if (o.importedAt !== null && Number.isNaN(Date.parse(o.importedAt))) fail('importedAt must be an ISO-8601 time');
  if (Object.values(o.lateReasonWeights).some((w) => !(w >= 0)) || Object.values(o.lateReasonWeights).every((w) => w === 0)) fail('late-reason weights must be non-negative, not all zero');
  const c = counts(o);
  for (const [name, value] of Object.entries({ lateByCorrection: c.lateByCorrection, importedLateWithoutReason: c.imported })) {
    if (!Number.isInteger(value) || value < 0) fail(`${name} must be a non-negative integer`);
  }
  if (c.lateByCorrection + c.imported > c.late) fail(`lateByCorrection + importedLateWithoutReason (${c.lateByCorrection + c.imported}) exceed the late reports (${c.late})`);
}

/** The exact counts the options ask for. */
function counts(o: ResolvedBreachYearOptions) {
  const reported = Math.round(o.breaches * o.reportedShare);
  const late = Math.round(reported * o.lateShare);
  const lateByCorrection = o.lateByCorrection;
  const imported = o.importedLateWithoutReason;
  const withdrawable = reported - lateByCorrection - imported;
  const correctable = o.breaches - lateByCorrection - imported;
  return {
    reported,
    late,
    lateByCorrection,
    imported,
    withdrawn: Math.min(withdrawable, Math.round(reported * o.withdrawnShare)),
    corrected: Math.min(correctable, Math.round(o.breaches * o.correctionShare)),
    dpoInformed: Math.round(o.breaches * o.dpoInformedShare),
    closed: Math.round(o.breaches * o.closedShare),
  };
}

// ---------------------------------------------------------------------------------------
// Output.

/** One event as it would have been recorded: one command, one append. */
export interface GeneratedBreachEvent {
  readonly streamId: string;
  /** When the service recorded it (UTC ISO-8601, ms): the `now` its decide ran with. */
  readonly recordedAt: string;
  readonly event: BreachEvent;
  readonly actor: Actor;
  readonly eventId: string;
  readonly commandId: string;
  readonly correlationId: string;
  /** Imported history: not decided by the service (the breach's whole stream is imported). */
  readonly imported: boolean;
}

export interface BreachYearSummary {
  readonly year: number;
  readonly seed: number;
  readonly events: number;
  readonly eventsByType: { readonly [T in BreachEventType]: number };
  readonly registered: number;
  /** Breaches with a filing with the AP (withdrawn ones included). */
  readonly reported: number;
  /** Reports late as the folded state has them: the first filing after the corrected awareAt + 72 h. */
  readonly late: number;
  /** Reports whose BreachReportedToAP said late at filing. */
  readonly lateAtFiling: number;
  /** Reports on time at filing that an awareAt correction made late. */
  readonly lateByCorrection: number;
  /** Late reports without any recorded reason (imported history only). */
  readonly lateWithoutReason: number;
  readonly lateByReason: { readonly [C in LateReasonCode]: number };
  /** Late reports whose reason the AP does not accept (LATE_REASONS[code].apView). */
  readonly lateNotAccepted: number;
  /** The FG's latest verdict per breach. */
  readonly lateReasonVerdicts: { readonly [V in LateReasonVerdict]: number };
  readonly withdrawn: number;
  /** Breaches whose latest assessment says not reportable (withdrawn reports reassessed included). */
  readonly notReportable: number;
  readonly supplemented: number;
  readonly dpoInformed: number;
  /** Reported breaches whose FG was informed no later than the (corrected) filing. */
  readonly dpoInformedBeforeReport: number;
  readonly dpoAdvised: number;
  readonly dataSubjectsNotified: number;
  readonly notificationWaived: number;
  readonly withRootCause: number;
  readonly measures: number;
  readonly corrected: number;
  readonly awareAtCorrected: number;
  readonly closed: number;
  /** Breaches whose history is imported (not decided by the service). */
  readonly imported: number;
  /** Live-registered breaches whose BreachDetected was recorded more than 72 h after the (corrected) awareAt. */
  readonly registeredLate: number;
  readonly byDienst: { readonly [dienst: string]: { readonly registered: number; readonly reported: number; readonly late: number } };
}

export interface GeneratedBreachYear {
  readonly options: ResolvedBreachYearOptions;
  /** In the global order they would have been recorded: by recordedAt, ties in generation order. */
  readonly events: readonly GeneratedBreachEvent[];
  readonly summary: BreachYearSummary;
}

// ---------------------------------------------------------------------------------------
// Who does what.

export const PRIVACY_OFFICERS: readonly Actor[] = ['po-01', 'po-02', 'po-03', 'po-04', 'po-05'].map((id) => ({ id, role: 'privacy-officer' }));
const OFFICER_WEIGHTS = [30, 25, 20, 15, 10];
export const DPO: Actor = { id: 'fg-01', role: 'dpo' };
export const REGISTER_IMPORT: Actor = { id: 'register-import', role: 'system' };

// ---------------------------------------------------------------------------------------
// Generating.

type Lateness = 'on-time' | 'late' | 'late-by-correction' | 'imported-late';

interface Profile {
  readonly dienst: string;
  readonly lateness: Lateness | null;
  readonly withdrawn: boolean;
  readonly corrected: boolean;
  readonly dpoInformed: boolean;
  readonly closed: boolean;
}

interface Step {
  /** The business time (for events without one: when it happened); steps run in this order. */
  readonly at: number;
  readonly actor: Actor;
  readonly run: (state: BreachState, context: DecisionContext) => readonly BreachEvent[];
}

interface Recorded {
  readonly streamId: string;
  readonly recordedAt: number;
  readonly event: BreachEvent;
  readonly actor: Actor;
  readonly commandId: string;
  readonly correlationId: string;
  readonly eventId: string;
  readonly imported: boolean;
  /** Generation order, for stable ties. */
  readonly sequence: number;
}

export function generateBreachYear(options: BreachYearOptions): GeneratedBreachYear {
  const resolved = resolveBreachYearOptions(options);
  const rng = new SeededRandom(resolved.seed);
  const profiles = drawProfiles(rng, resolved);
  const generator = new YearGenerator(rng, resolved);
  profiles.forEach((profile) => generator.breach(profile));
  const events = generator.finish();
  const summary = summariseBreachYear(events, resolved);
  requireTargets(summary, resolved);
  return { options: resolved, events, summary };
}

/** Exactly the requested counts, on breaches chosen at random. */
function drawProfiles(rng: SeededRandom, o: ResolvedBreachYearOptions): Profile[] {
  const c = counts(o);
  const all = Array.from({ length: o.breaches }, (_, i) => i);
  const reported = rng.shuffled(all).slice(0, c.reported);
  const lateness = new Map<number, Lateness>();
  reported.forEach((index, rank) => {
    const kind: Lateness = rank < c.imported ? 'imported-late' : rank < c.imported + c.lateByCorrection ? 'late-by-correction' : rank < c.late ? 'late' : 'on-time';
    lateness.set(index, kind);
  });
  const plain = (index: number) => lateness.get(index) !== 'imported-late' && lateness.get(index) !== 'late-by-correction';
  const withdrawn = new Set(rng.shuffled(reported.filter(plain)).slice(0, c.withdrawn));
  const corrected = new Set(rng.shuffled(all.filter(plain)).slice(0, c.corrected));
  const informed = new Set(rng.shuffled(all).slice(0, c.dpoInformed));
  const closed = new Set(rng.shuffled(all).slice(0, c.closed));
  const dienstWeights: text.Weighted<string> = o.diensten.map((dienst, i) => [dienst, item(o.dienstWeights, i)] as const);
  return all.map((index) => ({
    dienst: rng.weighted(dienstWeights),
    lateness: lateness.get(index) ?? null,
    withdrawn: withdrawn.has(index),
    corrected: corrected.has(index),
    dpoInformed: informed.has(index),
    closed: closed.has(index),
  }));
}

function requireTargets(summary: BreachYearSummary, o: ResolvedBreachYearOptions): void {
  const c = counts(o);
  const expected = { registered: o.breaches, reported: c.reported, late: c.late, lateByCorrection: c.lateByCorrection, lateWithoutReason: c.imported, withdrawn: c.withdrawn, closed: c.closed };
  for (const [name, value] of Object.entries(expected)) {
    const actual = summary[name as keyof typeof expected];
    if (actual !== value) throw new Error(`generateBreachYear bug: ${name} is ${actual}, expected ${value}`);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (time: string): number => Date.parse(time);

class YearGenerator {
  private readonly recorded: Recorded[] = [];
  private readonly imported: Recorded[][] = [];
  private readonly apReferences = new Set<string>();
  private readonly dayWeights: text.Weighted<LocalDate>;
  private readonly start: number;

  constructor(
    private readonly rng: SeededRandom,
    private readonly o: ResolvedBreachYearOptions,
  ) {
    this.start = yearStart(o.year);
    this.dayWeights = dayWeights(o.year);
  }

  breach(profile: Profile): void {
    const rng = this.rng;
    const breachId = rng.uuid();
    const officer = rng.weighted(PRIVACY_OFFICERS.map((actor, i) => [actor, item(OFFICER_WEIGHTS, i)] as const));
    const plan = new BreachPlan(this, rng, profile, breachId, officer);
    const importing = profile.lateness === 'imported-late';
    const records = this.run(breachStreamId(breachId), plan.registration(), plan.steps(), importing);
    if (importing) this.imported.push(records);
    else this.recorded.push(...records);
  }

  /** Folds and decides one breach, step by step, each at its recording time. */
  private run(streamId: string, registration: { at: number; step: Step }, steps: readonly Step[], importing: boolean): Recorded[] {
    const rng = this.rng;
    let state: BreachState = initialState();
    let recordedAt = registration.at;
    const out: Recorded[] = [];
    const ordered = [...steps].sort((a, b) => a.at - b.at);
    [registration.step, ...ordered].forEach((step, index) => {
      if (index > 0) recordedAt = Math.max(this.entryTime(step.at), recordedAt + Math.round(rng.between(20_000, 10 * MINUTE)));
      const context: DecisionContext = { now: iso(recordedAt), maxClockSkewMs: 0, diensten: this.o.diensten };
      const commandId = rng.uuid();
      const correlationId = rng.uuid();
      for (const event of step.run(state, context)) {
        state = evolve(state, event);
        out.push({ streamId, recordedAt, event, actor: importing ? REGISTER_IMPORT : step.actor, commandId, correlationId, eventId: rng.uuid(), imported: importing, sequence: 0 });
      }
    });
    return out;
  }

  /** When a person records something that happened at `at`: mostly at once, in office hours; sometimes days later. */
  private entryTime(at: number): number {
    const rng = this.rng;
    const lag = rng.weighted([
      [() => rng.between(2 * MINUTE, 45 * MINUTE), 75],
      [() => rng.between(2 * HOUR, 30 * HOUR), 18],
      [() => rng.between(2 * DAY, 10 * DAY), 7],
    ] as const)();
    const entered = at + Math.round(lag);
    return rng.chance(0.8) ? nextOfficeTime(entered, rng.int(0, 120)) + rng.int(0, 59_999) : entered;
  }

  finish(): GeneratedBreachEvent[] {
    const live = this.recorded.map((r, sequence) => ({ ...r, sequence }));
    const imported = this.importedRecords(live.length);
    const all = [...live, ...imported].sort((a, b) => a.recordedAt - b.recordedAt || a.sequence - b.sequence);
    return all.map(({ streamId, recordedAt, event, actor, eventId, commandId, correlationId, imported: fromImport }) => ({
      streamId,
      recordedAt: iso(recordedAt),
      event,
      actor,
      eventId,
      commandId,
      correlationId,
      imported: fromImport,
    }));
  }

  /** The old register, imported in one run after the last of its business times: one ms apart, one correlation id. */
  private importedRecords(firstSequence: number): Recorded[] {
    const records = this.imported.flat();
    if (records.length === 0) return [];
    const latest = Math.max(...records.map((r) => r.recordedAt));
    const importedAt = this.o.importedAt !== null ? ms(this.o.importedAt) : Math.max(fromLocal({ year: this.o.year + 1, month: 0, day: 15 }, 9 * 60), latest + HOUR);
    if (importedAt < latest) throw new RangeError(`importedAt ${this.o.importedAt} precedes the imported history (${iso(latest)})`);
    const correlationId = this.rng.uuid();
    return records.map((r, i) => ({ ...r, recordedAt: importedAt + i, correlationId, sequence: firstSequence + i }));
  }

  // --- draws the plans share

  /** Mostly office hours on working days; some evenings, nights and weekends. */
  drawAwareAt(): number {
    const rng = this.rng;
    const date = rng.weighted(this.dayWeights);
    const minutes = isWorkingDay(date)
      ? rng.chance(0.88)
        ? Math.round((rng.between(8 * 60, 18 * 60) + rng.between(8 * 60, 18 * 60)) / 2)
        : (18 * 60 + rng.int(0, 14 * 60 - 1)) % (24 * 60)
      : rng.chance(0.8)
        ? rng.int(8 * 60, 23 * 60 - 1)
        : rng.int(0, 8 * 60 - 1);
    return fromLocal(date, minutes) + rng.int(0, 59) * 1000;
  }

  apReference(): string {
    for (;;) {
      const reference = `M-${this.o.year}-${String(this.rng.int(1, 999_999)).padStart(6, '0')}`;
      if (!this.apReferences.has(reference)) {
        this.apReferences.add(reference);
        return reference;
      }
    }
  }

  get yearStartMs(): number {
    return this.start;
  }

  get options(): ResolvedBreachYearOptions {
    return this.o;
  }
}

/** Fewer breaches come to light at weekends, on holidays, in the summer and at Christmas. */
function dayWeights(year: number): text.Weighted<LocalDate> {
  const first: LocalDate = { year, month: 0, day: 1 };
  const out: (readonly [LocalDate, number])[] = [];
  for (let date = first; date.year === year; date = addDays(date, 1)) {
    let weight = isWorkingDay(date) ? 1 : 0.3;
    if ((date.month === 6 && date.day >= 15) || date.month === 7) weight *= 0.8;
    if (date.month === 11 && date.day >= 24) weight *= 0.6;
    out.push([date, weight]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// One breach: its facts and the steps of its handling.

const SEVERITY_BY_RISK: { readonly [R in RiskLevel]: text.Weighted<Severity> } = {
  none: [['verwaarloosbaar', 80], ['beperkt', 20]],
  risk: [['beperkt', 60], ['aanzienlijk', 40]],
  high: [['aanzienlijk', 60], ['zeer-groot', 40]],
};
const CHANNELS: text.Weighted<NotificationChannel> = [['letter', 50], ['email', 30], ['phone', 10], ['portal', 5], ['in-person', 5]];

class BreachPlan {
  private readonly template: text.IncidentTemplate;
  /** The true moment of awareness: the final awareAt (a correction may still move it earlier). */
  private readonly awareAt: number;
  /** The awareAt first registered: later than the truth when a correction will make the report late. */
  private readonly registeredAware: number;
  private readonly registeredAt: number;
  private readonly reportedAt: number | null;
  /** Why it was late (the hidden cause for imported history, which records none). */
  private readonly reason: LateReasonCode | null;
  private readonly facts: BreachDetectedData;
  private readonly pre: Step[] = [];
  private readonly anytime: Step[] = [];
  /** Corrections planned for after closure: placed once the closure time is known. */
  private readonly afterClosure: Step['run'][] = [];
  private correctionAt: number | null = null;

  constructor(
    private readonly year: YearGenerator,
    private readonly rng: SeededRandom,
    private readonly profile: Profile,
    private readonly breachId: string,
    private readonly officer: Actor,
  ) {
    this.template = rng.weighted(text.INCIDENT_TEMPLATES.map((t) => [t, t.weight] as const));
    this.awareAt = year.drawAwareAt();
    const late = profile.lateness === 'late' || profile.lateness === 'imported-late' || profile.lateness === 'late-by-correction';
    this.reason = late ? rng.weighted(reasonWeights(year.options.lateReasonWeights, profile.lateness === 'late-by-correction')) : null;
    const times = this.timeline();
    this.registeredAware = Math.round(times.registeredAware);
    this.registeredAt = Math.round(times.registeredAt);
    this.reportedAt = times.reportedAt === null ? null : Math.round(times.reportedAt);
    this.facts = this.drawFacts();
  }

  registration(): { at: number; step: Step } {
    const facts = this.facts;
    return { at: this.registeredAt, step: { at: this.registeredAware, actor: this.officer, run: (state, context) => decideRegisterBreach(facts, state, context) } };
  }

  steps(): Step[] {
    const assessments = this.planAssessmentsAndReport();
    const finalAssessment = assessments.at(-1);
    if (finalAssessment) this.planDataSubjects(finalAssessment);
    this.planRootCausesAndMeasures();
    this.planLateByCorrection();
    if (this.profile.corrected) this.planCorrection();
    const closedAt = this.profile.closed ? this.planClosure() : null;
    this.planDpo(closedAt);
    this.planVerdict();
    return [...this.pre, ...this.anytime];
  }

  // --- timings

  private timeline(): { registeredAware: number; registeredAt: number; reportedAt: number | null } {
    const rng = this.rng;
    const aware = this.awareAt;
    const deadline = aware + REPORTING_WINDOW_HOURS * HOUR;
    switch (this.profile.lateness) {
      case null: {
        const delay = rng.weighted([
          [() => rng.between(10 * MINUTE, 3 * HOUR), 60],
          [() => rng.between(3 * HOUR, DAY), 24],
          [() => rng.between(DAY, 5 * DAY), 12],
          // Late registration: the signal of the escalation problems the FG wants investigated.
          [() => rng.between(5 * DAY, 20 * DAY), 4],
        ] as const)();
        return { registeredAware: aware, registeredAt: this.office(aware + delay, 0.85), reportedAt: null };
      }
      case 'on-time': {
        const registeredAt = this.office(aware + rng.skewed(10 * MINUTE, 30 * HOUR), 0.85, deadline - 6 * HOUR);
        const filed = registeredAt + rng.skewed(30 * MINUTE, deadline - registeredAt - 30 * MINUTE, 1.3);
        return { registeredAware: aware, registeredAt, reportedAt: this.office(filed, 0.7, deadline - 15 * MINUTE) };
      }
      case 'late-by-correction': {
        // The team knew days before the privacy officers did; the report was on time against
        // the awareAt first registered, and late against the corrected one.
        const filedAfter = rng.between(12 * HOUR, 68 * HOUR);
        const registeredAware = aware + (REPORTING_WINDOW_HOURS * HOUR - filedAfter) + rng.between(2 * HOUR, 8 * DAY);
        const registeredAt = registeredAware + rng.between(10 * MINUTE, Math.min(filedAfter - 10 * MINUTE, 6 * HOUR));
        return { registeredAware, registeredAt, reportedAt: registeredAware + filedAfter };
      }
      case 'late':
      case 'imported-late':
        return this.lateTimeline(aware);
      default: {
        const unknown: never = this.profile.lateness;
        throw new Error(`unknown lateness ${String(unknown)}`);
      }
    }
  }

  /** Late by 3 to 30 days after awareness, shaped by the reason: late escalation means late registration. */
  private lateTimeline(aware: number): { registeredAware: number; registeredAt: number; reportedAt: number } {
    const rng = this.rng;
    const reason = this.reason ?? 'other';
    const [registered, filed] = ((): [number, number] => {
      switch (reason) {
        case 'not-recognised': {
          const r = rng.skewed(3 * DAY, 20 * DAY, 1.5);
          return [r, r + rng.between(2 * HOUR, 3 * DAY)];
        }
        case 'internal-escalation': {
          const r = rng.skewed(2 * DAY, 15 * DAY, 1.5);
          return [r, r + rng.between(HOUR, 2 * DAY)];
        }
        case 'procedure-unclear': {
          const r = rng.between(DAY, 10 * DAY);
          return [r, r + rng.between(DAY, 5 * DAY)];
        }
        case 'awaiting-investigation':
          return [rng.between(HOUR, DAY), rng.skewed(4 * DAY, 25 * DAY, 1.5)];
        case 'staff-unavailable':
          return [rng.between(HOUR, 2 * DAY), rng.skewed(73 * HOUR, 8 * DAY)];
        case 'processor-delay':
          return [rng.between(6 * HOUR, 5 * DAY), rng.between(4 * DAY, 15 * DAY)];
        case 'bundled-report':
          return [rng.between(HOUR, DAY), nextBundleDate(aware + REPORTING_WINDOW_HOURS * HOUR) - aware];
        case 'other':
          return [rng.between(HOUR, 5 * DAY), rng.skewed(4 * DAY, 30 * DAY)];
        default: {
          const unknown: never = reason;
          throw new Error(`unknown late reason ${String(unknown)}`);
        }
      }
    })();
    const earliest = aware + REPORTING_WINDOW_HOURS * HOUR + 20 * MINUTE;
    const latest = aware + 30 * DAY;
    const clamp = (t: number) => Math.min(latest, Math.max(earliest, t));
    const reportedAt = clamp(this.office(clamp(aware + Math.max(filed, registered + HOUR)), 0.7));
    const registeredAt = Math.min(this.office(aware + registered, 0.85), reportedAt - rng.between(30 * MINUTE, 2 * HOUR));
    return { registeredAware: aware, registeredAt: Math.max(registeredAt, aware + 10 * MINUTE), reportedAt };
  }

  /** Moves a time to office hours with the given chance, unless that would pass `limit`. */
  private office(time: number, probability: number, limit = Number.POSITIVE_INFINITY): number {
    const rng = this.rng;
    if (!rng.chance(probability)) return Math.round(time);
    const moved = nextOfficeTime(time, rng.int(0, 120)) + rng.int(0, 59) * 1000;
    return moved <= limit ? moved : Math.round(time);
  }

  // --- facts

  private drawFacts(): BreachDetectedData {
    const rng = this.rng;
    const t = this.template;
    const reported = this.profile.lateness !== null;
    const processor = this.reason === 'processor-delay' || (t.kind === 'hacking-or-malware' && rng.chance(0.5)) ? rng.pick(text.PROCESSORS) : null;
    const title = rng.pick(t.titles);
    const occurredFrom = rng.chance(0.2) ? null : this.awareAt - Math.round(rng.skewed(0, 14 * DAY, 3));
    const occurredTo = occurredFrom === null || rng.chance(0.15) ? null : rng.chance(0.7) ? occurredFrom : Math.round(rng.between(occurredFrom, this.awareAt));
    const dienstData = text.DIENST_DATA[this.profile.dienst] ?? [];
    const categories = new Set([rng.pick(text.GENERIC_DATA), rng.pick(text.GENERIC_DATA), ...(dienstData.length > 0 ? [rng.pick(dienstData)] : [])]);
    const cia = t.cia.filter((aspect, i) => i === 0 || rng.chance(0.5));
    return {
      breachId: this.breachId,
      title,
      description: `${title}. ${rng.pick(t.details)}`,
      dienst: this.profile.dienst,
      awareAt: iso(this.registeredAware),
      occurredFrom: occurredFrom === null ? null : iso(occurredFrom),
      occurredTo: occurredTo === null ? null : iso(occurredTo),
      discovery: { how: processor ? `${processor} informed the municipality` : rng.pick(t.how), processor },
      ciaAspects: cia,
      incidentKind: t.kind,
      dataCategories: [...categories],
      specialCategories: rng.chance(reported ? 0.25 : 0.08),
      bsn: rng.chance(reported ? 0.55 : 0.3),
      criminalData: rng.chance(0.03),
      dataSubjects: this.drawDataSubjects(),
      encrypted: !reported && rng.chance(t.encryptedChance),
    };
  }

  private drawDataSubjects(): DataSubjectCount {
    const rng = this.rng;
    if (rng.chance(this.template.bulkChance)) {
      return rng.weighted<() => DataSubjectCount>([
        [() => ({ kind: 'exact', count: rng.int(20, 800) }), 40],
        [() => {
          const min = rng.int(10, 300);
          return { kind: 'range', min, max: min * rng.int(2, 10) };
        }, 40],
        [() => ({ kind: 'unknown' }), 20],
      ])();
    }
    return rng.chance(0.75) ? { kind: 'exact', count: 1 } : rng.chance(0.85) ? { kind: 'exact', count: rng.int(2, 6) } : { kind: 'unknown' };
  }

  // --- handling

  private step(at: number, run: Step['run'], options: { anytime?: boolean; actor?: Actor } = {}): void {
    // Now and then a colleague of the handling privacy officer records a step.
    const actor = options.actor ?? (this.rng.chance(0.15) ? this.rng.pick(PRIVACY_OFFICERS) : this.officer);
    (options.anytime ? this.anytime : this.pre).push({ at: Math.round(at), actor, run });
  }

  /** The assessments (the last one counts) and, for reported breaches, the filing, supplements and any withdrawal. */
  private planAssessmentsAndReport(): AssessBreach[] {
    const rng = this.rng;
    const reg = this.registeredAt;
    if (this.reportedAt === null) {
      const rationale = this.facts.encrypted ? text.ENCRYPTED_RATIONALE : rng.pick(text.NOT_REPORTABLE_RATIONALES);
      const assessment = this.assess(reg + rng.skewed(30 * MINUTE, 5 * DAY), 'none', false, false, rationale);
      return [assessment];
    }
    const reportedAt = this.reportedAt;
    const risk: RiskLevel = this.profile.withdrawn ? 'risk' : rng.weighted([['risk', 70], ['high', 25], ['none', 5]]);
    const before = rng.chance(0.7) && reportedAt - reg > 40 * MINUTE;
    const firstAt = before ? rng.between(reg + 10 * MINUTE, reportedAt - 10 * MINUTE) : reportedAt + rng.skewed(HOUR, 5 * DAY);
    const first = this.assessReportable(firstAt, risk);
    const assessments = [first];
    const phase = this.planReport(reportedAt);
    if (this.profile.withdrawn) {
      // Withdrawn once the facts are in (after the assessment), then reassessed as not reportable.
      const withdrawnAt = Math.max(reportedAt, firstAt) + rng.between(DAY, 20 * DAY);
      const reason = rng.pick(text.WITHDRAWAL_REASONS);
      const ground = text.WITHDRAWAL_GROUNDS_OF_REASONS[text.WITHDRAWAL_REASONS.indexOf(reason)] ?? 'other';
      this.step(withdrawnAt, (s, c) => decideWithdrawBreachReport({ withdrawnAt: iso(Math.round(withdrawnAt)), ground, reason }, s, c));
      const reassessedAt = withdrawnAt + rng.between(10 * MINUTE, 2 * DAY);
      assessments.push(this.assess(reassessedAt, 'none', false, false, 'The report to the AP was withdrawn: the breach proved not to risk the data subjects.'));
      return assessments;
    }
    const lastFiled = this.planSupplements(reportedAt, phase);
    if (rng.chance(0.1)) {
      // A reassessment once the facts are in: the risk may prove high.
      const escalated: RiskLevel = risk === 'risk' && rng.chance(0.4) ? 'high' : risk;
      assessments.push(this.assessReportable(Math.max(ms(first.assessedAt), lastFiled) + rng.between(DAY, 10 * DAY), escalated));
    }
    return assessments;
  }

  private assessReportable(at: number, risk: RiskLevel): AssessBreach {
    const notify = risk === 'high' && this.rng.chance(0.85);
    const rationale = risk === 'high' && !notify ? text.HIGH_RISK_WITHOUT_NOTIFICATION : risk === 'none' ? 'Reported out of caution, as the AP advises when in doubt.' : null;
    return this.assess(at, risk, true, notify, rationale);
  }

  private assess(at: number, risk: RiskLevel, reportable: boolean, notifyDataSubjects: boolean, rationale: string | null): AssessBreach {
    const command: AssessBreach = { assessedAt: iso(Math.round(at)), risk, severity: this.rng.weighted(SEVERITY_BY_RISK[risk]), reportable, notifyDataSubjects, rationale };
    this.step(at, (s, c) => decideAssessBreach(command, s, c));
    return command;
  }

  private planReport(reportedAt: number): ReportPhase {
    const rng = this.rng;
    const lateAtFiling = this.profile.lateness === 'late' || this.profile.lateness === 'imported-late';
    const command: ReportBreachToAP = {
      reportedAt: iso(reportedAt),
      apReference: this.year.apReference(),
      phase: rng.chance(lateAtFiling ? 0.25 : 0.45) ? 'preliminary' : 'final',
      lateReason: this.profile.lateness === 'late' ? this.lateReason(this.reason ?? 'other') : null,
    };
    if (this.profile.lateness === 'imported-late') {
      // The old register's late reports carry no reason; the service would refuse them (Art. 33(1)).
      this.step(reportedAt, (state) => [importedLateReport(state, command)]);
    } else {
      this.step(reportedAt, (s, c) => decideReportBreachToAP(command, s, c));
    }
    return command.phase;
  }

  private lateReason(code: LateReasonCode): LateReason {
    return { code, explanation: this.rng.pick(text.LATE_EXPLANATIONS[code]) };
  }

  /** A preliminary report is supplemented until final; now and then a final one is supplemented too. */
  private planSupplements(reportedAt: number, filed: ReportPhase): number {
    const rng = this.rng;
    const phases: readonly ReportPhase[] = filed === 'preliminary' ? (rng.chance(0.3) ? ['preliminary', 'final'] : ['final']) : rng.chance(0.15) ? ['final'] : [];
    let at = reportedAt;
    for (const phase of phases) {
      at = Math.round(at + rng.between(2 * DAY, 21 * DAY));
      const supplementedAt = iso(at);
      const changes = rng.pick(text.SUPPLEMENT_CHANGES);
      this.step(at, (s, c) => decideSupplementBreachReport({ supplementedAt, changes, phase }, s, c));
    }
    return at;
  }

  private planDataSubjects(assessment: AssessBreach): void {
    const rng = this.rng;
    if (assessment.risk !== 'high') return;
    const assessedAt = ms(assessment.assessedAt);
    if (assessment.notifyDataSubjects && rng.chance(0.8)) {
      const total = this.totalDataSubjects();
      const batches = total >= 3 ? rng.int(1, 3) : 1;
      let at = assessedAt + rng.between(DAY, 10 * DAY);
      let left = total;
      for (let b = batches; b >= 1; b -= 1) {
        const count = b === 1 ? left : rng.int(1, left - (b - 1));
        left -= count;
        const notifiedAt = Math.round(at);
        const channel = rng.weighted(CHANNELS);
        this.step(notifiedAt, (s, c) => decideNotifyDataSubjects({ notifiedAt: iso(notifiedAt), count, channel }, s, c));
        at += rng.between(DAY, 7 * DAY);
      }
      return;
    }
    if (!assessment.notifyDataSubjects && rng.chance(0.3)) return; // the rationale on the assessment stands alone
    const ground: WaiverGround = assessment.notifyDataSubjects ? rng.weighted([['high-risk-removed', 50], ['disproportionate-effort', 50]]) : 'high-risk-removed';
    const waivedAt = Math.round(assessedAt + rng.between(HOUR, 14 * DAY));
    const publicCommunication = ground === 'disproportionate-effort' ? text.PUBLIC_COMMUNICATION : null;
    this.step(waivedAt, (s, c) => decideWaiveDataSubjectNotification({ waivedAt: iso(waivedAt), ground, explanation: text.WAIVER_EXPLANATIONS[ground], publicCommunication }, s, c));
  }

  private totalDataSubjects(): number {
    const subjects = this.facts.dataSubjects;
    if (subjects.kind === 'exact') return Math.max(1, subjects.count);
    if (subjects.kind === 'range') return this.rng.int(subjects.min, subjects.max);
    return this.rng.int(1, 40);
  }

  private planRootCausesAndMeasures(): void {
    const rng = this.rng;
    const t = this.template;
    const causes = rng.chance(0.8) ? (rng.chance(0.1) ? 2 : 1) : 0;
    for (let i = 0; i < causes; i += 1) {
      const category = rng.weighted(t.rootCauses);
      const description = rng.pick(t.rootCauseTexts);
      this.step(this.registeredAt + rng.between(HOUR, 30 * DAY), (s, c) => decideRecordRootCause({ category, description }, s, c));
    }
    // A reported breach is closed only with its root cause, or an explicit "unknown" with the reason
    // (no draw from the generator: the years generated before this rule stay the same).
    if (causes === 0 && this.reportedAt !== null) {
      this.step(this.registeredAt + 30 * DAY, (s, c) => decideRecordRootCause({ category: 'unknown', description: text.UNKNOWN_ROOT_CAUSE }, s, c), { actor: this.officer });
    }
    if (rng.chance(0.65)) this.measure('containment', this.registeredAware + rng.skewed(10 * MINUTE, 2 * DAY), rng.pick(t.containment));
    if (rng.chance(0.45)) this.measure('prevention', this.registeredAt + rng.between(3 * DAY, 45 * DAY), rng.pick(t.prevention));
    if (rng.chance(0.1)) this.measure('prevention', this.registeredAt + rng.between(10 * DAY, 60 * DAY), 'Privacy awareness session for the department');
  }

  private measure(purpose: 'containment' | 'prevention', at: number, description: string): void {
    const measureId = this.rng.uuid();
    this.step(at, (s, c) => decideTakeMeasure({ measureId, description, purpose, takenAt: iso(Math.round(at)) }, s, c));
  }

  /** The correction that moves awareAt back to the truth, and so makes the filed report late. */
  private planLateByCorrection(): void {
    if (this.profile.lateness !== 'late-by-correction' || this.reportedAt === null) return;
    const at = this.reportedAt + this.rng.between(DAY, 30 * DAY);
    const to = iso(this.awareAt);
    const reason = this.lateReason(this.reason ?? 'internal-escalation');
    this.correctionAt = at;
    this.step(
      at,
      (state, context) => {
        const report = existing(state).report;
        const makesLate = report !== null && !report.late && isLateReport(report.reportedAt, reportingDeadline(to));
        return decideCorrectBreachDetails({ changes: [{ field: 'awareAt', to }], reason: text.CORRECTION_REASONS.awareAt, lateReason: makesLate ? reason : null }, state, context);
      },
      { anytime: true },
    );
  }

  /** One other correction, chosen when it runs so that it fits the recorded facts; half of them after closure. */
  private planCorrection(): void {
    const rng = this.rng;
    const at = this.profile.closed && rng.chance(0.5) ? null : this.registeredAt + rng.between(DAY, 20 * DAY);
    const field = rng.weighted<CorrectionField>([['awareAt', 30], ['dienst', 20], ['dataSubjects', 20], ['description', 10], ['reportedAt', 10], ['apReference', 10]]);
    const run: Step['run'] = (state, context) => {
      const change = this.correctionFor(field, existing(state)) ?? this.correctionFor('dataSubjects', existing(state));
      if (!change) throw new Error('generateBreachYear bug: no correction applies');
      return decideCorrectBreachDetails({ changes: [change.change], reason: text.CORRECTION_REASONS[change.field], lateReason: null }, state, context);
    };
    if (at === null) this.afterClosure.push(run);
    else this.step(at, run, { anytime: true });
  }

  private correctionFor(field: CorrectionField, breach: ExistingBreach): { field: CorrectionField; change: FactChange } | null {
    const rng = this.rng;
    const { facts, report } = breach;
    switch (field) {
      case 'awareAt': {
        // Earlier (the organisation knew sooner), within the year, not before the breach began, lateness unchanged.
        // A report on time (filed, or still to be filed as planned) must stay on time.
        const aware = ms(facts.awareAt);
        let room = aware - Math.max(this.year.yearStartMs + HOUR, facts.occurredFrom === null ? Number.NEGATIVE_INFINITY : ms(facts.occurredFrom));
        const onTimeFiling = report ? (report.late ? null : ms(report.reportedAt)) : this.profile.lateness === 'on-time' ? this.reportedAt : null;
        if (onTimeFiling !== null) room = Math.min(room, ms(breach.deadline) - onTimeFiling - MINUTE);
        const shift = Math.min(room, rng.between(30 * MINUTE, 3 * DAY));
        return shift >= 10 * MINUTE ? { field, change: { field, to: iso(Math.round(aware - shift)) } } : null;
      }
      case 'dienst': {
        const others = this.year.options.diensten.filter((d) => d !== facts.dienst);
        return others.length > 0 ? { field, change: { field, to: rng.pick(others) } } : null;
      }
      case 'dataSubjects': {
        const now = facts.dataSubjects;
        const to: DataSubjectCount = now.kind === 'exact' ? { kind: 'exact', count: now.count + rng.int(1, 5) } : { kind: 'exact', count: rng.int(1, 50) };
        return { field, change: { field, to } };
      }
      case 'description':
        return { field, change: { field, to: `${facts.description} The investigation found the data had been forwarded once.` } };
      case 'reportedAt': {
        if (!report) return null;
        const to = ms(report.reportedAt) - Math.round(rng.between(5 * MINUTE, 2 * HOUR));
        const same = to >= ms(facts.awareAt) && isLateReport(iso(to), breach.deadline) === report.late;
        return same ? { field, change: { field, to: iso(to) } } : null;
      }
      case 'apReference':
        return report ? { field, change: { field, to: this.year.apReference() } } : null;
      default: {
        const unknown: never = field;
        throw new Error(`unknown field ${String(unknown)}`);
      }
    }
  }

  /** After everything but what may follow closure (ALLOWED_AFTER_CLOSURE). */
  private planClosure(): number {
    const rng = this.rng;
    const last = Math.max(this.registeredAt, ...this.pre.map((s) => s.at));
    const closedAt = Math.round(this.office(last + rng.skewed(HOUR, 45 * DAY), 0.9));
    const summary = rng.pick(text.CLOSURE_SUMMARIES);
    this.step(closedAt, (s, c) => decideCloseBreach({ closedAt: iso(closedAt), summary }, s, c));
    for (const run of this.afterClosure) this.step(closedAt + rng.between(DAY, 90 * DAY), run, { anytime: true });
    return closedAt;
  }

  /** Informed soon, days later (often after the report), or only after closure; some get advice. */
  private planDpo(closedAt: number | null): void {
    const rng = this.rng;
    if (!this.profile.dpoInformed) return;
    const when = rng.weighted([['soon', 55], ['later', 30], ['after-closure', 15]] as const);
    const informedAt =
      when === 'soon'
        ? this.registeredAt + rng.skewed(5 * MINUTE, DAY)
        : when === 'later' || closedAt === null
          ? this.registeredAt + rng.between(DAY, 20 * DAY)
          : closedAt + rng.between(DAY, 60 * DAY);
    const informedBy = `privacy officer ${this.officer.id}`;
    this.step(informedAt, (s, c) => decideInformDpo({ informedAt: iso(Math.round(informedAt)), informedBy }, s, c), { anytime: true, actor: this.officer });
    if (rng.chance(0.1)) {
      const again = informedAt + rng.between(DAY, 14 * DAY);
      this.step(again, (s, c) => decideInformDpo({ informedAt: iso(Math.round(again)), informedBy }, s, c), { anytime: true, actor: this.officer });
    }
    if (rng.chance(0.3)) {
      const advisedAt = informedAt + rng.between(2 * HOUR, 7 * DAY);
      const advice = rng.pick(text.ADVICE_TEXTS);
      this.step(advisedAt, (s, c) => decideGiveDpoAdvice({ advice, advisedAt: iso(Math.round(advisedAt)) }, s, c), { anytime: true, actor: DPO });
    }
  }

  /** The FG judges some late reasons, mostly as the AP would, sometimes after closure. */
  private planVerdict(): void {
    const rng = this.rng;
    const judgeable = this.profile.lateness === 'late' || this.profile.lateness === 'late-by-correction';
    if (!judgeable || this.reportedAt === null || this.reason === null || !rng.chance(0.4)) return;
    const apView = LATE_REASONS[this.reason].apView;
    const verdict: LateReasonVerdict = apView === 'accepted' ? 'accepted' : apView === 'not-accepted' ? (rng.chance(0.95) ? 'not-accepted' : 'accepted') : rng.chance(0.5) ? 'accepted' : 'not-accepted';
    const assessedAt = Math.max(this.reportedAt, this.correctionAt ?? 0) + rng.between(DAY, 60 * DAY);
    const comment = rng.pick(text.VERDICT_COMMENTS[verdict]);
    this.step(assessedAt, (s, c) => decideAssessLateReason({ verdict, comment, assessedAt: iso(Math.round(assessedAt)) }, s, c), { anytime: true, actor: DPO });
  }
}

type CorrectionField = keyof typeof text.CORRECTION_REASONS;

function reasonWeights(weights: { readonly [C in LateReasonCode]: number }, byCorrection: boolean): text.Weighted<LateReasonCode> {
  // A report made late by a corrected awareAt was late because the privacy officers heard late.
  const codes: readonly LateReasonCode[] = byCorrection ? ['internal-escalation', 'not-recognised', 'other'] : LATE_REASON_CODES;
  const entries = codes.map((code) => [code, weights[code]] as const).filter(([, w]) => w > 0);
  return entries.length > 0 ? entries : [['internal-escalation', 1]];
}

/** Bundled reports go out on the 1st and the 15th of the month, 10:00 Amsterdam. */
function nextBundleDate(after: number): number {
  let date: LocalDate = toLocal(after);
  for (;;) {
    if (date.day === 1 || date.day === 15) {
      const at = fromLocal(date, 10 * 60);
      if (at > after) return at;
    }
    date = addDays(date, 1);
  }
}

function existing(state: BreachState): ExistingBreach {
  if (state.status === 'none') throw new Error('generateBreachYear bug: a step before registration');
  return state;
}

/** The BreachReportedToAP an import of the old register writes: late, and without a reason. */
function importedLateReport(state: BreachState, command: ReportBreachToAP): BreachEvent {
  const breach = existing(state);
  if (breach.report !== null || !isLateReport(command.reportedAt, breach.deadline)) throw new Error('generateBreachYear bug: an imported report must be a late first filing');
  return { type: 'BreachReportedToAP', data: { ...command, lateReason: null, deadline: breach.deadline, late: true } };
}

// ---------------------------------------------------------------------------------------
// The summary: counted from the events, by folding each stream.

export function summariseBreachYear(events: readonly GeneratedBreachEvent[], options: Pick<ResolvedBreachYearOptions, 'year' | 'seed' | 'diensten'>): BreachYearSummary {
  const streams = new Map<string, { state: BreachState; history: GeneratedBreachEvent[] }>();
  for (const generated of events) {
    const stream = streams.get(generated.streamId) ?? { state: initialState(), history: [] };
    stream.state = evolve(stream.state, generated.event);
    stream.history.push(generated);
    streams.set(generated.streamId, stream);
  }
  const eventsByType = Object.fromEntries(Object.keys(BREACH_EVENT_SCHEMA_VERSIONS).map((type) => [type, 0])) as { [T in BreachEventType]: number };
  for (const { event } of events) eventsByType[event.type] += 1;
  const lateByReason = Object.fromEntries(LATE_REASON_CODES.map((code) => [code, 0])) as { [C in LateReasonCode]: number };
  const verdicts: { [V in LateReasonVerdict]: number } = { accepted: 0, 'not-accepted': 0 };
  const byDienst: { [dienst: string]: { registered: number; reported: number; late: number } } = Object.fromEntries(options.diensten.map((d) => [d, { registered: 0, reported: 0, late: 0 }]));
  const tally = { registered: 0, reported: 0, late: 0, lateAtFiling: 0, lateByCorrection: 0, lateWithoutReason: 0, lateNotAccepted: 0, withdrawn: 0, notReportable: 0, supplemented: 0, dpoInformed: 0, dpoInformedBeforeReport: 0, dpoAdvised: 0, dataSubjectsNotified: 0, notificationWaived: 0, withRootCause: 0, corrected: 0, awareAtCorrected: 0, closed: 0, imported: 0, registeredLate: 0 };
  for (const { state, history } of streams.values()) {
    if (state.status === 'none') continue;
    const has = (type: BreachEventType) => history.some((g) => g.event.type === type);
    const filing = history.find((g) => g.event.type === 'BreachReportedToAP')?.event;
    const detected = item(history, 0);
    const dienst = (byDienst[state.facts.dienst] ??= { registered: 0, reported: 0, late: 0 });
    tally.registered += 1;
    dienst.registered += 1;
    if (detected.imported) tally.imported += 1;
    else if (ms(detected.recordedAt) - ms(state.facts.awareAt) > REPORTING_WINDOW_HOURS * HOUR) tally.registeredLate += 1;
    if (state.assessment && !state.assessment.reportable) tally.notReportable += 1;
    if (state.dpoInformedAt !== null) tally.dpoInformed += 1;
    if (has('DpoAdviceGiven')) tally.dpoAdvised += 1;
    if (state.dataSubjectsNotifiedAt !== null) tally.dataSubjectsNotified += 1;
    if (state.notificationWaiver !== null) tally.notificationWaived += 1;
    if (state.rootCause !== null) tally.withRootCause += 1;
    if (has('BreachDetailsCorrected')) tally.corrected += 1;
    if (history.some((g) => g.event.type === 'BreachDetailsCorrected' && g.event.data.corrections.some((c) => c.field === 'awareAt'))) tally.awareAtCorrected += 1;
    if (state.status === 'closed') tally.closed += 1;
    const report = state.report;
    if (report === null) continue;
    const atFiling = filing?.type === 'BreachReportedToAP' && filing.data.late;
    tally.reported += 1;
    dienst.reported += 1;
    if (report.withdrawnAt !== null) tally.withdrawn += 1;
    if (has('BreachReportSupplemented')) tally.supplemented += 1;
    if (state.dpoInformedAt !== null && ms(state.dpoInformedAt) <= ms(report.reportedAt)) tally.dpoInformedBeforeReport += 1;
    if (atFiling) tally.lateAtFiling += 1;
    if (!report.late) continue;
    tally.late += 1;
    dienst.late += 1;
    if (!atFiling) tally.lateByCorrection += 1;
    if (report.lateReason === null) {
      tally.lateWithoutReason += 1;
      continue;
    }
    lateByReason[report.lateReason.code] += 1;
    if (LATE_REASONS[report.lateReason.code].apView === 'not-accepted') tally.lateNotAccepted += 1;
    if (report.lateReasonVerdict !== null) verdicts[report.lateReasonVerdict] += 1;
  }
  return { year: options.year, seed: options.seed, events: events.length, eventsByType, ...tally, lateByReason, lateReasonVerdicts: verdicts, measures: eventsByType.MeasureTaken, byDienst };
}

// ---------------------------------------------------------------------------------------
// Appending to an event store.

export interface AppendGeneratedYearOptions {
  /**
   * Submit appends before awaiting earlier ones (at most PIPELINE_WINDOW in flight), so a
   * group-committing store (SQLite) writes them in few, large transactions. Only for stores
   * that read the clock when append is called, as SqliteEventStore does; a recordedAt that
   * does not match is still detected and thrown. Default false: one append at a time, which
   * every store supports.
   */
  readonly pipeline?: boolean;
}

/**
 * Appends in flight at once when pipelined. Bounded: with a whole year submitted in one turn
 * (150,000 events for 25,000 breaches), every event was held canonicalised, on its way to the
 * writer thread and in its answer at once: 2.7 GB of RSS, against ~100 MB with this window.
 */
const PIPELINE_WINDOW = 2_000;

/** The register the imported history comes from; its events carry the import convention of src/imports (source, file hash, row). */
export const IMPORT_SOURCE = 'datalekkenregister.csv';
/** The file hash imported events name: here the hash of the name, as the generated file has no bytes. */
export const IMPORT_FILE = `sha256:${createHash('sha256').update(IMPORT_SOURCE).digest('hex')}`;

/**
 * Appends the generated events in order, one append per event (one command each), with
 * the clock set to each event's recordedAt first, so the stored envelope's recordedAt is
 * the generated one (checked). Metadata as a handler writes it: the actor, commandId
 * (= causationId), correlationId and a request fingerprint; imported events name their
 * source instead. Each append expects the stream's previous revision.
 */
export async function appendGeneratedYear(
  store: EventStore,
  clock: FixedClock,
  generated: GeneratedBreachYear | readonly GeneratedBreachEvent[],
  options: AppendGeneratedYearOptions = {},
): Promise<{ appended: number; lastPosition: Position }> {
  const events = 'events' in generated ? generated.events : generated;
  const revisions = new Map<string, number>();
  let pending: Promise<Position>[] = [];
  let lastPosition: Position = START;
  let row = 0;
  for (const g of events) {
    const expectedRevision = revisions.get(g.streamId) ?? 'no_stream';
    revisions.set(g.streamId, expectedRevision === 'no_stream' ? 0 : expectedRevision + 1);
    const extensions: JsonObject = g.imported ? { source: 'import', file: IMPORT_FILE, row: (row += 1) } : { requestHash: fingerprint(g) };
    const event = {
      eventId: g.eventId,
      type: g.event.type,
      schemaVersion: BREACH_EVENT_SCHEMA_VERSIONS[g.event.type],
      data: g.event.data as unknown as JsonObject,
      metadata: { actor: g.actor, commandId: g.commandId, correlationId: g.correlationId, causationId: g.commandId, extensions },
    };
    clock.set(g.recordedAt);
    const appended = store.append(g.streamId, [event], { expectedRevision }).then((result) => {
      const recordedAt = result.events[0]?.metadata.recordedAt;
      if (recordedAt !== g.recordedAt) {
        throw new Error(`appendGeneratedYear: ${g.streamId}@${result.nextExpectedRevision} was recorded at ${recordedAt}, not ${g.recordedAt}: the store must take its time from the clock given, when append is called`);
      }
      return result.position;
    });
    if (options.pipeline) {
      // Marked as handled: one that fails is awaited (and thrown) below with the rest of its window.
      appended.catch(() => undefined);
      pending.push(appended);
      if (pending.length >= PIPELINE_WINDOW) {
        lastPosition = (await Promise.all(pending)).at(-1) ?? lastPosition;
        pending = [];
      }
    } else lastPosition = await appended;
  }
  if (options.pipeline) lastPosition = (await Promise.all(pending)).at(-1) ?? lastPosition;
  return { appended: events.length, lastPosition };
}

/** Stands in for the HTTP layer's fingerprint of route and body: the same command, the same hash. */
function fingerprint(g: GeneratedBreachEvent): string {
  return createHash('sha256').update(JSON.stringify({ streamId: g.streamId, type: g.event.type, data: g.event.data })).digest('hex');
}
