import { MerkleTree } from '../../src/ledger/merkle.js';

/**
 * RFC 9162 over a whole array of leaf hashes at once, through `MerkleTree`: what the specs
 * compare with the test vectors and with a naive transcription of the RFC. The service keeps
 * one tree and asks it for roots and proofs at any size.
 */
function treeOf(leaves: readonly Buffer[]): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leaf);
  return tree;
}

/** MTH(D[n]) (RFC 9162 §2.1.1); the empty tree's root is HASH() = sha256(""). */
export function rootHash(leaves: readonly Buffer[]): Buffer {
  return treeOf(leaves).root();
}

/** PATH(index, D[n]) (RFC 9162 §2.1.3.1). */
export function inclusionProof(leaves: readonly Buffer[], index: number): Buffer[] {
  return treeOf(leaves).inclusionProof(index);
}

/** PROOF(oldSize, D[n]) (RFC 9162 §2.1.4.1). */
export function consistencyProof(leaves: readonly Buffer[], oldSize: number): Buffer[] {
  return treeOf(leaves).consistencyProof(oldSize);
}
