import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebClient } from '../support/web-client.js';

/** The dossier page's situation, rendered by the server (no browser needed). */
describe("the dossier page's situation", () => {
  let test: TestApp;
  let web: WebClient;

  beforeAll(async () => {
    test = await startTestApp();
    web = new WebClient(test.app);
    await web.signIn(test.keys['privacy-officer']);
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it("shows the standing filing's meldnummer after a withdrawal and a re-filing, beside the first filing's time", async () => {
    const po = test.as('privacy-officer');
    const post = async (url: string, body: Record<string, unknown>) => {
      const response = await po.post(url, body);
      expect({ url, status: response.status }).toEqual({ url, status: 201 });
      return response.body;
    };
    const { breachId } = (await post('/breaches', registrationBody({ awareAt: '2021-03-02T10:00:00+01:00', occurredFrom: null, occurredTo: null }))) as { breachId: string };
    await post(`/breaches/${breachId}/assessments`, { assessedAt: '2021-03-02T12:00:00+01:00', risk: 'risk', severity: 'beperkt', reportable: true, notifyDataSubjects: false, rationale: null });
    await post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2021-03-04T10:00:00+01:00', apReference: 'M-FIRST', phase: 'final', lateReason: null });
    await post(`/breaches/${breachId}/ap-report-withdrawals`, { withdrawnAt: '2021-03-07T10:00:00+01:00', ground: 'other', reason: 'Filed with the wrong form.' });
    const { position } = (await post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2021-03-08T10:00:00+01:00', apReference: 'M-REFILED', phase: 'final', lateReason: null })) as { position: string };
    await po.get(`/breaches/${breachId}?minPosition=${position}`);

    const page = await web.get(`/app/breaches/${breachId}`);
    expect(page.statusCode).toBe(200);
    const situation = page.body.slice(page.body.indexOf('<dl class="pl-dl">'), page.body.indexOf('</dl>'));
    expect(situation).toContain('<dt>Meldnummer</dt><dd>M-REFILED</dd>');
    expect(situation).not.toContain('M-FIRST');
    // The time lateness is judged on stays the first filing's.
    expect(situation).toContain('<dt>Gemeld bij de AP</dt><dd><time datetime="2021-03-04T09:00:00.000Z">');
  });
});
