import { Inject, Injectable } from '@nestjs/common';
import { actorOf, eventRef, type EventRef } from '../../../projections/breach-stream.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DEFAULT_LANG, type Lang } from '../../labels/labels.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/domain-error.js';
import { breachNotFound } from '../breach-commands.js';
import type { JsonObject } from '../../shared/json.js';
import type { ApNotificationVersion, BreachEventType, ReportPhase } from '../breach.events.js';
import { elapsedHours } from '../breach.rules.js';
import { breachDossier, withPersonalFields, type BreachDossier } from '../get-breach-dossier/breach-dossier.js';
import { BreachDossiers } from '../get-breach-dossier/get-breach-dossier.js';
import { answersHash, apNotificationForm, FORM_VERSION, type ApFormOptions, type ApSection, type ProcessorInformedAt } from './ap-notification-form.js';

export interface ApNotificationFiling {
  /** A filing (melding) or a follow-up filing (vervolgmelding). */
  readonly kind: 'report' | 'supplement';
  /** The meldnummer of the filing (a supplement: of the report it follows up). */
  readonly apReference: string;
  /** When it was filed (a supplement: its supplementedAt). */
  readonly reportedAt: string;
  readonly phase: ReportPhase;
  /** The version of the prepared answers the filing recorded; null for a filing from before versions were recorded. */
  readonly apNotification: ApNotificationVersion | null;
  readonly event: EventRef;
}

export interface ApNotification {
  readonly breachId: string;
  readonly form: string;
  /** The language of the questions and answers (Dutch unless English was asked for); the version does not depend on it. */
  readonly lang: Lang;
  /** This version of the prepared answers: file it with the report (POST /breaches/{id}/ap-reports: apNotification). */
  readonly version: ApNotificationVersion;
  readonly preparedAt: string;
  readonly personalData: BreachDossier['personalData'];
  /** awareAt + 72 hours (Art. 33(1)). */
  readonly deadline: string;
  /** Hours left until the deadline (negative once past), while the breach is not reported; null once it is. */
  readonly hoursLeft: number | null;
  readonly overdue: boolean;
  readonly reportedAt: string | null;
  readonly sections: readonly ApSection[];
  /** The questions the log does not answer yet, in the form's order. */
  readonly unanswered: readonly { readonly id: string; readonly number: string; readonly question: string; readonly hint?: string }[];
  readonly filings: readonly ApNotificationFiling[];
}

/** When a processor informed the municipality: the latest processorInformedAt any event of the stream records or corrects to. */
export function processorInformedAtOf(events: readonly StoredEvent[]): ProcessorInformedAt {
  let found: ProcessorInformedAt = null;
  for (const event of events) {
    const data = event.data as JsonObject;
    const corrections = Array.isArray(data.corrections) ? (data.corrections as JsonObject[]) : [];
    const corrected = corrections.find((correction) => correction.field === 'processorInformedAt')?.to;
    const value = typeof data.processorInformedAt === 'string' ? data.processorInformedAt : typeof corrected === 'string' ? corrected : undefined;
    if (value !== undefined) found = { value, source: { event: eventRef(event), type: event.type as BreachEventType, recordedAt: event.metadata.recordedAt, actor: actorOf(event) } };
  }
  return found;
}

/**
 * The AP's notification form of a breach, prepared from its decoded events (every event up to
 * the revision asked): pure, so a command deciding on the kept events and the GET route give
 * the same answers and the same version.
 */
export function apNotificationOf(breachId: string, decoded: readonly StoredEvent[], now: string, lang: Lang, dienstNames: AppConfig['organisation']['dienstNames']): ApNotification {
  const { dossier, sections } = preparedAnswers(breachId, decoded, now, { lang, dienstNames });
  const reportedAt = dossier.apReports[0]?.reportedAt ?? null;
  const hoursLeft = reportedAt === null ? Math.round(elapsedHours(now, dossier.deadline) * 10) / 10 + 0 : null;
  return {
    breachId: dossier.breachId,
    form: FORM_VERSION,
    lang,
    version: { revision: dossier.revision, sha256: answersHash(dossier.breachId, sections) },
    preparedAt: now,
    personalData: dossier.personalData,
    deadline: dossier.deadline,
    hoursLeft,
    overdue: reportedAt === null && Date.parse(now) > Date.parse(dossier.deadline),
    reportedAt,
    sections,
    unanswered: sections.flatMap((section) =>
      section.questions.filter((question) => question.status === 'unanswered').map(({ id, number, question, hint }) => ({ id, number, question, ...(hint === undefined ? {} : { hint }) })),
    ),
    filings: [
      ...dossier.apReports.map((report) => ({ kind: 'report' as const, apReference: report.apReference, reportedAt: report.reportedAt, phase: report.phase, apNotification: report.apNotification ?? null, event: report.source.event })),
      ...dossier.apReportSupplements.map((supplement) => ({
        kind: 'supplement' as const,
        apReference: dossier.apReports.at(-1)?.apReference ?? '',
        reportedAt: supplement.supplementedAt,
        phase: supplement.phase,
        apNotification: supplement.apNotification ?? null,
        event: supplement.source.event,
      })),
    ],
  };
}

/**
 * The version alone of the answers apNotificationOf prepares from the same events: the same
 * hash (a test compares them), without wording the answers (times, lists) or listing the
 * unanswered questions and filings, which every filing would otherwise build to discard.
 */
export function apNotificationVersionOf(breachId: string, decoded: readonly StoredEvent[], now: string): ApNotificationVersion {
  const { dossier, sections } = preparedAnswers(breachId, decoded, now, { wordless: true });
  return { revision: dossier.revision, sha256: answersHash(dossier.breachId, sections) };
}

/** The breach's dossier from its decoded events, and the form's answers prepared from it. */
function preparedAnswers(breachId: string, decoded: readonly StoredEvent[], now: string, options: ApFormOptions): { dossier: BreachDossier; sections: ApSection[] } {
  const { events, personalData } = withPersonalFields(decoded, 'readable');
  const dossier = breachDossier(events, personalData);
  if (!dossier) throw breachNotFound(breachId)();
  return { dossier, sections: apNotificationForm(dossier, processorInformedAtOf(events), now, options) };
}

/** Prepares the AP's notification form of a breach from its log, as it stands or as it stood after a revision. */
@Injectable()
export class ApNotifications {
  constructor(
    private readonly dossiers: BreachDossiers,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async prepare(breachId: string, revision?: number, lang: Lang = DEFAULT_LANG): Promise<ApNotification> {
    const now = this.clock.now().toISOString();
    const events = await this.dossiers.decodedEvents(breachId, revision);
    return apNotificationOf(breachId, events, now, lang, this.config.organisation.dienstNames);
  }

  /**
   * The version of the prepared answers a filing records, from the breach's decoded events
   * (the whole stream up to the head the command decides on): the one the caller names, checked
   * against the log (the same revision must give the same hash), or the current one when the
   * caller names none. Refused when the named version is not what the log gives: a filing must
   * not claim answers that were never prepared. The version is the same in every language.
   */
  filedVersion(breachId: string, decoded: readonly StoredEvent[], named: ApNotificationVersion | undefined, now: string): ApNotificationVersion {
    const version = (events: readonly StoredEvent[]) => apNotificationVersionOf(breachId, events, now);
    if (named === undefined) return version(decoded);
    const head = decoded.at(-1)?.revision ?? -1;
    if (named.revision > head) {
      throw new DomainError('ap-notification-version-unknown', `the breach has no revision ${named.revision}: name a version GET /breaches/${breachId}/ap-notification gave`, { field: 'apNotification.revision' });
    }
    const actual = version(decoded.filter((event) => event.revision <= named.revision));
    if (actual.sha256 !== named.sha256) {
      throw new DomainError('ap-notification-version-unknown', `the prepared answers after revision ${named.revision} hash to ${actual.sha256}, not ${named.sha256}`, {
        field: 'apNotification.sha256',
        revision: named.revision,
        sha256: actual.sha256,
      });
    }
    return actual;
  }
}
