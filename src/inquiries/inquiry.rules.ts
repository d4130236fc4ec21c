import { isDeepStrictEqual } from 'node:util';
import { deadlineOf, isLateReport } from '../breaches/breach.rules.js';
import { namesActor } from '../auth/actor-id.js';
import { DomainError } from '../shared/domain-error.js';
import type { InquiryScope, ScopeCriterion } from './inquiry.events.js';
import type { InquiryState, OpenInquiry } from './inquiry.state.js';

/**
 * The rules of docs/domain.md "Answering the supervisory authority", by name. Pure: every time
 * comes in as an argument. The time and text checks are every slice's
 * (src/shared/decision.rules.ts), so "in the future" means one thing in the whole service.
 */
export { requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../shared/decision.rules.js';

/** The inquiry was received (the handler answers 404 before decide when it was not). */
export function requireInquiry(state: InquiryState): Exclude<InquiryState, { status: 'none' }> {
  if (state.status === 'none') throw new DomainError('inquiry-not-received', 'the inquiry has not been recorded');
  return state;
}

/** Scope changes and answers belong to an open inquiry; a closed one is history. */
export function requireOpenInquiry(state: InquiryState): OpenInquiry {
  const inquiry = requireInquiry(state);
  if (inquiry.status === 'closed') throw new DomainError('inquiry-closed', `the inquiry was closed at ${inquiry.closedAt}`, { closedAt: inquiry.closedAt });
  return inquiry;
}

/**
 * A scope names something: breaches, a period, or a criterion. An empty scope would give the
 * AP nothing to read and an answer about nothing; a period runs forward.
 */
export function requireScope(scope: InquiryScope): InquiryScope {
  if (scope.breachIds.length === 0 && scope.period === null && scope.criterion === null) {
    throw new DomainError('inquiry-scope-empty', 'name the breaches, a period or a criterion the inquiry is about');
  }
  if (scope.period !== null && Date.parse(scope.period.to) <= Date.parse(scope.period.from)) {
    throw new DomainError('scope-period-invalid', `the period ends (${scope.period.to}) before it starts (${scope.period.from})`, { from: scope.period.from, to: scope.period.to });
  }
  return { ...scope, breachIds: [...new Set(scope.breachIds)].sort() };
}

export function sameScope(a: InquiryScope, b: InquiryScope): boolean {
  // By value: the order of members says nothing (the store keeps them in canonical order).
  return isDeepStrictEqual(requireScope(a), requireScope(b));
}

/** What a breach must be for a criterion or a period to take it in: the facts the log holds of it. */
export interface ScopeFacts {
  readonly awareAt: string;
  /** Calendar year of awareAt in Europe/Amsterdam. */
  readonly year: number;
  /** The first filing with the AP, or null while unreported. */
  readonly reportedAt: string | null;
  readonly late: boolean | null;
}

/** A breach's scope facts from its times, lateness by the 72-hour rule (Art. 33(1)). */
export function scopeFactsOf(breach: { readonly awareAt: string; readonly processorInformedAt?: string | null; readonly year: number; readonly reportedAt: string | null }): ScopeFacts {
  const { awareAt, year, reportedAt } = breach;
  return { awareAt, year, reportedAt, late: reportedAt === null ? null : isLateReport(reportedAt, deadlineOf(breach)) };
}

function meetsCriterion(facts: ScopeFacts, criterion: ScopeCriterion): boolean {
  if (facts.year !== criterion.year) return false;
  switch (criterion.kind) {
    case 'registered':
      return true;
    case 'reported':
      return facts.reportedAt !== null;
    case 'reported-late':
      return facts.late === true;
    default: {
      const unknown: never = criterion.kind;
      throw new Error(`unknown criterion ${String(unknown)}`);
    }
  }
}

/**
 * Whether a breach belongs to the population the scope describes (its period and criterion
 * together; a scope with neither describes no population: only the breaches it names).
 */
export function inPopulation(facts: ScopeFacts, scope: InquiryScope): boolean {
  if (scope.period === null && scope.criterion === null) return false;
  const aware = Date.parse(facts.awareAt);
  if (scope.period !== null && !(aware >= Date.parse(scope.period.from) && aware < Date.parse(scope.period.to))) return false;
  return scope.criterion === null || meetsCriterion(facts, scope.criterion);
}

/** Whether the scope describes a population (then an answer carries a completeness proof). */
export function describesPopulation(scope: InquiryScope): boolean {
  return scope.period !== null || scope.criterion !== null;
}

/** Whether an identity of the AP may read under this inquiry: named, or every AP identity when none are named. */
export function mayRead(readers: readonly string[] | null, principalId: string): boolean {
  return readers === null || readers.some((reader) => namesActor(reader, principalId));
}
