import { describe, expect, it } from '@jest/globals';
import { LeafPositions } from '../../src/ledger/leaf-positions.js';

/** Increasing positions with gaps, as a log's positions after `$`-streams are left out. */
const positionsFrom = (from: number, count: number): bigint[] => Array.from({ length: count }, (_, i) => BigInt(from + i * 8 + (i % 7)));

describe('LeafPositions.pushAll', () => {
  it('keeps what push one at a time keeps, across the first chunk’s growth and the 8,192-position chunks', () => {
    const all = positionsFrom(5, 20_000);
    for (const page of [1, 1000, 1023, 8193, 20_000]) {
      const one = new LeafPositions();
      const paged = new LeafPositions();
      for (const position of all) one.push(position);
      for (let at = 0; at < all.length; at += page) paged.pushAll(BigUint64Array.from(all.slice(at, at + page)));
      expect(paged.length).toBe(all.length);
      expect(paged.byteLength).toBe(one.byteLength);
      for (const index of [0, 1023, 1024, 8191, 8192, 8193, 16_383, 16_384, 19_999]) expect(paged.at(index)).toBe(all[index]);
      expect(paged.indexOf(all[12_345]!)).toBe(12_345);
      expect(paged.indexOf(all[12_345]! + 1n)).toBeUndefined();
    }
  });

  it('refuses a page whose positions do not increase, and keeps none of it', () => {
    const positions = new LeafPositions();
    positions.pushAll(BigUint64Array.from([1n, 2n, 5n]));
    expect(() => positions.pushAll(BigUint64Array.from([5n, 6n]))).toThrow(RangeError);
    expect(() => positions.pushAll(BigUint64Array.from([6n, 8n, 8n]))).toThrow(RangeError);
    expect(positions.length).toBe(3);
    expect(positions.last()).toBe(5n);
    positions.pushAll(new BigUint64Array(0));
    positions.pushAll(BigUint64Array.from([6n, 2n ** 64n - 1n]));
    expect(positions.last()).toBe(2n ** 64n - 1n);
  });
});
