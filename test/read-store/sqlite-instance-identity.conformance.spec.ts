import { afterAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { SqliteInstanceIdentity } from '../../src/read-store/sqlite/sqlite-instance-identity.js';
import { tempDir } from '../support/temp-dir.js';
import { describeInstanceIdentityConformance } from './instance-identity.conformance.js';

const dir = tempDir();
afterAll(() => dir.remove());
let folders = 0;

describeInstanceIdentityConformance('sqlite', {
  storage: async () => {
    const file = join(dir.path, `folder-${++folders}`, 'data', 'instance.sqlite');
    return async () => SqliteInstanceIdentity.claim(file);
  },
});

describe('the SQLite instance identity', () => {
  it('takes a configured name as it is', () => {
    const identity = SqliteInstanceIdentity.claim(join(dir.path, 'configured', 'instance.sqlite'), 'ledger-a');
    expect(identity).toMatchObject({ id: 'ledger-a', claimed: true });
    identity.release();
  });
});
