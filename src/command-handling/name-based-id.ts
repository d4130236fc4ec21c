import { parse, v5, validate } from 'uuid';

/**
 * RFC 9562 version-5 (name-based, SHA-1) UUIDs in one namespace, by the `uuid` package, with
 * the namespace parsed once rather than on every call: ids derived on every command (an
 * event's id from its idempotency key, a breach's id from its registration).
 */
export function nameBasedIds(namespace: string): (name: string) => string {
  if (!validate(namespace)) throw new TypeError(`${namespace} is not a UUID`);
  const space = parse(namespace);
  return (name) => v5(name, space);
}
