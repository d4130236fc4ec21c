import type { KeyObject } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { checkpointBody, signNote, verifierKeyText, verifyNoteSignature, type Checkpoint, type SignedText } from './checkpoint.js';

/** The log's signing key: checkpoints signed as C2SP signed notes under the log's origin, and checked against it. */
export class LedgerSigner {
  constructor(
    /** The log's origin: the key name of its signatures. */
    readonly origin: string,
    private readonly key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject },
    private readonly clock: Clock,
  ) {}

  /** The log's public key, which witnesses and verifiers pin. */
  get logKey(): KeyObject {
    return this.key.publicKey;
  }

  publicKey(): { pem: string; verifierKey: string; name: string } {
    return { pem: this.key.publicKey.export({ format: 'pem', type: 'spki' }).toString(), verifierKey: verifierKeyText(this.origin, this.key.publicKey), name: this.origin };
  }

  /** A signed note over the checkpoint of `treeSize` leaves with that root (base64), checkpointed now. */
  sign(treeSize: number, rootHash: string): string {
    const checkpoint: Checkpoint = { origin: this.origin, treeSize, rootHash, checkpointedAt: this.clock.now().toISOString() };
    return signNote(checkpointBody(checkpoint), [{ name: this.origin, privateKey: this.key.privateKey }]);
  }

  /** Whether the log's key signed the note. */
  signed(note: SignedText): boolean {
    return verifyNoteSignature(note, { name: this.origin, publicKey: this.key.publicKey });
  }
}
