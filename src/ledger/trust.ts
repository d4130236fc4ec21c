import type { KeyObject } from 'node:crypto';
import { checkCountersignature, type SignatureKind } from './cosignature.js';
import { openCheckpoint, type TreeHead } from './open-checkpoint.js';

/**
 * Trust anchored outside the log's operator (docs/architecture.md "Tamper evidence", "Witnesses"): a
 * signature by the log's own key proves nothing against whoever holds that key, so a
 * checkpoint is trusted only as far as (1) checkpoints saved earlier by someone else are
 * consistent with the log and (2) a quorum of witnesses, whose keys the verifier pins
 * itself, cosigned it. Pure: no I/O, no clock, no engine; both verifiers (the service's
 * GET /audit/verification and the offline `privacy-ledger verify`) and any other
 * offline checker share it.
 */

export interface WitnessPin {
  /** The witness's key name, as in its signature lines. */
  readonly name: string;
  readonly publicKey: KeyObject;
}

export interface TrustPolicy {
  /** The log's origin the verifier expects; a note of another origin is refused. */
  readonly origin: string;
  /** The log's public key, supplied by the verifier (never read from the note). */
  readonly logKey: KeyObject;
  /** The name of the log's signature lines; the origin when absent. */
  readonly logKeyName?: string;
  /** Witnesses whose cosignatures count, keys pinned by the verifier. */
  readonly witnesses: readonly WitnessPin[];
  /** How many of `witnesses` must have validly cosigned; all of them when absent. */
  readonly quorum?: number;
  /** Signed checkpoint notes of this log saved earlier (e.g. `--trusted-checkpoint` files). */
  readonly trusted: readonly string[];
}

export type Consistency = 'consistent' | 'inconsistent' | 'unknown';

/**
 * Says whether the log being verified is consistent with a trusted checkpoint: 'consistent'
 * when its first `treeSize` leaves have that root (from the full tree, or a verified RFC 9162
 * consistency proof), 'inconsistent' when they have another root or the log is shorter
 * (leaves removed), 'unknown' when the caller cannot tell (no proof at hand).
 */
export type ConsistencyCheck = (trusted: { readonly treeSize: number; readonly rootHash: string }) => Consistency;

/** Stable kinds; messages are for people and may change. */
export type TrustProblemKind =
  | 'policy-invalid'
  | 'checkpoint-malformed'
  | 'checkpoint-origin'
  | 'checkpoint-signature'
  /** Reported by judgeLog (witnessed.ts): the checkpoint judged does not match the log's leaves. */
  | 'checkpoint-inconsistent'
  | 'trusted-malformed'
  | 'trusted-origin'
  | 'trusted-signature'
  | 'trusted-inconsistent'
  | 'trusted-unknown'
  | 'cosignature-invalid'
  | 'quorum-not-met';

export interface TrustProblem {
  readonly kind: TrustProblemKind;
  readonly message: string;
  /** The tree size of the checkpoint concerned, when known. */
  readonly treeSize?: number;
  /** The witness concerned. */
  readonly witness?: string;
}

export interface TrustResult {
  /** No problems: signed by the log, consistent with every trusted checkpoint, quorum met. */
  readonly ok: boolean;
  /** The checkpoint's first three lines, once its log signature verified. */
  readonly checkpoint?: TreeHead;
  /** The pinned witnesses whose cosignature verified (cosignature/v1, or an older Ed25519 countersignature). */
  readonly cosigned: readonly { readonly name: string; readonly kind: SignatureKind; readonly timestamp?: number }[];
  readonly quorum: { readonly required: number; readonly cosigned: number; readonly met: boolean };
  readonly problems: readonly TrustProblem[];
}

/**
 * Evaluates one signed checkpoint note against a policy. Every problem is reported, not
 * only the first. A line by a pinned witness that does not verify is a problem (signed-note:
 * "If a signature from a known key fails to verify, clients SHOULD reject the whole note")
 * and does not count towards the quorum. 'unknown' consistency with a trusted checkpoint
 * is a problem too: a pin that cannot be checked protects nothing, so it fails closed.
 */
export function evaluateCheckpoint(note: string, policy: TrustPolicy, consistentWith: ConsistencyCheck): TrustResult {
  const problems: TrustProblem[] = [...policyProblems(policy)];
  const required = policy.quorum ?? policy.witnesses.length;
  const log = { origin: policy.origin, publicKey: policy.logKey, ...(policy.logKeyName ? { name: policy.logKeyName } : {}) };
  for (const trusted of policy.trusted) problems.push(...trustedProblems(trusted, log, consistentWith));
  const opened = openCheckpoint(note, log);
  if (!opened.ok) {
    problems.push({ kind: `checkpoint-${opened.code}`, message: opened.message });
    return { ok: false, cosigned: [], quorum: { required, cosigned: 0, met: required === 0 }, problems };
  }
  const { head } = opened;
  const cosigned: { name: string; kind: SignatureKind; timestamp?: number }[] = [];
  for (const witness of policy.witnesses) {
    const checked = checkCountersignature(opened.note, witness);
    if (checked.present && !checked.valid) problems.push({ kind: 'cosignature-invalid', treeSize: head.treeSize, witness: witness.name, message: `the cosignature of ${witness.name} on the checkpoint of size ${head.treeSize} does not verify with its pinned key` });
    if (checked.valid && checked.kind) cosigned.push({ name: witness.name, kind: checked.kind, ...(checked.timestamp !== undefined ? { timestamp: checked.timestamp } : {}) });
  }
  const met = cosigned.length >= required;
  if (!met) {
    const names = cosigned.map((c) => c.name).join(', ') || 'none';
    problems.push({ kind: 'quorum-not-met', treeSize: head.treeSize, message: `the checkpoint of size ${head.treeSize} is cosigned by ${cosigned.length} of the pinned witnesses (${names}); the policy requires ${required}` });
  }
  return { ok: problems.length === 0, checkpoint: head, cosigned, quorum: { required, cosigned: cosigned.length, met }, problems };
}

/** The pinned witnesses that validly cosigned a note (for choosing which checkpoint to evaluate). */
export function validCosigners(note: string, policy: Pick<TrustPolicy, 'origin' | 'logKey' | 'logKeyName' | 'witnesses'>): string[] {
  const opened = openCheckpoint(note, { origin: policy.origin, publicKey: policy.logKey, ...(policy.logKeyName ? { name: policy.logKeyName } : {}) });
  if (!opened.ok) return [];
  return policy.witnesses.filter((witness) => checkCountersignature(opened.note, witness).valid).map((witness) => witness.name);
}

function policyProblems({ witnesses, quorum }: TrustPolicy): TrustProblem[] {
  const problems: TrustProblem[] = [];
  if (new Set(witnesses.map((w) => w.name)).size !== witnesses.length) problems.push({ kind: 'policy-invalid', message: 'each witness is pinned once' });
  if (quorum !== undefined && (!Number.isSafeInteger(quorum) || quorum < 0 || quorum > witnesses.length)) {
    problems.push({ kind: 'policy-invalid', message: `the witness quorum ${quorum} is not between 0 and the ${witnesses.length} pinned witnesses` });
  }
  return problems;
}

function trustedProblems(text: string, log: { origin: string; publicKey: KeyObject; name?: string }, consistentWith: ConsistencyCheck): TrustProblem[] {
  const opened = openCheckpoint(text, log);
  if (!opened.ok) return [{ kind: `trusted-${opened.code}`, message: `a trusted checkpoint: ${opened.message}` }];
  const { treeSize, rootHash } = opened.head;
  const consistency = consistentWith({ treeSize, rootHash });
  if (consistency === 'consistent') return [];
  if (consistency === 'inconsistent') {
    return [{ kind: 'trusted-inconsistent', treeSize, message: `the log is not consistent with the trusted checkpoint of size ${treeSize} (root ${rootHash}): events up to it were changed or removed` }];
  }
  return [{ kind: 'trusted-unknown', treeSize, message: `the log's consistency with the trusted checkpoint of size ${treeSize} cannot be checked` }];
}

/**
 * The ConsistencyCheck of a verifier that holds the whole log: a trusted checkpoint larger than
 * the log means leaves were removed; otherwise the root at its size must be its root.
 * `rootAt` gives the base64 root of the first `size` leaves, or undefined when not computed.
 */
export function consistencyFromRoots(logSize: number, rootAt: (size: number) => string | undefined): ConsistencyCheck {
  return ({ treeSize, rootHash }) => {
    if (treeSize > logSize) return 'inconsistent';
    const root = rootAt(treeSize);
    if (root === undefined) return 'unknown';
    return root === rootHash ? 'consistent' : 'inconsistent';
  };
}
