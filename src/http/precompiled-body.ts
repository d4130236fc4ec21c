import { isIsoDateTimeWithOffset } from './iso-date-time.js';

/**
 * Accepting checks composed by hand for the request classes of the hottest routes (a
 * registration, a report to the AP), which `RequestValidationPipe` runs before class-validator.
 *
 * A check only ever *accepts*: it builds the request object exactly as class-transformer would
 * (the same class, the same fields, `@Transform`s applied, arrays copied) when the body passes
 * every decorator of the class, with the same predicates class-validator exports, and answers
 * `undefined` for anything else. A body it does not accept goes through class-transformer and
 * class-validator as every other body does, so every refusal (its problem+json `code`, its
 * pointers and texts) is the one those give. `src/http/precompiled-body.spec.ts` sends the
 * same bodies, valid and not, through both ways and requires the check to accept only what
 * class-validator accepts and to build what class-transformer builds.
 *
 * A change to a class's decorators must be made in its check too: the spec's mutated bodies
 * catch a check that accepts what the decorators refuse.
 */

/**
 * An `@IsIsoDateTime()` field as class-transformer and class-validator see it: normalised to UTC
 * by its `@Transform` when valid, then validated as normalised (a valid offset time can
 * normalise to one that is not, e.g. before 1900). The normalised text, or undefined.
 */
export function dateTimeField(value: unknown): string | undefined {
  if (!isIsoDateTimeWithOffset(value)) return undefined;
  const normalised = new Date(value).toISOString();
  return isIsoDateTimeWithOffset(normalised) ? normalised : undefined;
}

/** A plain JSON object as the JSON body parser gives it, or a part of one. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** The request object a body stands for, or undefined: left to class-validator. */
export type AcceptingCheck<T extends object> = (body: JsonRecord) => T | undefined;

const checks = new Map<abstract new () => object, AcceptingCheck<object>>();

/** Registers the accepting check of a request class (once, where the class is defined). */
export function precompiledBody<T extends object>(type: new () => T, check: AcceptingCheck<T>): void {
  if (checks.has(type)) throw new Error(`${type.name} has an accepting check already`);
  checks.set(type, check);
}

/** The request object built by the class's accepting check, when it has one and the body passes it. */
export function acceptedBody(type: unknown, body: unknown): object | undefined {
  const check = checks.get(type as new () => object);
  return check && isRecord(body) ? check(body) : undefined;
}

/** A JSON object (not an array, not null), with Object.prototype as its prototype. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Whether every own key of the body is one of `keys` (whitelist + forbidNonWhitelisted). */
export function onlyKeys(body: JsonRecord, keys: ReadonlySet<string>): boolean {
  for (const key of Object.keys(body)) if (!keys.has(key)) return false;
  return true;
}

/** @IsOptional(): null and undefined skip every other check of the property. */
export const absent = (value: unknown): value is null | undefined => value === null || value === undefined;
