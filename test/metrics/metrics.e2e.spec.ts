import { afterEach, describe, expect, it } from '@jest/globals';
import { API_KEYS, type ApiKeys } from '../../src/auth/api-keys.port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** GET /metrics: the Prometheus text format, for an admin or an app key allowed read-metrics. */
describe('GET /metrics', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.dispose();
  });
  const start = async (env: NodeJS.ProcessEnv = {}): Promise<TestApp> => {
    const app = await startTestApp({ env });
    apps.push(app);
    return app;
  };
  const scrape = async (service: TestApp, key = service.keys.admin) => service.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${key}` } });
  /** The value of one sample, by its name and labels as printed. */
  const sample = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('is refused without a credential and to the roles that do not operate the service', async () => {
    const service = await start();
    expect((await service.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    for (const role of ['privacy-officer', 'dpo', 'cpo', 'auditor', 'supervisory-authority'] as const) {
      const answer = await scrape(service, service.keys[role]);
      expect(answer.statusCode).toBe(403);
      expect(answer.body).not.toContain('privacy_ledger_');
    }
  });

  it('is given to an app key that lists read-metrics, and refused to one that does not', async () => {
    const service = await start();
    const store = service.app.get<ApiKeys>(API_KEYS);
    const monitoring = await store.create({ role: 'app', name: 'Prometheus', allowed: ['read-metrics'] }, new Date());
    const intake = await store.create({ role: 'app', name: 'Intake', allowed: ['register-breach'] }, new Date());
    expect((await scrape(service, monitoring.key)).statusCode).toBe(200);
    expect((await scrape(service, intake.key)).statusCode).toBe(403);
  });

  it('counts requests per route and status with their latency, the commits, the projections and the checkpoints', async () => {
    const service = await start();
    const officer = service.as('privacy-officer');
    const breachId = await officer.register();
    await officer.register();
    expect((await officer.get(`/breaches/${breachId}?minPosition=2`)).status).toBe(200);
    expect((await service.as('dpo').post('/audit/checkpoints', {})).status).toBe(201);

    const answer = await scrape(service);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = answer.body;
    expect(text).toContain('# TYPE privacy_ledger_http_requests_total counter');
    expect(sample(text, 'privacy_ledger_http_requests_total{method="POST",route="/breaches",status="201"}')).toBe(2);
    expect(sample(text, 'privacy_ledger_http_requests_total{method="GET",route="/breaches/:breachId",status="200"}')).toBe(1);
    expect(sample(text, 'privacy_ledger_http_request_duration_seconds_count{method="POST",route="/breaches"}')).toBe(2);
    expect(sample(text, 'privacy_ledger_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/breaches"}')).toBe(2);
    // Two registrations and the checkpoint: three appends, in at most three commits.
    expect(sample(text, 'privacy_ledger_event_store_appends_total')).toBeGreaterThanOrEqual(3);
    const commits = sample(text, 'privacy_ledger_event_store_commits_total') ?? 0;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(sample(text, 'privacy_ledger_event_store_appends_total') ?? 0);
    // Each group commit observed with the appends it carried: the three above among them.
    const batched = sample(text, 'privacy_ledger_event_store_group_commit_appends_sum') ?? 0;
    expect(batched).toBeGreaterThanOrEqual(3);
    expect(batched).toBeLessThanOrEqual(sample(text, 'privacy_ledger_event_store_appends_total') ?? 0);
    expect(sample(text, 'privacy_ledger_event_store_group_commit_appends_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'privacy_ledger_event_store_group_commit_appends_bucket{le="+Inf"}')).toBe(sample(text, 'privacy_ledger_event_store_group_commit_appends_count'));
    expect(sample(text, 'privacy_ledger_event_store_head_position')).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^privacy_ledger_projection_lag_positions\{projection="breach-register\.v2"\} \d+$/m);
    expect(sample(text, 'privacy_ledger_projection_running{projection="breach-timeline.v2"}')).toBe(1);
    const age = sample(text, 'privacy_ledger_checkpoint_age_seconds{kind="signed"}');
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    // No witnesses configured: no witnessed checkpoint to give an age of.
    expect(text).not.toContain('privacy_ledger_checkpoint_age_seconds{kind="witnessed"}');
    expect(text).toMatch(/^privacy_ledger_alert_outbox_depth \d+$/m);
    expect(text).toContain('privacy_ledger_process_cpu_seconds_total');
    expect(text).toContain('privacy_ledger_nodejs_eventloop_lag_seconds');
  });

  it('counts the rate limits\' refusals by the budget spent', async () => {
    const service = await start({ RATE_LIMIT_PER_MINUTE: '3', AUTH_FAILURES_PER_MINUTE: '2' });
    for (let n = 0; n < 4; n += 1) await service.app.inject({ method: 'GET', url: '/breaches', headers: { authorization: `Bearer ${service.keys['privacy-officer']}` } });
    for (let n = 0; n < 3; n += 1) await service.app.inject({ method: 'GET', url: '/breaches', headers: { authorization: 'Bearer plk_wrong' } });
    const text = (await scrape(service)).body;
    expect(sample(text, 'privacy_ledger_rate_limit_refusals_total{budget="identity"}')).toBe(1);
    expect(sample(text, 'privacy_ledger_rate_limit_refusals_total{budget="auth-failures"}')).toBe(1);
    expect(sample(text, 'privacy_ledger_http_requests_total{method="GET",route="/breaches",status="429"}')).toBe(2);
  });
});
