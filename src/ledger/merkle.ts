import { hash } from 'node:crypto';

/**
 * The Merkle tree over the whole log in global order (docs/architecture.md "Tamper evidence"),
 * hashed exactly as RFC 9162 (Certificate Transparency v2) §2.1, so that any CT or
 * C2SP tooling can check our roots and proofs. Leaves passed around here are leaf
 * hashes (the output of `leafHash`), never event hashes.
 */

const HASH_SIZE = 32;
const LEAF_PREFIX_HEX = '00';
const NODE_PREFIX = Buffer.of(0x01);
const EVENT_HASH = /^[0-9a-fA-F]{64}$/;

/** One-shot (crypto.hash): a fraction of createHash's cost per call on inputs this small. */
function sha256(...parts: readonly Buffer[]): Buffer {
  return hash('sha256', parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), 'buffer');
}

/** RFC 9162 §2.1.1: MTH({d0}) = HASH(0x00 || d0). The leaf data is the 32 bytes of the
 * event's chain hash, so a leaf commits to the whole envelope and to its stream's past. */
export function leafHash(eventHash: string): Buffer {
  if (!EVENT_HASH.test(eventHash)) throw new TypeError(`not a 64-hex-digit event hash: ${JSON.stringify(eventHash)}`);
  return sha256(Buffer.from(`${LEAF_PREFIX_HEX}${eventHash}`, 'hex'));
}

/** RFC 9162 §2.1.1: the 0x01 prefix keeps a node from ever being taken for a leaf (§2.1.1's
 * second-preimage note). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** RFC 9162 §2.1.1: k is the largest power of two smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && splitPoint(n + 1) === n;
}

/** Parent of a node index, in arithmetic rather than `>>` so sizes past 2^31 stay exact. */
const half = (n: number): number => Math.floor(n / 2);
const isOdd = (n: number): boolean => n % 2 === 1;

/** Hashes per chunk of a HashList: 64 KiB. */
const CHUNK_HASHES = 2048;

/**
 * One level of the tree: its 32-byte hashes back to back in 64 KiB chunks. A Buffer per
 * hash would cost ~200 bytes of object and backing store for 32 bytes of hash; this costs
 * 32, so the tree over a million events holds ~64 MB, not ~400 MB.
 */
class HashList {
  private readonly chunks: Buffer[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** The bytes its chunks hold. */
  get byteLength(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  push(hash: Buffer): void {
    const { target, offset } = this.room();
    hash.copy(target, offset);
    this.count += 1;
  }

  /** Appends hashes back to back (`from.length` a multiple of 32), run by run into the chunks, with no view per hash. */
  pushAll(from: Buffer): void {
    for (let at = 0; at < from.length; ) {
      const { target, offset } = this.room();
      const copied = from.copy(target, offset, at, Math.min(from.length, at + target.length - offset));
      this.count += copied / HASH_SIZE;
      at += copied;
    }
  }

  /** The chunk the next hash goes into, and where: a new one when the last is full. */
  private room(): { target: Buffer; offset: number } {
    const chunk = Math.floor(this.count / CHUNK_HASHES);
    const offset = (this.count % CHUNK_HASHES) * HASH_SIZE;
    let target = this.chunks[chunk];
    // The first chunk grows by doubling, so a small tree stays small; later ones are whole.
    if (target === undefined || offset === target.length) {
      const grown = Buffer.alloc(chunk === 0 ? Math.min(CHUNK_HASHES * HASH_SIZE, Math.max(16 * HASH_SIZE, offset * 2)) : CHUNK_HASHES * HASH_SIZE);
      target?.copy(grown);
      this.chunks[chunk] = target = grown;
    }
    return { target, offset };
  }

  /** A view of hash i (not a copy: callers copy what they hand out). */
  at(i: number): Buffer {
    const offset = (i % CHUNK_HASHES) * HASH_SIZE;
    return this.chunks[Math.floor(i / CHUNK_HASHES)]!.subarray(offset, offset + HASH_SIZE);
  }
}

/**
 * Leaves in log order, plus the hash of every complete (perfect, aligned) subtree, which
 * never changes once its last leaf is in. Any MTH(D[a:b]) the RFC's recursions ask for
 * splits into O(log n) such subtrees, so a root is O(log n) hashes and a proof O(log² n).
 */
export class MerkleTree {
  /** levels[h][i] = MTH of leaves [i·2^h, (i+1)·2^h); levels[0] are the leaves. */
  private readonly levels: HashList[] = [new HashList()];

  get size(): number {
    return this.levels[0]!.length;
  }

  /** The bytes of every level's hashes: ~64 per leaf (the leaf and, amortised, one subtree). */
  get byteLength(): number {
    return this.levels.reduce((sum, level) => sum + level.byteLength, 0);
  }

  append(leaf: Buffer): void {
    if (leaf.length !== HASH_SIZE) throw new TypeError(`a leaf hash is ${HASH_SIZE} bytes, got ${leaf.length}`);
    this.levels[0]!.push(leaf);
    // Close every subtree this leaf completes: amortised one hash per append.
    for (let h = 0, i = this.size - 1; isOdd(i); h++, i = half(i)) {
      const level = this.levels[h]!;
      const parent = (this.levels[h + 1] ??= new HashList());
      parent.push(nodeHash(level.at(i - 1), level.at(i)));
    }
  }

  /**
   * The hashes whose pair is not in yet: at each level holding an odd number of hashes, its last
   * (undefined at the others), lowest level first. With the size, all that a fold elsewhere
   * (`createLevelFold`) needs to go on from this tree.
   */
  edge(): (Buffer | undefined)[] {
    return this.levels.map((level) => (isOdd(level.length) ? Buffer.from(level.at(level.length - 1)) : undefined));
  }

  /**
   * Appends the leaves and the subtree hashes they complete, computed elsewhere from `edge()`
   * (`createLevelFold`): per level, lowest first, the new hashes back to back. Refused, with
   * the tree unchanged, unless every level grows by what that many leaves complete.
   */
  appendLevels(levels: readonly Buffer[]): void {
    const before = this.size;
    const after = before + (levels[0]?.length ?? 0) / HASH_SIZE;
    for (let h = 0, width = 1; h < Math.max(levels.length, this.levels.length) || width <= after; h++, width *= 2) {
      const grows = Math.floor(after / width) - Math.floor(before / width);
      if ((levels[h]?.length ?? 0) !== grows * HASH_SIZE) throw new RangeError(`level ${h} of ${after} leaves grows by ${grows} hashes, not ${(levels[h]?.length ?? 0) / HASH_SIZE}`);
    }
    levels.forEach((hashes, h) => {
      if (hashes.length > 0) (this.levels[h] ??= new HashList()).pushAll(hashes);
    });
  }

  /** MTH(D[size]) (RFC 9162 §2.1.1); the current tree when size is omitted. */
  root(size = this.size): Buffer {
    this.checkSize(size);
    return Buffer.from(this.mth(0, size));
  }

  /** PATH(index, D[size]) (RFC 9162 §2.1.3.1): the audit path, nearest sibling first. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
    }
    return this.path(index, 0, size).map((hash) => Buffer.from(hash));
  }

  /** PROOF(oldSize, D[newSize]) (RFC 9162 §2.1.4.1). The RFC defines it for 0 < m < n; the
   * trivial cases m = n and m = 0 need no proof, so they give the empty one (what
   * `verifyConsistency` expects for them). */
  consistencyProof(oldSize: number, newSize = this.size): Buffer[] {
    this.checkSize(newSize);
    if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) {
      throw new RangeError(`old size ${oldSize} is not between 0 and the new size ${newSize}`);
    }
    if (oldSize === 0) return [];
    return this.subproof(oldSize, 0, newSize, true).map((hash) => Buffer.from(hash));
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`tree size ${size} is not between 0 and ${this.size}`);
    }
  }

  /** MTH(D[start:end]) from the cache of complete subtrees. */
  private mth(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 0) return sha256();
    if (isPowerOfTwo(n) && start % n === 0) return this.levels[Math.log2(n)]!.at(start / n);
    const k = splitPoint(n);
    return nodeHash(this.mth(start, start + k), this.mth(start + k, end));
  }

  /** PATH(m, D[start:end]), m relative to start. */
  private path(m: number, start: number, end: number): Buffer[] {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...this.path(m, start, start + k), this.mth(start + k, end)]
      : [...this.path(m - k, start + k, end), this.mth(start, start + k)];
  }

  /** SUBPROOF(m, D[start:end], b), m relative to start. */
  private subproof(m: number, start: number, end: number, b: boolean): Buffer[] {
    const n = end - start;
    if (m === n) return b ? [] : [this.mth(start, end)];
    const k = splitPoint(n);
    return m <= k
      ? [...this.subproof(m, start, start + k, b), this.mth(start + k, end)]
      : [...this.subproof(m - k, start + k, end, false), this.mth(start, start + k)];
  }
}

/**
 * The root of the tree so far, in O(log n) memory: the frontier of complete subtrees (one
 * per 1-bit of the size, largest first). What a replay needs to check the log against the
 * roots its checkpoints signed, without keeping the tree that proofs need.
 */
export class MerkleFrontier {
  /** Complete subtrees, largest first: their hashes and their sizes (powers of two). */
  private readonly hashes: Buffer[] = [];
  private readonly sizes: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The complete subtrees held: one per 1-bit of the size. */
  get subtrees(): number {
    return this.hashes.length;
  }

  append(leaf: Buffer): void {
    if (leaf.length !== HASH_SIZE) throw new TypeError(`a leaf hash has ${HASH_SIZE} bytes, not ${leaf.length}`);
    let hash = leaf;
    let size = 1;
    while (this.sizes.length > 0 && this.sizes.at(-1) === size) {
      this.sizes.pop();
      hash = nodeHash(this.hashes.pop() as Buffer, hash);
      size *= 2;
    }
    this.hashes.push(hash);
    this.sizes.push(size);
    this.count += 1;
  }

  /** MTH of every leaf appended so far (RFC 9162 §2.1.1): the subtrees folded from the right. */
  root(): Buffer {
    if (this.count === 0) return sha256();
    return this.hashes.reduceRight((right, left) => nodeHash(left, right));
  }
}

const isHash = (b: Buffer): boolean => Buffer.isBuffer(b) && b.length === HASH_SIZE;

/** RFC 9162 §2.1.3.2, step by step. */
export function verifyInclusion(leaf: Buffer, index: number, treeSize: number, proof: readonly Buffer[], root: Buffer): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  // 1. leaf_index >= tree_size fails.
  if (index >= treeSize) return false;
  // 2.–3.
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  // 4.
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  // 5.
  return sn === 0 && r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2, step by step, for 0 < oldSize < newSize. Outside that range the RFC
 * has nothing to prove: equal sizes are consistent iff the roots are equal, and the empty
 * tree (root HASH()) is a prefix of every tree; both take an empty proof and nothing else.
 */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Buffer, newRoot: Buffer, proof: readonly Buffer[]): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize)) return false;
  if (oldSize < 0 || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (oldSize === 0) return proof.length === 0 && oldRoot.equals(sha256());
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  // 2. A power-of-two old tree is itself a node of the new one, so the RFC leaves it out of
  //    the path and the verifier puts it back.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // 3.–4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  // 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  // 7.
  return fr.equals(oldRoot) && sr.equals(newRoot) && sn === 0;
}
