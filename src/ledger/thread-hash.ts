/**
 * How the ledger's threads hash 33- and 65-byte inputs (a Merkle leaf, a node), as program text
 * for their sources. crypto.hash asked for a Buffer allocates a backing store for every digest,
 * which costs about four times the hash itself on inputs this small (2.0 against 0.5 µs a
 * digest on this machine, Node 20 and 24 alike); asked for a latin1 string (one character a
 * byte, exactly), the digest is an ordinary short string, written into its place in a buffer the
 * thread already holds, or into a Buffer from Node's shared pool where a Buffer is kept.
 */

/** Writes sha256(bytes) into `target` at `at` (32 bytes). */
export type Sha256Into = (bytes: Buffer, target: Buffer, at: number) => void;

/** Defines `sha256Into` (a Sha256Into) in a thread's program; `hash` is node:crypto's. */
export const SHA256_INTO_SOURCE = "const sha256Into = (bytes, target, at) => { target.write(hash('sha256', bytes, 'latin1'), at, 32, 'latin1'); };";

/**
 * Defines `sha256` (bytes to a 32-byte Buffer) in a thread's program: a Buffer from the shared
 * pool, for digests kept only until they are copied into a larger buffer (a slice keeps its
 * whole 8 KiB pool alive while it lives).
 */
export const SHA256_POOLED_SOURCE = "const sha256 = (bytes) => Buffer.from(hash('sha256', bytes, 'latin1'), 'latin1');";
