import { afterEach, describe, expect, it } from '@jest/globals';
import type { InstanceIdentity } from '../../src/read-store/instance-identity.port.js';

export interface InstanceIdentityHarness {
  /** Fresh storage for one name (a data folder, or a host's name in the shared database); claims on it. */
  storage(): Promise<() => Promise<InstanceIdentity>>;
}

/** The InstanceIdentity port's contract: every adapter runs exactly these tests. */
export function describeInstanceIdentityConformance(adapter: string, harness: InstanceIdentityHarness): void {
  describe(`InstanceIdentity conformance (${adapter})`, () => {
    const held: InstanceIdentity[] = [];
    afterEach(async () => {
      for (const identity of held.splice(0)) await identity.release();
    });
    const claimer = async () => {
      const claim = await harness.storage();
      return async () => {
        const identity = await claim();
        held.push(identity);
        return identity;
      };
    };

    it('keeps one name across restarts', async () => {
      const claim = await claimer();
      const first = await claim();
      expect(first.claimed).toBe(true);
      await first.release();
      expect(await claim()).toMatchObject({ id: first.id, claimed: true });
    });

    it('gives a second live process a name of its own, for this run only, and the name back once released', async () => {
      const claim = await claimer();
      const first = await claim();
      const second = await claim();
      expect(second.claimed).toBe(false);
      expect(second.id).not.toBe(first.id);
      await first.release();
      expect((await claim()).id).toBe(first.id);
    });

    it('gives distinct storages distinct names', async () => {
      const [one, other] = [await (await claimer())(), await (await claimer())()];
      expect(one.id).not.toBe(other.id);
    });
  });
}
