export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
export type JsonArray = readonly JsonValue[];
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Where in a value a problem was found, as a JSON-pointer-like path. */
export class NotJsonError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path || '(root)'}: ${problem}`);
  }
}

const MAX_DEPTH = 64;

/**
 * Checks that a value is exactly representable as I-JSON (RFC 7493), which RFC 8785
 * canonicalisation requires: plain objects and arrays, finite numbers, well-formed
 * strings. Anything JSON.stringify would silently drop or alter (undefined, functions,
 * NaN, Dates, class instances, lone surrogates) is refused instead.
 */
export function assertJsonValue(value: unknown, path = '', depth = 0, seen = new Set<object>()): asserts value is JsonValue {
  if (depth > MAX_DEPTH) throw new NotJsonError(path, `nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new NotJsonError(path, 'string contains a lone surrogate');
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJsonError(path, `number ${value} is not representable in JSON`);
    return;
  }
  if (typeof value !== 'object') throw new NotJsonError(path, `a ${typeof value} is not JSON`);
  if (seen.has(value)) throw new NotJsonError(path, 'circular reference');
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertJsonValue(item, `${path}/${index}`, depth + 1, seen));
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new NotJsonError(path, 'only plain objects are JSON (found a class instance)');
    }
    for (const key of Object.keys(value)) {
      if (!key.isWellFormed()) throw new NotJsonError(path, 'key contains a lone surrogate');
      assertJsonValue((value as Record<string, unknown>)[key], `${path}/${key}`, depth + 1, seen);
    }
  }
  seen.delete(value);
}

export function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
