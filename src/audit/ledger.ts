import type { KeyObject } from 'node:crypto';
import { START, type EventStore, type Position, type StoredEvent } from '../event-store/event-store.port.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import { ChainVerifier } from '../event-store/verify.js';
import { NotFoundError } from '../shared/domain-error.js';
import type { Clock } from '../shared/clock.js';
import { checkpointBody, parseNote, publicKeyFromText, signNote, verifierKeyText, verifyNoteSignature, type Checkpoint } from './checkpoint.js';
import { MerkleFrontier, MerkleTree, leafHash } from './merkle.js';

export const CHECKPOINT_STREAM = 'ledger-checkpoints';
export const SERVICE_ACTOR = { id: 'privacy-ledger', role: 'system' } as const;

export interface RecordedCheckpoint {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly checkpointedAt: string;
  /** The signed note, with every cosignature line added since. */
  readonly note: string;
  readonly cosigners: readonly string[];
  /** The verifier key each cosigner registered, by name: verification checks every cosignature with it. */
  readonly cosignerKeys?: Readonly<Record<string, string>>;
  readonly event: { readonly position: string; readonly revision: number };
}

export interface LedgerBreak {
  readonly kind: string;
  readonly message: string;
  readonly streamId?: string;
  readonly revision?: number;
  readonly position?: string;
  readonly treeSize?: number;
}

/**
 * The Merkle tree over the whole log (RFC 9162, leaves = event hashes in global order) and
 * its signed checkpoints, recorded as events in `ledger-checkpoints`. The tree is derived
 * data: rebuilt from the log on demand, kept in memory and extended as the log grows.
 */
export class Ledger {
  private readonly tree = new MerkleTree();
  /** Global positions of the leaves, by index. */
  private readonly positions: Position[] = [];
  private readonly eventIds = new Map<string, number>();
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    private readonly origin: string,
    private readonly key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject },
  ) {}

  get keyName(): string {
    return this.origin;
  }

  /** What an export reads from. */
  exportSources(): { events: EventStore; origin: string; clock: Clock } {
    return { events: this.events, origin: this.origin, clock: this.clock };
  }

  publicKey(): { pem: string; verifierKey: string; name: string } {
    return { pem: this.key.publicKey.export({ format: 'pem', type: 'spki' }).toString(), verifierKey: verifierKeyText(this.origin, this.key.publicKey), name: this.origin };
  }

  /** Extends the tree with every event appended since it was last extended. */
  async sync(): Promise<number> {
    this.syncing = this.syncing.then(async () => {
      for (let from = (this.positions.at(-1) ?? START - 1n) + 1n; ; ) {
        const page = await this.events.readAll({ fromPosition: from, maxCount: 1000 });
        for (const event of page) this.addLeaf(event);
        const last = page.at(-1);
        if (!last || page.length < 1000) return;
        from = last.position + 1n;
      }
    });
    await this.syncing;
    return this.tree.size;
  }

  /** Signs a checkpoint of the whole log as it stands and records it in `ledger-checkpoints`. */
  async checkpoint(actor: { id: string; role: string } = SERVICE_ACTOR): Promise<RecordedCheckpoint> {
    const treeSize = await this.sync();
    const note = this.signedNote(treeSize);
    const { checkpoint } = parseNote(note);
    const result = await this.events.append(
      CHECKPOINT_STREAM,
      [{ type: 'LedgerCheckpointed', data: { ...checkpoint, note }, metadata: { actor, commandId: `checkpoint-${treeSize}-${checkpoint.checkpointedAt}`, correlationId: 'ledger', causationId: 'ledger' } }],
      { expectedRevision: 'any' },
    );
    const [event] = result.events as [StoredEvent];
    return { ...checkpoint, note, cosigners: [], event: { position: event.position.toString(), revision: event.revision } };
  }

  /** A signed note over the first `treeSize` events, not recorded (for an export's header). */
  signedNote(treeSize: number): string {
    const checkpoint: Checkpoint = { origin: this.origin, treeSize, rootHash: this.tree.root(treeSize).toString('base64'), checkpointedAt: this.clock.now().toISOString() };
    return signNote(checkpointBody(checkpoint), [{ name: this.origin, privateKey: this.key.privateKey }]);
  }

  async checkpoints(): Promise<RecordedCheckpoint[]> {
    let stream: readonly StoredEvent[];
    try {
      stream = await this.events.readStream(CHECKPOINT_STREAM);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    const byTreeSize = new Map<number, RecordedCheckpoint>();
    for (const event of stream) {
      if (event.type === 'LedgerCheckpointed') {
        const data = event.data as unknown as Checkpoint & { note: string };
        byTreeSize.set(data.treeSize, { treeSize: data.treeSize, rootHash: data.rootHash, checkpointedAt: data.checkpointedAt, note: data.note, cosigners: [], event: { position: event.position.toString(), revision: event.revision } });
      } else if (event.type === 'LedgerCheckpointCosigned') {
        const data = event.data as { treeSize: number; name: string; line: string; publicKey: string };
        const recorded = byTreeSize.get(data.treeSize);
        if (recorded) {
          byTreeSize.set(data.treeSize, {
            ...recorded,
            note: `${recorded.note}${data.line}`,
            cosigners: [...recorded.cosigners, data.name],
            cosignerKeys: { ...recorded.cosignerKeys, [data.name]: data.publicKey },
          });
        }
      }
    }
    return [...byTreeSize.values()];
  }

  /** Records a countersignature by an outside party, once it verifies over the checkpoint. */
  async cosign(treeSize: number, input: { name: string; publicKey: string; line: string }, actor: { id: string; role: string }): Promise<RecordedCheckpoint> {
    const recorded = (await this.checkpoints()).find((checkpoint) => checkpoint.treeSize === treeSize);
    if (!recorded) throw new NotFoundError('checkpoint-not-found', `there is no checkpoint of tree size ${treeSize}`);
    const line = input.line.endsWith('\n') ? input.line : `${input.line}\n`;
    let publicKey: KeyObject;
    let note: ReturnType<typeof parseNote>;
    try {
      publicKey = publicKeyFromText(input.publicKey);
      note = parseNote(`${recorded.note}${line}`);
    } catch (error) {
      throw new CosignatureError(`the cosignature or key is malformed: ${(error as Error).message}`);
    }
    if (!verifyNoteSignature(note, { name: input.name, publicKey })) throw new CosignatureError('the cosignature does not verify over this checkpoint with that key and name');
    if (recorded.cosigners.includes(input.name)) throw new CosignatureError(`${input.name} has already countersigned this checkpoint`);
    await this.events.append(
      CHECKPOINT_STREAM,
      [{ type: 'LedgerCheckpointCosigned', data: { treeSize, name: input.name, publicKey: verifierKeyText(input.name, publicKey), line }, metadata: { actor, commandId: `cosign-${treeSize}-${input.name}`, correlationId: 'ledger', causationId: 'ledger' } }],
      { expectedRevision: 'any' },
    );
    return { ...recorded, note: `${recorded.note}${line}`, cosigners: [...recorded.cosigners, input.name] };
  }

  async inclusionProof(position: Position, treeSize?: number): Promise<{ leafIndex: number; treeSize: number; rootHash: string; proof: string[]; eventHash: string }> {
    const size = await this.sync();
    const target = treeSize ?? size;
    const leafIndex = this.indexOf(position);
    if (leafIndex === undefined) throw new NotFoundError('event-not-found', `there is no event at position ${position}`);
    if (target > size || target <= leafIndex) throw new ProofError(`a tree of size ${target} does not hold leaf ${leafIndex} (the log has ${size} events)`);
    const event = (await this.events.readAll({ fromPosition: position, maxCount: 1 }))[0] as StoredEvent;
    return { leafIndex, treeSize: target, rootHash: this.tree.root(target).toString('base64'), proof: this.tree.inclusionProof(leafIndex, target).map((hash) => hash.toString('base64')), eventHash: event.metadata.hash };
  }

  async consistencyProof(oldSize: number, newSize: number): Promise<{ oldSize: number; newSize: number; oldRoot: string; newRoot: string; proof: string[] }> {
    const size = await this.sync();
    if (!(oldSize >= 1 && oldSize <= newSize && newSize <= size)) throw new ProofError(`need 1 <= from <= to <= ${size} (the log's size)`);
    return {
      oldSize,
      newSize,
      oldRoot: this.tree.root(oldSize).toString('base64'),
      newRoot: this.tree.root(newSize).toString('base64'),
      proof: this.tree.consistencyProof(oldSize, newSize).map((hash) => hash.toString('base64')),
    };
  }

  /**
   * Every chain, the tree, every checkpoint and signature: the first break, or none. One
   * pass over the log that keeps a head per stream and the tree's frontier (O(log n)), taking
   * the root at each size a checkpoint signed, rather than the whole tree.
   */
  async verify(cosigners: readonly { name: string; publicKey: KeyObject }[] = []): Promise<{ ok: boolean; events: number; checkpoints: number; firstBreak?: LedgerBreak }> {
    const checkpoints = await this.checkpoints();
    const signedSizes = new Set(checkpoints.map((checkpoint) => checkpoint.treeSize));
    const roots = new Map<number, string>();
    const chains = new ChainVerifier();
    const tree = new MerkleFrontier();
    const takeRoot = () => {
      if (signedSizes.has(tree.size)) roots.set(tree.size, tree.root().toString('base64'));
    };
    takeRoot();
    for (let from = START; ; ) {
      const page = await this.events.readAll({ fromPosition: from, maxCount: 1000 });
      for (const event of page) {
        const broken = chains.check(event);
        if (broken) return { ok: false, events: tree.size, checkpoints: 0, firstBreak: { kind: broken.reason, message: broken.message, streamId: broken.streamId, revision: broken.revision, position: broken.position.toString() } };
        tree.append(leafHash(event.metadata.hash));
        takeRoot();
      }
      const last = page.at(-1);
      if (!last || page.length < 1000) break;
      from = last.position + 1n;
    }
    for (const checkpoint of checkpoints) {
      const problem = this.checkpointProblem(checkpoint, tree.size, roots.get(checkpoint.treeSize), cosigners);
      if (problem) return { ok: false, events: tree.size, checkpoints: checkpoints.length, firstBreak: { kind: 'checkpoint', message: problem, treeSize: checkpoint.treeSize } };
    }
    return { ok: true, events: tree.size, checkpoints: checkpoints.length };
  }

  private checkpointProblem(checkpoint: RecordedCheckpoint, logSize: number, root: string | undefined, cosigners: readonly { name: string; publicKey: KeyObject }[]): string | undefined {
    const note = parseNote(checkpoint.note);
    if (!verifyNoteSignature(note, { name: this.origin, publicKey: this.key.publicKey })) return `the checkpoint of size ${checkpoint.treeSize} is not signed by the log's key`;
    if (checkpoint.treeSize > logSize) return `the checkpoint of size ${checkpoint.treeSize} covers more events than the log holds (${logSize})`;
    if (root !== note.checkpoint.rootHash) return `the log's first ${checkpoint.treeSize} events no longer have the root the checkpoint signed`;
    // Every recorded cosignature, with the key its cosigner registered (and any key given here).
    const recordedKeys = Object.entries(checkpoint.cosignerKeys ?? {}).map(([name, key]) => ({ name, publicKey: publicKeyFromText(key) }));
    for (const cosigner of [...recordedKeys, ...cosigners.filter((c) => checkpoint.cosigners.includes(c.name))]) {
      if (!verifyNoteSignature(note, cosigner)) return `the cosignature of ${cosigner.name} on the checkpoint of size ${checkpoint.treeSize} does not verify`;
    }
    return undefined;
  }

  /** The audit path of a leaf in the tree of `treeSize` (synced beforehand): for answers that cite many events. */
  inclusionProofAt(leafIndex: number, treeSize: number): Buffer[] {
    return this.tree.inclusionProof(leafIndex, treeSize);
  }

  /** A consistency proof between two sizes the tree holds (synced beforehand), with the older root. */
  consistencyProofOf(oldSize: number, newSize: number): { oldRoot: string; proof: string[] } {
    return { oldRoot: this.tree.root(oldSize).toString('base64'), proof: this.tree.consistencyProof(oldSize, newSize).map((hash) => hash.toString('base64')) };
  }

  /**
   * The sizes of the newest checkpoints recorded within the first `treeSize` events (at most
   * `limit`), below that size: earlier checkpoints a witness or the AP may hold, which an
   * answer proves its log extends. A function of the log's prefix, so an answer built again
   * is the same.
   */
  async anchorSizesBelow(treeSize: number, limit = 256): Promise<number[]> {
    await this.sync();
    const last = this.positions[treeSize - 1];
    if (last === undefined) return [];
    const sizes = (await this.checkpoints()).filter((checkpoint) => BigInt(checkpoint.event.position) <= last && checkpoint.treeSize > 0 && checkpoint.treeSize < treeSize).map((checkpoint) => checkpoint.treeSize);
    return [...new Set(sizes)].sort((a, b) => a - b).slice(-limit);
  }

  private addLeaf(event: StoredEvent): void {
    this.eventIds.set(event.position.toString(), this.tree.size);
    this.positions.push(event.position);
    this.tree.append(leafHash(event.metadata.hash));
  }

  private indexOf(position: Position): number | undefined {
    return this.eventIds.get(position.toString());
  }
}

export class CosignatureError extends Error {
  readonly code = 'cosignature-invalid';
}

export class ProofError extends Error {
  readonly code = 'proof-out-of-range';
}

