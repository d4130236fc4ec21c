import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('scheduled checkpoints', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ env: { CHECKPOINT_INTERVAL_SECONDS: '1' } });
  });
  afterAll(async () => {
    await test.dispose();
  });

  const checkpoints = async () => ((await test.as('auditor').get('/audit/checkpoints')).body.checkpoints as { treeSize: number }[]).map((c) => c.treeSize);
  const until = async (done: () => Promise<boolean>) => {
    for (let attempt = 0; attempt < 60 && !(await done()); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  };

  it('signs a checkpoint on schedule once the log has grown, and none while it has not', async () => {
    await test.as('privacy-officer').register();
    await until(async () => (await checkpoints()).length > 0);
    expect(await checkpoints()).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await checkpoints()).toEqual([1]); // only the checkpoint event itself was added since
    await test.as('privacy-officer').register();
    await until(async () => (await checkpoints()).length > 1);
    expect(await checkpoints()).toEqual([1, 3]);
  });
});
