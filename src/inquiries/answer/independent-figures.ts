import { LATE_REASONS } from '../../breaches/breach.rules.js';
import type { Figures } from './answer-format.js';

/**
 * The verifier's own reading of a breach stream, written apart from the service's
 * projections and its answer code on purpose: the AP recomputes the figures of an answer with
 * this, from the events themselves, so a fault in the service's code shows as a difference
 * instead of being repeated. Only the domain's fixed table of late reasons is shared.
 */
export interface IndependentBreach {
  awareAt: string | null;
  /** When a processor informed the municipality: the clock then starts here. */
  processorInformedAt: string | null;
  reportedAt: string | null;
  lateReasonCode: string | null;
  verdict: string | null;
  withdrawn: boolean;
  dpoInformedAt: string | null;
}

const HOUR_MS = 3_600_000;

export function newIndependentBreach(): IndependentBreach {
  return { awareAt: null, processorInformedAt: null, reportedAt: null, lateReasonCode: null, verdict: null, withdrawn: false, dpoInformedAt: null };
}

type Data = Readonly<Record<string, unknown>>;

export function foldIndependent(breach: IndependentBreach, type: string, data: Data): void {
  if (type === 'BreachDetected') {
    breach.awareAt = String(data.awareAt);
    breach.processorInformedAt = typeof data.processorInformedAt === 'string' ? data.processorInformedAt : null;
  }
  if (type === 'DpoInformed' && breach.dpoInformedAt === null) breach.dpoInformedAt = String(data.informedAt);
  if (type === 'BreachReportedToAP' && breach.reportedAt === null) {
    breach.reportedAt = String(data.reportedAt);
    breach.lateReasonCode = (data.lateReason as Data | null)?.code as string | undefined ?? null;
  }
  if (type === 'BreachReportWithdrawn') breach.withdrawn = true;
  if (type === 'LateReasonAssessed') breach.verdict = String(data.verdict);
  if (type === 'BreachDetailsCorrected') {
    for (const correction of (data.corrections as Data[] | undefined) ?? []) {
      if (correction.field === 'awareAt') breach.awareAt = String(correction.to);
      if (correction.field === 'processorInformedAt') breach.processorInformedAt = typeof correction.to === 'string' ? correction.to : null;
      if (correction.field === 'reportedAt' && breach.reportedAt !== null) breach.reportedAt = String(correction.to);
    }
    const reason = data.lateReason as Data | null | undefined;
    if (reason) {
      breach.lateReasonCode = String(reason.code);
      breach.verdict = null;
    }
  }
}

/** Art. 33(1): late when filed more than 72 elapsed hours after awareness (when a processor informed the municipality: after that). */
export function independentLate(breach: IndependentBreach): boolean | null {
  const start = breach.processorInformedAt ?? breach.awareAt;
  if (breach.reportedAt === null || start === null) return null;
  return Date.parse(breach.reportedAt) - Date.parse(start) > 72 * HOUR_MS;
}

/** The reporting deadline, 72 elapsed hours after the clock starts; null before the breach's detection is read. */
export function independentDeadline(breach: IndependentBreach): string | null {
  const start = breach.processorInformedAt ?? breach.awareAt;
  return start === null ? null : new Date(Date.parse(start) + 72 * HOUR_MS).toISOString();
}

export function independentFigures(breaches: Iterable<IndependentBreach>): Figures {
  const figures = { breaches: 0, reported: 0, reportedLate: 0, lateByReason: {} as Record<string, number>, lateWithoutValidExcuse: 0, withdrawn: 0, dpoInformedBeforeReport: 0 };
  for (const breach of breaches) {
    figures.breaches += 1;
    if (breach.reportedAt === null) continue;
    figures.reported += 1;
    if (breach.withdrawn) figures.withdrawn += 1;
    if (breach.dpoInformedAt !== null && Date.parse(breach.dpoInformedAt) <= Date.parse(breach.reportedAt)) figures.dpoInformedBeforeReport += 1;
    if (!independentLate(breach)) continue;
    figures.reportedLate += 1;
    const code = breach.lateReasonCode ?? 'none';
    figures.lateByReason[code] = (figures.lateByReason[code] ?? 0) + 1;
    const view = breach.lateReasonCode === null ? undefined : LATE_REASONS[breach.lateReasonCode as keyof typeof LATE_REASONS]?.apView;
    if (view === undefined || view === 'not-accepted' || (view === 'case-by-case' && breach.verdict !== 'accepted')) figures.lateWithoutValidExcuse += 1;
  }
  return figures;
}
