import { categoryOf } from '../../../projections/projection.js';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port.js';
import { logPages } from '../../read-store/fold-pages.js';
import { toWireEvent } from '../../http/wire.js';
import type { PersonalDataCodec } from '../../personal-data/personal-data-codec.js';
import type { PersonalDataKeys } from '../../personal-data/personal-data-keys.port.js';
import { leafHash } from '../../ledger/merkle.js';
import { BREACH_CATEGORY } from '../../../projections/breach-stream.js';
import { breachStreamId } from '../../breaches/breach.events.js';
import { alertStreamId } from '../../alerts/alert.events.js';
import { chunksOfLines } from '../../shared/line-chunks.js';
import { alertSummaryOf, type CitedAlertEvent } from './alert-summary.js';
import type { InquiryScope } from '../inquiry.events.js';
import { describesPopulation } from '../inquiry.rules.js';
import { ANSWER_FORMAT, MEMBERSHIP_EVENT_TYPES, type AnswerVersion, answerLine, type AnswerHeader, type CitedEvent, type Figures } from './answer-format.js';
import { BreachFacts } from './breach-facts.js';

/** What the bundle needs of the Merkle log: roots and proofs over its first `treeSize` leaves. */
export interface LedgerProofs {
  inclusionProofAt(leafIndex: number, treeSize: number): Buffer[];
  consistencyProofOf(oldSize: number, newSize: number): { oldRoot: string; proof: string[] };
  /** Tree sizes of earlier checkpoints the AP or a witness may hold, below `treeSize`. */
  anchorSizesBelow(treeSize: number): Promise<readonly number[]>;
}

export interface AnswerInput {
  readonly origin: string;
  readonly inquiry: AnswerHeader['inquiry'];
  readonly answeredAt: string;
  readonly breachIds: readonly string[];
  readonly scope: InquiryScope;
  readonly treeSize: number;
  /** The signed checkpoint over the first treeSize events, with its cosignatures at answer time. */
  readonly checkpoint: string;
  /** The format version to build (the one recorded with the answer): 1 without the alerts. */
  readonly version: AnswerVersion;
}

export interface AnswerSources {
  readonly events: EventStore;
  readonly ledger: LedgerProofs;
  readonly keys: PersonalDataKeys;
  readonly personalData: PersonalDataCodec;
}

/**
 * Events per read of the log. Small pages, with a turn of the event loop after each, keep a
 * page's events from outliving the young generation: with pages of 1000 and no turns, a
 * 25,000-breach answer grew the heap to ~4× what it holds (peak RSS ~600 MB, measured).
 */
const PAGE = 200;

/**
 * The answer bundle (answer-format.ts), line by line. A pure function of the log's first
 * `treeSize` events, the input and the keys: generated again, it gives the same bytes, which
 * is what InquiryAnswered's sha256 pins. Streams the log page by page; what it keeps is the
 * scope's leaf indices and the figures, never the log.
 */
export async function* answerLines(input: AnswerInput, sources: AnswerSources): AsyncGenerator<string> {
  const completeness = describesPopulation(input.scope);
  const { breachIds, treeSize } = input;
  let lines = 0;
  const emit = (line: Parameters<typeof answerLine>[0]): string => {
    lines += 1;
    return answerLine(line);
  };
  yield emit({ kind: 'answer', format: ANSWER_FORMAT, version: input.version, origin: input.origin, inquiry: input.inquiry, answeredAt: input.answeredAt, breachIds, completeness, treeSize, checkpoint: input.checkpoint });
  for (const breachId of breachIds) {
    // (d) the keys of the breaches in scope, and of no other breach.
    const key = await sources.keys.get(breachId);
    yield emit({ kind: 'key', breachId, key: key ? key.toString('base64') : null, erasedAt: key ? null : ((await sources.keys.erasedAt(breachId)) ?? null) });
  }
  // A breach's alert stream is disclosed with it: the evidence of who was warned, when.
  const withAlerts = input.version >= 2;
  const inScope = new Set(breachIds.flatMap((breachId) => (withAlerts ? [breachStreamId(breachId), alertStreamId(breachId)] : [breachStreamId(breachId)])));
  const leafIndexOf = new Map<string, number>();
  /** The streams of the scope with an event in the log section (most breaches have no alert stream). */
  const disclosed = new Set<string>();
  let leafIndex = 0;
  // Page by page, with a turn of the event loop between pages (logPages): other requests are
  // served meanwhile, and the garbage of each page can be collected before the next is read.
  for await (const page of logPages(sources.events, PAGE)) {
    for (const event of page) {
      if (leafIndex >= treeSize) break;
      const line = logLine(event, leafIndex, inScope, completeness, treeSize, sources.ledger);
      if (line) {
        if (line.kind === 'event' && line.disclosure === 'scope') {
          leafIndexOf.set(event.position.toString(), leafIndex);
          disclosed.add(event.streamId);
        }
        yield emit(line);
      }
      leafIndex += 1;
    }
    if (leafIndex >= treeSize) break;
  }
  if (leafIndex !== treeSize) throw new Error(`the log holds ${leafIndex} events, the answer's checkpoint covers ${treeSize}`);
  for (const size of await sources.ledger.anchorSizesBelow(treeSize)) {
    const { oldRoot, proof } = sources.ledger.consistencyProofOf(size, treeSize);
    yield emit({ kind: 'consistency', fromSize: size, fromRoot: oldRoot, proof });
  }
  const figures = emptyFigures();
  for (const breachId of breachIds) {
    const facts = await breachFacts(breachId, leafIndexOf, sources, input.version);
    count(figures, facts);
    const line = facts.line();
    const alerts = disclosed.has(alertStreamId(breachId)) ? await citedEvents(alertStreamId(breachId), leafIndexOf, sources) : [];
    yield emit(withAlerts ? { ...line, ...alertSummaryOf(alerts, line.deadline) } : line);
  }
  yield emit({ kind: 'figures', figures });
  yield answerLine({ kind: 'footer', lines });
}

/**
 * The bundle's lines joined into chunks of whole lines of about 64 KiB, the same bytes in the
 * same order: what POST …/answers hashes and GET …/answer sends.
 */
export const answerChunks = (lines: AsyncIterable<string>): AsyncGenerator<string> => chunksOfLines(lines);

function logLine(event: StoredEvent, leafIndex: number, inScope: ReadonlySet<string>, completeness: boolean, treeSize: number, ledger: LedgerProofs) {
  const proof = () => ledger.inclusionProofAt(leafIndex, treeSize).map((hash) => hash.toString('base64'));
  if (inScope.has(event.streamId)) return { kind: 'event' as const, disclosure: 'scope' as const, leafIndex, event: toWireEvent(event), proof: proof() };
  if (!completeness) return undefined;
  if (categoryOf(event.streamId) === BREACH_CATEGORY && MEMBERSHIP_EVENT_TYPES.includes(event.type)) {
    return { kind: 'event' as const, disclosure: 'membership' as const, leafIndex, event: toWireEvent(event), proof: proof() };
  }
  return { kind: 'leaf' as const, leafIndex, position: event.position.toString(), streamId: event.streamId, type: event.type, leafHash: leafHash(event.metadata.hash).toString('base64') };
}

/** The breach's facts from its events within the answer's log (those the log section cited). */
async function breachFacts(breachId: string, leafIndexOf: ReadonlyMap<string, number>, sources: AnswerSources, version: AnswerVersion): Promise<BreachFacts> {
  const facts = new BreachFacts(breachId, version >= 3);
  for (const { stored, cited } of await citedEvents(breachStreamId(breachId), leafIndexOf, sources)) facts.add(await sources.personalData.decode(stored), cited);
  return facts;
}

/** A stream's events within the answer's log (those the log section cited), each with where it stands. */
async function citedEvents(streamId: string, leafIndexOf: ReadonlyMap<string, number>, sources: AnswerSources): Promise<(CitedAlertEvent & { stored: StoredEvent })[]> {
  const events: (CitedAlertEvent & { stored: StoredEvent })[] = [];
  for (const stored of await sources.events.readStream(streamId)) {
    const leafIndex = leafIndexOf.get(stored.position.toString());
    if (leafIndex === undefined) break; // after the checkpoint
    const cited: CitedEvent = { streamId: stored.streamId, revision: stored.revision, position: stored.position.toString(), leafIndex, hash: stored.metadata.hash };
    events.push({ type: stored.type, data: stored.data, cited, stored });
  }
  return events;
}

function emptyFigures(): { -readonly [K in keyof Figures]: K extends 'lateByReason' ? Record<string, number> : number } {
  return { breaches: 0, reported: 0, reportedLate: 0, lateByReason: {}, lateWithoutValidExcuse: 0, withdrawn: 0, dpoInformedBeforeReport: 0 };
}

function count(figures: ReturnType<typeof emptyFigures>, facts: BreachFacts): void {
  const line = facts.line();
  const reportedAt = facts.value('reportedAt') as string | undefined;
  const informedAt = facts.value('dpoInformedAt') as string | undefined;
  figures.breaches += 1;
  if (reportedAt === undefined) return;
  figures.reported += 1;
  if (facts.value('withdrawnAt') !== undefined) figures.withdrawn += 1;
  if (informedAt !== undefined && Date.parse(informedAt) <= Date.parse(reportedAt)) figures.dpoInformedBeforeReport += 1;
  if (line.late !== true) return;
  figures.reportedLate += 1;
  const code = (facts.value('lateReason.code') as string | null | undefined) ?? 'none';
  figures.lateByReason[code] = (figures.lateByReason[code] ?? 0) + 1;
  if (facts.withoutValidExcuse()) figures.lateWithoutValidExcuse += 1;
}
