/** Positions per chunk: 64 KiB of BigUint64Array. */
const CHUNK = 8192;

/**
 * The global position of every leaf, by leaf index: 8 bytes each in fixed chunks, instead of
 * a bigint per array slot (~40 bytes) and a Map entry per event (~100 bytes, and a Map holds
 * at most 2^24 entries, so the index would stop the Ledger past ~16.7M events). Positions
 * strictly increase with the index, so a position's leaf is found by binary search.
 * BigUint64Array because EventStoreDB's commit positions use all 64 bits.
 */
export class LeafPositions {
  private readonly chunks: BigUint64Array[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** The bytes the index holds. */
  get byteLength(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  }

  push(position: bigint): void {
    const last = this.last();
    if (last !== undefined && position <= last) throw new RangeError(`leaf positions must increase: ${position} after ${last}`);
    const { target, offset } = this.room();
    target[offset] = position;
    this.count += 1;
  }

  /**
   * Every position of `positions`, in order, as `push` one by one would (refused whole, before any
   * is kept, unless they increase): copied run by run into the chunks, with no bigint per position
   * kept on the way (a tree build appends a page of 1,000 at a time).
   */
  pushAll(positions: BigUint64Array): void {
    if (positions.length === 0) return;
    const last = this.last();
    if (last !== undefined && positions[0]! <= last) throw new RangeError(`leaf positions must increase: ${positions[0]} after ${last}`);
    for (let i = 1; i < positions.length; i++) {
      if (positions[i]! <= positions[i - 1]!) throw new RangeError(`leaf positions must increase: ${positions[i]} after ${positions[i - 1]}`);
    }
    for (let at = 0; at < positions.length; ) {
      const { target, offset } = this.room();
      const taken = Math.min(positions.length - at, target.length - offset);
      target.set(positions.subarray(at, at + taken), offset);
      this.count += taken;
      at += taken;
    }
  }

  /** The chunk the next position goes into, and where: a new one when the last is full. */
  private room(): { target: BigUint64Array; offset: number } {
    const chunk = Math.floor(this.count / CHUNK);
    const offset = this.count % CHUNK;
    let target = this.chunks[chunk];
    // The first chunk grows by doubling, so a small log stays small; later ones are whole.
    if (target === undefined || offset === target.length) {
      const grown = new BigUint64Array(chunk === 0 ? Math.min(CHUNK, Math.max(1024, offset * 2)) : CHUNK);
      if (target) grown.set(target);
      this.chunks[chunk] = target = grown;
    }
    return { target, offset };
  }

  at(index: number): bigint | undefined {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.count) return undefined;
    return this.chunks[Math.floor(index / CHUNK)]![index % CHUNK];
  }

  last(): bigint | undefined {
    return this.at(this.count - 1);
  }

  /** The leaf index of the event at `position`, if one is. */
  indexOf(position: bigint): number | undefined {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const found = this.at(middle)!;
      if (found === position) return middle;
      if (found < position) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}
