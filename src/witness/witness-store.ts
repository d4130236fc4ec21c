import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { COSIGNATURE_V1, ED25519, MalformedNoteError, checkName, parseVerifierKey, publicKeyFromText, splitNote, verifierKeyText } from '../ledger/checkpoint.js';
import { parseTreeHead, type TreeHead } from '../ledger/open-checkpoint.js';

/**
 * A witness's folder: its identity (name and Ed25519 key) and, per log origin, the log keys
 * it was configured with and the latest checkpoint it cosigned. Every write is a temp file,
 * fsync, rename and a fsync of the folder, so a crash leaves the old state or the new one,
 * never half of either; changes to one log are serialised within and across processes.
 *
 *   witness.json          {"name": …}
 *   witness-key.pem       PKCS#8, mode 0600
 *   logs/<sha256(origin)>.json   {"origin": …, "keys": [verifier key or PEM …], "checkpoint"?: <signed note>}
 */

export interface LogKey {
  readonly name: string;
  readonly publicKey: KeyObject;
}

export interface LogRecord {
  readonly origin: string;
  /** As configured: signed-note verifier keys (type 0x01) or PEM (named by the origin). */
  readonly keys: readonly string[];
  /** The latest checkpoint this witness cosigned, as received. */
  readonly checkpoint?: string;
}

export class WitnessStoreError extends Error {
  readonly code = 'witness-store';
}

const LOCK_WAIT_MS = 10_000;

/** A log key from its configured text; a PEM key signs under the log's origin (tlog-checkpoint). */
export function logKeyOf(origin: string, text: string): LogKey {
  if (text.trim().startsWith('-----BEGIN')) return { name: origin, publicKey: publicKeyFromText(text) };
  const key = parseVerifierKey(text);
  if (key.type !== ED25519) throw new MalformedNoteError('a log key is an Ed25519 (type 0x01) verifier key or PEM');
  return key;
}

export class WitnessStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {}

  /** Creates the folder's identity; refuses to replace an existing key (its cosignatures would no longer verify). */
  static init(dir: string, name: string): { name: string; verifierKey: string } {
    checkName(name);
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeDurably(join(dir, 'witness-key.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { exclusive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new WitnessStoreError(`${dir} already holds a witness key: init refuses to replace it`);
      throw error;
    }
    writeDurably(join(dir, 'witness.json'), `${JSON.stringify({ name })}\n`);
    return { name, verifierKey: verifierKeyText(name, privateKey, COSIGNATURE_V1) };
  }

  identity(): { name: string; privateKey: KeyObject; publicKey: KeyObject; verifierKey: string } {
    let name: unknown;
    let privateKey: KeyObject;
    try {
      name = (JSON.parse(readFileSync(join(this.dir, 'witness.json'), 'utf8')) as { name?: unknown }).name;
      privateKey = createPrivateKey(readFileSync(join(this.dir, 'witness-key.pem')));
    } catch (error) {
      throw new WitnessStoreError(`${this.dir} is not a witness folder (run \`privacy-ledger witness init\`): ${(error as Error).message}`);
    }
    if (typeof name !== 'string' || privateKey.asymmetricKeyType !== 'ed25519') throw new WitnessStoreError(`${this.dir}: witness.json or witness-key.pem is not what init wrote`);
    return { name, privateKey, publicKey: createPublicKey(privateKey), verifierKey: verifierKeyText(name, privateKey, COSIGNATURE_V1) };
  }

  /** Adds a key for a log (creating its record); the latest cosigned checkpoint is kept. */
  async addLog(origin: string, keyText: string): Promise<void> {
    if (origin === '' || origin.includes('\n')) throw new WitnessStoreError('an origin is one non-empty line');
    logKeyOf(origin, keyText);
    await this.exclusive(origin, () => {
      const record = this.log(origin) ?? { origin, keys: [] };
      if (record.keys.includes(keyText.trim())) return;
      this.write({ ...record, keys: [...record.keys, keyText.trim()] });
    });
  }

  log(origin: string): LogRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.file(origin), 'utf8')) as LogRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  origins(): string[] {
    return readdirSync(join(this.dir, 'logs'))
      .filter((file) => file.endsWith('.json'))
      .map((file) => (JSON.parse(readFileSync(join(this.dir, 'logs', file), 'utf8')) as LogRecord).origin);
  }

  /** The configured keys and the latest cosigned tree head of a log, undefined when not configured. */
  config(origin: string): { keys: LogKey[]; latest?: TreeHead } | undefined {
    const record = this.log(origin);
    if (!record) return undefined;
    const keys = record.keys.map((text) => logKeyOf(origin, text));
    return record.checkpoint ? { keys, latest: parseTreeHead(splitNote(record.checkpoint).body) } : { keys };
  }

  saveCheckpoint(origin: string, note: string): void {
    const record = this.log(origin);
    if (!record) throw new WitnessStoreError(`no log ${origin}`);
    this.write({ ...record, checkpoint: note });
  }

  /**
   * Runs `work` holding the log's lock: a queue within this process, and a lock file across
   * processes (a one-shot `witness add-checkpoint` beside `witness serve`). tlog-witness:
   * "checking the old size against the latest checkpoint and persisting the new checkpoint
   * must be performed atomically".
   */
  async exclusive<T>(origin: string, work: () => T | Promise<T>): Promise<T> {
    const previous = this.queues.get(origin) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const release = await this.lockFile(origin);
      try {
        return await work();
      } finally {
        release();
      }
    });
    this.queues.set(origin, run);
    return run;
  }

  private async lockFile(origin: string): Promise<() => void> {
    const lock = `${this.file(origin)}.lock`;
    for (const deadline = Date.now() + LOCK_WAIT_MS; ; ) {
      try {
        const fd = openSync(lock, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => rmSync(lock, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (holderIsGone(lock)) rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new WitnessStoreError(`${lock} is held by another process`);
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private file(origin: string): string {
    return join(this.dir, 'logs', `${createHash('sha256').update(origin, 'utf8').digest('hex')}.json`);
  }

  private write(record: LogRecord): void {
    mkdirSync(join(this.dir, 'logs'), { recursive: true });
    writeDurably(this.file(record.origin), `${JSON.stringify(record, null, 2)}\n`);
  }
}

/** A lock left by a process that no longer runs (killed mid-request) is stale. */
function holderIsGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false; // being written or just removed: look again
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function writeSynced(file: string, text: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Temp file, fsync, rename over the target, fsync the folder: the target is old or new, never torn. */
export function writeDurably(file: string, text: string, options: { exclusive?: boolean } = {}): void {
  if (options.exclusive) return writeSynced(file, text);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeSynced(temp, text);
  renameSync(temp, file);
  const folder = openSync(join(file, '..'), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}
