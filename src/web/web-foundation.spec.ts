import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../auth/principal.js';
import { html, joinHtml } from './html.js';
import { fill, formatHours, fromLocalInput, toLocalInput } from './i18n/texts.js';
import { fieldErrors, momentOf, offeredMoment } from './forms.js';
import { granted, grantedAny } from './page-context.js';
import { localPath } from './web-app.js';
import { WebSessions } from './web-sessions.js';

const officer: Principal = { id: 'api-key:1', name: 'Pia', roles: ['privacy-officer'], allowed: [], via: 'api-key' };

describe('html: every value escaped unless it is itself html', () => {
  it('escapes text from the log, nests fragments, drops null/false', () => {
    const title = '<script>alert("x")</script> & co';
    const page = html`<p title="${title}">${title}${html`<b>${'a<b'}</b>`}${null}${false}${['x', html`<i>y</i>`]}</p>`;
    expect(page.text).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co<b>a&lt;b</b>x<i>y</i></p>');
    expect(joinHtml(['<a>', html`<b></b>`], ' & ').text).toBe('&lt;a&gt; &amp; <b></b>');
  });
});

describe('texts', () => {
  it('fills placeholders and leaves a missing one visible', () => {
    expect(fill('nog {time} voor {who}', { time: '3 u' })).toBe('nog 3 u voor {who}');
    expect(formatHours('nl', 11.99)).toBe('11 u 59 min');
    expect(formatHours('en', 0.5)).toBe('0 h 30 min');
  });

  it('reads a datetime-local value as Amsterdam time, across both daylight-saving changes', () => {
    expect(fromLocalInput('2026-01-15T10:00')).toBe('2026-01-15T09:00:00.000Z');
    expect(fromLocalInput('2026-07-15T10:00')).toBe('2026-07-15T08:00:00.000Z');
    expect(fromLocalInput('2026-03-29T03:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocalInput('2026-10-25T01:59')).toBe('2026-10-24T23:59:00.000Z');
    expect(fromLocalInput('2026-13-01T10:00')).toBeUndefined();
    expect(fromLocalInput('2026-02-30T10:00')).toBeUndefined();
    expect(fromLocalInput('2026-02-28T24:00')).toBeUndefined();
    expect(fromLocalInput('gisteren')).toBeUndefined();
    expect(fromLocalInput(undefined)).toBeUndefined();
    expect(toLocalInput('2026-07-15T08:00:00.000Z')).toBe('2026-07-15T10:00');
    expect(toLocalInput('2026-01-15T09:00:00.000Z')).toBe('2026-01-15T10:00');
  });
});

describe('a moment field', () => {
  it('is the moment of sending when left as offered, else the Amsterdam wall time typed', () => {
    const now = new Date('2026-06-01T10:16:05.123Z'); // 12:16 in Amsterdam, a minute after the form offered 12:15
    expect(momentOf({ closedAt: '2026-06-01T12:15', 'closedAt:offered': '2026-06-01T12:15' }, 'closedAt', now)).toBe('2026-06-01T10:16:05.123Z');
    expect(momentOf({ closedAt: '2026-06-01T12:14', 'closedAt:offered': '2026-06-01T12:15' }, 'closedAt', now)).toBe('2026-06-01T10:14:00.000Z');
    expect(momentOf({ closedAt: '2026-06-01T12:15' }, 'closedAt', now)).toBe('2026-06-01T10:15:00.000Z');
    expect(momentOf({ closedAt: 'gisteren', 'closedAt:offered': '2026-06-01T12:15' }, 'closedAt', now)).toBe('gisteren');
    expect(momentOf({ closedAt: '' }, 'closedAt', now)).toBeUndefined();
  });

  it('offers the present minute, and after a refusal what it offered before', () => {
    const first = offeredMoment({}, 'awareAt');
    expect(first.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(first.hidden.text).toBe(`<input type="hidden" name="awareAt:offered" value="${first.offered}">`);
    const again = offeredMoment({ awareAt: '2026-01-02T03:04', 'awareAt:offered': '2026-01-05T10:00' }, 'awareAt');
    expect([again.value, again.offered]).toEqual(['2026-01-02T03:04', '2026-01-05T10:00']);
  });
});

describe('field errors from the API, in the page language', () => {
  it('names a missing field as required before its other problems, and keys nested fields by path', () => {
    const errors = fieldErrors('nl', [
      { pointer: '/title', message: 'title must be shorter than or equal to 500 characters' },
      { pointer: '/title', message: 'title should not be empty' },
      { pointer: '/awareAt', message: 'awareAt must be an ISO 8601 date-time with an offset' },
      { pointer: '/dataSubjects/count', message: 'count must be an integer number' },
      { pointer: '/incidentKind', message: 'incidentKind must be one of the following values: a, b' },
    ]);
    expect(errors).toEqual({
      title: 'Dit veld is verplicht.',
      awareAt: 'Vul een geldige datum en tijd in.',
      'dataSubjects.count': 'Vul een geheel getal van 0 of meer in.',
      incidentKind: 'Kies een van de mogelijkheden.',
    });
    expect(fieldErrors('en', [{ pointer: '/x', message: 'odd' }])).toEqual({ x: 'This value is not valid: odd' });
    expect(fieldErrors('nl', 'not a list')).toEqual({});
  });
});

describe('the permission table, as the pages apply it', () => {
  it('grants by role, an app only what its key lists', () => {
    expect(granted(officer, 'register-breach')).toBe(true);
    expect(granted(officer, 'give-dpo-advice')).toBe(false);
    expect(grantedAny(officer, ['give-dpo-advice', 'list-breaches'])).toBe(true);
    expect(grantedAny(officer, 'signed-in')).toBe(true);
    const app: Principal = { ...officer, roles: ['app'], allowed: ['register-breach'] };
    expect(granted(app, 'register-breach')).toBe(true);
    expect(granted(app, 'take-measure')).toBe(false);
  });
});

describe('coming back after sign-in or a language switch', () => {
  it('goes only to a path of this site', () => {
    expect(localPath('/app/breaches/1?x=2')).toBe('/app/breaches/1?x=2');
    for (const outside of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', undefined, 3, '/a b']) expect(localPath(outside)).toBe('/');
  });
});

describe('sessions', () => {
  it('end after the idle time and after the absolute time, and give way least recently used first', () => {
    let now = 0;
    const sessions = new WebSessions({ idleMs: 1000, absoluteMs: 5000, max: 2 }, () => now);
    const a = sessions.start(officer, 'api-key', 'plk_a');
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    now = 900;
    expect(sessions.find(a.id)).toBe(a);
    now = 1800;
    expect(sessions.find(a.id)).toBe(a);
    now = 2801;
    expect(sessions.find(a.id)).toBeUndefined();
    const b = sessions.start(officer, 'api-key', 'plk_b');
    for (now = 3000; now <= 8000; now += 900) expect(sessions.find(b.id)).toBe(now - 2801 <= 5000 ? b : undefined);
    const c = sessions.start(officer, 'api-key', 'plk_c');
    const d = sessions.start(officer, 'api-key', 'plk_d');
    sessions.find(c.id);
    sessions.start(officer, 'api-key', 'plk_e');
    expect(sessions.find(d.id)).toBeUndefined();
    expect(sessions.find(c.id)).toBe(c);
    expect(sessions.find(undefined)).toBeUndefined();
  });
});
