import { describe, expect, it } from '@jest/globals';
import { REFUSALS, refusalText } from '../../src/web/i18n/refusals.js';
import { readmeCodes, refusalCodes } from './refusal-codes.js';

describe('the refusals in Dutch and English (src/web/i18n/refusals.ts)', () => {
  const found = refusalCodes(process.cwd());

  it('finds the codes where they are written (README tables and text, the errors in the source)', () => {
    // A sample from each source, so a broken extraction cannot pass as "nothing missing".
    expect(found.get('late-report-requires-reason')).toMatch(/src\/breaches\/README\.md/);
    expect(found.get('webhook-unsubscribed')).toMatch(/src\/alerts\/README\.md/);
    expect(found.get('dpia-not-found')).toMatch(/src\/dpias\/README\.md \(text\)/);
    expect(found.has('validation-failed')).toBe(true);
    expect(found.has('revision-conflict')).toBe(true);
    expect(found.has('idempotency-key-reused')).toBe(true);
    expect(found.has('too-many-requests')).toBe(true);
    expect(found.has('breach-not-found')).toBe(true);
    expect(found.size).toBeGreaterThan(200);
    const readme = readmeCodes(['| command | route | refusals (422 `code`) |', '|---|---|---|', '| X | `POST /x-y` | `a-b`, `c-d` (when) |', '', 'Unknown: 404 `x-not-found`.'].join('\n'), 'README');
    expect([...readme.keys()]).toEqual(['a-b', 'c-d', 'x-not-found']);
  });

  it('has a Dutch and an English text for every code a page can meet', () => {
    const missing = [...found].filter(([code]) => !Object.hasOwn(REFUSALS, code)).map(([code, where]) => `${code} (${where})`);
    expect(missing).toEqual([]);
  });

  it('has no empty entry, and no entry the same in both languages', () => {
    const wrong = Object.entries(REFUSALS)
      .filter(([, text]) => text.nl.trim() === '' || text.en.trim() === '' || text.nl.trim() === text.en.trim())
      .map(([code]) => code);
    expect(wrong).toEqual([]);
  });

  it('shows the text in the page’s language, and the API’s own explanation for a code it does not know', () => {
    expect(refusalText('nl', { type: 'about:blank', title: 'x', status: 422, code: 'late-report-requires-reason', detail: 'late' })).toContain('72 uur');
    expect(refusalText('en', { type: 'about:blank', title: 'x', status: 422, code: 'late-report-requires-reason', detail: 'late' })).toContain('72 hours');
    expect(refusalText('nl', { type: 'about:blank', title: 'x', status: 422, code: 'a-code-of-tomorrow', detail: 'the API says why' })).toBe('the API says why');
  });
});
