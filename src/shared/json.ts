import { types } from 'node:util';
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

export const MAX_JSON_DEPTH = 64;

/**
 * Returns a plain copy of a value that is exactly representable as I-JSON (RFC 7493),
 * which RFC 8785 canonicalisation requires, or throws NotJsonError naming where it is
 * not. Anything JSON.stringify would silently drop or alter is refused instead: undefined,
 * functions, symbols, NaN, Dates and other class instances, array holes, lone
 * surrogates, getters, hidden or symbol-keyed properties, toJSON. Each property is read
 * once, so what was checked is exactly what is copied.
 */
export function toJsonValue(value: unknown, path = '', depth = 0, seen = new Set<object>()): JsonValue {
  if (depth > MAX_JSON_DEPTH) throw new NotJsonError(path, `nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new NotJsonError(path, 'string contains a lone surrogate');
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJsonError(path, `number ${value} is not representable in JSON`);
    return value;
  }
  if (typeof value !== 'object') throw new NotJsonError(path, `a ${typeof value} is not JSON`);
  if (seen.has(value)) throw new NotJsonError(path, 'circular reference');
  seen.add(value);
  const copy = Array.isArray(value) ? arrayCopy(value, path, depth, seen) : objectCopy(value, path, depth, seen);
  seen.delete(value);
  return copy;
}

function arrayCopy(value: unknown[], path: string, depth: number, seen: Set<object>): JsonArray {
  assertPlainArray(value, path);
  return Array.from({ length: value.length }, (_, index) => toJsonValue(readData(value, String(index), path), `${path}/${index}`, depth + 1, seen));
}

/** Refuses an array JSON.stringify would alter: a subclass, holes, extra properties. */
export function assertPlainArray(value: unknown[], path: string): void {
  if (Object.getPrototypeOf(value) !== Array.prototype) throw new NotJsonError(path, 'only plain arrays are JSON');
  const names = Reflect.ownKeys(value);
  // Own keys of a plain array: its indices and 'length'; anything else would be lost.
  if (names.length !== value.length + 1) {
    const extra = names.find((name) => name !== 'length' && !(typeof name === 'string' && /^(0|[1-9]\d*)$/.test(name)));
    throw new NotJsonError(path, extra === undefined ? 'array has holes' : `array has a property ${String(extra)}`);
  }
}

/** The plain-object check and the keys of one, each key checked and its value read once (undefined refused). */
export function forEachPlainEntry(value: object, path: string, visit: (key: string, item: unknown) => void): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new NotJsonError(path, 'only plain objects are JSON (found a class instance)');
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') throw new NotJsonError(path, 'symbol keys are not JSON');
    if (!key.isWellFormed()) throw new NotJsonError(path, 'key contains a lone surrogate');
    if (key === 'toJSON') throw new NotJsonError(path, 'a property named toJSON would change how the object serialises');
    const item = readData(value, key, path);
    if (item === undefined) throw new NotJsonError(`${path}/${key}`, 'undefined is not JSON');
    visit(key, item);
  }
}

function objectCopy(value: object, path: string, depth: number, seen: Set<object>): JsonObject {
  const copy: Record<string, JsonValue> = {};
  forEachPlainEntry(value, path, (key, item) => {
    // defineProperty, not assignment: a "__proto__" key (valid JSON) stays an own property.
    Object.defineProperty(copy, key, { value: toJsonValue(item, `${path}/${key}`, depth + 1, seen), enumerable: true, writable: true, configurable: true });
  });
  return copy;
}

/** Only plain, enumerable data properties: no getters that could answer differently twice. */
export function readData(value: object, key: string, path: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  if (!descriptor || !('value' in descriptor)) throw new NotJsonError(`${path}/${key}`, 'accessor properties are not JSON');
  if (!descriptor.enumerable) throw new NotJsonError(`${path}/${key}`, 'hidden (non-enumerable) properties are not JSON');
  return descriptor.value;
}

/**
 * `JSON.stringify(toJsonValue(value))` in one walk: the same checks, refusing the same things
 * with the same NotJsonError, and the same text, without a copy of the value (no property
 * defined per key). Each property is read once, so what was checked is what was written.
 */
export function jsonText(value: unknown): string {
  // The common case (a projection's plain document) is checked without building anything and
  // written by the engine's own JSON.stringify, about twice as fast; anything in doubt takes
  // the walk that writes the text itself and names what it refuses.
  if (isPlainJson(value, 0)) return JSON.stringify(value);
  return textOf(value, '', 0, new Set<object>());
}

/** Annex B's own-then-inherited getter lookup: no descriptor object allocated per key. */
const lookupGetter = (Object.prototype as unknown as { __lookupGetter__: (this: object, key: PropertyKey) => unknown }).__lookupGetter__;

/**
 * True when JSON.stringify writes exactly the value: what `textOf` accepts, judged without a
 * property descriptor per key. No proxy (it could answer a second read differently), no
 * getter (a setter alone reads as undefined, refused), every own key enumerable and a string.
 * False means only "not sure": `textOf` then decides, with its error. No set of the objects
 * on the path: a cycle nests deeper than MAX_JSON_DEPTH, which answers "not sure" (and
 * `textOf` names the cycle), so the walk allocates nothing but the key list of each object.
 */
export function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed();
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object':
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_JSON_DEPTH || types.isProxy(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    if (!Array.isArray(value)) return false;
    const { length } = value;
    if (Reflect.ownKeys(value).length !== length + 1) return false;
    for (let index = 0; index < length; index += 1) {
      if (lookupGetter.call(value, index) !== undefined || !isPlainJson(value[index], depth + 1)) return false;
    }
    return true;
  }
  if (proto !== Object.prototype && proto !== null) return false;
  if (Array.isArray(value)) return false;
  // Object.keys: the enumerable string keys; equal in number to every own key (symbols and
  // hidden ones included) only when there are no others.
  const keys = Object.keys(value);
  if (Object.getOwnPropertyNames(value).length !== keys.length || Object.getOwnPropertySymbols(value).length !== 0) return false;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    if (key === 'toJSON' || !key.isWellFormed() || lookupGetter.call(value, key) !== undefined) return false;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || !isPlainJson(item, depth + 1)) return false;
  }
  return true;
}

/**
 * The JSON text of a scalar (null, a boolean, a well-formed string, a finite number), or
 * undefined for an object or array, which the caller walks; anything else is refused with
 * NotJsonError. One definition for every one-walk writer of JSON text.
 */
export function scalarJsonText(value: unknown, path: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      if (!value.isWellFormed()) throw new NotJsonError(path, 'string contains a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path, `number ${value} is not representable in JSON`);
      return JSON.stringify(value);
    case 'object':
      return undefined;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw new NotJsonError(path, `a ${typeof value} is not JSON`);
  }
}

function textOf(value: unknown, path: string, depth: number, seen: Set<object>): string {
  if (depth > MAX_JSON_DEPTH) throw new NotJsonError(path, `nested deeper than ${MAX_JSON_DEPTH} levels`);
  const scalar = scalarJsonText(value, path);
  if (scalar !== undefined) return scalar;
  const node = value as object;
  if (seen.has(node)) throw new NotJsonError(path, 'circular reference');
  seen.add(node);
  const parts: string[] = [];
  let text: string;
  if (Array.isArray(node)) {
    assertPlainArray(node, path);
    for (let index = 0; index < node.length; index += 1) parts.push(textOf(readData(node, String(index), path), `${path}/${index}`, depth + 1, seen));
    text = `[${parts.join(',')}]`;
  } else {
    forEachPlainEntry(node, path, (key, item) => parts.push(`${JSON.stringify(key)}:${textOf(item, `${path}/${key}`, depth + 1, seen)}`));
    text = `{${parts.join(',')}}`;
  }
  seen.delete(node);
  return text;
}

export function assertJsonValue(value: unknown): asserts value is JsonValue {
  toJsonValue(value);
}

export function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
