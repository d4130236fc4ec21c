import { createHash } from 'node:crypto';
import { parse, validate } from 'uuid';

/**
 * RFC 9562 version-5 (name-based, SHA-1) UUIDs in one namespace: the SHA-1 of the namespace's
 * 16 bytes and the name's UTF-8, its first 16 bytes with the version (5) and variant (10)
 * bits set. The namespace is parsed (by the `uuid` package) once rather than on every call,
 * and the name hashed as UTF-8 by Node's own encoder: ids are derived on every command (an
 * event's id from its idempotency key, a breach's id from its registration), and the `uuid`
 * package's v5 turns each name into an array of bytes in JavaScript first. The ids are the
 * package's, byte for byte (name-based-id.spec.ts).
 */
export function nameBasedIds(namespace: string): (name: string) => string {
  if (!validate(namespace)) throw new TypeError(`${namespace} is not a UUID`);
  const space = Buffer.from(parse(namespace));
  return (name) => {
    const bytes = createHash('sha1').update(space).update(name, 'utf8').digest();
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
    const hex = bytes.toString('hex', 0, 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
