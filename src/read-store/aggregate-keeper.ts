import { addContributions, AGGREGATES_COMPLETE, aggregatesCollection, applyDelta, type AggregateDeltas, type AggregateDocument } from '../../projections/projection-aggregates.js';
import type { AggregateContribution, ProjectionAggregates } from '../../projections/projection.js';
import type { JsonObject } from '../shared/json.js';
import type { DocumentChange, DocumentStore } from './document-store.port.js';

/** Lets the event loop turn when a slice of work is used up (resolves at once, or undefined, otherwise). */
export type Pause = () => Promise<void> | undefined;

/**
 * How many aggregates a runner keeps in memory, the ones it wrote or read last (null, an
 * aggregate known not to exist, counts as one). One per month, but not small: the breach
 * register's and the cause analysis' months hold a key per reported breach or per breach (the
 * exact hours and repeats), so all of them over a 3M-event log are tens of megabytes, which a
 * service that kept every aggregate after its first start held for as long as it ran, and
 * every major collection marked again. A live commit touches the months of the breaches it
 * changes, mostly recent ones; any other month is read from the store (one document) as before.
 */
export const KEPT_AGGREGATES = 64;

/**
 * A runner's part in keeping its projection's aggregates (ProjectionDefinition.aggregates):
 * it notes each document's committed version the first time the batch changes it, and at the
 * commit turns the batch into the aggregates' changes, written in that same commit. The
 * aggregates it last wrote or read are kept in memory (only this runner writes them), at most
 * KEPT_AGGREGATES of them, and forgotten with the runner's documents after a failed commit.
 */
export class AggregateKeeper<D extends JsonObject> {
  /** Per document changed in the batch, the version the store holds (null: none). */
  private readonly before = new Map<string, D | null>();
  /** The aggregates last written or read, the most recent last (Map order). */
  private readonly kept = new Map<string, AggregateDocument | null>();
  /**
   * The deltas of batches committed without their aggregates (`carry`: a build in stream order,
   * whose commits count for nothing until its last), written by the next `changes`.
   */
  private carried: AggregateDeltas = new Map();
  /**
   * Each document's contributions, computed once: the version a commit writes is the one the
   * next commit that changes it subtracts (the runner hands back the same object).
   */
  private readonly contributed = new WeakMap<D, readonly AggregateContribution[]>();
  private readonly contributionsOf = (document: D): readonly AggregateContribution[] => {
    let contributions = this.contributed.get(document);
    if (contributions === undefined) this.contributed.set(document, (contributions = this.aggregates.contributions(document)));
    return contributions;
  };
  /**
   * Without keeping them: a build in stream order writes each document once and reads none of
   * them back before its last commit (the runner then reads the documents from the store), so
   * its documents' contributions are never subtracted from the ones kept here.
   */
  private readonly contributionsOnce = (document: D): readonly AggregateContribution[] => this.aggregates.contributions(document);
  readonly collection: string;

  constructor(
    private readonly aggregates: ProjectionAggregates<D>,
    collection: string,
    private readonly documents: DocumentStore,
  ) {
    this.collection = aggregatesCollection(collection);
  }

  /** Before the batch changes document `id` (current: what the store holds, if the batch has not changed it yet). */
  noteBefore(id: string, inBatch: boolean, current: D | undefined): void {
    if (!inBatch && !this.before.has(id)) this.before.set(id, current ?? null);
  }

  /**
   * The changes of the aggregates for the batch; `committed` is called once the commit has
   * landed. The first commit of a generation (from position 0) also marks the aggregates as
   * built from the start (AGGREGATES_COMPLETE): a generation built before its definition had
   * aggregates lacks the mark, and its readers must not trust sums that miss the earlier documents.
   */
  async changes(batch: ReadonlyMap<string, D | null>, from: bigint): Promise<{ readonly changes: DocumentChange[]; readonly committed: () => void }> {
    const deltas: AggregateDeltas = new Map([...this.carried].map(([id, delta]) => [id, new Map(delta)]));
    await this.addBatch(deltas, batch, this.contributionsOf);
    const next = new Map<string, AggregateDocument | null>();
    for (const [id, delta] of deltas) {
      if (delta.size === 0) continue;
      next.set(id, applyDelta(id, await this.current(id), delta));
    }
    const changes: DocumentChange[] = [...next].map(([id, document]) => ({ collection: this.collection, id, document }));
    if (from === 0n) changes.push({ collection: this.collection, id: AGGREGATES_COMPLETE, document: { id: AGGREGATES_COMPLETE, counts: { [AGGREGATES_COMPLETE]: 1 } } });
    return {
      changes,
      committed: () => {
        for (const [id, document] of next) this.keep(id, document);
        this.before.clear();
        this.carried = new Map();
      },
    };
  }

  /**
   * A batch committed without the aggregates' changes: its deltas are kept in memory (a few
   * numbers per aggregate, e.g. per month) and written by the next `changes`. For a build in
   * stream order, whose commits are leftovers until its last one writes the projection's
   * checkpoint: the aggregates are written once, with that commit, instead of every aggregate
   * the batch touched (each month, in stream order) again with every commit. Called as the
   * batch's commit starts, before the next batch notes its documents (a commit that fails ends
   * the run, which forgets what was carried).
   */
  async carry(batch: ReadonlyMap<string, D | null>, pause?: Pause): Promise<void> {
    await this.addBatch(this.carried, batch, this.contributionsOnce, pause);
    this.before.clear();
  }

  /**
   * Writes what `carry` kept, in commits of at most `perCommit` aggregates made by `commit` (a
   * build's commits before its last: leftovers until that one lands), so that no single turn of
   * the event loop builds, checks or hands over every aggregate of a long log at once. Once it
   * is done nothing is carried, and the build's last commit writes only what its own batch moves.
   */
  async writeCarried(commit: (changes: DocumentChange[]) => Promise<void>, perCommit: number, pause?: Pause): Promise<void> {
    let piece: { id: string; document: AggregateDocument | null }[] = [];
    const write = async (): Promise<void> => {
      await commit(piece.map(({ id, document }) => ({ collection: this.collection, id, document })));
      for (const { id, document } of piece) {
        this.keep(id, document);
        this.carried.delete(id);
      }
      piece = [];
    };
    for (const [id, delta] of [...this.carried]) {
      if (delta.size === 0) {
        this.carried.delete(id);
        continue;
      }
      piece.push({ id, document: applyDelta(id, await this.current(id), delta) });
      if (piece.length >= perCommit) await write();
      await pause?.();
    }
    if (piece.length > 0) await write();
  }

  /** Adds each changed document's contributions after minus before, with a pause for the event loop between documents. */
  private async addBatch(deltas: AggregateDeltas, batch: ReadonlyMap<string, D | null>, contributions: (document: D) => readonly AggregateContribution[], pause?: Pause): Promise<void> {
    for (const [id, after] of batch) {
      const before = this.before.get(id);
      if (before === after) continue; // unchanged (a replayed event): nothing moves
      addContributions(deltas, contributions, before, -1);
      addContributions(deltas, contributions, after, 1);
      await pause?.();
    }
  }

  /** How many counts `carry` holds (each aggregate's changed keys, summed): what a build bounds. */
  get carriedCounts(): number {
    let counts = 0;
    for (const delta of this.carried.values()) counts += delta.size;
    return counts;
  }

  /** How many aggregates are kept in memory (for tests and figures). */
  get keptCount(): number {
    return this.kept.size;
  }

  /** The aggregate as committed: kept, or read from the store (then kept). */
  private async current(id: string): Promise<AggregateDocument | undefined> {
    if (this.kept.has(id)) {
      const kept = this.kept.get(id) ?? null;
      this.keep(id, kept);
      return kept ?? undefined;
    }
    const stored = await this.documents.get<AggregateDocument>(this.collection, id);
    // Kept only if nothing was kept for it meanwhile (a commit that landed while the store was read).
    if (!this.kept.has(id)) this.keep(id, stored ?? null);
    return stored;
  }

  /** Keeps an aggregate as the most recent, letting the least recent go beyond KEPT_AGGREGATES. */
  private keep(id: string, document: AggregateDocument | null): void {
    this.kept.delete(id);
    this.kept.set(id, document);
    if (this.kept.size > KEPT_AGGREGATES) this.kept.delete(this.kept.keys().next().value as string);
  }

  /** After a failed commit nobody knows what landed: read the aggregates again. */
  forget(): void {
    this.before.clear();
    this.kept.clear();
    this.carried = new Map();
  }
}
