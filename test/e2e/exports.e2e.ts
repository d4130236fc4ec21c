import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { EXPORT_PAGE_SIZE } from '../../src/exports/streamed-rows.js';
import { FixedClock } from '../../src/shared/clock.js';
import { auditBody } from '../support/audit-requests.js';
import { registrationBody } from '../support/breach-requests.js';
import { activityBody } from '../support/register-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The views as CSV, XLSX and PDF and their Dutch and English labels, over HTTP. */
describe('exports of the views over HTTP', () => {
  const clock = new FixedClock('2026-03-10T12:00:00.000Z');
  let test: TestApp;
  let head = '0';
  const ids: Record<string, string> = {};
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  /** A raw GET: the bytes and headers, whatever the content type. */
  const raw = async (url: string, headers: Record<string, string> = {}, role: 'privacy-officer' | 'dpo' = 'dpo') => {
    const response = await test.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${test.keys[role]}`, ...headers } });
    return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload, text: response.body };
  };
  const csvRows = (text: string, delimiter = ','): string[][] => parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, delimiter }) as string[][];
  const workbook = async (bytes: Buffer) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return book;
  };
  const sheetRows = (sheet: ExcelJS.Worksheet): unknown[][] => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };

  beforeAll(async () => {
    test = await startTestApp({ clock });
    const officer = test.as('privacy-officer');
    const ok = async (response: Promise<{ status: number; body: Record<string, unknown> }>) => {
      const done = await response;
      expect([done.status, done.body]).toEqual([201, expect.objectContaining({ position: expect.any(String) })]);
      head = done.body.position as string;
      return done.body;
    };
    const register = async (overrides: { title: string; dienst: string; awareAt: string }) =>
      (await ok(officer.post('/breaches', registrationBody({ ...overrides, occurredFrom: overrides.awareAt, occurredTo: overrides.awareAt }), { 'idempotency-key': randomUUID() }))).breachId as string;
    // A title a spreadsheet would run as a formula, reported late for a reason the AP does not accept.
    ids.formula = await register({ title: '=HYPERLINK("http://evil.example","klik")', dienst: 'SZW', awareAt: '2026-01-05T09:00:00+01:00' });
    await ok(officer.post(`/breaches/${ids.formula}/ap-reports`, { reportedAt: '2026-01-12T10:00:00+01:00', apReference: 'M-1', phase: 'preliminary', lateReason: { code: 'staff-unavailable', explanation: 'Kerstvakantie.' } }));
    ids.plus = await register({ title: '+31 6 bellen', dienst: 'DSB', awareAt: '2026-02-02T09:00:00+01:00' });
    await ok(officer.post(`/breaches/${ids.plus}/ap-reports`, { reportedAt: '2026-02-03T09:00:00+01:00', apReference: 'M-2', phase: 'preliminary' }));
    ids.minus = await register({ title: '-sum(A1)', dienst: 'SZW', awareAt: '2026-02-20T09:00:00+01:00' });
    await ok(officer.post(`/breaches/${ids.minus}/ap-reports`, { reportedAt: '2026-02-27T09:00:00+01:00', apReference: 'M-3', phase: 'preliminary', lateReason: { code: 'processor-delay', explanation: 'De verwerker meldde het pas na een week.' } }));
    ids.at = await register({ title: '@SUM(1)', dienst: 'DSB', awareAt: '2026-03-09T09:00:00+01:00' });
    // The rest of the annual report: a DPIA, a processing activity, an audit with an open recommendation.
    ids.activity = (await ok(officer.post('/processing-activities', activityBody('=Cameratoezicht', 'DSB'), { 'idempotency-key': randomUUID() }))).processingActivityId as string;
    await ok(officer.post('/dpias', { title: 'Cameras', dienst: 'DSB', processingActivityId: ids.activity, owner: 'AD DSB', startedAt: '2026-02-03T10:00:00+01:00' }, { 'idempotency-key': randomUUID() }));
    ids.audit = (await ok(officer.post('/audits', auditBody(), { 'idempotency-key': randomUUID() }))).auditId as string;
    await ok(officer.post(`/audits/${ids.audit}/recommendations`, { findingId: 'B1', description: '@Meld elk datalek aan de FG.', dienst: 'SZW', issuedAt: '2026-02-03T10:00:00+01:00', dueAt: '2026-03-01T00:00:00+01:00' }));
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('gives the breach register as CSV in Dutch, every formula-like title neutralised', async () => {
    const response = await raw(`/breaches?year=2026&minPosition=${head}`, { accept: 'text/csv' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe('attachment; filename="datalekkenregister.csv"');
    expect(response.headers['content-language']).toBe('nl');
    expect(response.headers['projection-position']).toMatch(/^\d+$/);
    expect(response.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = csvRows(response.text);
    expect(header?.slice(0, 8)).toEqual(['Kenmerk', 'Omschrijving', 'Dienst', 'Jaar', 'Ontdekt (UTC)', 'Geregistreerd (UTC)', 'Meldtermijn (UTC)', 'Stand']);
    // Oldest awareness first; every title that starts like a formula has a leading apostrophe.
    expect(rows.map((row) => row[1])).toEqual(['\'=HYPERLINK("http://evil.example","klik")', "'+31 6 bellen", "'-sum(A1)", "'@SUM(1)"]);
    const column = (name: string) => (header as string[]).indexOf(name);
    const formula = rows[0] as string[];
    expect(formula[column('Dienst')]).toBe('Sociale Zaken en Werkgelegenheid');
    expect(formula[column('Stand')]).toBe('Te laat gemeld');
    expect(formula[column('Reden te laat')]).toBe('Vakantie, weekend, ziekte of werkdruk');
    expect(formula[column('Oordeel AP over de reden')]).toBe('Niet aanvaard door de AP');
    expect(formula[column('Te laat')]).toBe('ja');
    expect(formula[column('Ontdekt (UTC)')]).toBe('2026-01-05T08:00:00.000Z');
    expect(formula[column('Uren tot melding')]).toBe('169');
    expect((rows[3] as string[])[column('Stand')]).toBe('Open');
  });

  it('speaks English when asked, by ?lang=en or Accept-Language, and takes a semicolon for Dutch Excel', async () => {
    const english = await raw('/breaches?format=csv&lang=en&dienst=DSB');
    expect(english.headers['content-disposition']).toBe('attachment; filename="breach-register.csv"');
    expect(english.headers['content-language']).toBe('en');
    const [header, ...rows] = csvRows(english.text);
    expect(header?.slice(0, 3)).toEqual(['Breach id', 'Title', 'Department']);
    expect(rows.map((row) => [row[2], row[7]])).toEqual([
      ['City Management', 'Reported on time'],
      ['City Management', 'Open'],
    ]);
    const byHeader = await raw('/breaches?format=csv&dienst=DSB', { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' });
    expect(csvRows(byHeader.text)[0]?.[1]).toBe('Title');
    const semicolons = await raw('/breaches?format=csv&dienst=DSB&delimiter=semicolon');
    expect(csvRows(semicolons.text, ';')[0]?.slice(0, 2)).toEqual(['Kenmerk', 'Omschrijving']);
    expect((await raw('/breaches?format=csv&lang=fr')).status).toBe(400);
    expect(JSON.parse((await raw('/breaches?format=csv&delimiter=tab')).text)).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('gives the breach register as an XLSX workbook that reads back with numbers, dates and neutralised text', async () => {
    const response = await raw(`/breaches?format=xlsx&minPosition=${head}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toBe('attachment; filename="datalekkenregister.xlsx"');
    const book = await workbook(response.bytes);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Over dit overzicht', 'Datalekken']);
    expect(book.getWorksheet('Over dit overzicht')?.getCell('A1').value).toBe('Register van datalekken');
    const [header, ...rows] = sheetRows(book.getWorksheet('Datalekken') as ExcelJS.Worksheet);
    expect(header?.[1]).toBe('Omschrijving');
    expect(rows.map((row) => row[1])).toEqual(['\'=HYPERLINK("http://evil.example","klik")', "'+31 6 bellen", "'-sum(A1)", "'@SUM(1)"]);
    const first = rows[0] as unknown[];
    expect(first[3]).toBe(2026);
    expect(first[4]).toEqual(new Date('2026-01-05T08:00:00.000Z'));
    expect(first[11]).toBe(169);
    expect(first[2]).toBe('Sociale Zaken en Werkgelegenheid');
    // No cell of the workbook is a formula.
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
  });

  it('streams a register larger than a page, each breach once', async () => {
    // Two events a row (detected, assessed not reportable): the least an import records.
    const count = 2 * EXPORT_PAGE_SIZE + 100;
    const rows = Array.from({ length: count }, (_, i) => {
      const at = new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString();
      return [`Brief ${i}`, `Dossier ${i} naar een verkeerd adres.`, 'SZW', at, 'nee', 'Ongeopend teruggestuurd.'].join(';');
    });
    const imported = await test.app.inject({
      method: 'POST',
      url: '/imports/breaches',
      headers: { authorization: `Bearer ${test.keys['privacy-officer']}`, 'content-type': 'text/csv; charset=utf-8' },
      payload: `${['title;description;dienst;aware_at;reportable;rationale', ...rows].join('\r\n')}\r\n`,
    });
    expect(imported.statusCode).toBe(201);
    const position = (JSON.parse(imported.body) as { lastPosition: string }).lastPosition;
    const csv = await raw(`/breaches?format=csv&year=2021&minPosition=${position}`);
    const [, ...lines] = csvRows(csv.text);
    expect(lines).toHaveLength(count);
    expect(new Set(lines.map((line) => line[0])).size).toBe(count);
    expect(lines.map((line) => line[1])).toEqual(Array.from({ length: count }, (_, i) => `Brief ${i}`));
    const xlsx = await raw(`/breaches?format=xlsx&year=2021&minPosition=${position}`);
    const [, ...sheet] = sheetRows((await workbook(xlsx.bytes)).getWorksheet('Datalekken') as ExcelJS.Worksheet);
    expect(sheet.map((row) => row[1])).toEqual(lines.map((line) => line[1]));
  }, 120_000);

  it('prints the annual report as a PDF whose text holds its tables, charts and figures', async () => {
    const response = await raw(`/reports/annual/2026?format=pdf&minPosition=${head}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="jaarverslag-2026.pdf"');
    const parser = new PDFParse({ data: new Uint8Array(response.bytes) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    for (const expected of [
      'Jaarverslag privacy 2026',
      'Datalekken per dienst',
      'Datalekken per maand',
      'Meldingen aan de AP per maand van ontdekking',
      'Te laat melden per dienst',
      'Te late meldingen per dienst, naar reden',
      "DPIA's per dienst en status",
      'Verwerkingsregister',
      'Audits en aanbevelingen',
      'Pagina 1 van',
    ]) {
      expect(text).toContain(expected);
    }
    // The figures per dienst, printed turned (a column per dienst, DBV OCW DPZ SZW DSB DSO BSD, then the total).
    expect(text).toMatch(/Dienst\s+DBV\s+OCW\s+DPZ\s+SZW\s+DSB\s+DSO\s+BSD\s+Totaal/);
    expect(text).toMatch(/Geregistreerd\s+0\s+0\s+0\s+2\s+2\s+0\s+0\s+4/);
    expect(text).toMatch(/Gemeld aan de AP\s+0\s+0\s+0\s+2\s+1\s+0\s+0\s+3/);
    expect(text).toMatch(/Te laat gemeld\s+0\s+0\s+0\s+2\s+0\s+0\s+0\s+2/);
    expect(text).toContain('SZW = Sociale Zaken en Werkgelegenheid');
    // Late reasons per dienst: the holiday reason and the processor's delay, once each at SZW.
    expect(text).toMatch(/Vakantie, weekend, ziekte of werkdruk\s+0\s+0\s+0\s+1\s+0\s+0\s+0/);
    expect(text).toMatch(/Een verwerker informeerde de gemeente te laat\s+0\s+0\s+0\s+1\s+0\s+0\s+0/);
    // The months (not turned: six columns).
    expect(text).toMatch(/2026-01\s+1\s+0\s+1\s+0\s+1/);
    expect(text).toMatch(/2026-02\s+2\s+0\s+2\s+1\s+1/);
    const english = await raw('/reports/annual/2026?format=pdf&lang=en');
    const englishParser = new PDFParse({ data: new Uint8Array(english.bytes) });
    const englishText = (await englishParser.getText()).text;
    await englishParser.destroy();
    expect(englishText).toContain('Privacy annual report 2026');
    expect(englishText).toContain('SZW = Social Affairs and Employment');
    expect(englishText).toMatch(/Registered\s+0\s+0\s+0\s+2\s+2\s+0\s+0\s+4/);
    expect(english.headers['content-disposition']).toBe('attachment; filename="annual-report-2026.pdf"');
  });

  it('gives the annual report as a workbook of its tables, with the same figures as the JSON', async () => {
    const json = JSON.parse((await raw(`/reports/annual/2026?minPosition=${head}`)).text) as { total: { registered: number; reportedLate: number }; byMonth: { month: string; registered: number }[] };
    expect(json.byMonth.map((month) => month.registered)).toEqual([1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const response = await raw('/reports/annual/2026', { accept: XLSX });
    expect(response.headers['content-type']).toBe(XLSX);
    const book = await workbook(response.bytes);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(expect.arrayContaining(['Datalekken per dienst', 'Datalekken per maand', 'Te laat melden per dienst', "DPIA's per dienst en status", 'Verwerkingsregister', 'Datalekken per regime', 'Oorzaken per kwartaal', 'Oorzaken door de jaren']));
    const byDienst = sheetRows(book.getWorksheet('Datalekken per dienst') as ExcelJS.Worksheet);
    expect(byDienst[0]?.slice(0, 3)).toEqual(['Dienst', 'Geregistreerd', 'Niet meldplichtig']);
    expect(byDienst.at(-1)?.slice(0, 2)).toEqual(['Totaal', json.total.registered]);
    const reasons = sheetRows(book.getWorksheet('Te laat melden per dienst') as ExcelJS.Worksheet);
    const szw = reasons.find((row) => row[0] === 'Sociale Zaken en Werkgelegenheid') as unknown[];
    const heading = reasons[0] as string[];
    expect(szw[heading.indexOf('Vakantie, weekend, ziekte of werkdruk')]).toBe(1);
    expect(szw[heading.indexOf('Een verwerker informeerde de gemeente te laat')]).toBe(1);
    expect(szw[heading.indexOf('Te laat gemeld')]).toBe(json.total.reportedLate);
    const dpias = sheetRows(book.getWorksheet("DPIA's per dienst en status") as ExcelJS.Worksheet);
    expect(dpias.find((row) => row[0] === 'Dienst Stadsbeheer')).toEqual(['Dienst Stadsbeheer', 1, 0, 1, 0]);
  });

  it('gives the late-reporting report, one of its tables by ?table=, and refuses a table it does not have', async () => {
    const all = await raw(`/reports/late-reporting?year=2026&format=csv&minPosition=${head}`);
    expect(all.headers['content-disposition']).toBe('attachment; filename="te-late-meldingen-2026.csv"');
    const records = csvRows(all.text);
    expect(records[0]).toEqual(['Per reden']);
    expect(records).toContainEqual(['Te late meldingen']);
    const lines = csvRows((await raw('/reports/late-reporting?year=2026&format=csv&table=late-reports')).text);
    expect(lines[0]?.slice(0, 3)).toEqual(['Kenmerk', 'Omschrijving', 'Dienst']);
    expect(lines.slice(1).map((line) => line[1])).toEqual(['\'=HYPERLINK("http://evil.example","klik")', "'-sum(A1)"]);
    expect(lines[1]).toContain('Kerstvakantie.');
    const unknown = await raw('/reports/late-reporting?year=2026&format=csv&table=nope');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ code: 'validation-failed', errors: [{ pointer: '/table' }] });
  });

  it('gives the DPIA report, the processing register and the open recommendations as CSV and XLSX', async () => {
    const dpias = csvRows((await raw(`/reports/dpias/2026?format=csv&table=dpias-by-dienst&minPosition=${head}`)).text);
    expect(dpias).toContainEqual(['Dienst Stadsbeheer', '1', '0', '1', '0']);
    expect(dpias.at(-1)).toEqual(['Totaal', '1', '0', '1', '0']);
    const register = await raw('/processing-activities?format=csv', {}, 'privacy-officer');
    expect(register.headers['content-disposition']).toBe('attachment; filename="verwerkingsregister.csv"');
    const [header, row] = csvRows(register.text);
    expect(row?.[(header as string[]).indexOf('Naam')]).toBe("'=Cameratoezicht");
    expect(row?.[(header as string[]).indexOf('Grondslagen')]).toBe('Algemeen belang / openbaar gezag');
    expect(row?.[(header as string[]).indexOf('Soort eigenaar')]).toBe('Algemeen directeur');
    const open = await raw('/audits/recommendations/open?format=xlsx');
    expect(open.headers['content-disposition']).toBe('attachment; filename="open-aanbevelingen-2026-03-10.xlsx"');
    const recommendations = sheetRows((await workbook(open.bytes)).getWorksheet('Aanbevelingen') as ExcelJS.Worksheet);
    expect(recommendations[1]?.slice(0, 5)).toEqual(['Sociale Zaken en Werkgelegenheid', 'Privacy audit 2025', 'Interne audit', "'@Meld elk datalek aan de FG.", 'Niet uitgevoerd']);
    expect(recommendations[1]?.[8]).toBe('ja');
  });

  it('answers 406 for a format a view cannot give, by ?format= or by Accept', async () => {
    for (const [url, headers] of [
      ['/breaches?format=pdf', {}],
      ['/breaches?format=docx', {}],
      ['/reports/dpias/2026', { accept: 'application/pdf' }],
      ['/breaches', { accept: 'image/png' }],
    ] as const) {
      const response = await raw(url, headers);
      expect([url, response.status, response.headers['content-type']]).toEqual([url, 406, expect.stringContaining('application/problem+json')]);
      expect(JSON.parse(response.text)).toMatchObject({ status: 406, code: 'format-not-available', available: expect.arrayContaining(['json', 'csv', 'xlsx']) });
    }
    // Anything acceptable, or JSON preferred: JSON.
    expect((await raw('/breaches', { accept: 'text/html,*/*;q=0.8' })).headers['content-type']).toContain('application/json');
    expect((await raw('/breaches?format=json', { accept: 'text/csv' })).headers['content-type']).toContain('application/json');
  });

  it('keeps the JSON as it was and adds a label beside each code, in Dutch unless English is asked for', async () => {
    const officer = test.as('privacy-officer');
    const list = await officer.get(`/breaches?year=2026&minPosition=${head}`);
    const item = (list.body.items as Record<string, unknown>[]).find((row) => row.breachId === ids.formula) as Record<string, unknown>;
    expect(item).toMatchObject({ status: 'reported-late', statusLabel: 'Te laat gemeld', dienst: 'SZW', dienstLabel: 'Sociale Zaken en Werkgelegenheid', lateReasonCode: 'staff-unavailable', lateReasonCodeLabel: 'Vakantie, weekend, ziekte of werkdruk', apViewLabel: 'Niet aanvaard door de AP' });
    const english = await officer.send('GET', '/breaches?year=2026&lang=en', undefined, {});
    expect((english.body.items as Record<string, unknown>[]).find((row) => row.breachId === ids.formula)).toMatchObject({ status: 'reported-late', statusLabel: 'Reported late', dienstLabel: 'Social Affairs and Employment' });
    // The older English labels of the late-reason tables stay as they were.
    const late = await officer.get('/reports/late-reporting?year=2026');
    expect((late.body.byReason as Record<string, unknown>[])[4]).toMatchObject({ code: 'staff-unavailable', label: 'Holiday, weekend, illness or workload', codeLabel: 'Vakantie, weekend, ziekte of werkdruk', count: 1 });
  });

  it('exports a view as of a moment: the rows recorded by then, with the moment in the file', async () => {
    clock.set('2026-03-11T12:00:00.000Z');
    const asOf = '2026-01-20T00:00:00Z';
    const response = await raw(`/breaches?format=csv&asOf=${asOf}`);
    expect(response.status).toBe(200);
    expect(response.headers['projection-as-of']).toBe('2026-01-20T00:00:00.000Z');
    expect(response.headers['content-disposition']).toBe('attachment; filename="datalekkenregister-per-2026-01-20.csv"');
    // Nothing was recorded by then (every command ran at the clock's 2026-03-10).
    expect(csvRows(response.text)).toHaveLength(1);
    const now = await raw('/breaches?format=csv&year=2026&asOf=2026-03-11T00:00:00Z');
    expect(csvRows(now.text)).toHaveLength(5);
    expect((await raw('/breaches?format=csv&asOf=2030-01-01T00:00:00Z')).status).toBe(400);
  });
});
