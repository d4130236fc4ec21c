/**
 * The ids a runner has written into a collection that started empty, kept compactly: a
 * scalable Bloom filter (layers of doubling size, at least 10 bits an id, ~1% false
 * positives a layer). `mayHave` false means surely never written, so the runner skips the
 * read of a document that cannot exist (every first event of a document in a rebuild or a
 * first start); true means "perhaps", and the runner reads as before. So an answer costs at
 * most a needless read, never a wrong document, and memory stays a few bytes an id (under 4:
 * layers are rounded up to powers of two): no per-id Map or Set that grows with the log.
 */
export class WrittenIds {
  private readonly layers: Layer[] = [];

  constructor(private readonly firstCapacity = 1 << 14) {}

  add(id: string): void {
    const [first, second] = hashes(id);
    if (this.has(first, second)) return;
    let layer = this.layers[this.layers.length - 1];
    if (layer === undefined || layer.count >= layer.capacity) {
      layer = newLayer(layer === undefined ? this.firstCapacity : layer.capacity * 2);
      this.layers.push(layer);
    }
    layer.count += 1;
    for (let probe = 0; probe < PROBES; probe += 1) setBit(layer, (first + probe * second) >>> 0);
  }

  mayHave(id: string): boolean {
    const [first, second] = hashes(id);
    return this.has(first, second);
  }

  /** Bytes held, for tests and figures. */
  get bytes(): number {
    return this.layers.reduce((sum, layer) => sum + layer.bits.byteLength, 0);
  }

  private has(first: number, second: number): boolean {
    return this.layers.some((layer) => {
      for (let probe = 0; probe < PROBES; probe += 1) if (!hasBit(layer, (first + probe * second) >>> 0)) return false;
      return true;
    });
  }
}

interface Layer {
  readonly bits: Uint32Array;
  /** Bits in the layer minus one: a power of two, so a hash is reduced with a mask. */
  readonly mask: number;
  readonly capacity: number;
  count: number;
}

/** Probes per id; with 10 bits an id this gives about 1% false positives. */
const PROBES = 7;
const BITS_PER_ID = 10;

function newLayer(capacity: number): Layer {
  let size = 32;
  while (size < capacity * BITS_PER_ID) size *= 2;
  return { bits: new Uint32Array(size / 32), mask: size - 1, capacity, count: 0 };
}

function setBit(layer: Layer, hash: number): void {
  const bit = hash & layer.mask;
  layer.bits[bit >>> 5] = (layer.bits[bit >>> 5] as number) | (1 << (bit & 31));
}

function hasBit(layer: Layer, hash: number): boolean {
  const bit = hash & layer.mask;
  return ((layer.bits[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
}

/** Two independent 32-bit FNV-1a hashes of the id's UTF-16 code units (double hashing); the second odd. */
function hashes(id: string): [number, number] {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < id.length; index += 1) {
    const unit = id.charCodeAt(index);
    first = Math.imul(first ^ unit, 0x01000193);
    second = Math.imul(second ^ unit, 0x5bd1e995);
    second ^= second >>> 15;
  }
  first ^= first >>> 16;
  first = Math.imul(first, 0x85ebca6b);
  first ^= first >>> 13;
  return [first >>> 0, (second | 1) >>> 0];
}
