import { readBreachEvent } from '../../../projections/breach-stream.js';
import type { LateReasonCode, LateReasonVerdict } from '../../breaches/breach.events.js';
import { clockStart, deadlineOf, elapsedHours, isLateReport, isLateWithoutValidExcuse, withdrawalGroundOf } from '../../breaches/breach.rules.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { JsonValue } from '../../shared/json.js';
import type { AnswerBreach, AnswerFact, CitedEvent } from './answer-format.js';

/**
 * The facts of one breach as an answer states them: each with its value and the event field
 * it was read from, so the AP can check every one against the event (and the event against
 * the checkpoint). The latest recorded value of a fact wins: a correction replaces what it
 * corrects, a later assessment the earlier one; the filing that counts is the first (docs/domain.md
 * "The 72-hour clock").
 */
export class BreachFacts {
  private readonly facts = new Map<string, AnswerFact>();
  private reported = false;

  /**
   * `correctedReferenceOnStandingFiling` (answer version 3 on): a corrected meldnummer of a
   * re-filed breach is the standing filing's, as `correctionOutcome` reads it; earlier versions
   * stated it as the first filing's, and are rebuilt so.
   */
  constructor(
    readonly breachId: string,
    private readonly correctedReferenceOnStandingFiling = true,
  ) {}

  /** Folds the next event of the stream in (decoded: its personal fields as text). */
  add(stored: StoredEvent, cited: CitedEvent): void {
    const event = readBreachEvent(stored);
    const set = (name: string, value: unknown, path: string) => this.facts.set(name, { name, value: value as JsonValue, event: cited, path });
    const fields = (names: readonly string[], data: object) => {
      for (const name of names) set(name, (data as Record<string, unknown>)[name], `data.${name}`);
    };
    switch (event.type) {
      case 'BreachDetected':
        fields(DETECTED_FACTS, event.data);
        set('discovery.how', event.data.discovery.how, 'data.discovery.how');
        set('discovery.processor', event.data.discovery.processor, 'data.discovery.processor');
        set('registeredAt', stored.metadata.recordedAt, 'metadata.recordedAt');
        // Recorded since the clock start of processor cases and the regime were added; absent in older events.
        if (event.data.processorInformedAt !== undefined) set('processorInformedAt', event.data.processorInformedAt, 'data.processorInformedAt');
        if (event.data.regime !== undefined) set('regime', event.data.regime, 'data.regime');
        return;
      case 'DpoInformed':
        // The first time counts: was the FG informed before the report (Art. 38(1))?
        if (!this.facts.has('dpoInformedAt')) set('dpoInformedAt', event.data.informedAt, 'data.informedAt');
        return;
      case 'DpoAdviceGiven':
        set('dpoAdvice', event.data.advice, 'data.advice');
        set('dpoAdvisedAt', event.data.advisedAt, 'data.advisedAt');
        return;
      case 'BreachAssessed':
        fields(['assessedAt', 'risk', 'severity', 'reportable', 'notifyDataSubjects', 'rationale'], event.data);
        return;
      case 'BreachReportedToAP':
        set('reportPhase', event.data.phase, 'data.phase');
        if (this.reported) {
          // A new filing after a withdrawal: the first filing still counts for lateness.
          set('refiledAt', event.data.reportedAt, 'data.reportedAt');
          set('refiledApReference', event.data.apReference, 'data.apReference');
          return;
        }
        this.reported = true;
        fields(['reportedAt', 'apReference'], event.data);
        set('lateReason.code', event.data.lateReason?.code ?? null, 'data.lateReason.code');
        set('lateReason.explanation', event.data.lateReason?.explanation ?? null, 'data.lateReason.explanation');
        return;
      case 'BreachReportSupplemented':
        set('reportPhase', event.data.phase, 'data.phase');
        return;
      case 'BreachReportWithdrawn':
        set('withdrawnAt', event.data.withdrawnAt, 'data.withdrawnAt');
        set('withdrawalGround', withdrawalGroundOf(event.data), 'data.ground');
        return;
      case 'DataSubjectsNotified':
        if (!this.facts.has('dataSubjectsNotifiedAt')) set('dataSubjectsNotifiedAt', event.data.notifiedAt, 'data.notifiedAt');
        return;
      case 'DataSubjectNotificationWaived':
        set('notificationWaiver.ground', event.data.ground, 'data.ground');
        return;
      case 'DataSubjectNotificationWaiverRevoked':
        this.facts.delete('notificationWaiver.ground');
        set('notificationWaiverRevocation.cause', event.data.cause, 'data.cause');
        set('notificationWaiverRevocation.revokedAt', event.data.revokedAt, 'data.revokedAt');
        return;
      case 'LateReasonAssessed':
        set('lateReasonVerdict.verdict', event.data.verdict, 'data.verdict');
        set('lateReasonVerdict.comment', event.data.comment, 'data.comment');
        return;
      case 'BreachDetailsCorrected':
        event.data.corrections.forEach((correction, index) => {
          if ((correction.field === 'reportedAt' || correction.field === 'apReference') && !this.reported) return;
          const onRefiling = correction.field === 'apReference' && this.correctedReferenceOnStandingFiling && this.facts.has('refiledApReference');
          set(onRefiling ? 'refiledApReference' : correction.field, correction.to, `data.corrections.${index}.to`);
        });
        if (event.data.lateReason !== null) {
          // A new reason replaces the old one, and a verdict on the old one no longer applies.
          set('lateReason.code', event.data.lateReason.code, 'data.lateReason.code');
          set('lateReason.explanation', event.data.lateReason.explanation, 'data.lateReason.explanation');
          this.facts.delete('lateReasonVerdict.verdict');
          this.facts.delete('lateReasonVerdict.comment');
        }
        return;
      case 'BreachClosed':
        set('closedAt', event.data.closedAt, 'data.closedAt');
        return;
      case 'PersonalDataErased':
        set('personalDataErasedAt', event.data.erasedAt, 'data.erasedAt');
        return;
      case 'RootCauseRecorded':
        set('rootCause.category', event.data.category, 'data.category');
        return;
      case 'MeasureTaken':
      case 'BreachLinkedToRecommendation':
        return;
      case 'NotificationDetailsRecorded':
        return;
      default: {
        const unknown: never = event;
        throw new Error(`unknown breach event ${JSON.stringify(unknown)}`);
      }
    }
  }

  value(name: string): JsonValue | undefined {
    return this.facts.get(name)?.value;
  }

  /** The breach's line of the answer; the deadline and lateness by the 72-hour rule. */
  line(): Omit<AnswerBreach, 'warned' | 'undelivered'> {
    const awareAt = this.value('awareAt') as string;
    const reportedAt = (this.value('reportedAt') ?? null) as string | null;
    const processorInformedAt = (this.value('processorInformedAt') ?? null) as string | null;
    const deadline = deadlineOf({ awareAt, processorInformedAt });
    return {
      kind: 'breach',
      breachId: this.breachId,
      facts: [...this.facts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      deadline,
      late: reportedAt === null ? null : isLateReport(reportedAt, deadline),
      hoursToReport: reportedAt === null ? null : Math.round(elapsedHours(clockStart({ awareAt, processorInformedAt }), reportedAt) * 10) / 10,
    };
  }

  /**
   * "Late without a valid excuse" (docs/domain.md, the AP's framing): late with a code the AP does
   * not accept, late where the FG did not accept a case-by-case reason, or late without a reason.
   */
  withoutValidExcuse(): boolean {
    const code = (this.value('lateReason.code') ?? null) as LateReasonCode | null;
    return isLateWithoutValidExcuse(this.line().late, code, (this.value('lateReasonVerdict.verdict') ?? null) as LateReasonVerdict | null);
  }
}

/** The facts BreachDetected states, by their names in the event. */
const DETECTED_FACTS = [
  'title',
  'description',
  'dienst',
  'awareAt',
  'occurredFrom',
  'occurredTo',
  'ciaAspects',
  'incidentKind',
  'dataCategories',
  'specialCategories',
  'bsn',
  'criminalData',
  'dataSubjects',
  'encrypted',
];
