import type { KeyObject } from 'node:crypto';
import { parseNote, type Checkpoint } from '../../ledger/checkpoint.js';
import { evaluateCheckpoint, type TrustProblemKind } from '../../ledger/trust.js';
import { FrontierLeaves } from '../../ledger/export-leaves.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../ledger/merkle.js';
import { ALERT_EVENT_SCHEMA_VERSIONS } from '../../alerts/alert.events.js';
import { PERSONAL_FIELDS } from '../../breaches/breach.events.js';
import { chainHash } from '../../event-store/hash-chain.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { ChainVerifier } from '../../event-store/verify.js';
import { asEncryptedField, decryptField, fieldAad, looksEncrypted } from '../../personal-data/field-encryption.js';
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { ERASED, mapPersonalValues } from '../../shared/personal-fields.js';
import { inPopulation } from '../inquiry.rules.js';
import { ANSWER_FORMAT, ANSWER_VERSIONS, MEMBERSHIP_EVENT_TYPES, type AnswerBreach, type AnswerHeader, type Figures } from './answer-format.js';
import { foldIndependent, independentDeadline, independentFigures, independentLate, newIndependentBreach, type IndependentBreach } from './independent-figures.js';
import { ScopeFactsFold } from './scope-facts.js';
import { alertSummaryOf, type CitedAlertEvent } from './alert-summary.js';
import { CitedEvents, type CitedRecord } from './cited-events.js';

export interface AnswerTrust {
  /** The log's public key and its name in signature lines (default: the answer's origin). */
  readonly log: { readonly publicKey: KeyObject; readonly name?: string };
  /** The origin the verifier expects (pinned by the verifier); default: the key's name. */
  readonly origin?: string;
  /** Witnesses whose cosignatures the verifier requires (keys pinned by the verifier). */
  readonly witnesses?: readonly { readonly name: string; readonly publicKey: KeyObject }[];
  /** How many of the witnesses must have cosigned; default all of them. */
  readonly quorum?: number;
  /** Checkpoints saved earlier (by the AP or a witness), as signed notes: the answer's log must extend each. */
  readonly trusted?: readonly string[];
  /** Consistency proofs obtained separately (GET /audit/proofs/consistency), for trusted checkpoints the bundle carries none for. */
  readonly consistencyProofs?: readonly { readonly oldSize: number; readonly newSize: number; readonly proof: readonly string[] }[];
}

export interface FigureComparison {
  readonly figure: string;
  readonly claimed: JsonValue;
  readonly recomputed: JsonValue;
  readonly same: boolean;
}

export interface AnswerVerification {
  readonly ok: boolean;
  readonly problems: readonly { readonly kind: string; readonly message: string; readonly line?: number }[];
  readonly checks: readonly string[];
  readonly figures: readonly FigureComparison[];
  readonly breaches: number;
  readonly events: number;
  readonly treeSize?: number;
  readonly checkpointedAt?: string;
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const b64 = (values: unknown): Buffer[] | undefined => (Array.isArray(values) && values.every((v) => typeof v === 'string') ? values.map((v: string) => Buffer.from(v, 'base64')) : undefined);

/**
 * The AP's own check of an answer bundle (answer-format.ts), offline: the checkpoint's
 * signature, origin and witnesses; every event's hash and its inclusion proof; the scope's
 * hash chains; the redacted log (rebuilt into the checkpoint's root) and that every breach of
 * the population is in the answer and every other one outside it; the personal fields
 * decrypted with the disclosed keys and authenticated against the hashed ciphertext; each
 * fact against the event it cites; the trusted checkpoints; and the figures, recomputed by
 * independent-figures.ts. Collects every problem rather than stopping at the first.
 */
export async function verifyAnswer(lines: AsyncIterable<string>, trust: AnswerTrust): Promise<AnswerVerification> {
  const run = new AnswerRun(trust);
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const text = raw.replace(/\r?\n$/, '');
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      run.problem('format', `line ${number}: not JSON (the file may have been cut short)`, number);
      break;
    }
    if (!run.line(value, number)) break;
  }
  return run.finish(number);
}

class AnswerRun {
  readonly problems: { kind: string; message: string; line?: number }[] = [];
  readonly checks: string[] = [];
  private header: AnswerHeader | undefined;
  private checkpoint: Checkpoint | undefined;
  private root: Buffer | undefined;
  private readonly keys = new Map<string, Buffer | null>();
  private readonly scopeStreams = new Set<string>();
  /** The alert streams of the breaches in scope, to their breach id: disclosed whole like the breach's own. */
  private readonly alertStreams = new Map<string, string>();
  /** The alert events disclosed, by breach, in log order: what the warned lists are recomputed from. */
  private readonly alerts = new Map<string, CitedAlertEvent[]>();
  /**
   * The redacted log's leaves as they pass: the frontier, and the roots at the sizes of the
   * trusted checkpoints (known before the first line), not every leaf.
   */
  private readonly tree: FrontierLeaves;
  private readonly chains = new ChainVerifier();
  private nextLeaf = 0;
  private events = 0;
  /** Scope events, decrypted, by position: what the facts are checked against. */
  private readonly cited = new CitedEvents();
  private readonly independent = new Map<string, IndependentBreach>();
  private readonly membership = new Map<string, ScopeFactsFold>();
  private readonly withheld = new Set<string>();
  private readonly consistent = new Map<number, string>();
  private readonly breachLines = new Set<string>();
  private figures: Figures | undefined;
  private footer = false;
  private phase: 'header' | 'keys' | 'log' | 'consistency' | 'breaches' | 'figures' | 'done' = 'header';

  constructor(private readonly trust: AnswerTrust) {
    this.tree = new FrontierLeaves(new Set((trust.trusted ?? []).flatMap(treeSizeOf)));
  }

  problem(kind: string, message: string, line?: number): void {
    this.problems.push({ kind, message, ...(line === undefined ? {} : { line }) });
  }

  /** False: stop reading (the rest cannot be checked). */
  line(value: unknown, line: number): boolean {
    if (!isObject(value) || typeof value.kind !== 'string') {
      this.problem('format', `line ${line}: not an answer line (no "kind")`, line);
      return false;
    }
    if (this.phase === 'header') return value.kind === 'answer' ? this.onHeader(value, line) : (this.problem('format', 'the file does not start with the answer header', line), false);
    if (this.phase === 'done') return (this.problem('format', `line ${line}: a line after the footer`, line), false);
    const order = ['keys', 'log', 'consistency', 'breaches', 'figures'] as const;
    const phaseOf: Record<string, (typeof order)[number] | 'done'> = { key: 'keys', event: 'log', leaf: 'log', consistency: 'consistency', breach: 'breaches', figures: 'figures', footer: 'done' };
    const phase = phaseOf[value.kind];
    if (phase === undefined) return (this.problem('format', `line ${line}: unknown kind ${JSON.stringify(value.kind)}`, line), false);
    if (phase !== 'done' && order.indexOf(phase) < order.indexOf(this.phase as (typeof order)[number])) return (this.problem('format', `line ${line}: a ${value.kind} line out of order`, line), false);
    if (phase !== 'keys' && this.phase === 'keys') this.closeKeys(line);
    this.phase = phase;
    switch (value.kind) {
      case 'key':
        return this.onKey(value, line);
      case 'event':
        return this.onEvent(value, line);
      case 'leaf':
        return this.onLeaf(value, line);
      case 'consistency':
        return this.onConsistency(value, line);
      case 'breach':
        return this.onBreach(value as unknown as AnswerBreach, line);
      case 'figures':
        this.figures = value.figures as Figures;
        return true;
      default:
        this.footer = value.lines === line - 1;
        if (!this.footer) this.problem('footer', `line ${line}: the footer counts ${String(value.lines)} lines before it, the file has ${line - 1}`, line);
        return true;
    }
  }

  private onHeader(header: Fields, line: number): boolean {
    if (header.format !== ANSWER_FORMAT || !ANSWER_VERSIONS.includes(header.version as number)) return (this.problem('format', `not a ${ANSWER_FORMAT} file of version ${ANSWER_VERSIONS.join(' or ')}`, line), false);
    const h = header as unknown as AnswerHeader;
    let note: ReturnType<typeof parseNote>;
    try {
      note = parseNote(String(h.checkpoint));
    } catch (error) {
      return (this.problem('checkpoint', `the answer's checkpoint is not a signed checkpoint note: ${(error as Error).message}`, line), false);
    }
    if (note.checkpoint.treeSize !== h.treeSize) this.problem('tree-size', `the header states tree size ${h.treeSize}, the signed checkpoint ${note.checkpoint.treeSize}`, line);
    this.header = h;
    this.checkpoint = note.checkpoint;
    this.root = Buffer.from(note.checkpoint.rootHash, 'base64');
    for (const breachId of h.breachIds) {
      this.scopeStreams.add(`breach-${breachId}`);
      // Version 2 on, a breach's alert events come with it; in version 1 they are no part of the answer.
      if (h.version >= 2) this.alertStreams.set(`alert-${breachId}`, breachId);
    }
    for (const named of h.inquiry.scope.breachIds) if (!h.breachIds.includes(named)) this.problem('scope', `breach ${named}, named in the inquiry, is not in the answer`);
    this.phase = 'keys';
    return true;
  }

  private onKey(value: Fields, line: number): boolean {
    const breachId = String(value.breachId);
    if (!this.scopeStreams.has(`breach-${breachId}`)) this.problem('key', `line ${line}: a key of breach ${breachId}, which is not in the answer's scope`, line);
    const key = typeof value.key === 'string' ? Buffer.from(value.key, 'base64') : null;
    if (key !== null && key.length !== 32) this.problem('key', `line ${line}: the key of ${breachId} is not 32 bytes`, line);
    this.keys.set(breachId, key);
    return true;
  }

  private closeKeys(line: number): void {
    for (const breachId of this.header?.breachIds ?? []) if (!this.keys.has(breachId)) this.problem('key', `no key line for breach ${breachId} in scope`, line);
  }

  private takeLeaf(leafIndex: unknown, line: number): number | undefined {
    if (!Number.isSafeInteger(leafIndex) || (leafIndex as number) < this.nextLeaf || (leafIndex as number) >= (this.header?.treeSize ?? 0)) {
      this.problem('format', `line ${line}: leaf index ${String(leafIndex)} is out of order or beyond the checkpoint`, line);
      return undefined;
    }
    if (this.header?.completeness && leafIndex !== this.nextLeaf) this.problem('completeness', `line ${line}: leaves ${this.nextLeaf}–${(leafIndex as number) - 1} are missing from the redacted log`, line);
    this.nextLeaf = (leafIndex as number) + 1;
    return leafIndex as number;
  }

  private onLeaf(value: Fields, line: number): boolean {
    const leafIndex = this.takeLeaf(value.leafIndex, line);
    if (leafIndex === undefined) return false;
    const leaf = Buffer.from(String(value.leafHash), 'base64');
    if (leaf.length !== 32) return (this.problem('format', `line ${line}: a leaf hash is 32 bytes`, line), false);
    this.tree.append(leaf, String(value.position));
    const streamId = String(value.streamId);
    if (this.scopeStreams.has(streamId) || this.alertStreams.has(streamId)) this.problem('scope', `line ${line}: an event of ${streamId}, in scope, is withheld (only its leaf is given)`, line);
    if (streamId.startsWith('breach-')) {
      if (MEMBERSHIP_EVENT_TYPES.includes(String(value.type))) this.problem('completeness', `line ${line}: ${value.type} of ${streamId} decides membership but is withheld`, line);
      this.withheld.add(streamId);
    }
    return true;
  }

  private onEvent(value: Fields, line: number): boolean {
    const leafIndex = this.takeLeaf(value.leafIndex, line);
    const wire = value.event;
    if (leafIndex === undefined || !isObject(wire) || typeof wire.streamId !== 'string' || typeof wire.position !== 'string' || !isObject(wire.metadata)) {
      return (this.problem('format', `line ${line}: not an event line`, line), false);
    }
    const event = { ...wire, position: BigInt(wire.position) } as unknown as StoredEvent;
    const where = `line ${line}: ${event.streamId}@${event.revision}`;
    let hash: string;
    try {
      hash = chainHash(event);
    } catch (error) {
      return (this.problem('hash', `${where} cannot be hashed: ${(error as Error).message}`, line), false);
    }
    if (hash !== event.metadata.hash) this.problem('hash', `${where}: its content does not match its hash`, line);
    const leaf = leafHash(event.metadata.hash);
    if (this.header?.completeness) this.tree.append(leaf, wire.position);
    const proof = b64(value.proof);
    if (!proof || !this.root || !verifyInclusion(leaf, leafIndex, this.header?.treeSize ?? 0, proof, this.root)) this.problem('inclusion', `${where}: its inclusion proof does not verify against the checkpoint`, line);
    this.events += 1;
    if (value.disclosure === 'scope') this.onScopeEvent(event, leafIndex, where, line);
    else if (value.disclosure === 'membership') {
      if (this.scopeStreams.has(event.streamId) || !MEMBERSHIP_EVENT_TYPES.includes(event.type)) this.problem('format', `${where}: not a membership event of a breach outside the scope`, line);
    } else this.problem('format', `${where}: unknown disclosure ${String(value.disclosure)}`, line);
    if (event.streamId.startsWith('breach-')) {
      let fold = this.membership.get(event.streamId);
      if (!fold) this.membership.set(event.streamId, (fold = new ScopeFactsFold()));
      fold.add(event.type, event.data);
    }
    return true;
  }

  private onScopeEvent(event: StoredEvent, leafIndex: number, where: string, line: number): void {
    const alertOf = this.alertStreams.get(event.streamId);
    if (alertOf !== undefined) return this.onAlertEvent(event, alertOf, leafIndex, where, line);
    if (!this.scopeStreams.has(event.streamId)) {
      this.problem('scope', `${where}: disclosed whole, but the breach is not in the answer's scope`, line);
      return;
    }
    const broken = this.chains.check(event);
    if (broken) this.problem('chain', `${where}: ${broken.message}`, line);
    const breachId = event.streamId.slice('breach-'.length);
    const decrypted = this.decrypt(event, breachId, where, line);
    this.cited.set(event.position.toString(), { streamId: event.streamId, revision: event.revision, leafIndex, hash: event.metadata.hash, data: decrypted, metadata: event.metadata as unknown as JsonObject });
    let breach = this.independent.get(breachId);
    if (!breach) this.independent.set(breachId, (breach = newIndependentBreach()));
    foldIndependent(breach, event.type, decrypted);
  }

  /** An alert about a breach in scope: its chain, and kept for the breach's warned list. */
  private onAlertEvent(event: StoredEvent, breachId: string, leafIndex: number, where: string, line: number): void {
    if (!ALERT_EVENT_TYPES.includes(event.type)) this.problem('format', `${where}: ${event.type} is not an alert event`, line);
    const broken = this.chains.check(event);
    if (broken) this.problem('chain', `${where}: ${broken.message}`, line);
    const cited = { streamId: event.streamId, revision: event.revision, position: event.position.toString(), leafIndex, hash: event.metadata.hash };
    const list = this.alerts.get(breachId) ?? [];
    list.push({ type: event.type, data: event.data, cited });
    this.alerts.set(breachId, list);
  }

  /** The event's data with each personal field decrypted (AES-GCM authenticates it against the hashed ciphertext). */
  private decrypt(event: StoredEvent, breachId: string, where: string, line: number): JsonObject {
    const patterns = (PERSONAL_FIELDS as Record<string, readonly string[] | undefined>)[event.type] ?? [];
    const key = this.keys.get(breachId) ?? null;
    try {
      return mapPersonalValues(event.data, patterns, (value, path) => {
        if (!looksEncrypted(value)) return value;
        const field = asEncryptedField(value, `${where} ${path}`);
        if (field.kid !== breachId) throw new Error(`${path} is encrypted under the key of ${field.kid}`);
        return key === null ? ERASED : decryptField(key, field, fieldAad(event.type, path), `${where} ${path}`);
      });
    } catch (error) {
      this.problem('personal-data', `${where}: ${(error as Error).message}`, line);
      return event.data;
    }
  }

  private onConsistency(value: Fields, line: number): boolean {
    const size = value.fromSize;
    const proof = b64(value.proof);
    const fromRoot = Buffer.from(String(value.fromRoot), 'base64');
    if (!Number.isSafeInteger(size) || !proof || !this.root || !verifyConsistency(size as number, this.header?.treeSize ?? 0, fromRoot, this.root, proof)) {
      this.problem('consistency', `line ${line}: the consistency proof from tree size ${String(size)} does not verify`, line);
    } else this.consistent.set(size as number, fromRoot.toString('base64'));
    return true;
  }

  private onBreach(breach: AnswerBreach, line: number): boolean {
    this.breachLines.add(breach.breachId);
    if (!this.scopeStreams.has(`breach-${breach.breachId}`)) this.problem('scope', `line ${line}: facts of breach ${breach.breachId}, which is not in scope`, line);
    // The breach's facts cite a few of its events, most of them several times: each is read back once.
    const events = new Map<string, CitedRecord | undefined>();
    for (const fact of Array.isArray(breach.facts) ? breach.facts : []) {
      const position = String(fact.event?.position);
      if (!events.has(position)) events.set(position, this.cited.get(position));
      const cited = events.get(position);
      const what = `line ${line}: ${breach.breachId} ${fact.name}`;
      if (!cited || cited.streamId !== fact.event.streamId || cited.revision !== fact.event.revision || cited.leafIndex !== fact.event.leafIndex || cited.hash !== fact.event.hash) {
        this.problem('fact', `${what} cites an event the answer does not carry`, line);
        continue;
      }
      const actual = valueAt({ data: cited.data, metadata: cited.metadata }, fact.path);
      if (JSON.stringify(actual) !== JSON.stringify(fact.value)) this.problem('fact', `${what} = ${JSON.stringify(fact.value)}, but its event says ${JSON.stringify(actual)}`, line);
    }
    this.checkAlerts(breach, line);
    const own = this.independent.get(breach.breachId);
    const claimed = Object.fromEntries((breach.facts ?? []).map((fact) => [fact.name, fact.value]));
    if (own) {
      const checks: [string, JsonValue | undefined, JsonValue][] = [
        ['awareAt', claimed.awareAt, own.awareAt],
        ['reportedAt', claimed.reportedAt ?? null, own.reportedAt],
        ['late', breach.late, independentLate(own)],
        ['lateReason.code', claimed['lateReason.code'] ?? null, own.lateReasonCode],
        ['lateReasonVerdict.verdict', claimed['lateReasonVerdict.verdict'] ?? null, own.verdict],
      ];
      for (const [name, said, recomputed] of checks) {
        if (JSON.stringify(said ?? null) !== JSON.stringify(recomputed)) this.problem('fact', `line ${line}: ${breach.breachId} ${name} is stated as ${JSON.stringify(said)}, its events give ${JSON.stringify(recomputed)}`, line);
      }
    }
    return true;
  }

  /** The warned and undelivered lists, recomputed from the breach's alert events the answer proved. */
  private checkAlerts(breach: AnswerBreach, line: number): void {
    if ((this.header?.version ?? 1) < 2) return;
    const fold = this.independent.get(breach.breachId);
    const deadline = fold ? independentDeadline(fold) : null;
    if (deadline === null) return; // no BreachDetected: reported as a breach without its events
    if (Date.parse(String(breach.deadline)) !== Date.parse(deadline)) this.problem('fact', `line ${line}: ${breach.breachId} deadline is stated as ${JSON.stringify(breach.deadline)}, its events give ${deadline}`, line);
    const own = alertSummaryOf(this.alerts.get(breach.breachId) ?? [], deadline);
    for (const list of ['warned', 'undelivered'] as const) {
      if (!Array.isArray(breach[list])) this.problem('alerts', `line ${line}: ${breach.breachId} states no ${list} list`, line);
      const said = JSON.stringify(breach[list] ?? []);
      if (said !== JSON.stringify(own[list])) this.problem('alerts', `line ${line}: ${breach.breachId} ${list} is stated as ${said}, its alert events give ${JSON.stringify(own[list])}`, line);
    }
    if (own.warned.length + own.undelivered.length === 0) return;
    const warned = own.warned.map((w) => `${w.ruleId} to ${w.recipient} by ${w.channel} at ${w.sentAt} (${w.hoursBeforeDeadline} h before the deadline)`);
    this.checks.push(`breach ${breach.breachId} warned ${own.warned.length}×${warned.length > 0 ? `: ${warned.join('; ')}` : ''}; ${own.undelivered.length} alert(s) given up — recomputed from their proven events`);
  }

  finish(lines: number): AnswerVerification {
    const header = this.header;
    if (!header) return this.result();
    if (this.phase === 'keys') this.closeKeys(lines);
    if (!this.footer) this.problem('truncated', 'the answer ends without its footer: it was cut short');
    if (header.completeness) this.checkCompleteness(header);
    for (const breachId of header.breachIds) {
      if (!this.independent.has(breachId)) this.problem('scope', `breach ${breachId} is in scope but none of its events is in the answer`);
      if (!this.breachLines.has(breachId)) this.problem('fact', `breach ${breachId} is in scope but the answer states no facts of it`);
    }
    this.checkTrust(header);
    return this.result();
  }

  private checkCompleteness(header: AnswerHeader): void {
    if (this.tree.size !== header.treeSize) this.problem('completeness', `the redacted log holds ${this.tree.size} events, the checkpoint ${header.treeSize}`);
    else if (this.tree.rootAt(header.treeSize) !== this.root?.toString('base64')) this.problem('completeness', "the redacted log does not rebuild the checkpoint's root");
    else this.checks.push(`the whole log of ${header.treeSize} events rebuilds the checkpoint's root: no event was left out`);
    let members = 0;
    for (const [streamId, fold] of this.membership) {
      const breachId = streamId.slice('breach-'.length);
      const facts = fold.facts();
      const belongs = facts !== undefined && (inPopulation(facts, header.inquiry.scope) || header.inquiry.scope.breachIds.includes(breachId));
      if (belongs) members += 1;
      if (belongs && !this.scopeStreams.has(streamId)) this.problem('completeness', `breach ${breachId} meets the scope but is left out of the answer`);
      if (!belongs && this.scopeStreams.has(streamId)) this.problem('scope', `breach ${breachId} is in the answer but does not meet the scope`);
    }
    for (const streamId of this.withheld) if (!this.membership.has(streamId)) this.problem('completeness', `${streamId}: its events are withheld, including the BreachDetected that decides membership`);
    this.checks.push(`${members} breaches meet the scope, out of ${new Set([...this.membership.keys(), ...this.withheld]).size} breach streams in the log`);
  }

  /**
   * The answer's checkpoint judged by the verifier's own pins (src/ledger/trust.ts): the log's
   * key and origin, the witnesses and their quorum, and the checkpoints saved earlier, each of
   * which the answer's log must extend.
   */
  private checkTrust(header: AnswerHeader): void {
    const { trust } = this;
    const origin = trust.origin ?? trust.log.name ?? header.origin;
    const policy = {
      origin,
      logKey: trust.log.publicKey,
      logKeyName: trust.log.name ?? origin,
      witnesses: trust.witnesses ?? [],
      ...(trust.quorum === undefined ? {} : { quorum: trust.quorum }),
      trusted: trust.trusted ?? [],
    };
    const result = evaluateCheckpoint(header.checkpoint, policy, ({ treeSize, rootHash }) => this.consistencyWith(treeSize, rootHash, header.treeSize));
    for (const problem of result.problems) {
      const hint = problem.kind === 'trusted-unknown' ? ': the answer carries no consistency proof from that size (pass one from GET /audit/proofs/consistency with --consistency-proof)' : '';
      this.problem(TRUST_KINDS[problem.kind] ?? problem.kind, `${problem.message}${hint}`);
    }
    if (result.checkpoint) this.checks.push(`checkpoint of ${origin} signed by its key (tree size ${result.checkpoint.treeSize})`);
    if (result.cosigned.length > 0) this.checks.push(`checkpoint cosigned by ${result.cosigned.map((c) => `${c.name} (${c.kind})`).join(', ')}; quorum ${result.quorum.required}`);
    const trustedOk = policy.trusted.length - result.problems.filter((p) => p.kind.startsWith('trusted-')).length;
    if (policy.trusted.length > 0 && trustedOk > 0) this.checks.push(`the answer's log extends ${trustedOk} of ${policy.trusted.length} trusted checkpoints`);
  }

  private consistencyWith(size: number, root: string, answerSize: number): 'consistent' | 'inconsistent' | 'unknown' {
    if (size > answerSize) return 'unknown';
    if (size === answerSize) return root === this.checkpoint?.rootHash ? 'consistent' : 'inconsistent';
    const rebuilt = this.header?.completeness && this.tree.size === answerSize ? this.tree.rootAt(size) : undefined;
    if (rebuilt !== undefined) return rebuilt === root ? 'consistent' : 'inconsistent';
    const known = this.consistent.get(size);
    if (known !== undefined) return known === root ? 'consistent' : 'inconsistent';
    const given = this.trust.consistencyProofs?.find((p) => p.oldSize === size && p.newSize === answerSize);
    if (given && this.root) return verifyConsistency(size, answerSize, Buffer.from(root, 'base64'), this.root, given.proof.map((h) => Buffer.from(h, 'base64'))) ? 'consistent' : 'inconsistent';
    return 'unknown';
  }

  private result(): AnswerVerification {
    const claimed = this.figures;
    const recomputed = independentFigures(this.independent.values());
    const figures: FigureComparison[] = claimed
      ? (Object.keys(recomputed) as (keyof Figures)[]).map((figure) => {
          const a = normalise(claimed[figure] as JsonValue);
          const b = normalise(recomputed[figure] as JsonValue);
          return { figure, claimed: a, recomputed: b, same: JSON.stringify(a) === JSON.stringify(b) };
        })
      : [];
    if (this.header && !claimed) this.problem('figures', 'the answer states no figures');
    for (const figure of figures) if (!figure.same) this.problem('figures', `${figure.figure}: claimed ${JSON.stringify(figure.claimed)}, recomputed ${JSON.stringify(figure.recomputed)}`);
    const checkpoint = this.checkpoint;
    return {
      ok: this.problems.length === 0,
      problems: this.problems,
      checks: this.checks,
      figures,
      breaches: this.header?.breachIds.length ?? 0,
      events: this.events,
      ...(checkpoint ? { treeSize: checkpoint.treeSize, checkpointedAt: checkpoint.checkpointedAt } : {}),
    };
  }
}

const ALERT_EVENT_TYPES: readonly string[] = Object.keys(ALERT_EVENT_SCHEMA_VERSIONS);

/** The trust module's problem kinds, as this verifier names them. */
const TRUST_KINDS: Partial<Record<TrustProblemKind, string>> = {
  'checkpoint-signature': 'signature',
  'checkpoint-origin': 'origin',
  'checkpoint-malformed': 'checkpoint',
  'cosignature-invalid': 'witness',
  'quorum-not-met': 'witness',
  'trusted-malformed': 'trusted-checkpoint',
  'trusted-origin': 'trusted-checkpoint',
  'trusted-signature': 'trusted-checkpoint',
  'trusted-inconsistent': 'trusted-checkpoint',
  'trusted-unknown': 'trusted-checkpoint',
};

/** The tree size a trusted checkpoint states; none when it is malformed (the trust check reports that). */
function treeSizeOf(note: string): number[] {
  try {
    return [parseNote(note).checkpoint.treeSize];
  } catch {
    return [];
  }
}

/** Objects with sorted keys, so figures compare by content. */
function normalise(value: JsonValue): JsonValue {
  if (!isObject(value)) return value ?? null;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The value at a dotted path of the event (`data.awareAt`, `data.corrections.0.to`, `metadata.recordedAt`). */
function valueAt(event: { data: JsonObject; metadata: JsonObject }, path: string): JsonValue | undefined {
  let value: unknown = event;
  for (const part of path.split('.')) {
    if (value === null) return null; // `data.lateReason.code` of a report without a reason
    if (typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value as JsonValue | undefined;
}
