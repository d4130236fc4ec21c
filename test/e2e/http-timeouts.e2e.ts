import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REQUEST_TIMEOUT_MS = 1500;
const HEADERS_TIMEOUT_MS = 1000;

/**
 * A client that sends part of a request and then stalls. Resolves with what the server
 * answered and how long it took to close the connection; rejects if it is still open after
 * `giveUpMs` (far beyond the configured timeouts).
 */
function stall(port: number, partial: string, giveUpMs = 20_000): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(partial));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined); // a reset is a close too
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept a stalled connection open for ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

describe('HTTP timeouts: a stalled client does not hold its connection', () => {
  let test: TestApp;
  let port: number;
  beforeAll(async () => {
    test = await startTestApp({ env: { HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS) } });
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    port = (test.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('closes a request whose body never completes, answering 408', async () => {
    const headers = ['POST /breaches HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', 'Content-Length: 1000', `Authorization: Bearer ${test.keys['privacy-officer']}`];
    const { answer, closedAfterMs } = await stall(port, `${headers.join('\r\n')}\r\n\r\n{"title":"Decision letter`);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
  });

  it('closes a request whose headers never complete', async () => {
    const { answer } = await stall(port, 'GET /breaches HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
  });
});
