import { describe, expect, it } from '@jest/globals';
import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { helmetHeaders, SECURITY_HEADERS } from './security-headers.js';

/** What helmet itself sets on a real Node response, as lower-cased name → text. */
function setByHelmet(): Record<string, string> {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  response.setHeader('X-Powered-By', 'something');
  let failed: unknown;
  helmet(SECURITY_HEADERS)(request, response, (error?: unknown) => {
    failed = error;
  });
  expect(failed).toBeUndefined();
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
}

describe('the security headers worked out once', () => {
  it('are exactly what helmet sets on a response, X-Powered-By removed', () => {
    expect(helmetHeaders()).toEqual(setByHelmet());
    expect(helmetHeaders()).not.toHaveProperty('x-powered-by');
  });

  it('keep the Swagger UI running (inline scripts and styles) without upgrading requests to https', () => {
    const csp = helmetHeaders()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(helmetHeaders()).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
  });
});
