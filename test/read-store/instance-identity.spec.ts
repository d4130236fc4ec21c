import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { InstanceIdentity } from '../../src/read-store/instance-identity.js';
import { tempDir } from '../support/temp-dir.js';

describe('instance identity', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const held: InstanceIdentity[] = [];
  afterEach(() => {
    held.splice(0).forEach((identity) => identity.release());
    dirs.splice(0).forEach((dir) => dir.remove());
  });
  const claim = (file: string, configured?: string) => {
    const identity = InstanceIdentity.claim(file, configured);
    held.push(identity);
    return identity;
  };
  const folder = () => {
    const dir = tempDir();
    dirs.push(dir);
    return join(dir.path, 'data', 'instance.sqlite');
  };

  it('keeps one name for the data folder across restarts', () => {
    const file = folder();
    const first = claim(file);
    first.release();
    const again = claim(file);
    expect(again).toMatchObject({ id: first.id, claimed: true });
  });

  it('gives a second live process on the same folder a name of its own, for this run only', () => {
    const file = folder();
    const first = claim(file);
    const second = claim(file);
    expect(second.claimed).toBe(false);
    expect(second.id).not.toBe(first.id);
    first.release();
    expect(claim(file).id).toBe(first.id);
  });

  it('takes a configured name as it is', () => {
    expect(claim(folder(), 'ledger-a')).toMatchObject({ id: 'ledger-a', claimed: true });
  });
});
