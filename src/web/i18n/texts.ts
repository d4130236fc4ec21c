import type { Lang } from '../../labels/labels.js';

/** The languages of the pages are those of the labels (Dutch first, English switchable); codes are labelled by src/labels. */
export { DEFAULT_LANG, isLang, labelOf, type Lang } from '../../labels/labels.js';

/** A page's texts in every language, the same keys in each (the compiler checks that). */
export type Texts<K extends string> = { readonly [L in Lang]: Readonly<Record<K, string>> };

/** `{name}` placeholders filled from `params`; a placeholder without a value stays visible (a missing value is seen, not hidden). */
export function fill(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A page's texts in one language, with placeholders filled on demand. */
export function textsIn<K extends string>(texts: Texts<K>, lang: Lang): (key: K, params?: Readonly<Record<string, string | number>>) => string {
  const table = texts[lang];
  return (key, params) => fill(table[key], params);
}

const TIME_ZONE = 'Europe/Amsterdam';
const DATE_TIME: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }),
};
const DATE: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, dateStyle: 'medium' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, dateStyle: 'medium' }),
};

/** A moment as people here read it: Amsterdam time (the log and the API keep UTC). */
export function formatDateTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME[lang].format(date);
}

export function formatDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE[lang].format(date);
}

/** Elapsed hours as "5 u 12 min" / "5 h 12 min". */
export function formatHours(lang: Lang, hours: number): string {
  const minutes = Math.max(0, Math.round(hours * 60));
  const whole = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${whole} ${lang === 'nl' ? 'u' : 'h'} ${String(rest).padStart(2, '0')} min`;
}

/** A datetime-local input's value (Amsterdam wall time) as UTC ISO-8601, or undefined when it is not one. */
export function fromLocalInput(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const [datePart, timePart] = value.split('T') as [string, string];
  const [y, mo, d] = datePart.split('-').map(Number) as [number, number, number];
  const [h, mi, s = 0] = timePart.split(':').map(Number) as [number, number, number?];
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  if (calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  // The wall time's offset in Amsterdam: guess UTC, see what Amsterdam shows, correct by the difference (twice, for the DST edges).
  let utc = Date.UTC(y, mo - 1, d, h, mi, s);
  for (let i = 0; i < 2; i += 1) {
    const shown = amsterdamParts(new Date(utc));
    const shownUtc = Date.UTC(shown.y, shown.mo - 1, shown.d, shown.h, shown.mi, shown.s);
    utc += Date.UTC(y, mo - 1, d, h, mi, s) - shownUtc;
  }
  return new Date(utc).toISOString();
}

/** A UTC moment as a datetime-local input's value in Amsterdam wall time. */
export function toLocalInput(iso: string | Date): string {
  const p = amsterdamParts(typeof iso === 'string' ? new Date(iso) : iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}`;
}

const PARTS = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function amsterdamParts(date: Date): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, part.value]));
  return { y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second) };
}
