import type { KeyObject } from 'node:crypto';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { ChainVerifier } from '../event-store/verify.js';
import { parseNote, verifyNoteSignature, type Checkpoint } from './checkpoint.js';
import { checkCountersignature } from './cosignature.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-format.js';
import { FrontierLeaves, WholeTreeLeaves, type ExportLeaves } from './export-leaves.js';
import { leafHash } from './merkle.js';
import { judgeLog, trustedSizes, type TrustPins, type WitnessReport } from './witnessed.js';

export interface NamedKey {
  readonly name: string;
  readonly publicKey: KeyObject;
}

export interface ExportKeys {
  /** The log's key; `name` (of its signature lines) defaults to the header's origin. */
  readonly log: { readonly name?: string; readonly publicKey: KeyObject };
  /** Outside parties whose cosignature lines must verify wherever a note carries one. */
  readonly cosigners?: readonly NamedKey[];
  /** Witnesses, their quorum and trusted checkpoints the verifier pins; judged once every line has verified. */
  readonly trust?: TrustPins;
}

export interface ExportBreak {
  /** format | header | signature | cosignature | origin | tree-size | root-mismatch | footer | truncated, or a ChainBreakReason */
  readonly kind: string;
  readonly message: string;
  /** The line of the export where it was found (1-based); absent when found at the end. */
  readonly line?: number;
  readonly streamId?: string;
  readonly revision?: number;
  readonly position?: string;
  readonly treeSize?: number;
}

export interface ExportVerification {
  readonly ok: boolean;
  /** Events checked (all of them when ok). */
  readonly events: number;
  /** Recorded checkpoints (the `checkpoint` lines) verified; the header's is not counted. */
  readonly checkpoints: number;
  /** Cosignature lines by configured cosigners that verified. */
  readonly cosignatures: number;
  /** Signature lines by names that are neither the log's nor a configured cosigner's: not checked. */
  readonly unverified: readonly { readonly name: string; readonly treeSize: number; readonly line: number }[];
  /** When the header's checkpoint was signed: the export proves the log up to then, not later. */
  readonly checkpointedAt?: string;
  /** The newest witnessed checkpoint and the events after it; absent when the export broke before. */
  readonly witnesses?: WitnessReport;
  readonly firstBreak?: ExportBreak;
}

/** How an export is read. */
export interface ExportReading {
  /**
   * The tree sizes of the export's recorded checkpoints, read beforehand (verifyExportFile
   * takes them from the end of the file): then only the roots at those sizes, the header's and
   * the trusted checkpoints' are kept as the events pass, not the tree (memory O(log n) and a
   * head per stream). A checkpoint line of another size then throws RootNotKept. Without
   * them the whole tree is kept, to give the root at any size a later line names.
   */
  readonly checkpointSizes?: ReadonlySet<number>;
  /** Called after each event with the events read and the header's count. */
  readonly progress?: (events: number, total: number) => void;
  /** Handed what will keep the leaves, once the header is read: to see what it holds. */
  readonly leaves?: (leaves: ExportLeaves) => void;
}

/** A checkpoint line names a size whose root was not kept: read the export again keeping the whole tree. */
export class RootNotKept extends Error {}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Verifies an export (export-format.ts) in one pass, reading each line once: the order of
 * the lines, every stream's hash chain (ChainVerifier), the Merkle tree of all event hashes,
 * the header's checkpoint and every recorded one (signature by the log key, root against
 * the tree at its size), the configured cosignatures and the footer. Returns at the first
 * break, in file order, except that the header checkpoint's size and root are compared only
 * at the end of the file, after the recorded checkpoints, which cover prefixes of the log
 * and so tell more precisely where it was changed.
 * Each item of `lines` is one line, with or without its line ending. Throws only what the
 * iterable throws (an unreadable file).
 */
export async function verifyExport(lines: AsyncIterable<string>, keys: ExportKeys, reading: ExportReading = {}): Promise<ExportVerification> {
  const verifier = new ExportVerifier(keys, reading);
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const text = raw.replace(/\r?\n$/, '');
    if (text.trim() === '') continue;
    const broken = verifier.line(text, number);
    if (broken) return verifier.result(broken);
  }
  return verifier.result(verifier.end(number) ?? verifier.judge());
}

class ExportVerifier {
  private phase: 'start' | 'events' | 'checkpoints' | 'done' = 'start';
  private readonly chains = new ChainVerifier();
  private leaves: ExportLeaves = new WholeTreeLeaves();
  private total = 0;
  /** Sizes of recorded checkpoints whose root matched. */
  private readonly matched: number[] = [];
  private header: Checkpoint | undefined;
  private origin = '';
  private checkpointedAt: string | undefined;
  private logName = '';
  private checkpoints = 0;
  private cosignatures = 0;
  private readonly unverified: { name: string; treeSize: number; line: number }[] = [];
  private readonly notes: string[] = [];
  private headerNote = '';
  private witnesses: WitnessReport | undefined;

  constructor(
    private readonly keys: ExportKeys,
    private readonly reading: ExportReading,
  ) {}


  result(firstBreak: ExportBreak | undefined): ExportVerification {
    const { checkpoints, cosignatures, unverified, checkpointedAt, witnesses } = this;
    const optional = { ...(checkpointedAt ? { checkpointedAt } : {}), ...(witnesses ? { witnesses } : {}), ...(firstBreak ? { firstBreak } : {}) };
    return { ok: !firstBreak, events: this.leaves.size, checkpoints, cosignatures, unverified, ...optional };
  }

  line(text: string, line: number): ExportBreak | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { kind: 'format', line, message: `line ${line}: not JSON (the file may have been cut short)` };
    }
    const kind = isObject(value) ? value.kind : undefined;
    const misplaced = this.misplaced(kind, line);
    if (misplaced || !isObject(value)) return misplaced;
    if (kind === 'header') return this.onHeader(value, line);
    if (kind === 'event') return this.onEvent(value.event, line);
    if (kind === 'checkpoint') return this.onCheckpoint(value.note, line);
    return this.closeEvents() ?? this.onFooter(value.events, line);
  }

  end(lines: number): ExportBreak | undefined {
    if (this.phase === 'start') return { kind: 'format', message: 'the export is empty: it has no header' };
    if (this.phase === 'done') return undefined;
    return this.closeEvents() ?? { kind: 'truncated', message: `the export ends at line ${lines} without a footer: it was cut short` };
  }

  /**
   * The pins, once the whole export verified: the export holds every event, so a trusted
   * checkpoint is checked by computing the root at its size (a larger one means events were
   * removed), and the newest recorded checkpoint the pinned quorum cosigned is the newest
   * witnessed one. The header's checkpoint is signed at export time and never witnessed.
   */
  judge(): ExportBreak | undefined {
    const count = this.leaves.size;
    this.witnesses = judgeLog({
      origin: this.header?.origin ?? this.origin,
      logKey: this.keys.log.publicKey,
      logKeyName: this.logName,
      pins: this.keys.trust ?? { witnesses: [], trusted: [] },
      notes: this.notes,
      fallbackNote: this.headerNote,
      logSize: count,
      rootAt: (size) => this.rootAt(size),
    });
    const [problem, ...more] = this.witnesses.problems;
    if (!problem) return undefined;
    const also = more.length > 0 ? ` (and: ${more.map((p) => p.message).join('; ')})` : '';
    return { kind: problem.kind, message: `${problem.message}${also}`, ...(problem.treeSize !== undefined ? { treeSize: problem.treeSize } : {}) };
  }

  private misplaced(kind: unknown, line: number): ExportBreak | undefined {
    const at = (message: string): ExportBreak => ({ kind: 'format', line, message: `line ${line}: ${message}` });
    if (kind !== 'header' && kind !== 'event' && kind !== 'checkpoint' && kind !== 'footer') return at('not an export line (no known "kind")');
    if (this.phase === 'done') return at('a line after the footer');
    if (this.phase === 'start') return kind === 'header' ? undefined : at('the export does not start with a header');
    if (kind === 'header') return at('a second header');
    if (kind === 'event' && this.phase === 'checkpoints') return at('an event after the checkpoints');
    if (kind === 'checkpoint') this.phase = 'checkpoints';
    return undefined;
  }

  private onHeader(header: Fields, line: number): ExportBreak | undefined {
    const at = (message: string): ExportBreak => ({ kind: 'header', line, message: `line ${line}: ${message}` });
    if (header.format !== EXPORT_FORMAT || header.version !== EXPORT_VERSION) return at(`not a ${EXPORT_FORMAT} version ${EXPORT_VERSION} header`);
    if (typeof header.origin !== 'string' || !Number.isSafeInteger(header.treeSize) || typeof header.checkpoint !== 'string') return at('the header lacks origin, treeSize or checkpoint');
    this.logName = this.keys.log.name ?? header.origin;
    const what = `line ${line}: the header's checkpoint`;
    const checked = this.checkNote(header.checkpoint, line, what);
    if ('kind' in checked) return checked;
    if (checked.origin !== header.origin) return at(`the header names origin ${header.origin}, its signed checkpoint ${checked.origin}`);
    if (checked.treeSize !== header.treeSize) return at(`the header states treeSize ${String(header.treeSize)}, its signed checkpoint ${checked.treeSize}`);
    this.header = checked;
    this.origin = checked.origin;
    this.headerNote = String(header.checkpoint);
    this.checkpointedAt = checked.checkpointedAt;
    this.total = checked.treeSize;
    const sizes = this.reading.checkpointSizes;
    if (sizes) this.leaves = new FrontierLeaves(new Set([...sizes, ...trustedSizes(this.keys.trust), checked.treeSize]));
    this.reading.leaves?.(this.leaves);
    this.phase = 'events';
    return undefined;
  }

  private onEvent(wire: unknown, line: number): ExportBreak | undefined {
    if (!isObject(wire) || typeof wire.streamId !== 'string' || !Number.isSafeInteger(wire.revision) || typeof wire.position !== 'string' || !DECIMAL.test(wire.position)) {
      return { kind: 'format', line, message: `line ${line}: not an event envelope (streamId, revision and a decimal position are required)` };
    }
    const event = { ...wire, position: BigInt(wire.position) } as unknown as StoredEvent;
    const broken = this.chains.checkAsWritten(event);
    if (broken) {
      return { kind: broken.reason, line, message: `line ${line}: ${broken.message}`, streamId: broken.streamId, revision: broken.revision, position: String(broken.position) };
    }
    this.leaves.append(leafHash(event.metadata.hash), wire.position);
    this.reading.progress?.(this.leaves.size, this.total);
    return undefined;
  }

  private onCheckpoint(note: unknown, line: number): ExportBreak | undefined {
    const checked = this.checkNote(note, line, `line ${line}: checkpoint`);
    if ('kind' in checked) return checked;
    const { treeSize } = checked;
    const what = `line ${line}: checkpoint at treeSize ${treeSize}`;
    if (checked.origin !== this.header?.origin) return { kind: 'origin', line, treeSize, message: `${what} is of another log (${checked.origin})` };
    const count = this.leaves.size;
    if (treeSize > count) {
      return { kind: 'tree-size', line, treeSize, message: `${what} covers more events than the export holds (${count}): events after ${this.describe(count)} were removed` };
    }
    if (this.keptRoot(treeSize) !== checked.rootHash) return { kind: 'root-mismatch', line, treeSize, message: `${what} does not match the events: ${this.changed(treeSize)}` };
    this.matched.push(treeSize);
    this.notes.push(String(note));
    this.checkpoints += 1;
    return undefined;
  }

  /** The header's checkpoint against all the events; once, when the events have all been read. */
  private closeEvents(): ExportBreak | undefined {
    const header = this.header;
    this.header = undefined;
    if (!header) return undefined;
    const { treeSize } = header;
    const count = this.leaves.size;
    const what = `the signed checkpoint in the header covers ${treeSize} events`;
    if (treeSize > count) return { kind: 'tree-size', treeSize, message: `${what}, the export holds ${count}: events are missing (dropped, or the tail after ${this.describe(count)} truncated)` };
    if (treeSize < count) return { kind: 'tree-size', treeSize, message: `${what}, the export holds ${count}: events were added` };
    if (this.keptRoot(treeSize) !== header.rootHash) return { kind: 'root-mismatch', treeSize, message: `${what} and does not match them: ${this.changed(treeSize)}` };
    return undefined;
  }

  private onFooter(events: unknown, line: number): ExportBreak | undefined {
    this.phase = 'done';
    const count = this.leaves.size;
    if (events !== count) return { kind: 'footer', line, message: `line ${line}: the footer counts ${String(events)} events, the export holds ${count}` };
    return undefined;
  }

  /** Parses a signed note and checks the log's signature and the configured cosignatures. */
  private checkNote(note: unknown, line: number, what: string): Checkpoint | ExportBreak {
    let parsed: ReturnType<typeof parseNote>;
    try {
      parsed = parseNote(String(note));
    } catch (error) {
      return { kind: 'format', line, message: `${what} is not a signed checkpoint note: ${(error as Error).message}` };
    }
    const { checkpoint, signatures } = parsed;
    const { treeSize } = checkpoint;
    const name = this.logName;
    if (!signatures.some((s) => s.name === name)) return { kind: 'signature', line, treeSize, message: `${what} (treeSize ${treeSize}) carries no signature by ${name}` };
    if (!verifyNoteSignature(parsed, { name, publicKey: this.keys.log.publicKey })) {
      return { kind: 'signature', line, treeSize, message: `${what} (treeSize ${treeSize}): the signature by ${name} does not verify (forged, or the checkpoint altered)` };
    }
    const cosigners = this.keys.cosigners ?? [];
    for (const cosigner of cosigners) {
      if (!signatures.some((s) => s.name === cosigner.name)) continue;
      if (!checkCountersignature(parsed, cosigner).valid) return { kind: 'cosignature', line, treeSize, message: `${what} (treeSize ${treeSize}): the cosignature by ${cosigner.name} does not verify` };
      this.cosignatures += 1;
    }
    for (const { name: other } of signatures) {
      const pinned = [...cosigners, ...(this.keys.trust?.witnesses ?? [])];
      if (other !== name && !pinned.some((c) => c.name === other)) this.unverified.push({ name: other, treeSize, line });
    }
    return checkpoint;
  }

  /** Where a prefix of `size` events differs from what was signed: after the largest matching checkpoint below it. */
  private changed(size: number): string {
    const from = Math.max(0, ...this.matched.filter((m) => m < size));
    const since = from > 0 ? `, after the checkpoint at treeSize ${from}, which matches` : '';
    return `an event among events ${from + 1}–${size} (positions ${this.leaves.positionAt(from) ?? '?'}–${this.leaves.positionAt(size - 1) ?? '?'}) was inserted, removed, altered or moved${since}`;
  }

  private describe(count: number): string {
    return count === 0 ? 'the header' : `event ${count} (position ${this.leaves.positionAt(count - 1)})`;
  }

  /** The root of the first `size` events, which exist; RootNotKept when the frontier did not take it. */
  private keptRoot(size: number): string {
    const root = this.leaves.rootAt(size);
    if (root === undefined) throw new RootNotKept(`the root at tree size ${size} was not kept`);
    return root;
  }

  private rootAt(size: number): string | undefined {
    return size <= this.leaves.size ? this.keptRoot(size) : undefined;
  }
}
