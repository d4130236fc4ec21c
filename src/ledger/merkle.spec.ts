import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { consistencyProof, inclusionProof, rootHash } from '../../test/support/merkle-reference.js';
import { MerkleFrontier, MerkleTree, leafHash, nodeHash, verifyConsistency, verifyInclusion } from './merkle.js';

const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const hex = (b: Buffer): string => b.toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');

/**
 * A deliberately naive transcription of RFC 9162 §2.1 over the raw entries D[n] (here the
 * 32 bytes of each event hash), with array slices and no caching, to check the real one
 * against. Nothing in it is shared with merkle.ts.
 */
const naive = {
  /** The largest power of two smaller than n (n > 1). */
  k: (n: number): number => 2 ** Math.floor(Math.log2(n - 1)),
  mth(d: readonly Buffer[]): Buffer {
    if (d.length === 0) return sha256();
    if (d.length === 1) return sha256(Buffer.of(0), d[0]!);
    const k = naive.k(d.length);
    return sha256(Buffer.of(1), naive.mth(d.slice(0, k)), naive.mth(d.slice(k)));
  },
  path(m: number, d: readonly Buffer[]): Buffer[] {
    if (d.length === 1) return [];
    const k = naive.k(d.length);
    return m < k
      ? [...naive.path(m, d.slice(0, k)), naive.mth(d.slice(k))]
      : [...naive.path(m - k, d.slice(k)), naive.mth(d.slice(0, k))];
  },
  subproof(m: number, d: readonly Buffer[], b: boolean): Buffer[] {
    if (m === d.length) return b ? [] : [naive.mth(d)];
    const k = naive.k(d.length);
    return m <= k
      ? [...naive.subproof(m, d.slice(0, k), b), naive.mth(d.slice(k))]
      : [...naive.subproof(m - k, d.slice(k), false), naive.mth(d.slice(0, k))];
  },
  proof: (m: number, d: readonly Buffer[]): Buffer[] => naive.subproof(m, d, true),
};

/** Event hashes as the hash chain writes them: lowercase hex sha256. */
const eventHashes = (n: number, seed = 'event'): string[] =>
  Array.from({ length: n }, (_, i) => createHash('sha256').update(`${seed}-${i}`).digest('hex'));

/** The same log twice: as leaf hashes for merkle.ts, as entries for the naive version. */
function log(n: number, seed?: string): { leaves: Buffer[]; entries: Buffer[] } {
  const hashes = eventHashes(n, seed);
  return { leaves: hashes.map(leafHash), entries: hashes.map(unhex) };
}

function flipped(proof: readonly Buffer[], element: number, byte = 0): Buffer[] {
  return proof.map((p, i) => {
    const copy = Buffer.from(p);
    if (i === element) copy[byte % copy.length]! ^= 0x01;
    return copy;
  });
}

const EMPTY_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('RFC 9162 hashing', () => {
  it('hashes a leaf as sha256(0x00 || the 32 bytes of the event hash)', () => {
    const [eventHash] = eventHashes(1) as [string];
    expect(hex(leafHash(eventHash))).toBe(hex(sha256(Buffer.of(0x00), unhex(eventHash))));
    expect(leafHash(eventHash.toUpperCase())).toEqual(leafHash(eventHash));
  });

  it('refuses anything but a 64-hex-digit event hash as a leaf', () => {
    for (const bad of ['', 'ab', '0'.repeat(63), '0'.repeat(65), 'g'.repeat(64), ` ${'0'.repeat(63)}`]) {
      expect(() => leafHash(bad)).toThrow(TypeError);
    }
  });

  it('hashes a node as sha256(0x01 || left || right)', () => {
    const [a, b] = log(2).leaves as [Buffer, Buffer];
    expect(nodeHash(a, b)).toEqual(sha256(Buffer.of(0x01), a, b));
    expect(nodeHash(a, b)).not.toEqual(nodeHash(b, a));
  });

  it('gives the empty tree the root sha256("")', () => {
    expect(hex(rootHash([]))).toBe(EMPTY_ROOT);
    expect(hex(new MerkleTree().root())).toBe(EMPTY_ROOT);
  });

  it('gives a one-leaf tree its leaf hash as root, with empty proofs', () => {
    const { leaves } = log(1);
    expect(rootHash(leaves)).toEqual(leaves[0]);
    expect(inclusionProof(leaves, 0)).toEqual([]);
    expect(verifyInclusion(leaves[0]!, 0, 1, [], leaves[0]!)).toBe(true);
    expect(consistencyProof(leaves, 1)).toEqual([]);
  });

  describe('the Certificate Transparency reference vectors (RFC 6962 test data)', () => {
    // Entries of any length are fine for MTH; leafHash takes only event hashes, so the leaf
    // hashes of these are computed by hand.
    const entries = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const leaves = entries.map((e) => sha256(Buffer.of(0x00), unhex(e)));
    const roots = [
      EMPTY_ROOT,
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];

    it('has the published root at every size 0..8', () => {
      for (let n = 0; n <= 8; n++) expect(hex(rootHash(leaves.slice(0, n)))).toBe(roots[n]);
    });

    it('has the published inclusion proofs', () => {
      expect(inclusionProof(leaves, 0).map(hex)).toEqual([
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ]);
      expect(inclusionProof(leaves, 5).map(hex)).toEqual([
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ]);
    });

    it('has the published consistency proofs', () => {
      const proof2 = consistencyProof(leaves, 2);
      expect(proof2.map(hex)).toEqual([
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ]);
      const proof6 = consistencyProof(leaves, 6);
      expect(proof6.map(hex)).toEqual([
        '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ]);
      expect(verifyConsistency(2, 8, unhex(roots[2]!), unhex(roots[8]!), proof2)).toBe(true);
      expect(verifyConsistency(6, 8, unhex(roots[6]!), unhex(roots[8]!), proof6)).toBe(true);
    });
  });
});

describe('against the naive RFC 9162 transcription', () => {
  const { leaves, entries } = log(64);

  it('agrees on every root, for sizes 0..64', () => {
    for (let n = 0; n <= 64; n++) expect(hex(rootHash(leaves.slice(0, n)))).toBe(hex(naive.mth(entries.slice(0, n))));
  });

  it('agrees on every inclusion proof, which verifies, for sizes 1..64', () => {
    for (let n = 1; n <= 64; n++) {
      const root = rootHash(leaves.slice(0, n));
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves.slice(0, n), i);
        expect(proof.map(hex)).toEqual(naive.path(i, entries.slice(0, n)).map(hex));
        expect(verifyInclusion(leaves[i]!, i, n, proof, root)).toBe(true);
      }
    }
  });

  it('agrees on every consistency proof, which verifies, for sizes 1..64', () => {
    for (let n = 1; n <= 64; n++) {
      const newRoot = rootHash(leaves.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(leaves.slice(0, n), m);
        expect(proof.map(hex)).toEqual(naive.proof(m, entries.slice(0, n)).map(hex));
        expect(verifyConsistency(m, n, rootHash(leaves.slice(0, m)), newRoot, proof)).toBe(true);
      }
    }
  });

  it('agrees on larger trees, at sampled indexes and old sizes', () => {
    for (const n of [100, 127, 128, 129, 257, 1000]) {
      const big = log(n, `big-${n}`);
      const root = rootHash(big.leaves);
      expect(hex(root)).toBe(hex(naive.mth(big.entries)));
      for (const i of [0, 1, n >> 1, n - 2, n - 1, (n * 7) % n, 63 % n]) {
        const proof = inclusionProof(big.leaves, i);
        expect(proof.map(hex)).toEqual(naive.path(i, big.entries).map(hex));
        expect(verifyInclusion(big.leaves[i]!, i, n, proof, root)).toBe(true);
        const m = i + 1;
        const cproof = consistencyProof(big.leaves, m);
        expect(cproof.map(hex)).toEqual(naive.proof(m, big.entries).map(hex));
        expect(verifyConsistency(m, n, rootHash(big.leaves.slice(0, m)), root, cproof)).toBe(true);
      }
    }
  });
});

describe('tampering is caught', () => {
  const { leaves } = log(40, 'tamper');
  const roots = Array.from({ length: 41 }, (_, n) => rootHash(leaves.slice(0, n)));
  const otherLeaf = leafHash(eventHashes(1, 'not-in-the-log')[0]!);

  it('an inclusion proof with a changed, missing, extra or reordered element', () => {
    for (let n = 1; n <= 40; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves.slice(0, n), i);
        for (let e = 0; e < proof.length; e++) {
          expect(verifyInclusion(leaves[i]!, i, n, flipped(proof, e, i), roots[n]!)).toBe(false);
        }
        if (proof.length > 0) expect(verifyInclusion(leaves[i]!, i, n, proof.slice(0, -1), roots[n]!)).toBe(false);
        expect(verifyInclusion(leaves[i]!, i, n, [...proof, otherLeaf], roots[n]!)).toBe(false);
        if (proof.length > 1) expect(verifyInclusion(leaves[i]!, i, n, [...proof].reverse(), roots[n]!)).toBe(false);
      }
    }
  });

  it('a different leaf, root, index or tree', () => {
    for (let n = 1; n <= 40; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves.slice(0, n), i);
        expect(verifyInclusion(otherLeaf, i, n, proof, roots[n]!)).toBe(false);
        expect(verifyInclusion(leaves[i]!, i, n, proof, flipped([roots[n]!], 0)[0]!)).toBe(false);
        for (let j = 0; j < n; j++) {
          if (j !== i) expect(verifyInclusion(leaves[i]!, j, n, proof, roots[n]!)).toBe(false);
          if (j !== i) expect(verifyInclusion(leaves[j]!, j, n, proof, roots[n]!)).toBe(false);
        }
        expect(verifyInclusion(leaves[i]!, n, n, proof, roots[n]!)).toBe(false);
        expect(verifyInclusion(leaves[i]!, -1, n, proof, roots[n]!)).toBe(false);
        // Another tree head (size and root as a checkpoint signs them together).
        for (let other = i + 1; other <= 40; other++) {
          if (other !== n) expect(verifyInclusion(leaves[i]!, i, other, proof, roots[other]!)).toBe(false);
        }
      }
    }
  });

  it('a consistency proof with a changed, missing, extra or reordered element', () => {
    for (let n = 2; n <= 40; n++) {
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(leaves.slice(0, n), m);
        for (let e = 0; e < proof.length; e++) {
          expect(verifyConsistency(m, n, roots[m]!, roots[n]!, flipped(proof, e, m))).toBe(false);
        }
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, [...proof, otherLeaf])).toBe(false);
        if (proof.length > 1) expect(verifyConsistency(m, n, roots[m]!, roots[n]!, [...proof].reverse())).toBe(false);
      }
    }
  });

  it('a consistency proof against other roots or sizes', () => {
    for (let n = 2; n <= 40; n++) {
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(leaves.slice(0, n), m);
        expect(verifyConsistency(m, n, flipped([roots[m]!], 0)[0]!, roots[n]!, proof)).toBe(false);
        expect(verifyConsistency(m, n, roots[m]!, flipped([roots[n]!], 0)[0]!, proof)).toBe(false);
        expect(verifyConsistency(n, m, roots[n]!, roots[m]!, proof)).toBe(false);
        for (let other = 1; other <= 40; other++) {
          if (other !== m && other < n) expect(verifyConsistency(other, n, roots[other]!, roots[n]!, proof)).toBe(false);
          if (other !== n && other > m) expect(verifyConsistency(m, other, roots[m]!, roots[other]!, proof)).toBe(false);
        }
      }
    }
  });

  it('a rewritten history: the old root is not a prefix of the new tree', () => {
    const forked = [...leaves.slice(0, 20), otherLeaf, ...leaves.slice(21)];
    for (let m = 21; m < 40; m++) {
      const proof = consistencyProof(forked, m);
      expect(verifyConsistency(m, 40, roots[m]!, rootHash(forked), proof)).toBe(false);
      expect(verifyConsistency(m, 40, rootHash(forked.slice(0, m)), rootHash(forked), proof)).toBe(true);
    }
  });

  it('accepts the trivial consistency cases only with an empty proof and matching roots', () => {
    expect(verifyConsistency(7, 7, roots[7]!, roots[7]!, [])).toBe(true);
    expect(verifyConsistency(7, 7, roots[7]!, roots[8]!, [])).toBe(false);
    expect(verifyConsistency(7, 7, roots[7]!, roots[7]!, [otherLeaf])).toBe(false);
    expect(verifyConsistency(0, 9, roots[0]!, roots[9]!, [])).toBe(true);
    expect(verifyConsistency(0, 9, roots[1]!, roots[9]!, [])).toBe(false);
    expect(verifyConsistency(0, 9, roots[0]!, roots[9]!, [otherLeaf])).toBe(false);
    expect(verifyConsistency(3, 9, roots[3]!, roots[9]!, [])).toBe(false);
  });

  it('rejects malformed inputs instead of throwing', () => {
    const proof = inclusionProof(leaves.slice(0, 8), 5);
    expect(verifyInclusion(leaves[5]!.subarray(1), 5, 8, proof, roots[8]!)).toBe(false);
    expect(verifyInclusion(leaves[5]!, 5, 8, [proof[0]!.subarray(1), ...proof.slice(1)], roots[8]!)).toBe(false);
    expect(verifyInclusion(leaves[5]!, 5.5, 8, proof, roots[8]!)).toBe(false);
    expect(verifyInclusion(leaves[5]!, 5, Number.NaN, proof, roots[8]!)).toBe(false);
    expect(verifyConsistency(-1, 8, roots[0]!, roots[8]!, [])).toBe(false);
    expect(verifyConsistency(2.5, 8, roots[2]!, roots[8]!, consistencyProof(leaves.slice(0, 8), 2))).toBe(false);
  });

  it('refuses to build proofs outside the tree', () => {
    const tree = new MerkleTree();
    leaves.slice(0, 8).forEach((leaf) => tree.append(leaf));
    expect(() => tree.root(9)).toThrow(RangeError);
    expect(() => tree.root(-1)).toThrow(RangeError);
    expect(() => tree.inclusionProof(8)).toThrow(RangeError);
    expect(() => tree.inclusionProof(3, 3)).toThrow(RangeError);
    expect(() => tree.inclusionProof(-1)).toThrow(RangeError);
    expect(() => tree.consistencyProof(9)).toThrow(RangeError);
    expect(() => tree.consistencyProof(5, 4)).toThrow(RangeError);
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
    expect(() => tree.append(Buffer.alloc(31))).toThrow(TypeError);
  });
});

describe('properties', () => {
  const sizes = fc.integer({ min: 1, max: 700 });
  const withIndex = sizes.chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 }), fc.nat()));

  it('every inclusion proof equals the naive one and verifies; a flipped byte does not', () => {
    fc.assert(
      fc.property(withIndex, ([n, i, salt]) => {
        const { leaves, entries } = log(n, `prop-${salt}`);
        const root = rootHash(leaves);
        const proof = inclusionProof(leaves, i);
        expect(proof.map(hex)).toEqual(naive.path(i, entries).map(hex));
        expect(verifyInclusion(leaves[i]!, i, n, proof, root)).toBe(true);
        if (proof.length > 0) expect(verifyInclusion(leaves[i]!, i, n, flipped(proof, salt % proof.length, salt), root)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('every consistency proof equals the naive one and verifies; a flipped byte does not', () => {
    fc.assert(
      fc.property(withIndex, ([n, i, salt]) => {
        const m = i + 1;
        const { leaves, entries } = log(n, `prop-${salt}`);
        const proof = consistencyProof(leaves, m);
        expect(proof.map(hex)).toEqual(naive.proof(m, entries).map(hex));
        const oldRoot = rootHash(leaves.slice(0, m));
        expect(verifyConsistency(m, n, oldRoot, rootHash(leaves), proof)).toBe(true);
        if (proof.length > 0) expect(verifyConsistency(m, n, oldRoot, rootHash(leaves), flipped(proof, salt % proof.length, salt))).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

describe('MerkleTree', () => {
  it('equals the batch functions at every size, for every past size, index and old size', () => {
    const { leaves } = log(64, 'incremental');
    // Everything a tree of a given size answers, as hex (Jest compares strings far faster
    // than Buffers), computed once per size by the batch functions.
    const answers = (size: number, tree?: MerkleTree): string[][] => {
      const prefix = leaves.slice(0, size);
      const indexes = Array.from({ length: size }, (_, i) => i);
      return [
        [hex(tree ? tree.root(size) : rootHash(prefix))],
        ...indexes.map((i) => (tree ? tree.inclusionProof(i, size) : inclusionProof(prefix, i)).map(hex)),
        ...[...indexes, size].map((m) => (tree ? tree.consistencyProof(m, size) : consistencyProof(prefix, m)).map(hex)),
      ];
    };
    const batch = Array.from({ length: 65 }, (_, size) => answers(size));
    const tree = new MerkleTree();
    for (let n = 0; n <= 64; n++) {
      expect(tree.size).toBe(n);
      expect(hex(tree.root())).toBe(batch[n]![0]![0]);
      for (let size = 0; size <= n; size++) expect(answers(size, tree)).toEqual(batch[size]);
      if (n < 64) tree.append(leaves[n]!);
    }
  });

  it('hands out copies, so a caller cannot corrupt its cache', () => {
    const { leaves } = log(4);
    const tree = new MerkleTree();
    const appended = Buffer.from(leaves[0]!);
    tree.append(appended);
    leaves.slice(1).forEach((leaf) => tree.append(leaf));
    const before = tree.root();
    appended.fill(0);
    tree.root().fill(0);
    tree.inclusionProof(0).forEach((p) => p.fill(0));
    expect(tree.root()).toEqual(before);
    expect(tree.root()).toEqual(rootHash(leaves));
  });

  it('agrees with the naive transcription across the 2048-hash chunks it stores levels in', () => {
    const n = 2 * 2048 + 5;
    const { leaves, entries } = log(n, 'chunks');
    const tree = new MerkleTree();
    leaves.forEach((leaf) => tree.append(leaf));
    for (const size of [2047, 2048, 2049, 4095, 4096, 4097, n]) {
      expect(hex(tree.root(size))).toBe(hex(naive.mth(entries.slice(0, size))));
    }
    for (const index of [0, 2047, 2048, 4096, n - 1]) expect(tree.inclusionProof(index).map(hex)).toEqual(naive.path(index, entries).map(hex));
    expect(tree.consistencyProof(2049).map(hex)).toEqual(naive.proof(2049, entries).map(hex));
  });

  it('serves roots and proofs of a large log at any past size without recomputing it', () => {
    const n = 2 ** 16 + 3;
    const tree = new MerkleTree();
    const hashes = eventHashes(n, 'large');
    for (const hash of hashes) tree.append(leafHash(hash));
    // A few hundred proofs at O(log² n) each; recomputation at O(n) each would take minutes.
    for (let step = 0; step < 300; step++) {
      const size = 1 + ((step * 7919) % n);
      const index = (step * 104729) % size;
      const root = tree.root(size);
      expect(verifyInclusion(leafHash(hashes[index]!), index, size, tree.inclusionProof(index, size), root)).toBe(true);
      expect(verifyConsistency(index + 1, size, tree.root(index + 1), root, tree.consistencyProof(index + 1, size))).toBe(true);
    }
  });
});

describe('MerkleFrontier: the root in O(log n) memory', () => {
  const entries = (n: number) => Array.from({ length: n }, (_, i) => sha256(Buffer.from(`event ${i}`)));

  it('gives, after every append, the root the naive RFC 9162 transcription gives', () => {
    const d = entries(70);
    const frontier = new MerkleFrontier();
    expect(hex(frontier.root())).toBe(hex(naive.mth([])));
    d.forEach((entry, i) => {
      frontier.append(leafHash(hex(entry)));
      expect([frontier.size, hex(frontier.root())]).toEqual([i + 1, hex(naive.mth(d.slice(0, i + 1)))]);
    });
  });

  it('agrees with the full tree at any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (n) => {
        const frontier = new MerkleFrontier();
        const tree = new MerkleTree();
        for (const entry of entries(n)) {
          frontier.append(leafHash(hex(entry)));
          tree.append(leafHash(hex(entry)));
        }
        expect(hex(frontier.root())).toBe(hex(tree.root(n)));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a leaf that is not a 32-byte hash', () => {
    expect(() => new MerkleFrontier().append(Buffer.alloc(31))).toThrow(TypeError);
  });
});
