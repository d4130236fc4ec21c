import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/config.js';
import { parseVerifierKey } from './checkpoint.js';
import type { TrustPins } from './witnessed.js';

export const TRUST_PINS = Symbol('TrustPins');

/**
 * The service's own pins for GET /audit/verification: the configured witnesses' keys and
 * quorum, and every file in TRUSTED_CHECKPOINTS_DIR, read afresh at each verification so an
 * auditor can drop a saved checkpoint there without a restart.
 */
export function trustPinsFrom(config: Pick<LedgerConfig, 'witnesses' | 'witnessQuorum' | 'trustedCheckpointsDir'>): TrustPins {
  const dir = config.trustedCheckpointsDir;
  const trusted = dir
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => readFileSync(join(dir, entry.name), 'utf8'))
    : [];
  return {
    witnesses: config.witnesses.map((witness) => ({ name: witness.name, publicKey: parseVerifierKey(witness.verifierKey).publicKey })),
    ...(config.witnessQuorum !== undefined ? { quorum: config.witnessQuorum } : {}),
    trusted,
  };
}
