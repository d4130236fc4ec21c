import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { Role } from '../../src/auth/roles.js';
import { FixedClock } from '../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The import of an existing breach register over HTTP: dry run, all or nothing, idempotent. */

const HEADER = 'title;description;dienst;aware_at;reportable;rationale;reported_at;ap_reference;late_reason_code;late_reason_explanation;dpo_informed_at;data_subjects_notified_at;data_subjects_notified_count;closed_at;closing_summary';
const ROWS = [
  // Reported late without a reason: only an import may record that.
  'Brief naar buurman;Een beschikking is naar de buren gestuurd.;SZW;2021-03-02T10:00:00+01:00;ja;;2021-03-08T09:00:00+01:00;M-2021-0042;;;2021-03-03T09:00:00+01:00;;;2021-04-01T10:00:00+02:00;Brief teruggehaald.',
  // Not reportable, closed.
  'USB-stick kwijt;Een versleutelde stick is verloren.;OCW;2021-05-10T08:00:00+02:00;nee;Versleuteld: geen risico.;;;;;;;;2021-05-20T10:00:00+02:00;Afgehandeld.',
  // Reported late with a reason, data subjects notified.
  '"Mail; verkeerde ontvanger";"Een mail met\nBSN ging naar de verkeerde.";DSB;2021-11-01T09:00:00+01:00;yes;;2021-11-06T09:00:00+01:00;M-2021-0999;processor-delay;De verwerker meldde het laat.;;2021-11-07T09:00:00+01:00;12;;',
];
const csv = (rows: readonly string[], header = HEADER) => `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;

describe('importing an existing breach register over HTTP', () => {
  let test: TestApp;
  const post = (role: Role, body: string, query = '', contentType = 'text/csv; charset=utf-8') =>
    test.app.inject({ method: 'POST', url: `/imports/breaches${query}`, headers: { authorization: `Bearer ${test.keys[role]}`, 'content-type': contentType }, payload: body });
  const json = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;
  const head = async () => ((await test.as('admin').get('/health')).body.checks as { eventStore: { headPosition: string } }).eventStore.headPosition;

  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock('2022-01-15T09:00:00.000Z') });
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('dry run: lists every refused row with its column and code, and writes nothing', async () => {
    const before = await head();
    const response = await post('privacy-officer', csv([...ROWS, 'Onbekend;Tekst.;XYZ;2021-03-02T10:00:00+01:00;ja;;;;;;;;;;', 'Toekomst;Tekst.;SZW;2023-03-02T10:00:00+01:00;misschien;;;;;;;;;;']), '?dryRun=true');
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({
      kind: 'breaches',
      dryRun: true,
      rows: 5,
      accepted: 3,
      alreadyImported: false,
      refused: [
        { row: 4, column: 'dienst', code: 'unknown-dienst' },
        { row: 5, column: 'reportable', code: 'invalid-value' },
      ],
    });
    expect((json(response).streams as { events: string[] }[]).map((s) => s.events)).toEqual([
      ['BreachDetected', 'BreachAssessed', 'DpoInformed', 'BreachReportedToAP', 'BreachClosed'],
      ['BreachDetected', 'BreachAssessed', 'BreachClosed'],
      ['BreachDetected', 'BreachAssessed', 'BreachReportedToAP', 'DataSubjectsNotified'],
    ]);
    expect(await head()).toBe(before);
  });

  it('refuses the whole file when one row is refused (422 import-refused), writing nothing', async () => {
    const before = await head();
    const response = await post('privacy-officer', csv([...ROWS, 'Toekomst;Tekst.;SZW;2023-03-02T10:00:00+01:00;ja;;;;;;;;;;']));
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(response)).toMatchObject({ code: 'import-refused', rows: 4, refused: [{ row: 4, column: 'aware_at', code: 'time-in-future' }] });
    expect(await head()).toBe(before);
  });

  let imported: Record<string, unknown>;
  it('imports every row at once, each event marked source: import with the file hash and its row, by the caller', async () => {
    const file = csv(ROWS);
    const response = await post('cpo', file);
    expect(response.statusCode).toBe(201);
    imported = json(response);
    const fileHash = `sha256:${createHash('sha256').update(Buffer.from(file, 'utf8')).digest('hex')}`;
    expect(imported).toMatchObject({ kind: 'breaches', fileHash, rows: 3, events: 12, replayed: false });
    const created = imported.created as { row: number; id: string; streamId: string }[];
    expect(created.map((c) => c.row)).toEqual([1, 2, 3]);
    const events = (await test.as('auditor').get(`/breaches/${created[0]?.id}/events`)).body.events as { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[];
    expect(events.map((e) => e.type)).toEqual(['BreachDetected', 'BreachAssessed', 'DpoInformed', 'BreachReportedToAP', 'BreachClosed']);
    for (const event of events) {
      expect(event.metadata).toMatchObject({ actor: { id: test.actors.cpo, role: 'cpo' }, extensions: { source: 'import', file: fileHash, row: 1 } });
    }
    // Personal fields are encrypted exactly as the commands encrypt them.
    expect(events[0]?.data.title).toMatchObject({ $enc: 'A256GCM', kid: created[0]?.id });
    expect((await test.as('auditor').get('/audit/verification')).body).toMatchObject({ ok: true });
  });

  it('shows the imported breaches in the register and the annual report, late without a reason where the register had none', async () => {
    const position = imported.lastPosition as string;
    const created = imported.created as { id: string }[];
    const timeline = await test.as('privacy-officer').get(`/breaches/${created[0]?.id}?minPosition=${position}`);
    expect(timeline.status).toBe(200);
    const list = (await test.as('privacy-officer').get(`/breaches?year=2021&minPosition=${position}`)).body as { items?: unknown[]; breaches?: unknown[] };
    const rows = (list.items ?? list.breaches ?? []) as { breachId: string; imported: boolean; title: string }[];
    expect(rows.filter((row) => created.some((c) => c.id === row.breachId)).map((row) => [row.imported, typeof row.title])).toEqual([
      [true, 'string'],
      [true, 'string'],
      [true, 'string'],
    ]);
    const annual = (await test.as('dpo').get(`/reports/annual/2021?minPosition=${position}`)).body as { total: Record<string, unknown> };
    expect(annual.total).toMatchObject({ registered: 3, reported: 2, reportedLate: 2, lateWithoutReason: 1, notReportable: 1, imported: 3 });
  });

  it('answers a second post of the same file with the first import (200, replayed), writing nothing', async () => {
    const before = await head();
    const again = await post('privacy-officer', csv(ROWS));
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toMatchObject({ importId: imported.importId, created: imported.created, lastPosition: imported.lastPosition, replayed: true });
    expect(await head()).toBe(before);
    expect(json(await post('privacy-officer', csv(ROWS), '?dryRun=true'))).toMatchObject({ alreadyImported: true });
  });

  it('lets privacy officers and the CPO import, nobody else', async () => {
    for (const role of ['dpo', 'auditor', 'app', 'admin', 'supervisory-authority'] as const) {
      expect([role, (await post(role, csv(ROWS), '?dryRun=true')).statusCode]).toEqual([role, 403]);
    }
  });

  it.each([
    ['JSON instead of CSV', '{"title":"x"}', 'application/json', 415, 'unsupported-media-type'],
    ['a charset other than UTF-8', csv(ROWS), 'text/csv; charset=windows-1252', 415, 'unsupported-media-type'],
    ['an empty body', '', 'text/csv', 400, 'empty-body'],
    ['unknown columns', 'title,colour\nA,red\n', 'text/csv', 400, 'csv-unknown-columns'],
    ['missing columns', 'title\nA\n', 'text/csv', 400, 'csv-missing-columns'],
  ])('refuses %s with problem+json, never a 500', async (_, body, contentType, status, code) => {
    const response = await post('privacy-officer', body, '?dryRun=true', contentType);
    expect([response.statusCode, json(response).code]).toEqual([status, code]);
  });

  it('refuses an unknown query parameter or dryRun value', async () => {
    expect((await post('privacy-officer', csv(ROWS), '?dryRun=maybe')).statusCode).toBe(400);
  });

  it('refuses a file over the body limit with 413', async () => {
    const big = csv(Array.from({ length: 20_000 }, (_, i) => `Titel ${i};${'x'.repeat(40)};SZW;2021-03-02T10:00:00+01:00;nee;r;;;;;;;;;`));
    expect((await post('privacy-officer', big, '?dryRun=true')).statusCode).toBe(413);
  });
});

describe('importing an existing register of processing activities over HTTP', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock('2026-06-01T12:00:00.000Z') });
  });
  afterAll(async () => {
    await test.dispose();
  });
  const post = (role: Role, body: string, query = '') =>
    test.app.inject({ method: 'POST', url: `/imports/processing-activities${query}`, headers: { authorization: `Bearer ${test.keys[role]}`, 'content-type': 'text/csv' }, payload: body });
  const FILE = [
    'name,dienst,purposes,retention,dpia_needed,personal_data_categories,owner_kind,owner_name,owner_reason',
    'Parking permits,DSB,Issuing permits:public-task,Two years after the permit ends,no,Name|Address|Licence plate,ad,AD DSB,',
    'Archive,BSD,Keeping records|Research:,Permanent,yes,Name,,,',
  ].join('\n');

  it('registers each row, an incomplete one with its gaps recorded as missing, and a second post changes nothing', async () => {
    const dry = await post('privacy-officer', FILE, '?dryRun=true');
    expect(JSON.parse(dry.body)).toMatchObject({ kind: 'processing-activities', rows: 2, accepted: 2, refused: [] });
    const response = await post('privacy-officer', FILE);
    expect(response.statusCode).toBe(201);
    const result = JSON.parse(response.body) as { created: { id: string; streamId: string }[]; fileHash: string; lastPosition: string };
    const events = (await test.as('auditor').get(`/audit/streams/${result.created[1]?.streamId}`)).body.events as { type: string; schemaVersion: number; data: Record<string, unknown>; metadata: Record<string, unknown> }[];
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ProcessingActivityRegistered',
        schemaVersion: 2,
        data: expect.objectContaining({ owner: null, purposes: [{ purpose: 'Keeping records', legalBasis: null }, { purpose: 'Research', legalBasis: null }] }),
        metadata: expect.objectContaining({ actor: { id: test.actors['privacy-officer'], role: 'privacy-officer' }, extensions: { source: 'import', file: result.fileHash, row: 2 } }),
      }),
    ]);
    // The imported record is a registered activity like any other: the commands work on it.
    const amended = await test.as('cpo').post(`/processing-activities/${result.created[1]?.id}/amendments`, { changes: { owner: { kind: 'ad', name: 'AD BSD', reason: null } }, reason: 'The AD was named.', amendedAt: '2026-06-01T12:01:00Z' });
    expect(amended.status).toBe(201);
    const again = await post('cpo', FILE);
    expect([again.statusCode, (JSON.parse(again.body) as { lastPosition: string }).lastPosition]).toEqual([200, result.lastPosition]);
    expect((await post('dpo', FILE)).statusCode).toBe(403);
  });

  it('refuses the whole register when one row breaks a rule', async () => {
    const response = await post('cpo', `${FILE.replace('Archive', 'Archief')}\nBroken,DSB,P:nonsense,R,no,,,,\n`);
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'import-refused', refused: [{ row: 3, column: 'purposes', code: 'unknown-legal-basis' }] });
  });
});
