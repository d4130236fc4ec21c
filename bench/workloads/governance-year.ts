/**
 * A seeded year of the log's other streams, for the benchmarks' log builder: processing
 * activities (Art. 30), DPIAs (Art. 35, 36) and audits with their recommendations, in the
 * types, schema versions and data shapes of src/processing-register/processing.events.ts,
 * src/dpias/dpia.events.ts and src/audits/audit.events.ts, each stream in an order its
 * projection accepts. Not made through the decide functions (the breach generator is): the
 * projections only need valid events, and these follow the slices' test givens.
 */
import type { Actor } from '../../src/event-store/event-store.port.js';
import { AUDIT_EVENT_SCHEMA_VERSIONS, auditStreamId, type AuditEvent } from '../../src/audits/audit.events.js';
import { DEFAULT_DIENSTEN, DPO, PRIVACY_OFFICERS, SeededRandom } from '../../test/support/breaches/generate-breach-year.js';
import { DPIA_EVENT_SCHEMA_VERSIONS, dpiaStreamId, type DpiaEvent, type ResidualRisk } from '../../src/dpias/dpia.events.js';
import { reviewDueAt } from '../../src/dpias/dpia.rules.js';
import { PROCESSING_EVENT_SCHEMA_VERSIONS, processingStreamId, type ProcessingActivityRegisteredData, type ProcessingEvent } from '../../src/processing-register/processing.events.js';
import type { JsonObject } from '../../src/shared/json.js';

/** One event to append: what appendGeneratedYear takes from a generated breach event, for any stream. */
export interface LogEvent {
  readonly streamId: string;
  /** When the service recorded it (UTC ISO-8601, ms). */
  readonly recordedAt: string;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly actor: Actor;
  readonly commandId: string;
}

/** Per 1,000 breaches a year: assumed, in the proportions of a municipality's register. */
export const GOVERNANCE_PER_1000_BREACHES = { processingActivities: 100, dpias: 40, audits: 4 } as const;

const DAY = 86_400_000;
const ACTIVITIES = ['Parking permits', 'Social assistance benefits', 'Youth care referrals', 'Civil registry extracts', 'Camera surveillance', 'Debt counselling', 'Building permits', 'Staff records', 'Waste collection passes', 'Complaints handling'];
const DATA_CATEGORIES = ['Name', 'Address', 'Citizen service number', 'Income', 'Health', 'Licence plate', 'Images', 'Contact details'];
const SUBJECTS = ['Residents', 'Applicants', 'Employees', 'Visitors', 'Minors'];
const RECIPIENTS = ['Tax authority', 'Parking enforcement', 'Care providers', 'Municipal archive', 'Processor (hosting)'];
const MEASURES = ['Role-based access', 'Access logged', 'Encryption at rest', 'Retention enforced', 'Pseudonymised exports'];
const FINDINGS = ['Breaches are not always reported to the FG.', 'DPIAs were not reviewed within three years.', 'Authorisations are broader than the task requires.', 'The register lacks retention periods.', 'Processor agreements are missing.'];

type Emit = (at: number, streamId: string, event: { type: string; data: object }, schemaVersions: Readonly<Record<string, number>>, actor: Actor) => void;

/** The year's processing, DPIA and audit events, in the order they were recorded. */
export function generateGovernanceYear(options: { seed: number; year: number; breaches: number }): LogEvent[] {
  const rng = new SeededRandom(options.seed);
  const start = Date.UTC(options.year, 0, 1, 8);
  const end = Date.UTC(options.year, 11, 31, 17);
  const events: LogEvent[] = [];
  // Follow-ups past the year's end have not happened yet: the stream stops there.
  const emit: Emit = (at, streamId, event, schemaVersions, actor) => {
    if (at > end) return;
    const commandId = rng.uuid();
    events.push({ streamId, recordedAt: new Date(at + rng.int(1, 90) * 60_000).toISOString(), eventId: rng.uuid(), type: event.type, schemaVersion: schemaVersions[event.type] ?? 1, data: event.data as JsonObject, actor, commandId });
  };
  const count = (per1000: number) => Math.max(1, Math.round((options.breaches * per1000) / 1000));
  const activities = Array.from({ length: count(GOVERNANCE_PER_1000_BREACHES.processingActivities) }, () => processingActivity(rng, emit, start + rng.int(0, 300) * DAY));
  for (let n = count(GOVERNANCE_PER_1000_BREACHES.dpias); n > 0; n -= 1) dpia(rng, emit, start + rng.int(0, 240) * DAY, rng.pick(activities));
  for (let n = count(GOVERNANCE_PER_1000_BREACHES.audits); n > 0; n -= 1) audit(rng, emit, start + rng.int(30, 330) * DAY);
  return events.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
}

const iso = (ms: number) => new Date(ms).toISOString();
const some = (rng: SeededRandom, items: readonly string[], most: number) => rng.shuffled(items).slice(0, rng.int(1, most));

function processingActivity(rng: SeededRandom, emit: Emit, at: number): string {
  const id = rng.uuid();
  const streamId = processingStreamId(id);
  const dienst = rng.pick(DEFAULT_DIENSTEN);
  const officer = rng.pick(PRIVACY_OFFICERS);
  const registered: ProcessingActivityRegisteredData = {
    processingActivityId: id,
    name: `${rng.pick(ACTIVITIES)} (${dienst})`,
    purposes: [{ purpose: 'Carrying out the statutory task', legalBasis: rng.chance(0.8) ? 'public-task' : 'legal-obligation' }],
    dataSubjectCategories: some(rng, SUBJECTS, 3),
    personalDataCategories: some(rng, DATA_CATEGORIES, 4),
    recipients: some(rng, RECIPIENTS, 2),
    thirdCountryTransfers: [],
    retention: `${rng.int(1, 10)} years after the case is closed`,
    securityMeasures: some(rng, MEASURES, 3),
    dienst,
    owner: { kind: 'ad', name: `AD ${dienst}`, reason: null },
    dpiaNeeded: rng.chance(0.3),
    registeredAt: iso(at),
  };
  const event = (e: ProcessingEvent) => e;
  emit(at, streamId, event({ type: 'ProcessingActivityRegistered', data: registered }), PROCESSING_EVENT_SCHEMA_VERSIONS, officer);
  let t = at;
  if (rng.chance(0.7)) emit((t += rng.int(1, 20) * DAY), streamId, event({ type: 'ProcessingActivityPublished', data: { publishedAt: iso(t) } }), PROCESSING_EVENT_SCHEMA_VERSIONS, officer);
  if (rng.chance(0.2)) {
    const to = `${rng.int(1, 10)} years after the last contact`;
    const data = { changes: [{ field: 'retention', from: registered.retention, to }], reason: 'The archive act sets a new period.', amendedAt: iso((t += rng.int(5, 60) * DAY)) } as const;
    emit(t, streamId, event({ type: 'ProcessingActivityAmended', data }), PROCESSING_EVENT_SCHEMA_VERSIONS, officer);
  }
  if (rng.chance(0.05)) emit((t += rng.int(5, 60) * DAY), streamId, event({ type: 'ProcessingActivityRetired', data: { retiredAt: iso(t), reason: 'The task moved to the region.' } }), PROCESSING_EVENT_SCHEMA_VERSIONS, officer);
  return id;
}

function dpia(rng: SeededRandom, emit: Emit, at: number, processingActivityId: string): void {
  const id = rng.uuid();
  const streamId = dpiaStreamId(id);
  const dienst = rng.pick(DEFAULT_DIENSTEN);
  const officer = rng.pick(PRIVACY_OFFICERS);
  const event = (e: DpiaEvent) => e;
  emit(at, streamId, event({ type: 'DpiaStarted', data: { dpiaId: id, title: `DPIA ${rng.pick(ACTIVITIES).toLowerCase()}`, dienst, processingActivityId, owner: `AD ${dienst}`, startedAt: iso(at) } }), DPIA_EVENT_SCHEMA_VERSIONS, officer);
  let t = at;
  const advised = rng.chance(0.8);
  if (advised) emit((t += rng.int(10, 40) * DAY), streamId, event({ type: 'DpoAdviceOnDpiaGiven', data: { advice: 'Limit retention and log every access.', advisedAt: iso(t) } }), DPIA_EVENT_SCHEMA_VERSIONS, DPO);
  if (rng.chance(0.1)) {
    emit((t += rng.int(5, 30) * DAY), streamId, event({ type: 'DpiaAbandoned', data: { abandonedAt: iso(t), reason: 'The processing will not go ahead.' } }), DPIA_EVENT_SCHEMA_VERSIONS, officer);
    return;
  }
  if (!rng.chance(0.85)) return; // still in progress
  const residualRisk: ResidualRisk = rng.weighted([['low', 5], ['medium', 4], ['high', 1]]);
  const measuresCannotReduceRisk = residualRisk === 'high' && rng.chance(0.4);
  const completed = iso((t += rng.int(10, 60) * DAY));
  const data = { completedAt: completed, residualRisk, conclusion: 'Acceptable with the measures taken.', measures: some(rng, MEASURES, 3), adviceFollowed: advised ? rng.pick(['followed', 'partly'] as const) : 'no-advice', withoutAdviceReason: advised ? null : 'The FG was not available in time.', measuresCannotReduceRisk } as const;
  emit(t, streamId, event({ type: 'DpiaCompleted', data }), DPIA_EVENT_SCHEMA_VERSIONS, officer);
  if (measuresCannotReduceRisk) {
    const apReference = `AP-VB-${new Date(t).getUTCFullYear()}-${rng.int(1, 999)}`;
    emit((t += rng.int(1, 10) * DAY), streamId, event({ type: 'PriorConsultationRequested', data: { requestedAt: iso(t), apReference } }), DPIA_EVENT_SCHEMA_VERSIONS, officer);
    emit((t += rng.int(20, 56) * DAY), streamId, event({ type: 'PriorConsultationConcluded', data: { concludedAt: iso(t), outcome: 'No objection, with conditions.', apReference } }), DPIA_EVENT_SCHEMA_VERSIONS, officer);
  }
  if (rng.chance(0.1)) emit((t += rng.int(30, 90) * DAY), streamId, event({ type: 'DpiaReviewed', data: { reviewedAt: iso(t), outcome: 'Still accurate.', nextReviewDue: reviewDueAt(iso(t)) } }), DPIA_EVENT_SCHEMA_VERSIONS, officer);
}

function audit(rng: SeededRandom, emit: Emit, at: number): void {
  const id = rng.uuid();
  const streamId = auditStreamId(id);
  const officer = rng.pick(PRIVACY_OFFICERS);
  const event = (e: AuditEvent) => e;
  const findings = rng.shuffled(FINDINGS).slice(0, rng.int(2, 5)).map((description, i) => ({ findingId: `F${i + 1}`, description }));
  const kind = rng.chance(0.75) ? 'internal' : 'external';
  emit(at, streamId, event({ type: 'AuditCompleted', data: { auditId: id, title: `Privacy audit ${new Date(at).getUTCFullYear()}`, kind, auditor: kind === 'internal' ? 'Internal Audit Office' : 'External auditor', scope: 'The breach register, DPIAs and the register of processing activities', completedAt: iso(at), findings } }), AUDIT_EVENT_SCHEMA_VERSIONS, officer);
  for (const finding of findings) {
    const recommendationId = rng.uuid();
    let t = at + rng.int(1, 14) * DAY;
    emit(t, streamId, event({ type: 'RecommendationIssued', data: { recommendationId, findingId: finding.findingId, description: `Resolve: ${finding.description}`, dienst: rng.pick(DEFAULT_DIENSTEN), issuedAt: iso(t), dueAt: iso(t + 180 * DAY) } }), AUDIT_EVENT_SCHEMA_VERSIONS, officer);
    if (!rng.chance(0.6)) continue;
    emit((t += rng.int(20, 150) * DAY), streamId, event({ type: 'RecommendationImplemented', data: { recommendationId, implementedAt: iso(t), description: 'The procedure was changed.' } }), AUDIT_EVENT_SCHEMA_VERSIONS, officer);
    if (rng.chance(0.7)) emit((t += rng.int(1, 20) * DAY), streamId, event({ type: 'DpoInformedOfImplementation', data: { recommendationId, informedAt: iso(t) } }), AUDIT_EVENT_SCHEMA_VERSIONS, officer);
  }
}
