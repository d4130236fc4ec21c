import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * X-Request-Id (set by proxies) names the request in the logs and is the correlation id when no
 * X-Correlation-Id is sent: a malformed one is replaced by a generated id, never stored as given.
 */
describe('request and correlation ids', () => {
  let test: TestApp;
  let store: EventStore;
  beforeAll(async () => {
    test = await startTestApp();
    store = test.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await test.dispose();
  });

  const correlationOf = async (headers: Record<string, string>): Promise<string> => {
    const breachId = await test.as('privacy-officer').register({}, headers);
    const [event] = await store.readStream(`breach-${breachId}`);
    return event?.metadata.correlationId as string;
  };

  it('takes a well-formed X-Request-Id as the correlation id', async () => {
    expect(await correlationOf({ 'x-request-id': 'proxy-req-0042' })).toBe('proxy-req-0042');
  });

  it.each([
    ['spaces and quotes', 'a b "c"'],
    ['more than 200 characters', 'r'.repeat(201)],
    ['control characters', 'abc\u0001def'],
  ])('replaces an X-Request-Id with %s by a generated id', async (_name, value) => {
    expect(await correlationOf({ 'x-request-id': value })).toMatch(UUID);
  });

  it('generates a unique correlation id when none is sent', async () => {
    const [first, second] = [await correlationOf({}), await correlationOf({})];
    expect(first).toMatch(UUID);
    expect(second).not.toBe(first);
  });

  it('refuses a malformed X-Correlation-Id with 400 and writes nothing', async () => {
    const before = await store.headPosition();
    for (const value of ['a b', 'c'.repeat(201)]) {
      const response = await test.as('privacy-officer').post('/breaches', {}, { 'x-correlation-id': value });
      expect(response).toMatchObject({ status: 400, body: { code: 'invalid-correlation-id', header: 'x-correlation-id' } });
    }
    expect(await store.headPosition()).toBe(before);
  });
});
