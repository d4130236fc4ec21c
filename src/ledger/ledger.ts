import type { KeyObject } from 'node:crypto';
import type { EventStore, Position } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import { parseNote } from './checkpoint.js';
import { CheckpointLog, SERVICE_ACTOR, type RecordedCheckpoint } from './checkpoint-log.js';
import { LedgerCosigning } from './ledger-cosigning.js';
import { LedgerProofs } from './ledger-proofs.js';
import { LedgerSigner } from './ledger-signer.js';
import { LedgerTree } from './ledger-tree.js';
import { LedgerVerifier, type LedgerVerification } from './ledger-verifier.js';
import type { WitnessPush } from './witness-push.js';
import type { TrustPins } from './witnessed.js';

/**
 * The Merkle tree over the whole log (RFC 9162, leaves = event hashes in global order) and
 * its signed checkpoints, recorded as events in `ledger-checkpoints`. The tree is derived
 * data: rebuilt from the log on demand, kept in memory and extended as the log grows.
 *
 * Each concern is a class of its own, wired here: the tree cache (`LedgerTree`), the log's key
 * (`LedgerSigner`), the recorded checkpoints (`CheckpointLog`), cosignatures (`LedgerCosigning`),
 * proofs (`LedgerProofs`) and verification (`LedgerVerifier`).
 */
export class Ledger {
  readonly tree: LedgerTree;
  readonly signer: LedgerSigner;
  readonly checkpointLog: CheckpointLog;
  readonly cosigning: LedgerCosigning;
  readonly proofs: LedgerProofs;
  readonly verifier: LedgerVerifier;

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    origin: string,
    key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject },
    /** The witnesses each checkpoint is sent to; none when absent. */
    private readonly witnesses?: WitnessPush,
  ) {
    this.tree = new LedgerTree(events);
    this.signer = new LedgerSigner(origin, key, clock);
    this.checkpointLog = new CheckpointLog(events);
    this.cosigning = new LedgerCosigning(this.checkpointLog, this.tree);
    this.proofs = new LedgerProofs(events, this.tree, this.checkpointLog);
    this.verifier = new LedgerVerifier(events, this.checkpointLog, this.signer);
  }

  get keyName(): string {
    return this.signer.origin;
  }

  /** What an export reads from. */
  exportSources(): { events: EventStore; origin: string; clock: Clock } {
    return { events: this.events, origin: this.signer.origin, clock: this.clock };
  }

  publicKey(): { pem: string; verifierKey: string; name: string } {
    return this.signer.publicKey();
  }

  /** LedgerTree.sync: the tree extended with every event appended since; its size. */
  sync(): Promise<number> {
    return this.tree.sync();
  }

  /** What the tree and its index hold: leaves, and bytes (~72 a leaf: 64 of hashes, 8 of position). */
  memory(): { leaves: number; bytes: number } {
    return this.tree.memory();
  }

  /**
   * Signs a checkpoint of the whole log as it stands, records it in `ledger-checkpoints`, and
   * sends it to the configured witnesses: the returned note carries every cosignature they
   * gave at that moment (each also recorded as LedgerCheckpointCosigned). A witness that is
   * down or refuses is logged and left out; the checkpoint stands without it.
   */
  async checkpoint(actor: { id: string; role: string } = SERVICE_ACTOR): Promise<RecordedCheckpoint> {
    const treeSize = await this.tree.sync();
    const note = this.signedNote(treeSize);
    const recorded = await this.checkpointLog.record(parseNote(note).checkpoint, note, actor);
    return this.witnesses ? this.cosigning.witness(recorded, this.witnesses) : recorded;
  }

  /** A signed note over the first `treeSize` events, not recorded (for an export's header). */
  signedNote(treeSize: number): string {
    return this.signer.sign(treeSize, this.tree.root(treeSize));
  }

  checkpoints(): Promise<RecordedCheckpoint[]> {
    return this.checkpointLog.all();
  }

  /** LedgerCosigning.cosign: a countersignature by an outside party, recorded once it verifies. */
  cosign(treeSize: number, input: { name: string; publicKey: string; line: string }, actor: { id: string; role: string }): Promise<RecordedCheckpoint> {
    return this.cosigning.cosign(treeSize, input, actor);
  }

  /** LedgerVerifier.verify: every chain, the tree, every checkpoint and signature; the first break, or none. */
  verify(cosigners: readonly { name: string; publicKey: KeyObject }[] = [], pins: TrustPins = { witnesses: [], trusted: [] }): Promise<LedgerVerification> {
    return this.verifier.verify(cosigners, pins);
  }

  inclusionProof(position: Position, treeSize?: number): Promise<{ leafIndex: number; treeSize: number; rootHash: string; proof: string[]; eventHash: string }> {
    return this.proofs.inclusionProof(position, treeSize);
  }

  consistencyProof(oldSize: number, newSize: number): Promise<{ oldSize: number; newSize: number; oldRoot: string; newRoot: string; proof: string[] }> {
    return this.proofs.consistencyProof(oldSize, newSize);
  }

  inclusionProofAt(leafIndex: number, treeSize: number): Buffer[] {
    return this.proofs.inclusionProofAt(leafIndex, treeSize);
  }

  consistencyProofOf(oldSize: number, newSize: number): { oldRoot: string; proof: string[] } {
    return this.proofs.consistencyProofOf(oldSize, newSize);
  }

  anchorSizesBelow(treeSize: number, limit?: number): Promise<number[]> {
    return this.proofs.anchorSizesBelow(treeSize, limit);
  }

  hasGrownSince(treeSize: number): Promise<boolean> {
    return this.proofs.hasGrownSince(treeSize);
  }
}
