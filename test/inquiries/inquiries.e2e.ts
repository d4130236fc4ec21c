import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicKeyFromText } from '../../src/ledger/checkpoint.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyAnswer, type AnswerTrust } from '../../src/inquiries/answer/verify-answer.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/verify.js', import.meta.url));

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) yield line;
}

/** The supervisory authority's inquiries over HTTP: scope, access, the answer and its offline check. */
describe('inquiries of the supervisory authority', () => {
  let test: TestApp;
  let late2026: string;
  let onTime2026: string;
  let late2025: string;
  let publicKey: string;
  /** The position of the last inquiry received: minPosition for reading it. */
  let lastPosition = '0';
  const po = () => test.as('privacy-officer');
  const ap = () => test.as('supervisory-authority');

  async function reportLate(breachId: string, reportedAt: string, code: string): Promise<void> {
    const response = await po().post(`/breaches/${breachId}/ap-reports`, { reportedAt, apReference: `M-${breachId.slice(0, 8)}`, phase: 'preliminary', lateReason: { code, explanation: 'It reached the privacy officers two days late.' } });
    expect(response.status).toBe(201);
  }

  async function receive(scope: object, extra: object = {}): Promise<string> {
    const response = await po().post('/inquiries', { receivedAt: '2026-06-01T09:00:00+02:00', apReference: 'AP-2026-001', question: 'Which breaches were reported late, and why?', scope, answerDueAt: '2026-07-01T17:00:00+02:00', ...extra });
    expect([response.status, response.body]).toEqual([201, expect.objectContaining({ inquiryId: expect.any(String) })]);
    lastPosition = response.body.position as string;
    return response.body.inquiryId as string;
  }

  async function answer(inquiryId: string): Promise<{ text: string; sha256: string }> {
    const answered = await po().post(`/inquiries/${inquiryId}/answers`, {});
    expect(answered.status).toBe(201);
    const response = await test.app.inject({ method: 'GET', url: `/inquiries/${inquiryId}/answer`, headers: { authorization: `Bearer ${test.keys['supervisory-authority']}` } });
    expect(response.statusCode).toBe(200);
    expect(createHash('sha256').update(response.body).digest('hex')).toBe(answered.body.answerSha256);
    return { text: response.body, sha256: answered.body.answerSha256 as string };
  }

  const trust = (): AnswerTrust => ({ log: { publicKey: publicKeyFromText(publicKey) } });

  beforeAll(async () => {
    test = await startTestApp();
    late2026 = await po().register({ awareAt: '2026-03-02T10:00:00+01:00', title: 'Letter to the wrong address' });
    await reportLate(late2026, '2026-03-06T16:30:00+01:00', 'internal-escalation');
    expect((await test.as('dpo').post(`/breaches/${late2026}/late-reason-verdicts`, { verdict: 'not-accepted', comment: 'Not a reason the AP accepts.', assessedAt: '2026-03-08T11:00:00+01:00' })).status).toBe(201);
    onTime2026 = await po().register({ awareAt: '2026-04-01T10:00:00+02:00', title: 'Laptop stolen' });
    expect((await po().post(`/breaches/${onTime2026}/ap-reports`, { reportedAt: '2026-04-02T10:00:00+02:00', apReference: 'M-2', phase: 'final' })).status).toBe(201);
    late2025 = await po().register({ awareAt: '2025-05-01T10:00:00+02:00', occurredFrom: '2025-04-30T10:00:00+02:00', occurredTo: '2025-04-30T10:00:00+02:00', title: 'Mail to a wrong list' });
    await reportLate(late2025, '2025-05-09T10:00:00+02:00', 'processor-delay');
    publicKey = (await test.as('auditor').get('/audit/public-key')).body.verifierKey as string;
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('lets the AP read nothing before an inquiry puts it in scope', async () => {
    expect((await ap().get(`/breaches/${late2026}`)).status).toBe(403);
    expect((await ap().get(`/breaches/${late2026}/events`)).status).toBe(403);
  });

  it('lets the AP read exactly the breaches a criterion takes in, and records each read with its grant', async () => {
    const inquiryId = await receive({ criterion: { kind: 'reported-late', year: 2026 } });
    expect((await ap().get(`/breaches/${late2026}`)).status).toBe(200);
    expect((await ap().get(`/breaches/${late2026}/events`)).status).toBe(200);
    expect((await ap().get(`/breaches/${onTime2026}`)).status).toBe(403);
    expect((await ap().get(`/breaches/${late2025}`)).status).toBe(403);
    const log = (await test.as('dpo').get('/access-log')).body.items as { actor: { role: string }; route: string; detail?: object }[];
    expect(log).toContainEqual(expect.objectContaining({ actor: expect.objectContaining({ role: 'supervisory-authority' }), route: '/breaches/:breachId', detail: { breachId: late2026 } }));
    await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: '2026-06-02T09:00:00+02:00', reason: 'Answered by phone.' });
    expect((await ap().get(`/breaches/${late2026}`)).status).toBe(403);
  });

  it('applies a scope change to the very next request, and records the change in the access log', async () => {
    const inquiryId = await receive({ breachIds: [onTime2026] });
    expect((await ap().get(`/breaches/${onTime2026}`)).status).toBe(200);
    expect((await ap().get(`/breaches/${late2025}`)).status).toBe(403);
    const changed = await po().post(`/inquiries/${inquiryId}/scope-changes`, { changedAt: '2026-06-03T09:00:00+02:00', scope: { breachIds: [late2025] }, reason: 'The AP asks about the 2025 breach instead.' });
    expect(changed.status).toBe(201);
    expect((await ap().get(`/breaches/${late2025}`)).status).toBe(200);
    expect((await ap().get(`/breaches/${onTime2026}`)).status).toBe(403);
    const log = (await test.as('dpo').get('/access-log')).body.items as { route: string; url: string }[];
    expect(log).toContainEqual(expect.objectContaining({ route: '/inquiries/:inquiryId/scope-changes', url: `/inquiries/${inquiryId}/scope-changes` }));
    await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: '2026-06-04T09:00:00+02:00', reason: 'Settled.' });
  });

  it('shows the inquiry views as they stood at an earlier moment (asOf)', async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const inquiryId = await receive({ breachIds: [onTime2026] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const received = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changed = await po().post(`/inquiries/${inquiryId}/scope-changes`, { changedAt: new Date().toISOString(), scope: { breachIds: [late2025] }, reason: 'Another breach.' });
    expect((await po().get(`/inquiries/${inquiryId}?asOf=${before}`)).status).toBe(404);
    const then = (await po().get(`/inquiries/${inquiryId}?asOf=${received}`)).body;
    expect(then).toMatchObject({ scope: { breachIds: [onTime2026] }, asOf: received });
    expect((await po().get(`/inquiries/${inquiryId}?minPosition=${String(changed.body.position)}`)).body).toMatchObject({ scope: { breachIds: [late2025] } });
    const listed = (await po().get(`/inquiries?status=all&asOf=${before}`)).body.items as { inquiryId: string }[];
    expect(listed.map((item) => item.inquiryId)).not.toContain(inquiryId);
    await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: new Date().toISOString(), reason: 'Settled.' });
  });

  it('labels the codes of its views in Dutch by default and in English with ?lang=en', async () => {
    const inquiryId = await receive({ criterion: { kind: 'reported-late', year: 2026 } });
    const dutch = (await po().get(`/inquiries/${inquiryId}?minPosition=${lastPosition}`)).body;
    expect(dutch).toMatchObject({ status: 'open', statusLabel: 'Open', scope: { criterion: { kind: 'reported-late', kindLabel: 'Te laat gemeld' } } });
    const english = (await po().get(`/inquiries/${inquiryId}?minPosition=${lastPosition}&lang=en`)).body;
    expect(english).toMatchObject({ status: 'open', scope: { criterion: { kind: 'reported-late', kindLabel: 'Reported late' } } });
    const listed = (await po().get(`/inquiries?minPosition=${lastPosition}`)).body.items as { inquiryId: string; statusLabel: string }[];
    expect(listed.find((item) => item.inquiryId === inquiryId)).toMatchObject({ statusLabel: 'Open' });
    const closure = await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: new Date().toISOString(), reason: 'Settled.' });
    const closed = (await po().get(`/inquiries/${inquiryId}?minPosition=${String(closure.body.position)}&lang=en`)).body;
    expect(closed).toMatchObject({ status: 'closed', statusLabel: 'Closed' });
  });

  it('grants nothing to an AP identity the inquiry does not name as a reader', async () => {
    const inquiryId = await receive({ breachIds: [onTime2026] }, { readers: ['api-key:someone-else'] });
    expect((await ap().get(`/breaches/${onTime2026}`)).status).toBe(403);
    expect((await ap().get(`/inquiries/${inquiryId}`)).status).toBe(403);
    expect((await po().get(`/inquiries/${inquiryId}?minPosition=${lastPosition}`)).status).toBe(200);
    expect(((await ap().get(`/inquiries?status=all&minPosition=${lastPosition}`)).body.items as { inquiryId: string }[]).map((item) => item.inquiryId)).not.toContain(inquiryId);
    await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: '2026-06-04T09:00:00+02:00', reason: 'Settled.' });
  });

  it('refuses bad inquiries with problem+json and records nothing', async () => {
    const bodies = [
      { scope: {} },
      { scope: { breachIds: [] } },
      { scope: [] },
      { scope: { period: [] } },
      { scope: { period: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } },
      { scope: { criterion: { kind: 'lost', year: 2026 } } },
      { scope: { breachIds: ['not-a-uuid'] } },
      { scope: { breachIds: ['9d4b1f0e-0000-4000-8000-000000000000'] } },
      { answerDueAt: '2026-05-01T00:00:00Z', scope: { breachIds: [onTime2026] } },
      { receivedAt: '2099-01-01T00:00:00Z', answerDueAt: '2099-02-01T00:00:00Z', scope: { breachIds: [onTime2026] } },
    ];
    const before = ((await po().get('/inquiries?status=all')).body.items as unknown[]).length;
    for (const overrides of bodies) {
      const response = await po().post('/inquiries', { receivedAt: '2026-06-01T09:00:00+02:00', apReference: 'AP-1', question: 'Q?', answerDueAt: '2026-07-01T17:00:00+02:00', ...overrides });
      expect([JSON.stringify(overrides), response.status, typeof response.body.code]).toEqual([JSON.stringify(overrides), expect.any(Number), 'string']);
      expect([400, 422]).toContain(response.status);
    }
    expect(((await po().get('/inquiries?status=all')).body.items as unknown[]).length).toBe(before);
  });

  it('refuses an answer based on a stale revision before preparing it: no checkpoint is signed, nothing appended', async () => {
    const inquiryId = await receive({ breachIds: [onTime2026] });
    const store = test.app.get<EventStore>(EVENT_STORE);
    const before = await store.headPosition();
    const response = await po().post(`/inquiries/${inquiryId}/answers`, {}, { 'if-match': '"7"' });
    expect(response).toMatchObject({ status: 409, body: { code: 'revision-conflict', currentRevision: 0 } });
    expect(await store.headPosition()).toBe(before);
  });

  describe('an answer about named breaches', () => {
    it('carries the scope\'s events with their proofs but no redacted log, and proves it extends earlier checkpoints', async () => {
      const earlier = (await test.as('dpo').post('/audit/checkpoints', {})).body.note as string;
      const inquiryId = await receive({ breachIds: [late2025] });
      const { text } = await answer(inquiryId);
      const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; completeness?: boolean; event?: { streamId: string } });
      expect(lines[0]).toMatchObject({ kind: 'answer', completeness: false, breachIds: [late2025] });
      expect(lines.filter((line) => line.kind === 'leaf')).toEqual([]);
      expect(new Set(lines.filter((line) => line.kind === 'event').map((line) => line.event?.streamId))).toEqual(new Set([`breach-${late2025}`]));
      expect(lines.filter((line) => line.kind === 'consistency').length).toBeGreaterThan(0);
      const result = await verifyAnswer(linesOf(text), { ...trust(), trusted: [earlier] });
      expect(result.problems).toEqual([]);
      expect(result.figures).toContainEqual({ figure: 'lateByReason', claimed: { 'processor-delay': 1 }, recomputed: { 'processor-delay': 1 }, same: true });
      await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: new Date().toISOString(), reason: 'Settled.' });
    });

    it('after the breach\'s key is erased, is rebuilt with its personal facts erased, still verifiable, no longer the recorded bytes', async () => {
      const erasable = await po().register({ awareAt: '2026-02-02T10:00:00+01:00', occurredFrom: '2026-02-01T10:00:00+01:00', occurredTo: '2026-02-01T10:00:00+01:00', title: 'Lost USB stick' });
      const inquiryId = await receive({ breachIds: [erasable] });
      const { text, sha256 } = await answer(inquiryId);
      expect(text).toContain('Lost USB stick');
      await po().closeAsNotReportable(erasable);
      expect((await test.as('cpo').post(`/breaches/${erasable}/personal-data-erasure`, { reason: 'Retention period ended.' })).status).toBe(201);
      const rebuilt = (await test.app.inject({ method: 'GET', url: `/inquiries/${inquiryId}/answer`, headers: { authorization: `Bearer ${test.keys.auditor}` } })).body;
      expect(createHash('sha256').update(rebuilt).digest('hex')).not.toBe(sha256);
      expect(rebuilt).not.toContain('Lost USB stick');
      expect(rebuilt).toContain('"key":null');
      const result = await verifyAnswer(linesOf(rebuilt), trust());
      expect(result.problems).toEqual([]);
      await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: new Date().toISOString(), reason: 'Settled.' });
    });
  });

  describe('the answer', () => {
    let inquiryId: string;
    let bundle: string;

    beforeAll(async () => {
      inquiryId = await receive({ criterion: { kind: 'reported-late', year: 2026 } });
      bundle = (await answer(inquiryId)).text;
    });

    it('is recorded with its sha256 and checkpoint, and listed with its answer deadline', async () => {
      const inquiry = (await ap().get(`/inquiries/${inquiryId}`)).body;
      expect(inquiry).toMatchObject({ status: 'open', answerDueAt: '2026-07-01T15:00:00.000Z', answers: [{ number: 1, answerSha256: expect.stringMatching(/^[0-9a-f]{64}$/), breaches: 1 }] });
      expect((inquiry.history as { type: string }[]).map((entry) => entry.type)).toEqual(['InquiryReceived', 'InquiryAnswered']);
      const open = (await ap().get('/inquiries')).body.items as { inquiryId: string }[];
      expect(open.map((item) => item.inquiryId)).toContain(inquiryId);
    });

    it('is served again byte for byte', async () => {
      const again = await test.app.inject({ method: 'GET', url: `/inquiries/${inquiryId}/answer`, headers: { authorization: `Bearer ${test.keys.auditor}` } });
      expect(again.body).toBe(bundle);
    });

    it('carries the key of the breach in scope and of no other breach, and a completeness proof', () => {
      const lines = bundle.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; breachId?: string; disclosure?: string; event?: { streamId: string } });
      expect(lines.filter((line) => line.kind === 'key').map((line) => line.breachId)).toEqual([late2026]);
      expect(lines.filter((line) => line.kind === 'leaf').length).toBeGreaterThan(0);
      const membership = lines.filter((line) => line.disclosure === 'membership').map((line) => line.event?.streamId);
      expect(membership).toContain(`breach-${late2025}`);
      expect(bundle).not.toContain('Laptop stolen');
    });

    it('verifies offline: every proof, the completeness, the decrypted facts and the recomputed figures', async () => {
      const result = await verifyAnswer(linesOf(bundle), trust());
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.figures).toContainEqual({ figure: 'reportedLate', claimed: 1, recomputed: 1, same: true });
      expect(result.figures).toContainEqual({ figure: 'lateWithoutValidExcuse', claimed: 1, recomputed: 1, same: true });
    });

    const tamperings: [string, (lines: Record<string, unknown>[]) => void, string][] = [
      ['a fact changed', (lines) => {
        const breach = lines.find((line) => line.kind === 'breach') as { facts: { name: string; value: unknown }[] };
        breach.facts.find((fact) => fact.name === 'awareAt')!.value = '2026-03-04T09:00:00.000Z';
      }, 'fact'],
      ['a figure changed', (lines) => {
        ((lines.find((line) => line.kind === 'figures') as { figures: { reportedLate: number } }).figures).reportedLate = 0;
      }, 'figures'],
      ['an event altered', (lines) => {
        const event = lines.find((line) => line.kind === 'event' && line.disclosure === 'scope') as { event: { data: { awareAt: string } } };
        event.event.data.awareAt = '2026-03-04T09:00:00.000Z';
      }, 'hash'],
      ['a leaf dropped', (lines) => {
        lines.splice(lines.findIndex((line) => line.kind === 'leaf'), 1);
      }, 'completeness'],
      ['a late breach left out of the scope', (lines) => {
        const header = lines[0] as { breachIds: string[] };
        header.breachIds = [];
        for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.kind === 'key' || lines[i]!.kind === 'breach' || (lines[i]!.kind === 'event' && lines[i]!.disclosure === 'scope')) lines.splice(i, 1);
      }, 'completeness'],
      ['a deciding event withheld', (lines) => {
        const index = lines.findIndex((line) => line.disclosure === 'membership');
        const event = lines[index] as { leafIndex: number; event: { position: string; streamId: string; type: string } };
        lines[index] = { kind: 'leaf', leafIndex: event.leafIndex, position: event.event.position, streamId: event.event.streamId, type: event.event.type, leafHash: Buffer.alloc(32).toString('base64') };
      }, 'completeness'],
      ['another key disclosed', (lines) => {
        const key = lines.find((line) => line.kind === 'key') as { key: string };
        key.key = Buffer.alloc(32, 7).toString('base64');
      }, 'personal-data'],
      ['the checkpoint re-signed by another key', (lines) => {
        (lines[0] as { checkpoint: string }).checkpoint = (lines[0] as { checkpoint: string }).checkpoint.replace(/ [A-Za-z0-9+/=]+\n$/, ' AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n');
      }, 'signature'],
      ['cut short', (lines) => {
        lines.splice(lines.length - 1, 1);
      }, 'truncated'],
    ];

    it.each(tamperings)('is refused when %s', async (_what, tamper, kind) => {
      const lines = bundle.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      tamper(lines);
      const result = await verifyAnswer(linesOf(lines.map((line) => JSON.stringify(line)).join('\n')), trust());
      expect(result.ok).toBe(false);
      expect(result.problems.map((problem) => problem.kind)).toContain(kind);
    });

    it('is refused with another log key, or without a required witness', async () => {
      const other = (await import('node:crypto')).generateKeyPairSync('ed25519').publicKey;
      expect((await verifyAnswer(linesOf(bundle), { log: { publicKey: other, name: 'privacy-ledger' } })).problems.map((p) => p.kind)).toContain('signature');
      const witness = { name: 'witness.example', publicKey: other };
      expect((await verifyAnswer(linesOf(bundle), { ...trust(), witnesses: [witness] })).problems.map((p) => p.kind)).toContain('witness');
    });

    it('checks a checkpoint the AP saved earlier against the answer', async () => {
      const earlier = (await test.as('dpo').post('/audit/checkpoints', {})).body.note as string;
      const second = (await answer(inquiryId)).text;
      expect((await verifyAnswer(linesOf(second), { ...trust(), trusted: [earlier] })).ok).toBe(true);
      const forged = earlier.replace(/^(.*\n\d+\n)[A-Za-z0-9+/=]+/, `$1${Buffer.alloc(32, 1).toString('base64')}`);
      expect((await verifyAnswer(linesOf(second), { ...trust(), trusted: [forged] })).ok).toBe(false);
    });

    it('is checked by the CLI, which prints each figure as claimed and recomputed', async () => {
      const file = join(test.dataDir, 'answer.ndjson');
      const keyFile = join(test.dataDir, 'log.pub');
      writeFileSync(file, bundle);
      writeFileSync(keyFile, publicKey);
      const ok = await run([`verify-answer`, file, '--public-key', keyFile]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/reportedLate\s+1\s+1/);
      writeFileSync(file, bundle.replace('"reportedLate":1', '"reportedLate":2'));
      const bad = await run([`verify-answer`, file, '--public-key', keyFile]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/! reportedLate\s+2\s+1/);
      expect((await run(['verify-answer', file])).code).toBe(2);
    });

    it('refuses a second inquiry receipt, answers and scope changes after closure', async () => {
      // Not before the answer, which the service gave just now.
      expect((await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: '2026-07-02T09:00:00+02:00', reason: 'Settled.' })).body.code).toBe('time-out-of-order');
      expect((await po().post(`/inquiries/${inquiryId}/closure`, { closedAt: new Date().toISOString(), reason: 'Settled.' })).status).toBe(201);
      expect((await po().post(`/inquiries/${inquiryId}/answers`, {})).body.code).toBe('inquiry-closed');
      expect((await po().post(`/inquiries/${inquiryId}/scope-changes`, { changedAt: '2026-07-03T09:00:00+02:00', scope: { breachIds: [late2025] }, reason: 'x' })).body.code).toBe('inquiry-closed');
      expect((await ap().get(`/breaches/${late2026}`)).status).toBe(403);
    });
  });
});

function run(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }));
  });
}
