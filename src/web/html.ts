import escapeHtml from 'escape-html';

/**
 * HTML built from trusted template text and escaped values: every interpolated value is
 * escaped (escape-html), unless it is itself `Html` (a fragment built the same way). There is
 * no other way to put text into a page, so a title, a reason or a name from the log can never
 * become markup.
 */
const MADE_HERE = Symbol('html');

export class Html {
  /** Only the template tag and `joinHtml` make fragments: nothing outside this module can mark a string as safe. */
  constructor(
    token: typeof MADE_HERE,
    readonly text: string,
  ) {
    if (token !== MADE_HERE) throw new Error('Html is made by the html tag only');
  }

  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(MADE_HERE, text);
}

/** Fragments joined with a separator (itself escaped). */
export function joinHtml(parts: readonly HtmlValue[], separator = ''): Html {
  return new Html(MADE_HERE, parts.map(render).join(escapeHtml(separator)));
}
