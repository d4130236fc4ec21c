import type { KeyObject } from 'node:crypto';
import type { EventStore } from '../event-store/event-store.port.js';
import { ChainVerifier, type ChainBreak } from '../event-store/verify.js';
import { parseNote, publicKeyFromText } from './checkpoint.js';
import type { CheckpointLog, RecordedCheckpoint } from './checkpoint-log.js';
import { checkCountersignature } from './cosignature.js';
import type { LedgerSigner } from './ledger-signer.js';
import { Slices, checkedPages } from './log-pages.js';
import { MerkleFrontier, leafHash } from './merkle.js';
import { threadReadableFile, verifyLogInThread } from './verify-thread.js';
import { judgeLog, trustedSizes, type TrustPins, type WitnessReport } from './witnessed.js';

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

/**
 * Every chain, the tree, every checkpoint and signature, against the pins: one pass over the
 * log that keeps a head per stream and the tree's frontier (O(log n)), taking the root at
 * each size a checkpoint signed, rather than the whole tree.
 */
export class LedgerVerifier {
  /** Whole-log chain checks run one at a time: parallel requests never start a thread (and a pass over the log) each. */
  private checking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly events: EventStore,
    private readonly checkpoints: CheckpointLog,
    private readonly signer: LedgerSigner,
  ) {}

  /** The first break, or none. */
  async verify(cosigners: readonly { name: string; publicKey: KeyObject }[] = [], pins: TrustPins = { witnesses: [], trusted: [] }): Promise<LedgerVerification> {
    const checkpoints = await this.checkpoints.all();
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
      origin: this.signer.origin,
      logKey: this.signer.logKey,
      pins,
      notes: checkpoints.map((checkpoint) => checkpoint.note),
      fallbackNote: this.signer.sign(size, roots.get(size) as string),
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
    if (!this.signer.signed(note)) return `the checkpoint of size ${checkpoint.treeSize} is not signed by the log's key`;
    if (checkpoint.treeSize > logSize) return `the checkpoint of size ${checkpoint.treeSize} covers more events than the log holds (${logSize})`;
    if (root !== note.checkpoint.rootHash) return `the log's first ${checkpoint.treeSize} events no longer have the root the checkpoint signed`;
    // Every recorded cosignature, with the key its cosigner registered (and any key given here).
    const recordedKeys = Object.entries(checkpoint.cosignerKeys ?? {}).map(([name, key]) => ({ name, publicKey: publicKeyFromText(key) }));
    for (const cosigner of [...recordedKeys, ...cosigners.filter((c) => checkpoint.cosigners.includes(c.name))]) {
      if (!checkCountersignature(note, cosigner).valid) return `the cosignature of ${cosigner.name} on the checkpoint of size ${checkpoint.treeSize} does not verify`;
    }
    return undefined;
  }
}
