import type { KeyObject } from 'node:crypto';
import { NotFoundError } from '../shared/domain-error.js';
import { COSIGNATURE_V1, ED25519, keyIdOf, parseNote, publicKeyFromText, verifierKeyText } from './checkpoint.js';
import { SERVICE_ACTOR, type CheckpointLog, type RecordedCheckpoint } from './checkpoint-log.js';
import { checkCountersignature } from './cosignature.js';
import type { LedgerTree } from './ledger-tree.js';
import type { WitnessPush } from './witness-push.js';

export class CosignatureError extends Error {
  readonly code = 'cosignature-invalid';
}

/**
 * Cosignatures of the recorded checkpoints: those the configured witnesses give when a
 * checkpoint is pushed to them, and those an outside party sends in, each recorded once it
 * verifies over its checkpoint.
 */
export class LedgerCosigning {
  private witnessing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly checkpoints: CheckpointLog,
    private readonly tree: LedgerTree,
  ) {}

  /**
   * Sends a recorded checkpoint to the witnesses: the returned note carries every cosignature
   * they gave at that moment (each also recorded as LedgerCheckpointCosigned). A witness that
   * is down or refuses is logged and left out; the checkpoint stands without it. One
   * checkpoint at a time goes to the witnesses, so two never race from the same old size.
   */
  async witness(recorded: RecordedCheckpoint, push: WitnessPush): Promise<RecordedCheckpoint> {
    const run = this.witnessing.catch(() => undefined).then(async () => {
      const last = await this.witnessSizes();
      const { treeSize } = recorded;
      const cosignatures = await push.collect(recorded.note, (name) => last.get(name) ?? 0, (old) => (old <= treeSize ? this.tree.consistencyProof(old, treeSize) : undefined));
      let result = recorded;
      for (const { name, line } of cosignatures) {
        const witness = push.witnesses.find((w) => w.name === name) as { publicKey: KeyObject };
        await this.checkpoints.recordCosignature(treeSize, { name, line, publicKey: verifierKeyText(name, witness.publicKey, COSIGNATURE_V1), signatureType: 'cosignature/v1' }, SERVICE_ACTOR);
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
    for (const checkpoint of await this.checkpoints.all()) {
      for (const name of checkpoint.cosigners) sizes.set(name, Math.max(sizes.get(name) ?? 0, checkpoint.treeSize));
    }
    return sizes;
  }

  /**
   * Records a countersignature by an outside party, once it verifies over the checkpoint: an
   * Ed25519 note signature (0x01) of the body, or a C2SP cosignature/v1 (0x04), told apart by
   * the key ID of the line.
   */
  async cosign(treeSize: number, input: { name: string; publicKey: string; line: string }, actor: { id: string; role: string }): Promise<RecordedCheckpoint> {
    const recorded = (await this.checkpoints.all()).find((checkpoint) => checkpoint.treeSize === treeSize);
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
    await this.checkpoints.recordCosignature(treeSize, { name: input.name, publicKey: keyText, line, signatureType: kind }, actor);
    return { ...recorded, note: `${recorded.note}${line}`, cosigners: [...recorded.cosigners, input.name] };
  }
}
