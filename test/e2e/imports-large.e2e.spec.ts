import { afterEach, describe, expect, it } from '@jest/globals';
import { MAX_ROWS } from '../../src/imports/csv-table.js';
import { FixedClock } from '../../src/shared/clock.js';
import { realisticBreachCsv as csv } from '../support/realistic-import.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A breach import of the most rows the README allows, over a real socket, while the service must stay responsive. */

describe('a large import', () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  async function listening(env: NodeJS.ProcessEnv = {}): Promise<{ url: string; key: string }> {
    test = await startTestApp({ clock: new FixedClock('2022-01-15T09:00:00.000Z'), env });
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    return { url: await test.app.getUrl(), key: test.keys['privacy-officer'] };
  }
  const post = (url: string, key: string, body: string, query = '') =>
    fetch(`${url}/imports/breaches${query}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv; charset=utf-8' }, body });

  it(`takes ${MAX_ROWS} realistic rows within the default body limit, and answers the live probe meanwhile`, async () => {
    const { url, key } = await listening();
    const body = csv(MAX_ROWS);
    let importing = true;
    const latencies: number[] = [];
    const probe = (async () => {
      while (importing) {
        const started = performance.now();
        const live = await fetch(`${url}/health/live`);
        expect(live.status).toBe(200);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const response = await post(url, key, body);
    importing = false;
    await probe;
    const answer = (await response.json()) as { rows: number };
    expect([response.status, answer.rows]).toEqual([201, MAX_ROWS]);
    expect(latencies.length).toBeGreaterThan(5);
    // Generous: a blocked event loop shows as seconds; a responsive one as a few ms.
    expect(Math.max(...latencies)).toBeLessThan(1000);
  }, 300_000);

  it('refuses a body over the import limit with problem+json naming the limit in bytes', async () => {
    const { url, key } = await listening({ IMPORT_BODY_LIMIT_BYTES: '4096' });
    const response = await post(url, key, csv(100), '?dryRun=true');
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 413, code: 'payload-too-large', limitBytes: 4096 });
    expect(problem.detail).toMatch(/4096 bytes/);
  });
});
