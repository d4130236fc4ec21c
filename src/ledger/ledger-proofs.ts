import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import { NotFoundError } from '../shared/domain-error.js';
import { CHECKPOINT_STREAM, type CheckpointLog } from './checkpoint-log.js';
import type { LedgerTree } from './ledger-tree.js';

export class ProofError extends Error {
  readonly code = 'proof-out-of-range';
}

/** Inclusion and consistency proofs from the tree (RFC 9162), and what an answer that cites the log needs of it. */
export class LedgerProofs {
  constructor(
    private readonly events: EventStore,
    private readonly tree: LedgerTree,
    private readonly checkpoints: CheckpointLog,
  ) {}

  async inclusionProof(position: Position, treeSize?: number): Promise<{ leafIndex: number; treeSize: number; rootHash: string; proof: string[]; eventHash: string }> {
    const size = await this.tree.sync();
    const target = treeSize ?? size;
    const leafIndex = this.tree.indexOf(position);
    if (leafIndex === undefined) throw new NotFoundError('event-not-found', `there is no event at position ${position}`);
    if (target > size || target <= leafIndex) throw new ProofError(`a tree of size ${target} does not hold leaf ${leafIndex} (the log has ${size} events)`);
    const event = (await this.events.readAll({ fromPosition: position, maxCount: 1 }))[0] as StoredEvent;
    return { leafIndex, treeSize: target, rootHash: this.tree.root(target), proof: this.tree.inclusionProof(leafIndex, target).map((hash) => hash.toString('base64')), eventHash: event.metadata.hash };
  }

  async consistencyProof(oldSize: number, newSize: number): Promise<{ oldSize: number; newSize: number; oldRoot: string; newRoot: string; proof: string[] }> {
    const size = await this.tree.sync();
    if (!(oldSize >= 1 && oldSize <= newSize && newSize <= size)) throw new ProofError(`need 1 <= from <= to <= ${size} (the log's size)`);
    return {
      oldSize,
      newSize,
      oldRoot: this.tree.root(oldSize),
      newRoot: this.tree.root(newSize),
      proof: this.tree.consistencyProof(oldSize, newSize).map((hash) => hash.toString('base64')),
    };
  }

  /** The audit path of a leaf in the tree of `treeSize` (synced beforehand): for answers that cite many events. */
  inclusionProofAt(leafIndex: number, treeSize: number): Buffer[] {
    return this.tree.inclusionProof(leafIndex, treeSize);
  }

  /** A consistency proof between two sizes the tree holds (synced beforehand), with the older root. */
  consistencyProofOf(oldSize: number, newSize: number): { oldRoot: string; proof: string[] } {
    return { oldRoot: this.tree.root(oldSize), proof: this.tree.consistencyProof(oldSize, newSize).map((hash) => hash.toString('base64')) };
  }

  /**
   * The sizes of the newest checkpoints recorded within the first `treeSize` events (at most
   * `limit`), below that size: earlier checkpoints a witness or the AP may hold, which an
   * answer proves its log extends. A function of the log's prefix, so an answer built again
   * is the same.
   */
  async anchorSizesBelow(treeSize: number, limit = 256): Promise<number[]> {
    await this.tree.sync();
    const last = this.tree.positionAt(treeSize - 1);
    if (last === undefined) return [];
    const sizes = (await this.checkpoints.all()).filter((checkpoint) => BigInt(checkpoint.event.position) <= last && checkpoint.treeSize > 0 && checkpoint.treeSize < treeSize).map((checkpoint) => checkpoint.treeSize);
    return [...new Set(sizes)].sort((a, b) => a - b).slice(-limit);
  }

  /** Whether any event outside `ledger-checkpoints` was appended after the first `treeSize` events. */
  async hasGrownSince(treeSize: number): Promise<boolean> {
    const size = await this.tree.sync();
    for (let index = treeSize; index < size; ) {
      const page = await this.events.readAll({ fromPosition: this.tree.positionAt(index)!, maxCount: 100 });
      if (page.some((event) => event.streamId !== CHECKPOINT_STREAM)) return true;
      if (page.length === 0) return false;
      index += page.length;
    }
    return false;
  }
}
