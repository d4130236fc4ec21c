import type { EventStore, StoredEvent } from '../event-store/event-store.port.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import type { Checkpoint } from './checkpoint.js';
import type { SignatureKind } from './cosignature.js';

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

/** A cosignature as recorded: who, the note's signature line, the cosigner's verifier key, and its kind. */
export interface RecordedCosignature {
  readonly name: string;
  readonly publicKey: string;
  readonly line: string;
  readonly signatureType: SignatureKind;
}

type Actor = { id: string; role: string };

/**
 * The checkpoints as events in `ledger-checkpoints`: each signed checkpoint
 * (LedgerCheckpointed) and each cosignature of one (LedgerCheckpointCosigned), and every
 * checkpoint read back with the cosignatures recorded since.
 */
export class CheckpointLog {
  constructor(private readonly events: EventStore) {}

  /** Records a signed checkpoint; no cosigner yet. */
  async record(checkpoint: Checkpoint, note: string, actor: Actor): Promise<RecordedCheckpoint> {
    const result = await this.events.append(
      CHECKPOINT_STREAM,
      [{ type: 'LedgerCheckpointed', data: { ...checkpoint, note }, metadata: { actor, commandId: `checkpoint-${checkpoint.treeSize}-${checkpoint.checkpointedAt}`, correlationId: 'ledger', causationId: 'ledger' } }],
      { expectedRevision: 'any' },
    );
    const [event] = result.events as [StoredEvent];
    return { ...checkpoint, note, cosigners: [], event: { position: event.position.toString(), revision: event.revision } };
  }

  async recordCosignature(treeSize: number, data: RecordedCosignature, actor: Actor): Promise<void> {
    await this.events.append(
      CHECKPOINT_STREAM,
      [{ type: 'LedgerCheckpointCosigned', data: { treeSize, ...data }, metadata: { actor, commandId: `cosign-${treeSize}-${data.name}`, correlationId: 'ledger', causationId: 'ledger' } }],
      { expectedRevision: 'any' },
    );
  }

  /** Every recorded checkpoint, one per tree size, with its cosignatures. */
  async all(): Promise<RecordedCheckpoint[]> {
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
}
