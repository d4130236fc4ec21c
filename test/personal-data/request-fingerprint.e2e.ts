import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { requestFingerprint } from '../../src/http/request-fingerprint.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import { subjectFingerprint } from '../../src/personal-data/subject-fingerprint.js';
import { auditBody } from '../support/audit-requests.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The fingerprint stored with a breach command's events must not outlive the erasure of
 * the breach's personal data: with everything in the data folder, a guessed body of an
 * erased breach can no longer be confirmed against it.
 */

const GUESSED = registrationBody({ title: 'Brief over Mevrouw Geertruida Klaproos-Vennegoor naar de buren', description: 'Het dossier van Klaproos-Vennegoor lag bij nummer 9.' });

/** The request as the fingerprint sees it, rebuilt by whoever holds the guessed body. */
const guessedRequest = { method: 'POST', url: '/breaches', routeOptions: { url: '/breaches' }, params: {}, body: GUESSED } as unknown as FastifyRequest;

describe('request fingerprints and erasure', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(async () => {
    await test.dispose();
  });

  const storedHash = async (breachId: string, revision = 0): Promise<string> => {
    const { body } = await test.as('auditor').get(`/breaches/${breachId}/events`);
    const events = body.events as { metadata: { extensions: { requestHash: string } } }[];
    return events[revision]?.metadata.extensions.requestHash as string;
  };
  const installationKey = () => readFileSync(join(test.dataDir, 'request-fingerprint.key'));
  const keyOf = async (breachId: string): Promise<Buffer | undefined> => {
    const keys = new SqlitePersonalDataKeys({ file: loadConfig({ DATA_DIR: test.dataDir }).personalData.keysFile });
    try {
      return await keys.get(breachId);
    } finally {
      await keys.close();
    }
  };

  it('cannot be recomputed from a guessed body once the breach is erased: its key is gone', async () => {
    const registered = await test.as('app').post('/breaches', GUESSED, { 'idempotency-key': 'guess-1' });
    expect(registered.status).toBe(201);
    const breachId = registered.body.breachId as string;
    const stored = await storedHash(breachId);
    // Before the erasure, the folder's keys do confirm it: the recomputation below is the service's own.
    const key = (await keyOf(breachId)) as Buffer;
    expect(stored).toBe(subjectFingerprint(key, requestFingerprint(installationKey(), guessedRequest)));

    await test.as('privacy-officer').closeAsNotReportable(breachId);
    const erased = await test.as('dpo').post(`/breaches/${breachId}/personal-data-erasure`, { reason: 'Retention ended.' });
    expect(erased.status).toBe(201);
    expect(await keyOf(breachId)).toBeUndefined();
    // Everything the folder still holds: the installation's fingerprint key and the log.
    expect(requestFingerprint(installationKey(), guessedRequest)).not.toBe(stored);
    expect(stored).not.toContain(requestFingerprint(installationKey(), guessedRequest));
  });

  it('keeps retries safe before erasure: the same body is answered from the log, another body refused', async () => {
    const first = await test.as('app').post('/breaches', GUESSED, { 'idempotency-key': 'retry-1' });
    const again = await test.as('app').post('/breaches', GUESSED, { 'idempotency-key': 'retry-1' });
    expect([again.body, again.headers['idempotent-replayed']]).toEqual([first.body, 'true']);
    const other = await test.as('app').post('/breaches', { ...GUESSED, title: 'Another title' }, { 'idempotency-key': 'retry-1' });
    expect([other.status, other.body.code]).toEqual([422, 'idempotency-key-reused']);
  });

  it('answers a retry of the registration after the erasure from the events of the first attempt', async () => {
    const register = () => test.as('app').post('/breaches', registrationBody({ title: 'Brief aan buurman' }), { 'idempotency-key': 'register-erased-1' });
    const first = await register();
    expect(first.status).toBe(201);
    const breachId = first.body.breachId as string;
    await test.as('privacy-officer').closeAsNotReportable(breachId);
    expect((await test.as('dpo').post(`/breaches/${breachId}/personal-data-erasure`, { reason: 'Retention ended.' })).status).toBe(201);
    const retry = await register();
    expect([retry.status, retry.body, retry.headers['idempotent-replayed']]).toEqual([201, first.body, 'true']);
  });

  it('answers a retry of the erasure after the key is gone from the events of the first attempt', async () => {
    const breachId = await test.as('app').register({ title: 'Brief aan de verkeerde' });
    await test.as('privacy-officer').closeAsNotReportable(breachId);
    const erase = () => test.as('dpo').post(`/breaches/${breachId}/personal-data-erasure`, { reason: 'Retention ended.' }, { 'idempotency-key': 'erase-1' });
    const first = await erase();
    expect(first.status).toBe(201);
    const retry = await erase();
    expect([retry.status, retry.body, retry.headers['idempotent-replayed']]).toEqual([201, first.body, 'true']);
    // Commands after the erasure store the installation-keyed fingerprint: there is no breach key any more.
    // (After closure and erasure, linking an audit recommendation is one that records no personal data.)
    const officer = test.as('privacy-officer');
    const auditId = (await officer.post('/audits', auditBody({ completedAt: new Date().toISOString() }))).body.auditId as string;
    const issuedAt = new Date().toISOString();
    const recommendationId = (await officer.post(`/audits/${auditId}/recommendations`, { findingId: 'B1', description: 'Check addresses twice.', dienst: 'SZW', issuedAt, dueAt: null })).body.recommendationId as string;
    const link = { auditId, recommendationId, relation: 'led-to', linkedAt: new Date().toISOString() };
    const linked = await officer.post(`/breaches/${breachId}/recommendation-links`, link, { 'idempotency-key': 'link-1' });
    expect(linked.status).toBe(201);
    expect(await storedHash(breachId, linked.body.revision as number)).toMatch(/^[0-9a-f]{64}$/);
    const linkedAgain = await officer.post(`/breaches/${breachId}/recommendation-links`, link, { 'idempotency-key': 'link-1' });
    expect(linkedAgain.headers['idempotent-replayed']).toBe('true');
  });
});
