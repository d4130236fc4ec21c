import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { nameBasedIds } from './name-based-id.js';

describe('nameBasedIds', () => {
  it("gives the uuid package's v5 id for every name, so ids derived before stay the same", () => {
    for (const namespace of ['7d1f4c9e-2b6a-5e8d-9c3f-1a2b3c4d5e6f', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', randomUUID(), randomUUID().toUpperCase()]) {
      const ids = nameBasedIds(namespace);
      const names = ['', 'a', `breach-${randomUUID()}\n${randomUUID()}\n0`, 'api-key:abc\nkey-1', 'Jansen – ëü 日本 🙂', 'x'.repeat(1000)];
      for (const name of names) expect(ids(name)).toBe(uuidv5(name, namespace));
    }
    // RFC 9562's own example: the DNS namespace and www.example.com.
    expect(nameBasedIds('6ba7b810-9dad-11d1-80b4-00c04fd430c8')('www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => nameBasedIds('not-a-uuid')).toThrow('is not a UUID');
  });
});
