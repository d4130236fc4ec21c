import { createHash } from 'node:crypto';

/**
 * RFC 9562 version-5 (name-based, SHA-1) UUIDs in one namespace: the same ids the `uuid`
 * package's v5 gives (name-based-id.spec.ts), with the namespace parsed once and the name
 * hashed by node:crypto, for ids derived on every command (an event's id from its idempotency
 * key). The name is hashed as UTF-8.
 */
export function nameBasedIds(namespace: string): (name: string) => string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(namespace)) throw new TypeError(`${namespace} is not a UUID`);
  const space = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  return (name) => {
    const bytes = createHash('sha1').update(space).update(name, 'utf8').digest();
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
    const hex = bytes.toString('hex', 0, 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
