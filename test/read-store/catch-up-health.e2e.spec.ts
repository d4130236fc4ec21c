import { afterEach, describe, expect, it } from '@jest/globals';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import { readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Health = { status: string; checks: { eventStore: { headPosition: string }; readStore: { projections: Record<string, { state: string; position: string }> } } };

/**
 * The first start on an existing log, the read models empty: every projection catches up on
 * the whole log. The service answers /health meanwhile (the runners share one read of the log
 * and give the event loop turns), not only once they are done.
 */
describe('a first start on a large log', () => {
  let app: TestApp | undefined;
  const dir = tempDir();
  afterEach(async () => {
    await app?.dispose();
    dir.remove();
  });

  it('answers /health while the projections catch up, showing them behind the head, and then at it', async () => {
    const log = readSide(dir.path);
    await appendGeneratedYear(log.events, log.clock, generateBreachYear({ seed: 19, breaches: 500 }), { pipeline: true });
    const head = (await log.events.headPosition()).toString();
    await log.close();

    app = await startTestApp({ dataDir: dir.path, env: { PROJECTION_BATCH_SIZE: '50', PROJECTION_CATCH_UP_BATCH_SIZE: '200' } });
    const answers: Health[] = [];
    for (;;) {
      const response = await app.app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      const health = response.json<Health>();
      answers.push(health);
      if (Object.values(health.checks.readStore.projections).every((projection) => projection.position === head)) break;
      // Requests of real clients arrive as I/O, each in a turn of the event loop of its own.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const behind = answers.filter((health) => Object.values(health.checks.readStore.projections).some((projection) => BigInt(projection.position) < BigInt(head)));
    // Answered during the catch-up, several times, while positions moved.
    expect(behind.length).toBeGreaterThanOrEqual(3);
    const positions = new Set(behind.map((health) => JSON.stringify(health.checks.readStore.projections)));
    expect(positions.size).toBeGreaterThanOrEqual(2);
    behind.forEach((health) => expect(health).toMatchObject({ status: 'ok', checks: { eventStore: { headPosition: head } } }));
    expect(answers.at(-1)?.status).toBe('ok');
  }, 180_000);
});
