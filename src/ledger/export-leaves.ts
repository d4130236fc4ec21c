import { MerkleFrontier, MerkleTree } from './merkle.js';

/**
 * What an export's verifier keeps of the events it has read: their leaves, enough to give the
 * root at the sizes it checks, and the positions its messages name.
 */
export interface ExportLeaves {
  readonly size: number;
  append(leaf: Buffer, position: string): void;
  /** The root (base64) of the first `size` leaves; undefined when not kept (or beyond the leaves read). */
  rootAt(size: number): string | undefined;
  /** The position of leaf `index`, where kept. */
  positionAt(index: number): string | undefined;
}

/** Every leaf and position: any root can be given, memory grows with the export (a stream read once, sizes unknown). */
export class WholeTreeLeaves implements ExportLeaves {
  private readonly tree = new MerkleTree();
  private readonly positions: string[] = [];

  get size(): number {
    return this.tree.size;
  }

  append(leaf: Buffer, position: string): void {
    this.tree.append(leaf);
    this.positions.push(position);
  }

  rootAt(size: number): string | undefined {
    return size <= this.tree.size ? this.tree.root(size).toString('base64') : undefined;
  }

  positionAt(index: number): string | undefined {
    return this.positions[index];
  }
}

/**
 * The frontier (O(log n) hashes) and the root at each size given beforehand, taken as the
 * leaves pass: memory O(log n) plus the sizes. Positions are kept around those sizes only
 * (what a message about a prefix names) and for the newest leaf.
 */
export class FrontierLeaves implements ExportLeaves {
  private readonly frontier = new MerkleFrontier();
  private readonly roots = new Map<number, string>();
  private readonly positions = new Map<number, string>();
  private last: string | undefined;

  constructor(private readonly sizes: ReadonlySet<number>) {
    if (sizes.has(0)) this.roots.set(0, this.frontier.root().toString('base64'));
  }

  get size(): number {
    return this.frontier.size;
  }

  /** The hashes held: the frontier's, and one root per size asked for. */
  get held(): { frontier: number; roots: number } {
    return { frontier: this.frontier.subtrees, roots: this.roots.size };
  }

  append(leaf: Buffer, position: string): void {
    const index = this.frontier.size;
    this.frontier.append(leaf);
    this.last = position;
    // Leaf `index` begins the prefix after size `index` and ends the prefix of size `index + 1`.
    if (this.sizes.has(index) || this.sizes.has(index + 1)) this.positions.set(index, position);
    if (this.sizes.has(index + 1)) this.roots.set(index + 1, this.frontier.root().toString('base64'));
  }

  rootAt(size: number): string | undefined {
    if (size === this.frontier.size) return this.frontier.root().toString('base64');
    return this.roots.get(size);
  }

  positionAt(index: number): string | undefined {
    return index === this.frontier.size - 1 ? this.last : this.positions.get(index);
  }
}
