import { afterAll, describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FileFingerprintKey } from '../../src/http/file/file-fingerprint-key.js';
import type { FingerprintKeyStore } from '../../src/http/fingerprint-key.port.js';
import { tempDir } from '../support/temp-dir.js';
import { describeFingerprintKeyConformance } from './fingerprint-key.conformance.js';

const dir = tempDir();
afterAll(() => dir.remove());
const files = new WeakMap<FingerprintKeyStore, string>();
let opened = 0;

function at(file: string): FingerprintKeyStore {
  const store = new FileFingerprintKey(file);
  files.set(store, file);
  return store;
}

describeFingerprintKeyConformance('file', {
  open: async () => at(join(dir.path, `installation-${++opened}`, 'request-fingerprint.key')),
  another: async (store) => at(files.get(store) as string),
});

describe('the file of the request-fingerprint secret', () => {
  it('is readable by its owner only', async () => {
    const file = join(dir.path, 'mode', 'request-fingerprint.key');
    await new FileFingerprintKey(file).load();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
