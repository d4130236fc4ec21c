import type { KeyObject } from 'node:crypto';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import { ChainVerifier, type ChainBreak } from '../event-store/verify.js';
import { NotFoundError } from '../shared/domain-error.js';
import type { Clock } from '../shared/clock.js';
import { COSIGNATURE_V1, ED25519, checkpointBody, keyIdOf, parseNote, publicKeyFromText, signNote, verifierKeyText, verifyNoteSignature, type Checkpoint } from './checkpoint.js';
import { checkCountersignature, type SignatureKind } from './cosignature.js';
import { LeafPositions } from './leaf-positions.js';
import { Slices, checkedPages, leafPages, type LogLeaf } from './log-pages.js';
import { MerkleFrontier, MerkleTree, leafHash } from './merkle.js';
import { treePagesInThread } from './tree-thread.js';
import { threadReadableFile, verifyLogInThread } from './verify-thread.js';
import type { WitnessPush } from './witness-push.js';
import { judgeLog, trustedSizes, type TrustPins, type WitnessReport } from './witnessed.js';

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

export interface LedgerVerification {
  readonly ok: boolean;
  readonly events: number;
  readonly checkpoints: number;
  /** The newest witnessed checkpoint, the events after it, and what the pins found. */
  readonly witnesses?: WitnessReport;
  readonly firstBreak?: LedgerBreak;
}

export interface LedgerBreak {
  readonly kind: string;
  readonly message: string;
  readonly streamId?: string;
  readonly revision?: number;
  readonly position?: string;
  readonly treeSize?: number;
}

/** From this many positions on, the first tree build reads the log on a thread of its own. */
export const TREE_THREAD_FROM = 10_000n;

/**
 * The Merkle tree over the whole log (RFC 9162, leaves = event hashes in global order) and
 * its signed checkpoints, recorded as events in `ledger-checkpoints`. The tree is derived
 * data: rebuilt from the log on demand, kept in memory and extended as the log grows.
 */
export class Ledger {
  private readonly tree = new MerkleTree();
  /** Global positions of the leaves, by index: the event → leaf index. */
  private readonly positions = new LeafPositions();
  private syncing: Promise<void> = Promise.resolve();
  private witnessing: Promise<unknown> = Promise.resolve();
  /** Whole-log chain checks run one at a time: parallel requests never start a thread (and a pass over the log) each. */
  private checking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    private readonly origin: string,
    private readonly key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject },
    /** The witnesses each checkpoint is sent to; none when absent. */
    private readonly witnesses?: WitnessPush,
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

  /**
   * Signs a checkpoint of the whole log as it stands, records it in `ledger-checkpoints`, and
   * sends it to the configured witnesses: the returned note carries every cosignature they
   * gave at that moment (each also recorded as LedgerCheckpointCosigned). A witness that is
   * down or refuses is logged and left out; the checkpoint stands without it.
   */
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
    const recorded: RecordedCheckpoint = { ...checkpoint, note, cosigners: [], event: { position: event.position.toString(), revision: event.revision } };
    return this.witnesses ? this.witness(recorded, this.witnesses) : recorded;
  }

  /** One checkpoint at a time goes to the witnesses, so two never race from the same old size. */
  private async witness(recorded: RecordedCheckpoint, push: WitnessPush): Promise<RecordedCheckpoint> {
    const run = this.witnessing.catch(() => undefined).then(async () => {
      const last = await this.witnessSizes();
      const { treeSize } = recorded;
      const cosignatures = await push.collect(recorded.note, (name) => last.get(name) ?? 0, (old) => (old <= treeSize ? this.tree.consistencyProof(old, treeSize) : undefined));
      let result = recorded;
      for (const { name, line } of cosignatures) {
        const witness = push.witnesses.find((w) => w.name === name) as { publicKey: KeyObject };
        await this.recordCosignature(treeSize, { name, line, publicKey: verifierKeyText(name, witness.publicKey, COSIGNATURE_V1), signatureType: 'cosignature/v1' }, SERVICE_ACTOR);
        result = { ...result, note: `${result.note}${line}`, cosigners: [...result.cosigners, name], cosignerKeys: { ...result.cosignerKeys, [name]: verifierKeyText(name, witness.publicKey, COSIGNATURE_V1) } };
      }
      return result;
    });
    this.witnessing = run;
    return run;
  }

  /** The largest size each cosigner has cosigned, as recorded: where its next proof starts. */
  private async witnessSizes(): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    for (const checkpoint of await this.checkpoints()) {
      for (const name of checkpoint.cosigners) sizes.set(name, Math.max(sizes.get(name) ?? 0, checkpoint.treeSize));
    }
    return sizes;
  }

  /** Whether any event outside `ledger-checkpoints` was appended after the first `treeSize` events. */
  async hasGrownSince(treeSize: number): Promise<boolean> {
    const size = await this.sync();
    for (let index = treeSize; index < size; ) {
      const page = await this.events.readAll({ fromPosition: this.positions.at(index)!, maxCount: 100 });
      if (page.some((event) => event.streamId !== CHECKPOINT_STREAM)) return true;
      if (page.length === 0) return false;
      index += page.length;
    }
    return false;
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
        // signatureType is absent from records made before cosignature/v1: those are Ed25519 (0x01).
        const data = event.data as { treeSize: number; name: string; line: string; publicKey: string; signatureType?: SignatureKind };
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

  /**
   * Records a countersignature by an outside party, once it verifies over the checkpoint: an
   * Ed25519 note signature (0x01) of the body, or a C2SP cosignature/v1 (0x04), told apart by
   * the key ID of the line.
   */
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
    const added = note.signatures.at(-1);
    const kind = added?.keyId.equals(keyIdOf(input.name, COSIGNATURE_V1, publicKey)) ? 'cosignature/v1' : 'ed25519';
    const checked = checkCountersignature(note, { name: input.name, publicKey });
    if (added?.name !== input.name || !checked.valid) throw new CosignatureError('the cosignature does not verify over this checkpoint with that key and name');
    if (recorded.cosigners.includes(input.name)) throw new CosignatureError(`${input.name} has already countersigned this checkpoint`);
    const keyText = verifierKeyText(input.name, publicKey, kind === 'cosignature/v1' ? COSIGNATURE_V1 : ED25519);
    await this.recordCosignature(treeSize, { name: input.name, publicKey: keyText, line, signatureType: kind }, actor);
    return { ...recorded, note: `${recorded.note}${line}`, cosigners: [...recorded.cosigners, input.name] };
  }

  private async recordCosignature(treeSize: number, data: { name: string; publicKey: string; line: string; signatureType: SignatureKind }, actor: { id: string; role: string }): Promise<void> {
    await this.events.append(
      CHECKPOINT_STREAM,
      [{ type: 'LedgerCheckpointCosigned', data: { treeSize, ...data }, metadata: { actor, commandId: `cosign-${treeSize}-${data.name}`, correlationId: 'ledger', causationId: 'ledger' } }],
      { expectedRevision: 'any' },
    );
  }

  async inclusionProof(position: Position, treeSize?: number): Promise<{ leafIndex: number; treeSize: number; rootHash: string; proof: string[]; eventHash: string }> {
    const size = await this.sync();
    const target = treeSize ?? size;
    const leafIndex = this.positions.indexOf(position);
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
  async verify(cosigners: readonly { name: string; publicKey: KeyObject }[] = [], pins: TrustPins = { witnesses: [], trusted: [] }): Promise<LedgerVerification> {
    const checkpoints = await this.checkpoints();
    const signedSizes = new Set([...checkpoints.map((checkpoint) => checkpoint.treeSize), ...trustedSizes(pins)]);
    const run = this.checking.catch(() => undefined).then(() => this.checkChains(signedSizes));
    this.checking = run;
    const checked = await run;
    if ('broken' in checked) {
      const { broken } = checked;
      return { ok: false, events: checked.size, checkpoints: 0, firstBreak: { kind: broken.reason, message: broken.message, streamId: broken.streamId, revision: broken.revision, position: broken.position.toString() } };
    }
    const { roots, size } = checked;
    for (const checkpoint of checkpoints) {
      const problem = this.checkpointProblem(checkpoint, size, roots.get(checkpoint.treeSize), cosigners);
      if (problem) return { ok: false, events: size, checkpoints: checkpoints.length, firstBreak: { kind: 'checkpoint', message: problem, treeSize: checkpoint.treeSize } };
    }
    const witnesses = judgeLog({
      origin: this.origin,
      logKey: this.key.publicKey,
      pins,
      notes: checkpoints.map((checkpoint) => checkpoint.note),
      fallbackNote: signNote(checkpointBody({ origin: this.origin, treeSize: size, rootHash: roots.get(size) as string, checkpointedAt: this.clock.now().toISOString() }), [{ name: this.origin, privateKey: this.key.privateKey }]),
      logSize: size,
      rootAt: (size) => roots.get(size),
    });
    const [problem] = witnesses.problems;
    const firstBreak = problem ? { firstBreak: { kind: problem.kind, message: problem.message, ...(problem.treeSize !== undefined ? { treeSize: problem.treeSize } : {}) } } : {};
    return { ok: !problem, events: size, checkpoints: checkpoints.length, witnesses, ...firstBreak };
  }

  /**
   * Every chain and the Merkle root at each of `sizes` and at the log's size, or the first break.
   * Over a SQLite file, on a thread of its own (verify-thread.ts: this event loop and heap stay
   * free); when a row does not pass there from its stored text, or over any other store, here,
   * in slices of the event loop, the exact way where needed, which decides and words the break.
   */
  private async checkChains(sizes: ReadonlySet<number>): Promise<{ size: number; roots: Map<number, string> } | { size: number; broken: ChainBreak }> {
    const file = threadReadableFile(this.events);
    if (file) {
      const outcome = await verifyLogInThread(file.file, sizes, file);
      if (outcome !== 'exact') return { size: outcome.events, roots: new Map(outcome.roots) };
    }
    const roots = new Map<number, string>();
    const chains = new ChainVerifier();
    const tree = new MerkleFrontier();
    const takeRoot = () => {
      if (sizes.has(tree.size)) roots.set(tree.size, tree.root().toString('base64'));
    };
    takeRoot();
    const slices = new Slices();
    for await (const page of checkedPages(this.events, chains, slices)) {
      for (const { broken, hash } of page) {
        if (broken) return { size: tree.size, broken };
        tree.append(leafHash(hash));
        takeRoot();
        if (slices.due()) await slices.pause();
      }
    }
    roots.set(tree.size, tree.root().toString('base64'));
    return { size: tree.size, roots };
  }

  private checkpointProblem(checkpoint: RecordedCheckpoint, logSize: number, root: string | undefined, cosigners: readonly { name: string; publicKey: KeyObject }[]): string | undefined {
    const note = parseNote(checkpoint.note);
    if (!verifyNoteSignature(note, { name: this.origin, publicKey: this.key.publicKey })) return `the checkpoint of size ${checkpoint.treeSize} is not signed by the log's key`;
    if (checkpoint.treeSize > logSize) return `the checkpoint of size ${checkpoint.treeSize} covers more events than the log holds (${logSize})`;
    if (root !== note.checkpoint.rootHash) return `the log's first ${checkpoint.treeSize} events no longer have the root the checkpoint signed`;
    // Every recorded cosignature, with the key its cosigner registered (and any key given here).
    const recordedKeys = Object.entries(checkpoint.cosignerKeys ?? {}).map(([name, key]) => ({ name, publicKey: publicKeyFromText(key) }));
    for (const cosigner of [...recordedKeys, ...cosigners.filter((c) => checkpoint.cosigners.includes(c.name))]) {
      if (!checkCountersignature(note, cosigner).valid) return `the cosignature of ${cosigner.name} on the checkpoint of size ${checkpoint.treeSize} does not verify`;
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
    const last = this.positions.at(treeSize - 1);
    if (last === undefined) return [];
    const sizes = (await this.checkpoints()).filter((checkpoint) => BigInt(checkpoint.event.position) <= last && checkpoint.treeSize > 0 && checkpoint.treeSize < treeSize).map((checkpoint) => checkpoint.treeSize);
    return [...new Set(sizes)].sort((a, b) => a - b).slice(-limit);
  }

  private addLeaf({ position, hash }: LogLeaf): void {
    // The hash is checked first, so a malformed one leaves the index and the tree in step.
    const leaf = leafHash(hash);
    this.positions.push(position);
    this.tree.append(leaf);
  }
}

export class CosignatureError extends Error {
  readonly code = 'cosignature-invalid';
}

export class ProofError extends Error {
  readonly code = 'proof-out-of-range';
}

