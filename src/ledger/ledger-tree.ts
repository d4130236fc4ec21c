import type { EventStore, Position } from '../event-store/event-store.port.js';
import { LeafPositions } from './leaf-positions.js';
import { Slices, leafPages, type LogLeaf } from './log-pages.js';
import { MerkleTree, leafHash } from './merkle.js';
import { treePagesInThread } from './tree-thread.js';
import { threadReadableFile } from './verify-thread.js';

/** From this many positions on, the first tree build reads the log on a thread of its own. */
export const TREE_THREAD_FROM = 10_000n;

/**
 * The Merkle tree over the whole log (RFC 9162, leaves = event hashes in global order), kept
 * in memory with each leaf's global position, and extended as the log grows. Derived data:
 * built from the log on the first `sync` after a start.
 */
export class LedgerTree {
  private readonly tree = new MerkleTree();
  /** Global positions of the leaves, by index: the event → leaf index (binary search; positions only increase). */
  private readonly positions = new LeafPositions();
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly events: EventStore) {}

  /** Leaves in the tree (without syncing). */
  get size(): number {
    return this.tree.size;
  }

  /**
   * Extends the tree with every event appended since it was last extended. The first call
   * after a start reads the whole log: in slices, so requests are served meanwhile. One sync
   * runs at a time; a failed one leaves the tree as far as it got, and the next goes on from there.
   */
  async sync(): Promise<number> {
    const run = this.syncing.catch(() => undefined).then(async () => {
      if (this.tree.size === 0) await this.buildInThread();
      const slices = new Slices();
      for await (const page of leafPages(this.events, this.positions.last(), slices)) {
        for (const leaf of page) {
          this.addLeaf(leaf);
          if (slices.due()) await slices.pause();
        }
      }
    });
    this.syncing = run;
    await run;
    return this.tree.size;
  }

  /**
   * The whole log's tree, the first time (after a start), from a SQLite file: read and hashed on
   * a thread of its own (tree-thread.ts), this thread copying in each page's positions and hashes
   * between requests. Where the thread stops (a row whose hash is not read from its text, a
   * failure), `sync` goes on from the last page taken, on this thread, in slices. A short log,
   * and later syncs, which read only the events appended since, stay on this thread: a thread
   * would not pay for its start (tens of milliseconds).
   */
  private async buildInThread(): Promise<void> {
    const file = threadReadableFile(this.events);
    if (!file || (await this.events.headPosition()) < TREE_THREAD_FROM) return;
    await treePagesInThread(file, this.positions.last() ?? -1n, this.tree.size, this.tree.edge(), ({ positions, levels }) => {
      this.tree.appendLevels(levels);
      this.positions.pushAll(positions);
    });
  }

  /** What the tree and its index hold: leaves, and bytes (~72 a leaf: 64 of hashes, 8 of position). */
  memory(): { leaves: number; bytes: number } {
    return { leaves: this.tree.size, bytes: this.tree.byteLength + this.positions.byteLength };
  }

  /** The global position of leaf `index`, if the tree holds it. */
  positionAt(index: number): Position | undefined {
    return this.positions.at(index);
  }

  /** The leaf index of the event at `position`, if the tree holds it. */
  indexOf(position: Position): number | undefined {
    return this.positions.indexOf(position);
  }

  /** MTH of the first `size` leaves, base64. */
  root(size: number): string {
    return this.tree.root(size).toString('base64');
  }

  /** The audit path of leaf `index` in the tree of `size`. */
  inclusionProof(index: number, size: number): Buffer[] {
    return this.tree.inclusionProof(index, size);
  }

  /** The consistency proof from `oldSize` to `newSize`. */
  consistencyProof(oldSize: number, newSize: number): Buffer[] {
    return this.tree.consistencyProof(oldSize, newSize);
  }

  private addLeaf({ position, hash }: LogLeaf): void {
    // The hash is checked first, so a malformed one leaves the index and the tree in step.
    const leaf = leafHash(hash);
    this.positions.push(position);
    this.tree.append(leaf);
  }
}
