import { Inject, Injectable } from '@nestjs/common';
import { actorOf, eventRef, type EventRef } from '../../../projections/breach-stream.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DEFAULT_LANG, type Lang } from '../../labels/labels.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { DomainError, NotFoundError } from '../../shared/domain-error.js';
import type { JsonObject } from '../../shared/json.js';
import type { ApNotificationVersion, BreachEventType, ReportPhase } from '../breach.events.js';
import { elapsedHours } from '../breach.rules.js';
import type { BreachDossier } from '../get-breach-dossier/breach-dossier.js';
import { BreachDossiers } from '../get-breach-dossier/get-breach-dossier.js';
import { answersHash, apNotificationForm, FORM_VERSION, type ApSection, type ProcessorInformedAt } from './ap-notification-form.js';

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
    const { dossier, events } = await this.dossiers.read(breachId, 'readable', revision);
    const sections = apNotificationForm(dossier, processorInformedAtOf(events), now, { lang, dienstNames: this.config.breaches.dienstNames });
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

  /** The version (revision and hash) of the prepared answers after `revision`, or after the latest event: the same in every language. */
  async version(breachId: string, revision?: number): Promise<ApNotificationVersion> {
    return (await this.prepare(breachId, revision)).version;
  }
}

/**
 * The version of the prepared answers a filing records: the one the caller names, checked
 * against the log (the same revision must give the same hash), or the current one when the
 * caller names none. Refused when the named version is not what the log gives: a filing must
 * not claim answers that were never prepared.
 */
export async function filedVersion(notifications: ApNotifications, breachId: string, named: ApNotificationVersion | undefined): Promise<ApNotificationVersion> {
  if (named === undefined) return notifications.version(breachId);
  let actual: ApNotificationVersion;
  try {
    actual = await notifications.version(breachId, named.revision);
  } catch (error) {
    if (error instanceof NotFoundError && error.code === 'revision-not-found') {
      throw new DomainError('ap-notification-version-unknown', `the breach has no revision ${named.revision}: name a version GET /breaches/${breachId}/ap-notification gave`, { field: 'apNotification.revision' });
    }
    throw error;
  }
  if (actual.sha256 !== named.sha256) {
    throw new DomainError('ap-notification-version-unknown', `the prepared answers after revision ${named.revision} hash to ${actual.sha256}, not ${named.sha256}`, {
      field: 'apNotification.sha256',
      revision: named.revision,
      sha256: actual.sha256,
    });
  }
  return actual;
}
