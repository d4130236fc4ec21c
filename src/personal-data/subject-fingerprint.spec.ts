import { describe, expect, it } from '@jest/globals';
import { createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { FingerprintKeys, fingerprintKey, isSubjectKeyed, subjectFingerprint, SUBJECT_KEYED } from './subject-fingerprint.js';

const INFO = 'privacy-ledger request fingerprint';
const hkdf = (dataKey: Buffer) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), INFO, 32));

describe('the fingerprint key of a subject', () => {
  it('is HKDF-SHA256 of the data key (no salt, the fingerprint info, 32 bytes): fingerprints stored before read the same', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const dataKey = Buffer.from(bytes);
        expect(fingerprintKey(dataKey).equals(hkdf(dataKey))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('matches RFC 5869 test case 3 (SHA-256, no salt, no info) in its construction', () => {
    // The same two HMACs with the RFC's empty info give its OKM: the construction, not only agreement with Node.
    const ikm = Buffer.alloc(22, 0x0b);
    const prk = createHmac('sha256', Buffer.alloc(32)).update(ikm).digest();
    expect(prk.toString('hex')).toBe('19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04');
    const okm = createHmac('sha256', prk).update(Buffer.from([1])).digest();
    expect(okm.toString('hex')).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d');
  });
});

describe('a subject-keyed request fingerprint', () => {
  it('is the HMAC of the installation-keyed fingerprint under the derived key, marked as subject-keyed', () => {
    const dataKey = Buffer.alloc(32, 7);
    const expected = createHmac('sha256', hkdf(dataKey)).update('abc123', 'utf8').digest('hex');
    const fingerprint = subjectFingerprint(dataKey, 'abc123');
    expect(fingerprint).toBe(`${SUBJECT_KEYED}${expected}`);
    expect(isSubjectKeyed(fingerprint)).toBe(true);
    expect(subjectFingerprint(Buffer.alloc(32, 8), 'abc123')).not.toBe(fingerprint);
  });
});

describe('the fingerprint keys derived lately (FingerprintKeys)', () => {
  it('derives a subject’s key once for the same data key and answers it again from memory, the same bytes as fingerprintKey', () => {
    const keys = new FingerprintKeys();
    const dataKey = Buffer.alloc(32, 7);
    const first = keys.of('breach-a', dataKey);
    expect(first.equals(hkdf(dataKey))).toBe(true);
    expect(keys.of('breach-a', Buffer.from(dataKey))).toBe(first);
    expect(keys.size).toBe(1);
  });

  it('derives again for any other data key of the subject: a replaced key is never looked past', () => {
    const keys = new FingerprintKeys();
    const first = keys.of('breach-a', Buffer.alloc(32, 7));
    const other = keys.of('breach-a', Buffer.alloc(32, 8));
    expect(other.equals(hkdf(Buffer.alloc(32, 8)))).toBe(true);
    expect(other.equals(first)).toBe(false);
    expect(keys.size).toBe(1);
  });

  it('keeps a copy of the data key, so that the caller changing its buffer changes nothing remembered', () => {
    const keys = new FingerprintKeys();
    const dataKey = Buffer.alloc(32, 7);
    const first = keys.of('breach-a', dataKey);
    dataKey.fill(9);
    expect(keys.of('breach-a', dataKey).equals(hkdf(Buffer.alloc(32, 9)))).toBe(true);
    expect(keys.of('breach-a', Buffer.alloc(32, 9))).not.toBe(first);
  });

  it('forgets a subject’s key when told its data key was erased, and only that subject’s', () => {
    const keys = new FingerprintKeys();
    keys.of('breach-a', Buffer.alloc(32, 7));
    const kept = keys.of('breach-b', Buffer.alloc(32, 8));
    keys.forget('breach-a');
    expect(keys.size).toBe(1);
    expect(keys.of('breach-b', Buffer.alloc(32, 8))).toBe(kept);
  });

  it('keeps at most its bound, the oldest dropped first; with a bound of 0 it remembers nothing', () => {
    const keys = new FingerprintKeys(2);
    const first = keys.of('breach-a', Buffer.alloc(32, 1));
    keys.of('breach-b', Buffer.alloc(32, 2));
    keys.of('breach-c', Buffer.alloc(32, 3));
    expect(keys.size).toBe(2);
    expect(keys.of('breach-a', Buffer.alloc(32, 1))).not.toBe(first);
    const none = new FingerprintKeys(0);
    expect(none.of('breach-a', Buffer.alloc(32, 1)).equals(hkdf(Buffer.alloc(32, 1)))).toBe(true);
    expect(none.size).toBe(0);
    expect(() => new FingerprintKeys(-1)).toThrow(RangeError);
    expect(() => new FingerprintKeys(1.5)).toThrow(RangeError);
  });

  it('gives the fingerprint subjectFingerprint gives without it', () => {
    const dataKey = Buffer.alloc(32, 7);
    expect(subjectFingerprint(dataKey, 'abc123', new FingerprintKeys().of('breach-a', dataKey))).toBe(subjectFingerprint(dataKey, 'abc123'));
  });
});
