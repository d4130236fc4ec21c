import { randomUUID } from 'node:crypto';

/**
 * The `.http` files of the slices (REST Client / JetBrains HTTP client syntax), parsed and run
 * in order against a live service. What each request expects is written in the file itself:
 * a `# expect <status>` line in every request. A request named with `# @name <name>` can be
 * referred to further on, as REST Client does: `{{name.response.body.$.breachId}}`,
 * `{{name.response.headers.Location}}`. `{{$guid}}` is a fresh UUID, `{{$datetime iso8601}}` the time now.
 */
export interface HttpRequest {
  readonly file: string;
  /** 1-based line of the request line. */
  readonly line: number;
  readonly title: string;
  readonly name?: string;
  readonly expect: number | undefined;
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

export interface HttpFile {
  readonly variables: Readonly<Record<string, string>>;
  readonly requests: readonly HttpRequest[];
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(\s+HTTP\/[\d.]+)?$/;

export function parseHttpFile(text: string, file: string): HttpFile {
  const variables: Record<string, string> = {};
  const requests: HttpRequest[] = [];
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    // A block: from a ### line (or the start) to the next.
    const title = (lines[i] ?? '').startsWith('###') ? (lines[i++] as string).replace(/^###\s*/, '') : '';
    let name: string | undefined;
    let expect: number | undefined;
    let request: { line: number; method: string; url: string } | undefined;
    const headers: [string, string][] = [];
    const body: string[] = [];
    let inBody = false;
    for (; i < lines.length && !(lines[i] as string).startsWith('###'); i++) {
      const line = lines[i] as string;
      if (request === undefined) {
        const variable = /^@([\w-]+)\s*=\s*(.*)$/.exec(line);
        const comment = /^\s*(#|\/\/)\s*(.*)$/.exec(line);
        const requestLine = REQUEST_LINE.exec(line.trim());
        if (variable) variables[variable[1] as string] = (variable[2] as string).trim();
        else if (comment) {
          const named = /^@name\s+([\w-]+)/.exec(comment[2] as string);
          const expected = /^expect\s+(\d{3})\b/.exec(comment[2] as string);
          if (named) name = named[1];
          if (expected) expect = Number(expected[1]);
        } else if (requestLine) request = { line: i + 1, method: requestLine[1] as string, url: requestLine[2] as string };
        else if (line.trim() !== '') throw new Error(`${file}:${i + 1}: neither a variable, a comment nor a request line: ${line}`);
      } else if (!inBody) {
        if (line.trim() === '') inBody = true;
        else if (/^\s*(#|\/\/)/.test(line)) continue;
        else {
          const header = /^([\w-]+):\s*(.*)$/.exec(line);
          if (!header) throw new Error(`${file}:${i + 1}: not a header: ${line}`);
          headers.push([header[1] as string, header[2] as string]);
        }
      } else body.push(line);
    }
    if (request === undefined) continue;
    while (body.length > 0 && (body[body.length - 1] as string).trim() === '') body.pop();
    requests.push({ file, ...request, title, ...(name ? { name } : {}), expect, headers, ...(body.length > 0 ? { body: body.join('\n') } : {}) });
  }
  return { variables, requests };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** Runs the requests of one file in order; stops at the first answer whose status the file does not expect. */
export class HttpFileRunner {
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly variables: Readonly<Record<string, string>>) {}

  resolve(text: string, depth = 0): string {
    return text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_whole, expression: string) => {
      if (expression === '$guid') return randomUUID();
      if (expression === '$datetime iso8601') return new Date().toISOString();
      const reference = /^([\w-]+)\.response\.(body|headers)\.?(.*)$/.exec(expression);
      if (reference) return this.fromAnswer(reference[1] as string, reference[2] as 'body' | 'headers', reference[3] as string);
      const value = this.variables[expression];
      if (value === undefined) throw new Error(`no variable ${expression}`);
      return depth > 10 ? value : this.resolve(value, depth + 1);
    });
  }

  private fromAnswer(name: string, part: 'body' | 'headers', path: string): string {
    const answer = this.answers.get(name);
    if (answer === undefined) throw new Error(`no answer named ${name} yet`);
    if (part === 'headers') {
      const value = answer.headers.get(path);
      if (value === null) throw new Error(`the answer ${name} has no header ${path}`);
      return value;
    }
    if (path === '*') return answer.text;
    let value: unknown = answer.body;
    for (const step of path.replace(/^\$\.?/, '').split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '')) {
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[step] : undefined;
    }
    if (value === undefined || typeof value === 'object') throw new Error(`the answer ${name} has no value at ${path}: ${answer.text.slice(0, 300)}`);
    return String(value);
  }

  async run(request: HttpRequest): Promise<Answer> {
    const headers = new Headers(request.headers.map(([key, value]) => [key, this.resolve(value)] as [string, string]));
    const response = await fetch(this.resolve(request.url), { method: request.method, headers, ...(request.body === undefined ? {} : { body: this.resolve(request.body) }) });
    const text = await response.text();
    let body: unknown = text;
    if (/[/+]json(;|$)/.test(response.headers.get('content-type') ?? '')) body = JSON.parse(text);
    const answer = { status: response.status, headers: response.headers, body, text };
    if (request.name) this.answers.set(request.name, answer);
    return answer;
  }
}
