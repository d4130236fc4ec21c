import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFParse } from 'pdf-parse';
import type { BreachDossier } from '../../src/breaches/get-breach-dossier/breach-dossier.js';
import { FixedClock } from '../../src/shared/clock.js';
import type { client } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// awareAt 2026-03-02T10:00+01:00 = 09:00Z: the deadline is 2026-03-05T09:00Z, 21 hours after NOW.
const NOW = '2026-03-04T12:00:00.000Z';
const DETAILS = {
  dataSubjectCategories: ['residents', 'minors'],
  dataSubjectCategoriesExplanation: 'The applicant and her two children.',
  recordCount: { kind: 'exact', count: 3 },
  likelyConsequences: ['stigmatisation-or-exclusion'],
  consequencesExplanation: 'The neighbour learns that the family receives youth care.',
  crossBorder: { otherStatesAffected: 'no', states: [], leadAuthority: null },
  contact: { name: 'A. de Wit', jobTitle: 'privacy officer', phone: '+31 20 123 4567', email: 'privacy@gemeente.example' },
};

type Question = { id: string; number: string; question: string; status: string; answer: { text: string; value: unknown; sources: { revision: number; hash: string }[] } | null };
type Notification = { version: { revision: number; sha256: string }; deadline: string; hoursLeft: number | null; overdue: boolean; sections: { number: string; title: string; questions: Question[] }[]; unanswered: { id: string }[]; filings: unknown[] };
const question = (notification: Notification, id: string) => notification.sections.flatMap((section) => section.questions).find((q) => q.id === id) as Question;

async function pdfText(buffer: Buffer): Promise<string> {
  const parser = new PDFParse({ data: buffer });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('the breach dossier and the prepared AP notification, over HTTP', () => {
  let test: TestApp;
  let po: ReturnType<typeof client>;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock(NOW) });
    po = test.as('privacy-officer');
  });
  afterAll(async () => {
    await test.dispose();
  });

  const eventsOf = async (breachId: string) => (await test.as('dpo').get(`/breaches/${breachId}/events`)).body.events as { type: string; revision: number; data: Record<string, unknown> }[];
  const notificationOf = async (breachId: string, query = '') => (await po.get(`/breaches/${breachId}/ap-notification${query}`)).body as unknown as Notification;

  describe('recording what the AP form asks', () => {
    it('records the answers as a new event, its free text encrypted, and an amendment as another', async () => {
      const breachId = await po.register();
      expect((await po.post(`/breaches/${breachId}/notification-details`, DETAILS)).status).toBe(201);
      expect((await po.post(`/breaches/${breachId}/notification-details`, { recordCount: { kind: 'range', min: 3, max: 5 }, consequencesExplanation: null })).status).toBe(201);
      const events = await eventsOf(breachId);
      expect(events.map((event) => event.type)).toEqual(['BreachDetected', 'NotificationDetailsRecorded', 'NotificationDetailsRecorded']);
      expect(events[1]?.data).toMatchObject({ dataSubjectCategories: ['residents', 'minors'], contact: { name: { $enc: 'A256GCM' }, jobTitle: 'privacy officer', phone: { $enc: 'A256GCM' } } });
      expect(events[2]?.data).toEqual({ recordCount: { kind: 'range', min: 3, max: 5 }, consequencesExplanation: null });
    });

    it('validates the answer types: an e-mail address, state codes, and a processor to have informed us', async () => {
      const breachId = await po.register();
      const badEmail = await po.post(`/breaches/${breachId}/notification-details`, { contact: { ...DETAILS.contact, email: 'not an address' } });
      expect(badEmail).toMatchObject({ status: 400, body: { code: 'validation-failed', errors: [expect.objectContaining({ pointer: '/contact/email' })] } });
      const badState = await po.post(`/breaches/${breachId}/notification-details`, { crossBorder: { otherStatesAffected: 'yes', states: ['NL'], leadAuthority: null } });
      expect(badState).toMatchObject({ status: 400, body: { code: 'validation-failed' } });
      const noProcessor = await po.post(`/breaches/${breachId}/notification-details`, { processorNotification: { channel: 'email' } });
      expect(noProcessor).toMatchObject({ status: 422, body: { code: 'no-processor' } });
      expect(await po.post(`/breaches/${breachId}/notification-details`, {})).toMatchObject({ status: 422, body: { code: 'notification-details-empty' } });
      expect(await eventsOf(breachId)).toHaveLength(1);
    });
  });

  describe('the dossier', () => {
    let breachId: string;
    beforeAll(async () => {
      breachId = await po.register();
      await po.post(`/breaches/${breachId}/notification-details`, DETAILS);
      await test.as('dpo').post(`/breaches/${breachId}/dpo-notifications`, { informedAt: '2026-03-02T11:00:00+01:00', informedBy: 'J. de Vries, privacy officer' });
      await test.as('dpo').post(`/breaches/${breachId}/dpo-advice`, { advice: 'Inform the applicant by phone today.', advisedAt: '2026-03-02T12:00:00+01:00' });
      await po.post(`/breaches/${breachId}/measures`, { description: 'The neighbour returned the letter.', purpose: 'containment', takenAt: '2026-03-02T15:00:00+01:00' });
      await po.post(`/breaches/${breachId}/root-causes`, { category: 'human-error', description: 'An old address was copied from a former case.' });
      expect((await po.post(`/breaches/${breachId}/corrections`, { corrections: { incidentKind: 'unintended-publication', description: 'The decision was sent to the neighbour and read by her.' }, reason: 'The neighbour said she read it.' })).status).toBe(201);
    });

    it('returns every recorded fact, personal fields readable, each with the event that recorded it', async () => {
      const response = await po.get(`/breaches/${breachId}/dossier`);
      expect(response.status).toBe(200);
      const dossier = response.body as unknown as BreachDossier;
      const events = await eventsOf(breachId);
      expect(dossier).toMatchObject({ breachId, revision: events.length - 1, personalData: 'readable', deadline: '2026-03-05T09:00:00.000Z', reportedLate: null });
      expect(dossier.facts.title).toEqual({ value: 'Decision letter sent to the wrong address', source: expect.objectContaining({ type: 'BreachDetected', event: expect.objectContaining({ revision: 0 }) }) });
      expect(dossier.facts.dataCategories.value).toEqual(['name', 'address', 'income']);
      expect(dossier.facts.dataSubjects.value).toEqual({ kind: 'exact', count: 1 });
      expect(dossier.facts.discovery.value).toEqual({ how: 'The neighbour phoned the service desk', processor: null });
      // A corrected fact shows its new value and names the correction as its source.
      expect(dossier.facts.incidentKind).toMatchObject({ value: 'unintended-publication', source: { type: 'BreachDetailsCorrected' } });
      expect(dossier.facts.description.value).toBe('The decision was sent to the neighbour and read by her.');
      expect(dossier.corrections).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'incidentKind', original: 'wrong-recipient', corrected: 'unintended-publication', reason: 'The neighbour said she read it.', correctedBy: { id: test.actors['privacy-officer'], role: 'privacy-officer' }, correctedAt: NOW }),
          expect.objectContaining({ field: 'description', original: 'A decision on social support was sent to a neighbour of the applicant.' }),
        ]),
      );
      expect(dossier.dpoNotifications[0]).toMatchObject({ informedBy: 'J. de Vries, privacy officer', source: { type: 'DpoInformed', actor: { role: 'dpo' } } });
      expect(dossier.dpoAdvice[0]).toMatchObject({ advice: 'Inform the applicant by phone today.' });
      expect(dossier.measures[0]).toMatchObject({ description: 'The neighbour returned the letter.', purpose: 'containment' });
      expect(dossier.rootCauses[0]).toMatchObject({ category: 'human-error', description: 'An old address was copied from a former case.' });
      expect(dossier.notificationDetails.contact).toMatchObject({ value: DETAILS.contact, source: { type: 'NotificationDetailsRecorded' } });
      expect(dossier.notificationDetails.dataSubjectCategories?.value).toEqual(['residents', 'minors']);
      // The hash in each source is the stored event's.
      expect(dossier.facts.title.source.event.hash).toBe(((await test.as('dpo').get(`/breaches/${breachId}/events`)).body.events as { metadata: { hash: string } }[])[0]?.metadata.hash);
    });

    it('shows auditors that personal fields exist, not what they say', async () => {
      const dossier = (await test.as('auditor').get(`/breaches/${breachId}/dossier`)).body as unknown as BreachDossier;
      expect(dossier.personalData).toBe('redacted');
      expect(dossier.facts.title.value).toBe('[redacted]');
      expect(dossier.facts.dienst.value).toBe('SZW');
      expect(dossier.notificationDetails.contact?.value).toEqual({ name: '[redacted]', jobTitle: 'privacy officer', phone: '[redacted]', email: '[redacted]' });
      expect(dossier.corrections.find((c) => c.field === 'description')).toMatchObject({ original: '[redacted]', corrected: '[redacted]', reason: '[redacted]' });
    });

    it('is read by whom the permission table names: the AP only within an inquiry, never an app', async () => {
      expect((await test.as('cpo').get(`/breaches/${breachId}/dossier`)).status).toBe(200);
      expect((await test.as('app').get(`/breaches/${breachId}/dossier`)).status).toBe(403);
      expect((await test.as('supervisory-authority').get(`/breaches/${breachId}/dossier`)).status).toBe(403);
      const inquiry = await po.post('/inquiries', { receivedAt: '2026-03-04T10:00:00+01:00', apReference: 'AP-7', question: 'What happened?', scope: { breachIds: [breachId] }, answerDueAt: '2026-04-01T17:00:00+02:00' });
      expect(inquiry.status).toBe(201);
      const read = await test.as('supervisory-authority').get(`/breaches/${breachId}/dossier`);
      expect(read).toMatchObject({ status: 200, body: { personalData: 'readable', facts: { title: { value: 'Decision letter sent to the wrong address' } } } });
    });

    it('writes every read to the access log', async () => {
      await test.as('dpo').get(`/breaches/${breachId}/dossier`);
      const log = (await test.as('dpo').get('/access-log?pageSize=1000')).body.items as { route: string; url: string; actor: { role: string } }[];
      const reads = log.filter((entry) => entry.url === `/breaches/${breachId}/dossier`);
      expect(reads.map((entry) => entry.actor.role)).toEqual(expect.arrayContaining(['privacy-officer', 'auditor', 'cpo', 'supervisory-authority', 'dpo']));
      expect(reads[0]?.route).toBe('/breaches/:breachId/dossier');
    });

    it('answers 404 for a breach that does not exist', async () => {
      expect(await po.get('/breaches/00000000-0000-4000-8000-000000000000/dossier')).toMatchObject({ status: 404, body: { code: 'breach-not-found' } });
    });
  });

  describe('the prepared AP notification', () => {
    it('asks the form\'s questions in Dutch, in its sections and order, answers from the log with their events, lists what is open, and counts down the 72 hours', async () => {
      const breachId = await po.register();
      const before = await notificationOf(breachId);
      expect(before.sections.map((section) => section.number)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
      expect(before.sections[3]?.title).toBe('Gegevens over het datalek');
      expect(before).toMatchObject({ deadline: '2026-03-05T09:00:00.000Z', hoursLeft: 21, overdue: false });
      expect(question(before, 'tijdlijn.ontdekt')).toMatchObject({ number: '2.3', question: 'Wanneer heeft u de inbreuk ontdekt?', status: 'answered', answer: { text: '2 maart 2026 om 10:00', value: '2026-03-02T09:00:00.000Z', sources: [expect.objectContaining({ revision: 0 })] } });
      expect(question(before, 'lek.incident').answer?.text).toBe('Verkeerde ontvanger');
      expect(question(before, 'algemeen.contactpersoon')).toMatchObject({ status: 'unanswered', answer: null });
      expect(question(before, 'algemeen.verwerker.wanneer')).toMatchObject({ status: 'not-applicable' });
      expect(before.unanswered.map((open) => open.id)).toEqual(expect.arrayContaining(['algemeen.contactpersoon', 'gegevens.records', 'betrokkenen.categorieen', 'gevolgen.betrokkenen', 'lek.oorzaak', 'vervolg.maatregelen']));

      await po.post(`/breaches/${breachId}/notification-details`, DETAILS);
      const after = await notificationOf(breachId);
      expect(question(after, 'algemeen.contactpersoon').answer?.text).toBe('A. de Wit, privacy officer, +31 20 123 4567, privacy@gemeente.example');
      expect(question(after, 'betrokkenen.categorieen').answer?.text).toBe('Inwoners en minderjarigen. The applicant and her two children.');
      expect(question(after, 'gegevens.records').answer).toMatchObject({ text: '3', sources: [expect.objectContaining({ revision: 1 })] });
      expect(after.unanswered.map((open) => open.id)).not.toContain('algemeen.contactpersoon');
      expect(after.version.revision).toBe(1);
      expect(after.version.sha256).not.toBe(before.version.sha256);
    });

    it('lists when a processor informed us as unanswered until it is recorded, and how it did as answered', async () => {
      const breachId = await po.register({ discovery: { how: 'The print shop mailed us', processor: 'Print BV' } });
      await po.post(`/breaches/${breachId}/notification-details`, { processorNotification: { channel: 'email', explanation: 'A mail to the privacy desk.' } });
      const notification = await notificationOf(breachId);
      expect(question(notification, 'algemeen.verwerker')).toMatchObject({ status: 'answered', answer: { text: 'Ja: Print BV' } });
      expect(question(notification, 'algemeen.verwerker.wanneer')).toMatchObject({ status: 'unanswered' });
      expect(question(notification, 'algemeen.verwerker.hoe').answer?.text).toBe('E-mail: A mail to the privacy desk.');
    });

    it('is a printable PDF with the questions, the answers and what is still open', async () => {
      const breachId = await po.register();
      await po.post(`/breaches/${breachId}/notification-details`, DETAILS);
      for (const headers of [{ accept: 'application/pdf' }, {}]) {
        const response = await test.app.inject({ method: 'GET', url: `/breaches/${breachId}/ap-notification${'accept' in headers ? '' : '?format=pdf'}`, headers: { authorization: `Bearer ${test.keys['privacy-officer']}`, ...headers } });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/pdf');
        const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
        expect(text).toContain('Meldformulier datalekken');
        expect(text).toContain('Uiterste meldtermijn (72 uur): 5 maart 2026 om 10:00');
        expect(text).toContain('Resterende tijd: 21 uur');
        expect(text).toContain('Wanneer heeft u de inbreuk ontdekt?');
        expect(text).toContain('A. de Wit, privacy officer, +31 20 123 4567');
        expect(text).toContain('Nog niet beantwoord');
        expect(text).toContain('NOG NIET BEANTWOORD');
        expect(text).toContain('Welke technische en organisatorische beveiligingsmaatregelen had u getroffen');
      }
    });

    it('records with the filing which version of the answers was filed, and rebuilds that version later', async () => {
      const breachId = await po.register();
      await po.post(`/breaches/${breachId}/notification-details`, DETAILS);
      const prepared = await notificationOf(breachId);
      const wrong = await po.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T11:00:00+01:00', apReference: 'M-2026-77', phase: 'preliminary', apNotification: { revision: 1, sha256: 'a'.repeat(64) } });
      expect(wrong).toMatchObject({ status: 422, body: { code: 'ap-notification-version-unknown', sha256: prepared.version.sha256 } });
      const unknownRevision = await po.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T11:00:00+01:00', apReference: 'M-2026-77', phase: 'preliminary', apNotification: { revision: 9, sha256: prepared.version.sha256 } });
      expect(unknownRevision).toMatchObject({ status: 422, body: { code: 'ap-notification-version-unknown' } });
      expect(await eventsOf(breachId)).toHaveLength(2);

      const filed = await po.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T11:00:00+01:00', apReference: 'M-2026-77', phase: 'preliminary', apNotification: prepared.version });
      expect(filed.status).toBe(201);
      await po.post(`/breaches/${breachId}/measures`, { description: 'Letter retrieved.', purpose: 'containment', takenAt: '2026-03-04T11:30:00+01:00' });
      const events = await eventsOf(breachId);
      expect(events[2]).toMatchObject({ type: 'BreachReportedToAP', data: { apNotification: prepared.version } });

      const now = await notificationOf(breachId);
      expect(now.version.sha256).not.toBe(prepared.version.sha256);
      expect(question(now, 'melding.soort').answer?.text).toBe('Vervolgmelding op melding M-2026-77');
      expect(now).toMatchObject({ hoursLeft: null, overdue: false, filings: [expect.objectContaining({ apReference: 'M-2026-77', apNotification: prepared.version })] });
      // What was told to the AP: the filed version, rebuilt from the log, hashes as recorded.
      expect((await notificationOf(breachId, `?revision=${prepared.version.revision}`)).version).toEqual(prepared.version);
      expect((await po.get(`/breaches/${breachId}/ap-notification?revision=99`)).body).toMatchObject({ code: 'revision-not-found' });

      // A follow-up filing records the version it copied as well.
      const supplement = await po.post(`/breaches/${breachId}/ap-report-supplements`, { supplementedAt: '2026-03-04T12:30:00+01:00', changes: 'The letter was retrieved.', phase: 'final', apNotification: now.version });
      expect(supplement.status).toBe(201);
      expect((await eventsOf(breachId))[4]).toMatchObject({ type: 'BreachReportSupplemented', data: { apNotification: now.version } });
      expect((await notificationOf(breachId)).filings).toEqual([
        expect.objectContaining({ kind: 'report', apNotification: prepared.version }),
        expect.objectContaining({ kind: 'supplement', apReference: 'M-2026-77', apNotification: now.version }),
      ]);
    });

    it('records the current version when the filing names none', async () => {
      const breachId = await po.register();
      const prepared = await notificationOf(breachId);
      await po.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T11:00:00+01:00', apReference: 'M-2026-78', phase: 'final' });
      expect((await eventsOf(breachId))[1]?.data.apNotification).toEqual(prepared.version);
      // A later filing may name an earlier version: it is checked against the history up to that revision, not the head.
      await po.post(`/breaches/${breachId}/measures`, { description: 'Letter retrieved.', purpose: 'containment', takenAt: '2026-03-04T11:30:00+01:00' });
      const supplement = await po.post(`/breaches/${breachId}/ap-report-supplements`, { supplementedAt: '2026-03-04T12:30:00+01:00', changes: 'The letter was retrieved.', phase: 'final', apNotification: prepared.version });
      expect(supplement.status).toBe(201);
      expect((await eventsOf(breachId))[3]).toMatchObject({ type: 'BreachReportSupplemented', data: { apNotification: prepared.version } });
    });

    describe('in English', () => {
      let breachId: string;
      beforeAll(async () => {
        breachId = await po.register();
        await po.post(`/breaches/${breachId}/notification-details`, DETAILS);
        await po.post(`/breaches/${breachId}/root-causes`, { category: 'human-error', description: 'An old address was copied from a former case.' });
      });
      const inject = (url: string, headers: Record<string, string> = {}) => test.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${test.keys['privacy-officer']}`, ...headers } });

      it('speaks Dutch by default, and says so', async () => {
        const response = await inject(`/breaches/${breachId}/ap-notification`);
        expect(response.headers['content-language']).toBe('nl');
        expect(response.headers.vary).toContain('Accept-Language');
        const dutch = response.json() as Notification & { lang: string };
        expect(dutch.lang).toBe('nl');
        expect(dutch.sections[2]?.title).toBe('Tijdlijn');
        expect(question(dutch, 'tijdlijn.ontdekt')).toMatchObject({ question: 'Wanneer heeft u de inbreuk ontdekt?', answer: { text: '2 maart 2026 om 10:00' } });
        expect(question(dutch, 'lek.oorzaak').answer?.text).toBe('Menselijke fout: An old address was copied from a former case.');
        expect(question(dutch, 'algemeen.onderdeel').answer?.text).toBe('Dienst Sociale Zaken en Werkgelegenheid (SZW)');
        expect((dutch.unanswered as { hint?: string }[]).map((open) => open.hint)).toContain('POST /breaches/{id}/notification-details: measuresBeforeBreach');
      });

      it('gives every section title, question, hint and answer text in English with ?lang=en or Accept-Language, and the same version', async () => {
        const dutch = await notificationOf(breachId);
        for (const [query, headers] of [['?lang=en', {}], ['', { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' }]] as const) {
          const response = await inject(`/breaches/${breachId}/ap-notification${query}`, headers);
          expect(response.statusCode).toBe(200);
          expect(response.headers['content-language']).toBe('en');
          const english = response.json() as Notification & { lang: string };
          expect(english.lang).toBe('en');
          expect(english.sections.map((section) => section.title)).toEqual([
            'About this notification',
            'Contact details and other general information',
            'Timeline',
            'About the breach',
            'The personal data concerned',
            'The people whose personal data are concerned',
            'Measures taken before the breach',
            'Consequences of the breach',
            'Follow-up actions',
          ]);
          expect(question(english, 'tijdlijn.ontdekt')).toMatchObject({ question: 'When did you become aware of the breach?', answer: { text: '2 March 2026 at 10:00', value: '2026-03-02T09:00:00.000Z' } });
          expect(question(english, 'melding.soort').answer?.text).toBe('New notification');
          expect(question(english, 'lek.incident').answer?.text).toBe('Wrong recipient');
          expect(question(english, 'lek.aard').answer?.text).toBe('Confidentiality');
          expect(question(english, 'lek.oorzaak').answer?.text).toBe('Human error: An old address was copied from a former case.');
          expect(question(english, 'betrokkenen.categorieen').answer?.text).toBe('Residents and minors. The applicant and her two children.');
          expect(question(english, 'gevolgen.betrokkenen').answer?.text).toBe('Stigmatisation or exclusion. The neighbour learns that the family receives youth care.');
          expect(question(english, 'internationaal.lidstaten').answer?.text).toBe('No');
          expect(question(english, 'algemeen.onderdeel').answer?.text).toBe('Social Affairs and Employment (SZW)');
          expect(question(english, 'internationaal.leidend')).toMatchObject({ status: 'not-applicable', hint: 'no data subjects in other EU/EEA states recorded' });
          expect((english.unanswered as { id: string; question: string; hint?: string }[]).find((open) => open.id === 'beveiliging.maatregelen')).toMatchObject({
            question: 'Which technical and organisational security measures had you taken before the breach?',
            hint: 'POST /breaches/{id}/notification-details: measuresBeforeBreach',
          });
          // No Dutch is left in what the form itself says (free text is as recorded).
          const formText = english.sections.flatMap((section) => [section.title, ...section.questions.flatMap((q) => [q.question, (q as { hint?: string }).hint ?? '', q.answer?.text ?? ''])]).join(' ');
          expect(formText).not.toMatch(/\b(nee|ja|maart|nog|betrokkenen|inwoners|Menselijke|Verkeerde|vastgelegd)\b/);
          // The same answers, the same version: the hash does not depend on the language.
          expect(english.version).toEqual(dutch.version);
          expect(english.sections.flatMap((section) => section.questions.map((q) => [q.id, q.status, q.answer?.value, q.answer?.sources]))).toEqual(
            dutch.sections.flatMap((section) => section.questions.map((q) => [q.id, q.status, q.answer?.value, q.answer?.sources])),
          );
        }
        // ?lang= wins over Accept-Language; a language the form does not speak is refused.
        expect((await inject(`/breaches/${breachId}/ap-notification?lang=nl`, { 'accept-language': 'en' })).headers['content-language']).toBe('nl');
        expect((await inject(`/breaches/${breachId}/ap-notification`, { 'accept-language': 'fr' })).headers['content-language']).toBe('nl');
        const bad = await inject(`/breaches/${breachId}/ap-notification?lang=fr`);
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toMatchObject({ code: 'validation-failed' });
      });

      it('prints the English form as a PDF', async () => {
        const response = await inject(`/breaches/${breachId}/ap-notification?format=pdf&lang=en`);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/pdf');
        expect(response.headers['content-disposition']).toContain('ap-notification-');
        const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
        expect(text).toContain('AP breach notification form');
        expect(text).toContain('Deadline (72 hours): 5 March 2026 at 10:00');
        expect(text).toContain('Time left: 21 hours');
        expect(text).toContain('Not yet answered');
        expect(text).toContain('When did you become aware of the breach?');
        expect(text).toContain('Human error: An old address was copied from a former case.');
        expect(text).toContain('NOT YET ANSWERED');
        expect(text).not.toContain('Uiterste meldtermijn');
        expect(text).not.toContain('Wanneer heeft u de inbreuk ontdekt?');
        const dutch = (await pdfText((await inject(`/breaches/${breachId}/ap-notification?format=pdf`)).rawPayload)).replace(/\s+/g, ' ');
        expect(dutch).toContain('Uiterste meldtermijn (72 uur): 5 maart 2026 om 10:00');
        expect(dutch).toContain('Menselijke fout: An old address was copied from a former case.');
      });

      it('files the version seen in English: it verifies, and the filing records it', async () => {
        const english = (await inject(`/breaches/${breachId}/ap-notification?lang=en`)).json() as Notification;
        const filed = await po.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T11:00:00+01:00', apReference: 'M-2026-EN', phase: 'preliminary', apNotification: english.version });
        expect(filed.status).toBe(201);
        expect((await eventsOf(breachId)).find((event) => event.type === 'BreachReportedToAP')?.data.apNotification).toEqual(english.version);
        // Rebuilt later in either language, the filed version hashes as recorded.
        expect((await notificationOf(breachId, `?revision=${english.version.revision}`)).version).toEqual(english.version);
        expect(((await inject(`/breaches/${breachId}/ap-notification?revision=${english.version.revision}&lang=en`)).json() as Notification).version).toEqual(english.version);
      });
    });

    it('is for the privacy officers, the FG and the CPO; an auditor is refused', async () => {
      const breachId = await po.register();
      expect((await test.as('dpo').get(`/breaches/${breachId}/ap-notification`)).status).toBe(200);
      expect((await test.as('auditor').get(`/breaches/${breachId}/ap-notification`)).status).toBe(403);
      expect((await po.get(`/breaches/${breachId}/ap-notification?format=xml`)).status).toBe(400);
    });
  });

  describe('after erasure', () => {
    it('reads every personal field as "[erased]" in the dossier and the prepared form', async () => {
      const breachId = await po.register();
      await po.post(`/breaches/${breachId}/notification-details`, DETAILS);
      await po.post(`/breaches/${breachId}/assessments`, { assessedAt: '2026-03-02T12:00:00+01:00', risk: 'none', severity: 'verwaarloosbaar', reportable: false, notifyDataSubjects: false, rationale: 'Returned unopened.' });
      await po.post(`/breaches/${breachId}/root-causes`, { category: 'human-error', description: 'Old address.' });
      const closed = await po.post(`/breaches/${breachId}/closure`, { closedAt: '2026-03-04T11:00:00+01:00', summary: 'Letter returned.' });
      expect(closed.status).toBe(201);
      expect((await test.as('dpo').post(`/breaches/${breachId}/personal-data-erasure`, { reason: 'Retention period ended.' })).status).toBe(201);
      const dossier = (await po.get(`/breaches/${breachId}/dossier`)).body as unknown as BreachDossier;
      expect(dossier).toMatchObject({ personalData: 'erased', erasure: { reason: 'Retention period ended.' } });
      expect(dossier.facts.title.value).toBe('[erased]');
      expect(dossier.facts.dienst.value).toBe('SZW');
      expect(dossier.notificationDetails.contact?.value).toMatchObject({ name: '[erased]', jobTitle: 'privacy officer', phone: '[erased]' });
      expect(dossier.assessments[0]?.rationale).toBe('[erased]');
      const auditor = (await test.as('auditor').get(`/breaches/${breachId}/dossier`)).body as unknown as BreachDossier;
      expect(auditor.facts.title.value).toBe('[erased]');
      const notification = await notificationOf(breachId);
      expect(question(notification, 'lek.ontdekking').answer?.text).toBe('[erased]');
    });
  });
});
