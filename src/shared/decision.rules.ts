import { DomainError } from './domain-error.js';

/**
 * The rules every slice's decisions share: one meaning of "not in the future beyond the
 * allowed skew", of "in a sensible order", of "a text was given" and of "a configured
 * dienst" for breaches, DPIAs, the register, audits and inquiries alike. Pure functions:
 * every time comes in as an argument.
 */

/** What a decision needs besides the command and the state: the time and the policy. */
export interface DecisionContext {
  /** The service's time when the command was accepted (UTC ISO-8601). */
  readonly now: string;
  /** How far in the future a business time may lie, for clocks that run slightly ahead. */
  readonly maxClockSkewMs: number;
  /** The diensten (departments) of the organisation: configuration, not code. */
  readonly diensten: readonly string[];
}

/** A business time a person asserts may not lie in the future (beyond the allowed skew). */
export function requireNotInFuture(field: string, time: string, context: DecisionContext): void {
  if (Date.parse(time) > Date.parse(context.now) + context.maxClockSkewMs) {
    throw new DomainError('time-in-future', `${field} (${time}) lies in the future`, { field, value: time, now: context.now });
  }
}

/** Business times must come in a sensible order: `field` not before `earlierField`. */
export function requireNotBefore(field: string, time: string, earlierField: string, earlier: string | null): void {
  if (earlier !== null && Date.parse(time) < Date.parse(earlier)) {
    throw new DomainError('time-out-of-order', `${field} (${time}) lies before ${earlierField} (${earlier})`, {
      field,
      value: time,
      mustNotBeBefore: earlierField,
      limit: earlier,
    });
  }
}

export function requireText(field: string, value: string | null | undefined, code: string, message: string): void {
  if (value === null || value === undefined || value.trim().length === 0) throw new DomainError(code, message, { field });
}

export function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** The dienst is one of the organisation's configured diensten (configuration, not code). */
export function requireKnownDienst(dienst: string, context: DecisionContext): void {
  if (!context.diensten.includes(dienst)) {
    throw new DomainError('unknown-dienst', `dienst ${dienst} is not one of ${context.diensten.join(', ')}`, { dienst, diensten: [...context.diensten] });
  }
}
