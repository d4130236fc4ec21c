import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { decryptField, encryptField, fieldAad, freshIv } from './field-encryption.js';

describe('field encryption', () => {
  it('gives every field an IV of its own, across many refills of the IV pool', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 2_000; n += 1) {
      const iv = freshIv();
      expect(iv).toHaveLength(12);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(2_000);
  });

  it('never changes an IV once handed out (the pool is replaced, not refilled in place)', () => {
    const first = freshIv();
    const copy = Buffer.from(first);
    for (let n = 0; n < 600; n += 1) freshIv();
    expect(first.equals(copy)).toBe(true);
  });

  it('encrypts the same text under the same key to different fields that decrypt back to it', () => {
    const key = randomBytes(32);
    const aad = fieldAad('BreachDetected', '/description');
    const fields = Array.from({ length: 300 }, () => encryptField(key, 'b-1', aad, 'Jansen – ëü'));
    expect(new Set(fields.map((field) => field.iv)).size).toBe(300);
    expect(new Set(fields.map((field) => field.ct)).size).toBe(300);
    for (const field of fields) expect(decryptField(key, field, aad)).toBe('Jansen – ëü');
    expect(() => decryptField(key, fields[0]!, fieldAad('BreachDetected', '/other'))).toThrow('fails authentication');
  });
});
