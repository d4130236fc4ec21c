import { Inject, Injectable } from '@nestjs/common';
import { alertDeliveries, type AlertDeliveryDocument } from '../../../projections/alert-deliveries.js';
import { auditRecommendations } from '../../../projections/audit-recommendations.js';
import { breachRegister, type BreachRegisterRow } from '../../../projections/breach-register.js';
import { dpiaOverview } from '../../../projections/dpia-overview.js';
import { dpiaReviewsDue } from '../../../projections/governance-reports.js';
import { inquiries } from '../../../projections/inquiries.js';
import type { ProjectionDefinition } from '../../../projections/projection.js';
import { processingRegister } from '../../../projections/processing-register.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { ViewSources, type ViewSource } from '../../read-store/view-sources.js';
import type { AlertDelivery } from '../alert.events.js';
import { dueAlerts, type AlertSubject, type RecipientDirectory } from '../alert.rules.js';
import { activeSubscriptions } from '../alerting.state.js';
import { AlertingSettings } from '../alerting-settings.js';

/** Names a subject in an alert's text: the breach title (personal data), DPIA title, AP reference. */
export interface SubjectFacts {
  readonly title: string;
  readonly dienst: string | null;
  /** Whether the title is personal data (a breach's): then only channels allowed to carry it get it. */
  readonly personal: boolean;
}

export interface Outbox {
  readonly now: string;
  /** Due and, as far as the deliveries projection knows, neither sent nor given up. */
  readonly pending: readonly AlertDelivery[];
  readonly facts: ReadonlyMap<string, SubjectFacts>;
}

const SOURCES = [breachRegister, inquiries, dpiaOverview, processingRegister, auditRecommendations, alertDeliveries] as unknown as ProjectionDefinition[];
const DAY_MS = 86_400_000;

/**
 * The outbox: the alerts due now, computed from the read models the log feeds (the breach
 * register, the inquiries, the DPIA overview and the register, the audits) and the rules,
 * less what the `alert-deliveries.v1` projection has seen sent or given up. It is read with
 * `minPosition` at the log's head, so what the log says has happened is in it; the
 * scheduler still checks each delivery against its alert stream before sending.
 */
@Injectable()
export class AlertOutbox {
  constructor(
    private readonly sources: ViewSources,
    private readonly settings: AlertingSettings,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pending(): Promise<Outbox> {
    const { alerts } = this.config;
    const state = await this.settings.state();
    // Nobody to tell (no address configured, no webhook subscribed): nothing can be due, and the read models need not be read.
    if (!hasAddresses(alerts.directory) && activeSubscriptions(state).length === 0) return { now: this.sources.nowAt({}), pending: [], facts: new Map() };
    const head = await this.events.headPosition();
    const source = await this.sources.open(SOURCES, { minPosition: head });
    const now = source.now;
    const { subjects, facts } = await this.subjects(source, now);
    const due = dueAlerts(subjects, alerts.rules, state, alerts.directory, { now, catchUpMs: alerts.catchUpMs });
    const settled = await this.settled(source, due.map((delivery) => delivery.alertId));
    return { now, pending: due.filter((delivery) => !settled.has(delivery.alertId)), facts };
  }

  private async settled(source: ViewSource, alertIds: readonly string[]): Promise<Set<string>> {
    const settled = new Set<string>();
    for (let from = 0; from < alertIds.length; from += 500) {
      const chunk = alertIds.slice(from, from + 500);
      const documents = await source.findAll<AlertDeliveryDocument>(alertDeliveries, { where: [{ field: 'status', op: 'in', value: ['sent', 'failed'] }, { field: 'alertId', op: 'in', value: chunk }] });
      for (const document of documents) settled.add(document.alertId);
    }
    return settled;
  }

  private async subjects(source: ViewSource, now: string): Promise<{ subjects: AlertSubject[]; facts: Map<string, SubjectFacts> }> {
    const subjects: AlertSubject[] = [];
    const facts = new Map<string, SubjectFacts>();
    const since = new Date(Date.parse(now) - this.config.alerts.catchUpMs - 72 * 3_600_000).toISOString();
    // Open breaches, and closed ones recent enough that an alert of theirs (registration) may still be due.
    const open = await source.findAll<BreachRegisterRow>(breachRegister, { where: [{ field: 'closed', op: 'eq', value: false }] });
    const recent = await source.findAll<BreachRegisterRow>(breachRegister, { where: [{ field: 'closed', op: 'eq', value: true }, { field: 'awareAt', op: 'gte', value: since }] });
    for (const row of [...open, ...recent]) {
      subjects.push({
        type: 'breach',
        id: row.breachId,
        dienst: row.dienst,
        title: row.title,
        awareAt: row.awareAt,
        registeredAt: row.registeredAt,
        deadline: row.deadline,
        awaitingReport: row.reportingStatus === 'awaiting-report' && !row.closed,
        dpoInformed: row.dpoInformedAt !== null,
        closed: row.closed,
        imported: row.imported,
      });
      facts.set(row.breachId, { title: row.title, dienst: row.dienst, personal: true });
    }
    for (const inquiry of await source.findAll(inquiries, { where: [{ field: 'status', op: 'eq', value: 'open' }] })) {
      subjects.push({ type: 'inquiry', id: inquiry.inquiryId, apReference: inquiry.apReference, answerDueAt: inquiry.answerDueAt, awaitingAnswer: inquiry.answers.length === 0 });
      facts.set(inquiry.inquiryId, { title: inquiry.apReference, dienst: null, personal: false });
    }
    const lead = Math.max(0, ...this.config.alerts.rules.filter((rule) => rule.kind === 'dpia-review-due').map((rule) => rule.hours ?? 0));
    const dpias = await source.findAll(dpiaOverview, { where: [{ field: 'status', op: 'eq', value: 'completed' }] });
    const activities = await source.findAll(processingRegister, {});
    for (const review of dpiaReviewsDue(dpias, activities, now, Math.ceil(lead / 24) + 1 + this.config.alerts.catchUpMs / DAY_MS)) {
      subjects.push({ type: 'dpia', id: review.dpiaId, title: review.title, dienst: review.dienst, reviewDueAt: review.dueAt });
      facts.set(review.dpiaId, { title: review.title, dienst: review.dienst, personal: false });
    }
    for (const audit of await source.findAll(auditRecommendations, { where: [{ field: 'openRecommendations', op: 'gt', value: 0 }] })) {
      for (const recommendation of audit.recommendations) {
        if (recommendation.dueAt === null || recommendation.implementedAt !== null) continue;
        subjects.push({ type: 'recommendation', id: recommendation.recommendationId, auditId: audit.auditId, dienst: recommendation.dienst, dueAt: recommendation.dueAt, implemented: false });
        facts.set(recommendation.recommendationId, { title: `${audit.title} / ${recommendation.recommendationId}`, dienst: recommendation.dienst, personal: false });
      }
    }
    return { subjects, facts };
  }
}

const hasAddresses = (directory: RecipientDirectory) => directory.fg.length + directory.cpo.length + Object.keys(directory.privacyOfficers).length > 0;
