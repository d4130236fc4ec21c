import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyVariables, listeningApp } from '../support/listening-app.js';
import { curlRequest, jqPath, readmeSteps, shellWords } from '../support/readme-curl.js';
import type { TestApp } from '../support/test-app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe("the README's curl examples", () => {
  let test: TestApp;
  let base: string;
  beforeAll(async () => {
    ({ test, base } = await listeningApp());
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('run in order against a live service, each answering the status its "# expect" line names', async () => {
    const keys = keyVariables(test);
    // The variables the README's text asks the reader to set: a privacy officer's key, the FG's, the CPO's, an admin's, the AP's.
    const variables: Record<string, string> = { KEY: keys.privacyOfficerKey as string, FG: keys.dpoKey as string, CPO_KEY: keys.cpoKey as string, ADMIN_KEY: keys.adminKey as string, AUDITOR_KEY: keys.auditorKey as string, AP_KEY: keys.apKey as string };
    const steps = readmeSteps(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(steps.length).toBeGreaterThan(40);
    for (const step of steps) {
      const where = `README.md:${step.line}`;
      if ('assign' in step) {
        variables[step.assign] = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        continue;
      }
      expect([where, step.expect === undefined ? 'no # expect line before it' : 'expects']).toEqual([where, 'expects']);
      const request = curlRequest(shellWords(step.text, variables), base, ROOT);
      const response = await fetch(request.url, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) });
      const text = await response.text();
      expect([where, `${request.method} ${request.url.slice(base.length)}`, response.status, response.status === step.expect ? '' : text.slice(0, 500)]).toEqual([
        where,
        `${request.method} ${request.url.slice(base.length)}`,
        step.expect,
        '',
      ]);
      if (step.capture) variables[step.capture.variable] = jqPath(JSON.parse(text), step.capture.filter, step.capture.raw);
    }
  }, 180_000);
});
