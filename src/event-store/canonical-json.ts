import canonicalizeModule from 'canonicalize';
import { toJsonValue, type JsonValue } from '../shared/json.js';

// The package is CommonJS (module.exports = fn) but its typings declare an ES default
// export; under nodenext the default import is module.exports itself.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/**
 * RFC 8785 JSON Canonicalization Scheme: keys sorted by UTF-16 code units, no
 * whitespace, numbers as ECMAScript serialises them. The input is checked first, so
 * a value that is not exactly JSON fails loudly instead of being silently altered.
 */
export function canonicalJson(value: unknown): string {
  return canonicalJsonOfChecked(toJsonValue(value));
}

/** For a value already produced by toJsonValue or JSON.parse: skips the second check. */
export function canonicalJsonOfChecked(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}
