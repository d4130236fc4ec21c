import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSigningKey, SigningKeyError } from '../../src/ledger/signing-key.js';
import { StreamNotFoundError } from '../../src/event-store/event-store.errors.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { tempDir } from '../support/temp-dir.js';

/** A log without checkpoints: the key file alone decides. */
const emptyLog = {
  readStream: async (streamId: string) => {
    throw new StreamNotFoundError(streamId);
  },
} as unknown as EventStore;

describe('the signing key file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('is read from an absolute path outside the data folder, as a secret made with openssl', async () => {
    const secret = join(dir.path, 'run', 'secrets', 'ledger-signing-key');
    mkdirSync(join(dir.path, 'run', 'secrets'), { recursive: true });
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', secret]);
    const key = await openSigningKey(secret, emptyLog, 'privacy-ledger', { create: false });
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
  });

  it('is never generated where it must be provided (READ_STORE=mongodb): a missing file stops the start', async () => {
    const secret = join(dir.path, 'run', 'secrets', 'ledger-signing-key');
    await expect(openSigningKey(secret, emptyLog, 'privacy-ledger', { create: false })).rejects.toThrow(SigningKeyError);
    await expect(openSigningKey(secret, emptyLog, 'privacy-ledger', { create: false })).rejects.toThrow(/is missing: with READ_STORE=mongodb the key is provided/);
    expect(existsSync(secret)).toBe(false);
  });

  it('is created on first start for the embedded default', async () => {
    const file = join(dir.path, 'data', 'ledger-signing-key.pem');
    await openSigningKey(file, emptyLog, 'privacy-ledger');
    expect(existsSync(file)).toBe(true);
  });
});
