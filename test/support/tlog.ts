import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { checkpointBody, signNote } from '../../src/ledger/checkpoint.js';
import { MerkleTree, leafHash } from '../../src/ledger/merkle.js';

/** A log in memory for witness and trust tests: leaves, a key, signed checkpoints and proofs. */
export class TestLog {
  readonly tree = new MerkleTree();
  readonly key = generateKeyPairSync('ed25519');

  constructor(
    readonly origin = 'log.example/test',
    private readonly seed = 'a',
  ) {}

  grow(count: number): this {
    for (let n = 0; n < count; n += 1) this.tree.append(leafHash(createHash('sha256').update(`${this.seed}-${this.tree.size}`).digest('hex')));
    return this;
  }

  /** A signed checkpoint note of the first `size` leaves (the whole log by default). */
  note(size = this.tree.size, signer: KeyObject = this.key.privateKey, origin = this.origin): string {
    const body = checkpointBody({ origin, treeSize: size, rootHash: this.tree.root(size).toString('base64'), checkpointedAt: '2026-03-01T00:00:00.000Z' });
    return signNote(body, [{ name: origin, privateKey: signer }]);
  }

  proof(oldSize: number, newSize = this.tree.size): Buffer[] {
    return this.tree.consistencyProof(oldSize, newSize);
  }
}
