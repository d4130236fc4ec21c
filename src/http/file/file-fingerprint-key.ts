import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FingerprintKeyStore } from '../fingerprint-key.port.js';

/** The embedded default: a file of the data folder (mode 0600), created on first use. */
export class FileFingerprintKey implements FingerprintKeyStore {
  constructor(private readonly file: string) {}

  async load(): Promise<Buffer> {
    try {
      return readFileSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(this.file), { recursive: true });
      try {
        // 'wx': never overwrite a key another process created meanwhile; read that one instead.
        writeFileSync(this.file, randomBytes(32), { mode: 0o600, flag: 'wx' });
      } catch (raced) {
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      }
      return readFileSync(this.file);
    }
  }

  async close(): Promise<void> {}
}
