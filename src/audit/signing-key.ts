import { generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStore, StoredEvent } from '../event-store/event-store.port.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import { parseNote, verifyNoteSignature } from './checkpoint.js';
import { CHECKPOINT_STREAM } from './ledger.js';

/** The service's Ed25519 signing key: created on first start (mode 0600), then read. */
export function loadSigningKey(file: string): { privateKey: KeyObject; publicKey: KeyObject } {
  try {
    const privateKey = createPrivateKey(readFileSync(file));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} does not hold an Ed25519 private key`);
    return { privateKey, publicKey: createPublicKey(privateKey) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx': never overwrite a key another process created meanwhile.
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    return loadSigningKey(file);
  }
}

export class SigningKeyError extends Error {
  readonly code = 'signing-key-mismatch';
}

/**
 * The signing key, checked against the log before the service starts. A key is created only
 * for a log that has no checkpoints yet: a new key beside recorded checkpoints would sign a
 * second, unrelated history (the silent key swap an insider could hide behind), so a missing
 * key file stops the service, and so does a key that did not sign the newest checkpoint.
 */
export async function openSigningKey(file: string, events: EventStore, origin: string): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  const newest = await newestCheckpointNote(events);
  if (newest !== undefined && !existsSync(file)) {
    throw new SigningKeyError(`SIGNING_KEY_FILE ${file} is missing, but ledger-checkpoints holds checkpoints signed with a key: restore that key file (a new key would not continue the signed history); no key is generated`);
  }
  const key = loadSigningKey(file);
  if (newest !== undefined && !verifyNoteSignature(parseNote(newest), { name: origin, publicKey: key.publicKey })) {
    throw new SigningKeyError(`SIGNING_KEY_FILE ${file} holds a key that did not sign the newest recorded checkpoint (of ${origin}): restore the key that did`);
  }
  return key;
}

/** The note of the newest LedgerCheckpointed event, read backwards a page at a time. */
async function newestCheckpointNote(events: EventStore): Promise<string | undefined> {
  for (let from: number | undefined; ; ) {
    let page: readonly StoredEvent[];
    try {
      page = await events.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 100, ...(from !== undefined ? { fromRevision: from } : {}) });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    const found = page.find((event) => event.type === 'LedgerCheckpointed');
    if (found) return (found.data as { note: string }).note;
    const last = page.at(-1);
    if (!last || last.revision === 0) return undefined;
    from = last.revision - 1;
  }
}
