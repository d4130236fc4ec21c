import { DomainError } from '../shared/domain-error.js';
import { requireKnownDienst, requireText, type DecisionContext } from '../shared/decision.rules.js';
import { LEGAL_BASES, type AmendableField, type ProcessingActivityRegisteredData, type ProcessingFacts } from './processing.events.js';
import type { ExistingProcessingActivity, LiveProcessingActivity, ProcessingState } from './processing.state.js';

/**
 * The rules of docs/domain.md "Register of processing activities (Art. 30)".
 * Pure functions: every time comes in as an argument. The time, text and dienst checks are
 * every slice's (src/shared/decision.rules.ts: one meaning of "not in the future beyond
 * skew" for the whole service).
 */
export { laterOf, requireKnownDienst, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../shared/decision.rules.js';

/** The processing activity is registered (the handler answers 404 before decide when it is not). */
export function requireProcessingActivity(state: ProcessingState): ExistingProcessingActivity {
  if (state.status === 'none') throw new DomainError('processing-activity-not-registered', 'the processing activity has not been registered');
  return state;
}

/** The processing activity is registered and not retired: a retired one is neither amended nor published. */
export function requireLiveProcessingActivity(state: ProcessingState): LiveProcessingActivity {
  const activity = requireProcessingActivity(state);
  if (activity.status === 'retired') {
    throw new DomainError('processing-activity-retired', `the processing activity was retired at ${activity.retiredAt}`, { retiredAt: activity.retiredAt });
  }
  return activity;
}

/** The facts as a command or an import gives them: the fields recorded later may be left out. */
export type GivenFacts = Omit<ProcessingActivityRegisteredData, 'processingActivityId' | 'registeredAt'>;

const trimAll = (values: readonly string[]): string[] => values.map((value) => value.trim());

/** One spelling of the facts: text without surrounding whitespace, a `gs` reason trimmed, an `ad` reason as given. */
export function normaliseFacts(facts: GivenFacts): ProcessingFacts {
  return {
    name: facts.name.trim(),
    controller: facts.controller?.trim() ?? null,
    jointControllers: facts.jointControllers ? trimAll(facts.jointControllers) : null,
    processors: facts.processors ? trimAll(facts.processors) : null,
    regime: facts.regime ?? 'avg',
    purposes: facts.purposes.map(({ purpose, legalBasis }) => ({ purpose: purpose.trim(), legalBasis })),
    dataSubjectCategories: trimAll(facts.dataSubjectCategories),
    personalDataCategories: trimAll(facts.personalDataCategories),
    recipients: trimAll(facts.recipients),
    thirdCountryTransfers: facts.thirdCountryTransfers.map(({ country, safeguard }) => ({ country: country.trim(), safeguard: safeguard.trim() })),
    retention: facts.retention.trim(),
    securityMeasures: trimAll(facts.securityMeasures),
    dienst: facts.dienst,
    owner: facts.owner === null ? null : { kind: facts.owner.kind, name: facts.owner.name.trim(), reason: facts.owner.reason?.trim() ?? null },
    dpiaNeeded: facts.dpiaNeeded,
  };
}

/**
 * The owner is the AD of the dienst; the GS only when no AD can be named, and then the
 * record says why ("recorded as such").
 */
export function requireValidOwner(owner: ProcessingFacts['owner'], completeness: Completeness = 'complete'): void {
  if (owner === null) {
    if (completeness === 'may-be-incomplete') return;
    throw new DomainError('processing-activity-requires-owner', 'a processing activity needs an owner: the AD of the dienst, or the GS', { field: 'owner' });
  }
  requireText('owner.name', owner.name, 'processing-activity-requires-owner', 'a processing activity needs an owner: the AD of the dienst, or the GS');
  if (owner.kind === 'gs') {
    requireText('owner.reason', owner.reason, 'gs-owner-requires-reason', 'the GS owns a processing activity only when no AD can be named: say why');
  } else if (owner.reason !== null && owner.reason !== '') {
    throw new DomainError('owner-reason-not-applicable', 'a reason is recorded only when the GS owns the processing activity', { field: 'owner.reason' });
  }
}

/** Art. 30(1)(b) with Art. 6(1): at least one purpose, each with a lawful basis. */
export function requirePurposes(purposes: ProcessingFacts['purposes'], completeness: Completeness = 'complete'): void {
  if (purposes.length === 0) throw new DomainError('processing-activity-requires-purpose', 'a processing activity needs at least one purpose', { field: 'purposes' });
  purposes.forEach(({ purpose, legalBasis }, index) => {
    requireText(`purposes[${index}].purpose`, purpose, 'purpose-requires-text', 'a purpose must be described');
    if (legalBasis === null) {
      if (completeness === 'may-be-incomplete') return;
      throw new DomainError('purpose-requires-legal-basis', 'every purpose needs its lawful basis (Art. 6(1))', { field: `purposes[${index}].legalBasis` });
    }
    if (!LEGAL_BASES.includes(legalBasis)) {
      throw new DomainError('unknown-legal-basis', `${String(legalBasis)} is not a lawful basis of Art. 6(1)`, { field: `purposes[${index}].legalBasis`, legalBasis: String(legalBasis) });
    }
  });
}

const LIST_FIELDS = ['dataSubjectCategories', 'personalDataCategories', 'recipients', 'securityMeasures'] as const satisfies readonly AmendableField[];

/**
 * Whether a record may lack its owner or a purpose's lawful basis: only an imported record
 * (the existing register is incomplete; the completeness report lists the gaps). The
 * commands always require both, so a gap is closed by an amendment and never reopened.
 */
export type Completeness = 'complete' | 'may-be-incomplete';

/** The facts obey the rules, judged where `touched` says (all of them at registration). */
export function requireValidFacts(facts: ProcessingFacts, touched: ReadonlySet<AmendableField>, context: DecisionContext, completeness: Completeness = 'complete'): void {
  if (touched.has('name')) requireText('name', facts.name, 'processing-activity-requires-name', 'a processing activity needs a name');
  // Art. 30(1)(a): a controller given is named (null: not recorded yet, which the completeness report flags).
  if (touched.has('controller') && facts.controller !== null) requireText('controller', facts.controller, 'processing-activity-requires-controller', 'name the controller (Art. 30(1)(a))');
  for (const field of ['jointControllers', 'processors'] as const) {
    if (touched.has(field)) (facts[field] ?? []).forEach((entry, index) => requireText(`${field}[${index}]`, entry, 'entry-requires-text', `${field} may not hold an empty entry`));
  }
  if (touched.has('purposes')) requirePurposes(facts.purposes, completeness);
  for (const field of LIST_FIELDS) {
    if (!touched.has(field)) continue;
    facts[field].forEach((entry, index) => requireText(`${field}[${index}]`, entry, 'entry-requires-text', `${field} may not hold an empty entry`));
  }
  if (touched.has('thirdCountryTransfers')) {
    facts.thirdCountryTransfers.forEach(({ country, safeguard }, index) => {
      requireText(`thirdCountryTransfers[${index}].country`, country, 'transfer-requires-country', 'a third-country transfer names the country or organisation');
      requireText(`thirdCountryTransfers[${index}].safeguard`, safeguard, 'transfer-requires-safeguard', 'a third-country transfer names its safeguard (Art. 45–49)');
    });
  }
  if (touched.has('retention')) requireText('retention', facts.retention, 'processing-activity-requires-retention', 'a processing activity states its retention periods (Art. 30(1)(f))');
  if (touched.has('dienst')) requireKnownDienst(facts.dienst, context);
  if (touched.has('owner')) requireValidOwner(facts.owner, completeness);
}

/** One spelling per value, for "does this amendment change anything": lists as sets. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify(value.map((entry) => JSON.stringify(entry)).sort());
  return JSON.stringify(value);
}
