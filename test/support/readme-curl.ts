import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The curl examples of the README, read as a shell would read them (quotes, `$VAR`, line
 * continuations, `VAR=$(curl … | jq -r .field)`), so that a test can run them in order against a
 * live service. Each curl is preceded by a `# expect <status>` comment that says what it answers.
 */
export interface CurlCommand {
  readonly line: number;
  readonly text: string;
  readonly expect: number | undefined;
  /** `B=$(curl … | jq -r .breachId)`: the variable and the jq filter. */
  readonly capture?: { readonly variable: string; readonly filter: string; readonly raw: boolean };
}

export type ReadmeStep = CurlCommand | { readonly line: number; readonly assign: string; readonly now: true };

const START = /^\s*(?:([A-Z_][A-Z0-9_]*)=\$\()?curl\s/;

/** Whether a shell text leaves a quote open (so the command goes on on the next line). */
function openQuote(text: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === undefined) {
      if (c === '\\') i++;
      else if (c === "'" || c === '"') quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) return false;
    } else if (c === quote) quote = undefined;
    else if (quote === '"' && c === '\\') i++;
  }
  return quote !== undefined;
}

export function readmeSteps(markdown: string): ReadmeStep[] {
  const lines = markdown.split('\n');
  const steps: ReadmeStep[] = [];
  let inBlock = false;
  let expect: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^```sh\s*$/.test(line)) {
      inBlock = true;
      expect = undefined;
      continue;
    }
    if (inBlock && /^```/.test(line)) {
      inBlock = false;
      continue;
    }
    if (!inBlock) continue;
    const expected = /^\s*#\s*expect\s+(\d{3})\b/.exec(line);
    if (expected) {
      expect = Number(expected[1]);
      continue;
    }
    const now = /^([A-Z_][A-Z0-9_]*)=\$\(date -u \+%Y-%m-%dT%H:%M:%SZ\)/.exec(line);
    if (now) {
      steps.push({ line: i + 1, assign: now[1] as string, now: true });
      continue;
    }
    const start = START.exec(line);
    if (!start) continue;
    let text = line;
    while ((text.endsWith('\\') || openQuote(text)) && i + 1 < lines.length) text = `${text}\n${lines[++i] as string}`;
    const jq = /\|\s*jq\s+(-[rc])\s+'?([^')]+)'?\s*\)/.exec(text);
    steps.push({
      line: i + 1 - (text.split('\n').length - 1),
      text: start[1] ? text.replace(/^\s*[A-Z_][A-Z0-9_]*=\$\(/, '') : text,
      expect,
      ...(start[1] && jq ? { capture: { variable: start[1], filter: (jq[2] as string).trim(), raw: jq[1] === '-r' } } : {}),
    });
    expect = undefined;
  }
  return steps;
}

/** The words of a shell command up to its first pipe, redirection or comment, with $VARs expanded. */
export function shellWords(text: string, variables: Readonly<Record<string, string>>): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const expand = (source: string, at: number): [string, number] => {
    const match = /^\$(?:\{(\w+)\}|(\w+))/.exec(source.slice(at));
    if (!match) return ['$', at + 1];
    const name = (match[1] ?? match[2]) as string;
    const value = variables[name];
    if (value === undefined) throw new Error(`the README uses $${name}, which nothing sets`);
    return [value, at + match[0].length];
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      word = word ?? '';
      for (i++; text[i] !== '"'; ) {
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] as string)) {
          word += text[i + 1];
          i += 2;
        } else if (text[i] === '$') {
          const [value, next] = expand(text, i);
          word += value;
          i = next;
        } else word += text[i++];
      }
      i++;
    } else if (c === '$') {
      const [value, next] = expand(text, i);
      word = (word ?? '') + value;
      i = next;
    } else if ((c === '|' || c === '>' || c === ')' || (c === '#' && word === undefined)) && true) {
      break;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

export interface CurlRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: [string, string][];
  readonly body?: string;
}

/** A curl command line as the request it sends (output options are read and left aside). */
export function curlRequest(words: readonly string[], base: string, files: string): CurlRequest {
  const headers: [string, string][] = [];
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '-X') method = words[++i];
    else if (word === '-H') {
      const header = words[++i] as string;
      const colon = header.indexOf(':');
      headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (word === '-d' || word === '--data' || word === '--data-binary') {
      const data = words[++i] as string;
      body = data.startsWith('@') ? readFileSync(join(files, data.slice(1)), 'utf8') : data;
    } else if (word === '-o' || word === '-D' || word === '-w') i++;
    else if (/^-[sSOJLfi]+$/.test(word)) continue;
    else if (word.startsWith('-')) throw new Error(`a curl option the README runner does not know: ${word}`);
    else url = word;
  }
  if (url === undefined) throw new Error(`no URL in ${words.join(' ')}`);
  const target = new URL(/^https?:\/\//.test(url) ? url : `http://${url}`);
  return { method: method ?? (body === undefined ? 'GET' : 'POST'), url: `${base}${target.pathname}${target.search}`, headers, ...(body === undefined ? {} : { body }) };
}

/** `.a.b`, `.version` of a jq filter, on a parsed answer. */
export function jqPath(value: unknown, filter: string, raw: boolean): string {
  let current = value;
  for (const step of filter.replace(/^\./, '').split('.').filter(Boolean)) current = (current as Record<string, unknown> | undefined)?.[step];
  if (current === undefined) throw new Error(`the answer has nothing at ${filter}`);
  return raw && typeof current === 'string' ? current : JSON.stringify(current);
}
