import canonicalizeModule from 'canonicalize';
import { assertPlainArray, forEachPlainEntry, isPlainJson, MAX_JSON_DEPTH, NotJsonError, readData, scalarJsonText, type JsonValue } from '../shared/json.js';

// The package is CommonJS (module.exports = fn) but its typings declare an ES default
// export; under nodenext the default import is module.exports itself.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/**
 * RFC 8785 JSON Canonicalization Scheme: keys sorted by UTF-16 code units, no
 * whitespace, numbers as ECMAScript serialises them. The input is checked first, so
 * a value that is not exactly JSON fails loudly instead of being silently altered.
 */
export function canonicalJson(value: unknown): string {
  // The common case (a handler's plain payload) is judged without building anything
  // (`isPlainJson`: no proxy, no getter, only enumerable string keys, well-formed strings,
  // finite numbers) and then written directly; anything in doubt takes the walk that checks
  // each property through its descriptor and names what it refuses.
  return isPlainJson(value, 0) ? canonicalOfPlain(value as JsonValue) : jsonTexts(value).canonical;
}

/**
 * RFC 8785 text of a value `isPlainJson` accepted: keys sorted by UTF-16 code units (what
 * `Array.prototype.sort` compares by default), strings and numbers as JSON.stringify writes
 * them (§3.2.2.2, §3.2.2.3; -0 as 0). Its properties are plain data, so reading them again
 * gives what was judged.
 */
function canonicalOfPlain(value: JsonValue): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) text += index === 0 ? canonicalOfPlain(value[index] as JsonValue) : `,${canonicalOfPlain(value[index] as JsonValue)}`;
    return `${text}]`;
  }
  const object = value as Record<string, JsonValue>;
  const keys = Object.keys(object).sort();
  let text = '{';
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    text += `${index === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalOfPlain(object[key] as JsonValue)}`;
  }
  return `${text}}`;
}

/** For a value already produced by toJsonValue or JSON.parse: skips the check (the `canonicalize` package). */
export function canonicalJsonOfChecked(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}

/** A value written twice: RFC 8785 canonical (what is hashed), and as JSON.stringify writes it (what is stored). */
export interface JsonTexts {
  readonly canonical: string;
  readonly plain: string;
}

/**
 * Checks a value exactly as `toJsonValue` (src/shared/json.ts) does, refusing the same things
 * with the same NotJsonError, and writes both texts in the same walk: no copy of the value,
 * no property defined per key. Each property is read once, so what was checked is what was
 * written; parsing `plain` gives the caller a copy that nothing they do later can alter.
 * Strings and numbers are written by JSON.stringify, which for well-formed strings and
 * finite numbers is RFC 8785's serialisation (§3.2.2.2, §3.2.2.3); keys are sorted by
 * UTF-16 code units (§3.2.3), which is what `<` compares.
 */
export function jsonTexts(value: unknown): JsonTexts {
  return walk(value, '', 0, new Set<object>());
}

function walk(value: unknown, path: string, depth: number, seen: Set<object>): JsonTexts {
  if (depth > MAX_JSON_DEPTH) throw new NotJsonError(path, `nested deeper than ${MAX_JSON_DEPTH} levels`);
  const scalar = scalarJsonText(value, path);
  if (scalar !== undefined) return { canonical: scalar, plain: scalar };
  const node = value as object;
  if (seen.has(node)) throw new NotJsonError(path, 'circular reference');
  seen.add(node);
  const texts = Array.isArray(node) ? arrayTexts(node, path, depth, seen) : objectTexts(node, path, depth, seen);
  seen.delete(node);
  return texts;
}

function arrayTexts(value: unknown[], path: string, depth: number, seen: Set<object>): JsonTexts {
  assertPlainArray(value, path);
  const canonical: string[] = [];
  const plain: string[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const item = walk(readData(value, String(index), path), `${path}/${index}`, depth + 1, seen);
    canonical.push(item.canonical);
    plain.push(item.plain);
  }
  return { canonical: `[${canonical.join(',')}]`, plain: `[${plain.join(',')}]` };
}

function objectTexts(value: object, path: string, depth: number, seen: Set<object>): JsonTexts {
  const members: { key: string; canonical: string }[] = [];
  const plain: string[] = [];
  forEachPlainEntry(value, path, (key, item) => {
    const texts = walk(item, `${path}/${key}`, depth + 1, seen);
    const name = JSON.stringify(key);
    members.push({ key, canonical: `${name}:${texts.canonical}` });
    plain.push(`${name}:${texts.plain}`);
  });
  members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { canonical: `{${members.map((member) => member.canonical).join(',')}}`, plain: `{${plain.join(',')}}` };
}
