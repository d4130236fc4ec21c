import type { HttpRequest } from './http-files.js';

/**
 * Writes the requests of the .http files as one TypeScript program that calls the service with
 * openapi-fetch, typed by the `paths` openapi-typescript generated from /docs-json. Every path,
 * parameter and body is checked by tsc against the document, and every value a later request
 * takes from an earlier answer (`{{register.response.body.$.breachId}}`) is read as a property
 * of that answer's typed `data`: an answer the document types wrongly does not compile.
 */

type Parameter = { name: string; in: string; schema?: { type?: string } };
type Operation = { parameters?: Parameter[]; responses: Record<string, { content?: Record<string, unknown> }> };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const KEY_VARIABLES = new Set(['privacyOfficerKey', 'dpoKey', 'cpoKey', 'auditorKey', 'apKey', 'appKey', 'adminKey']);

export interface ProgramStep {
  readonly where: string;
  readonly expect: number;
  readonly operation: string;
}

/** `{{…}}` in a .http file as a TypeScript expression of the program. */
function expression(inner: string, answers: ReadonlySet<string>): string {
  const reference = /^([\w-]+)\.response\.body\.\$\.(.+)$/.exec(inner);
  if (reference) {
    const name = reference[1] as string;
    if (!answers.has(name)) throw new Error(`no typed answer named ${name} before it is used`);
    return `${identifier(name)}.${(reference[2] as string).replace(/\[(\d+)\]/g, '[$1]')}`;
  }
  if (inner === '$guid') return 'randomUUID()';
  if (inner === '$datetime iso8601') return 'new Date().toISOString()';
  if (KEY_VARIABLES.has(inner)) return `keys.${inner}`;
  throw new Error(`cannot write {{${inner}}} as an expression`);
}

const identifier = (name: string) => `answer_${name.replace(/-/g, '_')}`;

/** A text with `{{…}}` as a template literal (or the expression itself when it is all of it). */
function template(text: string, answers: ReadonlySet<string>): string {
  const whole = /^\{\{\s*([^}]+?)\s*\}\}$/.exec(text);
  if (whole) return `String(${expression(whole[1] as string, answers)})`;
  return '`' + text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${').replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_all, inner: string) => '${' + expression(inner, answers) + '}') + '`';
}

/** A JSON body with `{{…}}` in it as a TypeScript object literal (tsc checks it against the request body's type). */
function jsonBody(text: string, answers: ReadonlySet<string>): string {
  return text
    .replace(/"((?:[^"\\]|\\.)*)"/g, (literal, content: string) => (content.includes('{{') ? template(JSON.parse(literal) as string, answers) : literal))
    .replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_all, inner: string) => `(${expression(inner, answers)})`);
}

/** The document's path a URL of the file goes to, with the expression for each of its parameters. */
function pathOf(document: OpenApiDocument, method: string, path: string): { path: string; params: Record<string, string> } {
  const segments = path.split('/').filter((segment) => segment !== '');
  const candidates = Object.keys(document.paths)
    .filter((candidate) => document.paths[candidate]?.[method.toLowerCase()] !== undefined)
    .map((candidate) => ({ candidate, parts: candidate.split('/').filter((part) => part !== '') }))
    .filter(({ parts }) => parts.length === segments.length)
    // Literal segments first, as the router matches.
    .sort((a, b) => a.parts.filter((part) => part.startsWith('{')).length - b.parts.filter((part) => part.startsWith('{')).length);
  for (const { candidate, parts } of candidates) {
    const params: Record<string, string> = {};
    const fits = parts.every((part, index) => {
      const segment = segments[index] as string;
      if (part.startsWith('{')) {
        params[part.slice(1, -1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (fits) return { path: candidate, params };
  }
  throw new Error(`no path of the document for ${method} ${path}`);
}

function typedValue(raw: string, type: string | undefined, answers: ReadonlySet<string>): string {
  if (raw.includes('{{')) {
    const value = template(raw, answers);
    return type === 'number' || type === 'integer' ? `Number(${value})` : value;
  }
  if ((type === 'number' || type === 'integer') && /^-?\d+$/.test(raw)) return raw;
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw;
  return JSON.stringify(raw);
}

/** The program's text, and what each call expects. */
export function typedClientProgram(document: OpenApiDocument, files: readonly { variables: Readonly<Record<string, string>>; requests: readonly HttpRequest[] }[]): { source: string; steps: ProgramStep[] } {
  const lines: string[] = [
    "import { randomUUID } from 'node:crypto';",
    "import createClient from 'openapi-fetch';",
    "import type { paths } from './schema.js';",
    '',
    'const [base, keysJson] = process.argv.slice(2) as [string, string];',
    'const keys = JSON.parse(keysJson) as Record<string, string>;',
    // JSON answers are read through a client that types the JSON media type only (a route that
    // also answers PDF or CSV would otherwise type its data as the union of both).
    "const jsonClient = createClient<paths, 'application/json'>({ baseUrl: base });",
    'const client = createClient<paths>({ baseUrl: base });',
    'const statuses: number[] = [];',
    'function must<T>(data: T | undefined, where: string): T {',
    '  if (data === undefined) throw new Error(`no answer body at ${where}`);',
    '  return data;',
    '}',
    '',
  ];
  const steps: ProgramStep[] = [];
  files.forEach((file, index) => {
    const answers = new Set<string>();
    lines.push(`// ${file.requests[0]?.file ?? ''}`, `async function file${index}(): Promise<void> {`);
    for (const request of file.requests) {
      // The file's own variables that stand for other text ({{breach}} → {{register.response.body.$.breachId}}).
      const inline = (text: string): string => {
        let out = text;
        for (let depth = 0; depth < 5; depth++) {
          out = out.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (all, name: string) => (name === 'base' || KEY_VARIABLES.has(name) || file.variables[name] === undefined ? all : (file.variables[name] as string)));
        }
        return out;
      };
      const url = inline(request.url).replace(/^\{\{\s*base\s*\}\}/, '');
      const [rawPath, rawQuery] = url.split('?') as [string, string | undefined];
      const { path, params } = pathOf(document, request.method, rawPath);
      const operation = document.paths[path]?.[request.method.toLowerCase()] as Operation;
      const typeOf = (name: string, where: string) => operation.parameters?.find((parameter) => parameter.name === name && parameter.in === where)?.schema?.type;
      const pathParams = Object.entries(params).map(([name, raw]) => `${JSON.stringify(name)}: ${typedValue(raw, typeOf(name, 'path'), answers)}`);
      const query = [...new URLSearchParams(rawQuery ?? '')].map(([name, raw]) => `${JSON.stringify(name)}: ${typedValue(raw, typeOf(name, 'query'), answers)}`);
      const headers = request.headers.map(([name, value]) => `${JSON.stringify(name)}: ${template(inline(value), answers)}`);
      const contentType = request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1];
      const json = success?.content?.['application/json'] !== undefined && !/format=(pdf|csv|xlsx|ndjson)/.test(rawQuery ?? '');
      const options = [
        `params: { ${[pathParams.length > 0 ? `path: { ${pathParams.join(', ')} }` : '', query.length > 0 ? `query: { ${query.join(', ')} }` : ''].filter(Boolean).join(', ')} }`,
        `headers: { ${headers.join(', ')} }`,
        ...(request.body === undefined ? [] : contentType.includes('json') ? [`body: ${jsonBody(inline(request.body), answers)}`] : [`body: ${template(inline(request.body), answers)}`, 'bodySerializer: (body: unknown) => String(body)']),
        ...(json ? [] : ["parseAs: 'text' as const"]),
      ];
      const where = `${request.file}:${request.line}`;
      const jsonOnly = json && (request.body === undefined || contentType.includes('json'));
      const call = `await ${jsonOnly ? 'jsonClient' : 'client'}.${request.method}(${JSON.stringify(path)}, { ${options.join(', ')} })`;
      if (request.name !== undefined && json) {
        lines.push(`  const ${identifier(request.name)} = await (async () => {`, `    const { data, response } = ${call};`, '    statuses.push(response.status);', `    return must(data, ${JSON.stringify(where)});`, '  })();');
        answers.add(request.name);
      } else lines.push(`  statuses.push((${call}).response.status);`);
      steps.push({ where, expect: request.expect ?? 0, operation: `${request.method} ${path}` });
    }
    lines.push('}', '');
  });
  lines.push(...files.map((_file, index) => `await file${index}();`), 'process.stdout.write(JSON.stringify(statuses));', '');
  return { source: lines.join('\n'), steps };
}
