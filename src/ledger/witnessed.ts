import type { KeyObject } from 'node:crypto';
import { splitNote } from './checkpoint.js';
import { parseTreeHead } from './open-checkpoint.js';
import { consistencyFromRoots, evaluateCheckpoint, validCosigners, type TrustPolicy, type TrustProblem, type WitnessPin } from './trust.js';

/** What a verifier pins, from its own configuration: never from the log or the export. */
export interface TrustPins {
  readonly witnesses: readonly WitnessPin[];
  /** All pinned witnesses when absent. */
  readonly quorum?: number;
  /** Signed checkpoint notes saved earlier. */
  readonly trusted: readonly string[];
}

export interface WitnessReport {
  /** The newest recorded checkpoint the pinned quorum cosigned; null when none (or no witness is pinned). */
  readonly newestWitnessed: { readonly treeSize: number; readonly rootHash: string; readonly cosigned: readonly string[] } | null;
  /** Events after it: covered by no witness (all of them when there is none). */
  readonly eventsAfterNewestWitnessed: number;
  readonly quorum: { readonly required: number; readonly witnesses: readonly string[] };
  readonly trustedCheckpoints: number;
  /** Empty when the log passes the pins. */
  readonly problems: readonly TrustProblem[];
}

/** The tree sizes of the trusted notes, whose roots a verifier must compute as it reads the log. */
export function trustedSizes(pins: TrustPins | undefined): number[] {
  return (pins?.trusted ?? []).flatMap((note) => {
    try {
      return [parseTreeHead(splitNote(note).body).treeSize];
    } catch {
      return []; // evaluateCheckpoint reports it
    }
  });
}

/**
 * Judges a whole log against the pins, for a verifier that holds every leaf (the service, an
 * export). The checkpoint judged is the newest recorded one that the pinned quorum cosigned
 * ("the newest witnessed checkpoint"); when none did, the newest recorded one, else
 * `fallbackNote` (a fresh note over the whole log), so that the trusted checkpoints are
 * still checked and the missing quorum is reported. Checkpoints newer than the newest
 * witnessed one are not failures (a witness may have been down); the events after it are
 * counted as covered by no witness.
 */
export function judgeLog(input: {
  readonly origin: string;
  readonly logKey: KeyObject;
  readonly logKeyName?: string;
  readonly pins: TrustPins;
  /** The recorded checkpoints' notes, with their cosignature lines, in any order. */
  readonly notes: readonly string[];
  readonly fallbackNote: string;
  readonly logSize: number;
  readonly rootAt: (size: number) => string | undefined;
}): WitnessReport {
  const { pins, logSize } = input;
  const policy: TrustPolicy = { origin: input.origin, logKey: input.logKey, ...(input.logKeyName ? { logKeyName: input.logKeyName } : {}), ...pins };
  const required = pins.quorum ?? pins.witnesses.length;
  const bySize = input.notes.map((note) => ({ note, size: sizeOf(note) })).sort((a, b) => b.size - a.size);
  const witnessed = pins.witnesses.length === 0 ? undefined : bySize.find(({ note }) => validCosigners(note, policy).length >= Math.max(required, 1));
  const judged = witnessed?.note ?? bySize[0]?.note ?? input.fallbackNote;
  const consistency = consistencyFromRoots(logSize, input.rootAt);
  const result = evaluateCheckpoint(judged, policy, consistency);
  const problems = [...result.problems];
  // The judged checkpoint is the log's own claim: it must match the leaves like a trusted one.
  if (result.checkpoint && consistency(result.checkpoint) !== 'consistent') {
    problems.push({ kind: 'checkpoint-inconsistent', treeSize: result.checkpoint.treeSize, message: `the log's first ${result.checkpoint.treeSize} events do not have the root of the checkpoint judged` });
  }
  const head = witnessed ? result.checkpoint : undefined;
  return {
    newestWitnessed: head ? { treeSize: head.treeSize, rootHash: head.rootHash, cosigned: result.cosigned.map((c) => c.name) } : null,
    eventsAfterNewestWitnessed: logSize - (head?.treeSize ?? 0),
    quorum: { required, witnesses: pins.witnesses.map((w) => w.name) },
    trustedCheckpoints: pins.trusted.length,
    problems,
  };
}

function sizeOf(note: string): number {
  try {
    return parseTreeHead(splitNote(note).body).treeSize;
  } catch {
    return -1;
  }
}
