import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** What a JSON body may not carry: each refused with a problem+json and its code, nothing written. */
describe('JSON bodies the service refuses', () => {
  let test: TestApp;
  let store: EventStore;
  beforeAll(async () => {
    test = await startTestApp();
    store = test.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await test.dispose();
  });

  const valid = JSON.stringify(registrationBody());
  const post = (payload: string | Buffer, contentType: string) =>
    test.app.inject({ method: 'POST', url: '/breaches', headers: { 'content-type': contentType, authorization: `Bearer ${test.keys['privacy-officer']}` }, payload });
  const withBytes = (bytes: number[]) => Buffer.concat([Buffer.from(valid.replace('"SZW"', '"SZW')), Buffer.from(bytes), Buffer.from(valid.slice(valid.indexOf('"SZW"') + 4))]);

  const cases: [string, string | Buffer, number, string, string][] = [
    ['invalid UTF-8 (a lone continuation byte)', withBytes([0x80]), 400, 'invalid-utf8', 'application/json'],
    ['invalid UTF-8 (an overlong encoding)', withBytes([0xc0, 0xaf]), 400, 'invalid-utf8', 'application/json'],
    ['invalid UTF-8 (an encoded surrogate)', withBytes([0xed, 0xa0, 0x80]), 400, 'invalid-utf8', 'application/json'],
    ['a NUL character in a value', JSON.stringify(registrationBody({ title: 'wrong\u0000address' })), 400, 'nul-character', 'application/json'],
    ['a NUL character in a key', valid.replace('"bsn"', '"b\\u0000sn"'), 400, 'nul-character', 'application/json'],
    ['a lone surrogate escape', valid.replace('"SZW"', '"SZW\\ud800"'), 400, 'invalid-unicode', 'application/json'],
    ['a duplicate key', valid.replace('{"title"', '{"title":"first","title"'), 400, 'duplicate-key', 'application/json'],
    ['a duplicate key spelled with an escape', valid.replace('{"title"', '{"\\u0074itle":"first","title"'), 400, 'duplicate-key', 'application/json'],
    ['a duplicate key in a nested object', valid.replace('"kind":"exact"', '"kind":"exact","kind":"range"'), 400, 'duplicate-key', 'application/json'],
    ['an integer beyond 2^53', valid.replace('"count":1', '"count":9007199254740993'), 400, 'number-too-large', 'application/json'],
    ['an integer beyond 2^53 written with an exponent', valid.replace('"count":1', '"count":1e300'), 400, 'number-too-large', 'application/json'],
    ['a number beyond a double', valid.replace('"count":1', '"count":1e999'), 400, 'number-too-large', 'application/json'],
    ['a charset other than UTF-8', valid, 415, 'unsupported-media-type', 'application/json; charset=latin1'],
    ['a quoted charset other than UTF-8', valid, 415, 'unsupported-media-type', 'application/json;charset="utf-16"'],
  ];

  it.each(cases)('refuses %s and writes nothing', async (_name, payload, status, code, contentType) => {
    const before = await store.headPosition();
    const response = await post(payload, contentType);
    expect([response.statusCode, response.headers['content-type']]).toEqual([status, expect.stringMatching(/^application\/problem\+json/)]);
    expect(JSON.parse(response.body)).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
    expect(await store.headPosition()).toBe(before);
  });

  it.each(['2026-03-02T10:00:00+14:01', '2026-03-02T10:00:00-14:30', '2026-03-02T10:00:00+23:59'])('refuses the offset of %s: beyond ±14:00 no zone uses', async (awareAt) => {
    const response = await post(JSON.stringify(registrationBody({ awareAt })), 'application/json');
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'validation-failed', errors: [expect.objectContaining({ pointer: '/awareAt' })] });
  });

  it.each([
    ['charset=utf-8', 'application/json; charset=utf-8'],
    ['charset=UTF8', 'application/json;charset=UTF8'],
    ['offsets of ±14:00', 'application/json', JSON.stringify(registrationBody({ awareAt: '2026-03-02T10:00:00-14:00', occurredFrom: '2026-03-01T09:00:00+14:00' }))],
    ['the largest safe integer', 'application/json', valid.replace('"count":1', '"count":9007199254740991')],
    ['an escaped backslash before u0000', 'application/json', JSON.stringify(registrationBody({ title: 'path C:\\u0000' }))],
  ])('accepts %s', async (_name, contentType, payload = valid) => {
    expect((await post(payload, contentType)).statusCode).toBe(201);
  });
});
