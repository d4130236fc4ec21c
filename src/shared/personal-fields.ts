import type { JsonObject, JsonValue } from './json.js';

/**
 * Where the personal data of an event payload lies, as patterns of dotted paths (pure: the
 * encryption codec and the domain's rules share it). A pattern's segments are:
 *
 *   `name`                     a property
 *   `name[]`                   each element of the array `name`
 *   `name[key=a|b]`            each element of `name` whose `key` is `a` or `b`
 *
 * e.g. `discovery.how`, `lateReason.explanation`, `corrections[field=title|description].to`.
 * An absent or null value along the way names nothing: a null field holds no personal data.
 */

/** What a personal field reads as once its key is erased. */
export const ERASED = '[erased]';

export interface PersonalValue {
  /** The concrete path, array indices included: `corrections.0.to`. */
  readonly path: string;
  readonly value: JsonValue;
}

interface Segment {
  readonly name: string;
  readonly each: boolean;
  readonly where?: { readonly key: string; readonly values: readonly string[] };
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(?:([A-Za-z_][A-Za-z0-9_]*)=([^\]]+))?\])?$/;
const parsed = new Map<string, readonly Segment[]>();

function segmentsOf(pattern: string): readonly Segment[] {
  const known = parsed.get(pattern);
  if (known) return known;
  const segments = pattern.split('.').map((part) => {
    const match = SEGMENT.exec(part);
    if (!match) throw new Error(`malformed personal-field pattern ${pattern}`);
    const [, name, key, values] = match as unknown as [string, string, string | undefined, string | undefined];
    const each = part.endsWith(']');
    return key === undefined || values === undefined ? { name, each } : { name, each, where: { key, values: values.split('|') } };
  });
  parsed.set(pattern, segments);
  return segments;
}

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function selected(item: JsonValue, where: Segment['where']): boolean {
  if (where === undefined) return true;
  const value = isObject(item) ? item[where.key] : undefined;
  return typeof value === 'string' && where.values.includes(value);
}

/** Every non-null value the patterns name in `data`, with its concrete path. */
export function personalValues(data: JsonObject, patterns: readonly string[]): PersonalValue[] {
  const found: PersonalValue[] = [];
  const visit = (value: JsonValue | undefined, segments: readonly Segment[], path: readonly (string | number)[]): void => {
    const [segment, ...rest] = segments;
    if (segment === undefined) {
      if (value !== undefined && value !== null) found.push({ path: path.join('.'), value });
      return;
    }
    if (!isObject(value) || !Object.hasOwn(value, segment.name)) return;
    const child = value[segment.name];
    if (!segment.each) return visit(child, rest, [...path, segment.name]);
    if (!Array.isArray(child)) return;
    (child as readonly JsonValue[]).forEach((item, index) => {
      if (selected(item, segment.where)) visit(item, rest, [...path, segment.name, index]);
    });
  };
  for (const pattern of patterns) visit(data, segmentsOf(pattern), []);
  return found;
}

/**
 * A copy of `data` with every non-null value the patterns name replaced by
 * `replace(value, path)`; everything else is shared, and `data` itself is left as it was.
 */
export function mapPersonalValues(data: JsonObject, patterns: readonly string[], replace: (value: JsonValue, path: string) => JsonValue): JsonObject {
  const map = (value: JsonValue, segments: readonly Segment[], path: readonly (string | number)[]): JsonValue => {
    const [segment, ...rest] = segments;
    if (segment === undefined) return value === null ? value : replace(value, path.join('.'));
    if (!isObject(value) || !Object.hasOwn(value, segment.name)) return value;
    const child = value[segment.name] as JsonValue;
    let mapped: JsonValue;
    if (!segment.each) mapped = map(child, rest, [...path, segment.name]);
    else if (!Array.isArray(child)) return value;
    else mapped = (child as readonly JsonValue[]).map((item, index) => (selected(item, segment.where) ? map(item, rest, [...path, segment.name, index]) : item));
    return { ...value, [segment.name]: mapped };
  };
  return patterns.reduce<JsonObject>((current, pattern) => map(current, segmentsOf(pattern), []) as JsonObject, data);
}
