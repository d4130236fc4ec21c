import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exampleBreachRegister, exampleProcessingRegister } from '../support/example-registers.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const EXAMPLES = [
  { file: 'datalekken-2021.csv', kind: 'breaches', make: exampleBreachRegister, rows: 255 },
  { file: 'verwerkingsregister.csv', kind: 'processing-activities', make: exampleProcessingRegister, rows: 25 },
] as const;
const path = (file: string) => fileURLToPath(new URL(`../../docs/examples/${file}`, import.meta.url));

/** The example registers the README imports (docs/examples/) are what the generator makes, and the service takes every row. */
describe('the example registers in docs/examples', () => {
  let service: TestApp;
  beforeAll(async () => {
    if (process.env.WRITE_EXAMPLES === '1') for (const { file, make } of EXAMPLES) writeFileSync(path(file), make());
    service = await startTestApp();
  });
  afterAll(async () => service.dispose());

  it.each(EXAMPLES)('$file is the generator\'s output, and a dry run refuses none of its $rows rows', async ({ file, kind, make, rows }) => {
    const text = readFileSync(path(file), 'utf8');
    expect(text).toBe(make());
    const answer = await service.app.inject({ method: 'POST', url: `/imports/${kind}?dryRun=true`, headers: { authorization: `Bearer ${service.keys['privacy-officer']}`, 'content-type': 'text/csv' }, payload: text });
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ kind, dryRun: true, rows, accepted: rows, refused: [] });
  });

  it('gives the annual report of 2021 the shape of the FG\'s figures once imported: 255 registered, 50 reported, 44 late', async () => {
    const imported = await service.app.inject({ method: 'POST', url: '/imports/breaches', headers: { authorization: `Bearer ${service.keys['privacy-officer']}`, 'content-type': 'text/csv' }, payload: readFileSync(path('datalekken-2021.csv')) });
    expect(imported.statusCode).toBe(201);
    const { lastPosition } = JSON.parse(imported.body) as { lastPosition: string };
    // On a loaded machine the projections may take longer than READ_WAIT_TIMEOUT_MS (503 projection-behind): ask again.
    const report = await eventually(() => service.as('privacy-officer').get(`/reports/annual/2021?minPosition=${lastPosition}`), (answer) => answer.status === 200, 90_000);
    expect(report.body.total).toMatchObject({ registered: 255, reported: 50, reportedLate: 44, lateWithoutReason: 6, imported: 255 });
  }, 120_000);
});
