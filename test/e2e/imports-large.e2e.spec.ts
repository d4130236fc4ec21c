import { afterEach, describe, expect, it } from '@jest/globals';
import { MAX_ROWS } from '../../src/imports/csv-table.js';
import { FixedClock } from '../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A breach import of the most rows the README allows, over a real socket, while the service must stay responsive. */

const HEADER = 'title;description;dienst;aware_at;reportable;rationale;registered_at;dpo_informed_at;dpo_informed_by;closed_at;closing_summary';

/** A row as an old register would hold it: a title, a paragraph, times, a closure. */
function row(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  return [
    `Brief ${i} over een aanvraag bijzondere bijstand naar een verkeerd adres gestuurd`,
    `Een beschikking (dossier ${i}) met naam, adres en inkomensgegevens van de aanvrager is naar een ander adres in dezelfde straat gestuurd. De ontvanger belde het klantcontactcentrum en heeft de brief teruggestuurd.`,
    'SZW',
    `2021-${month}-${day}T10:00:00+01:00`,
    'nee',
    'De ontvanger heeft de brief ongeopend teruggestuurd, dus geen risico voor de betrokkene.',
    `2021-${month}-${day}T12:00:00+01:00`,
    `2021-${month}-${day}T13:00:00+01:00`,
    'Privacy officer SZW',
    `2021-${month}-${day}T16:00:00+01:00`,
    'Brief teruggehaald en de adresregistratie gecorrigeerd.',
  ].join(';');
}
const csv = (rows: number) => `${[HEADER, ...Array.from({ length: rows }, (_, i) => row(i + 1))].join('\r\n')}\r\n`;

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
  }, 120_000);

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
