import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A stable refusal code: lower-case words joined by hyphens (`late-report-requires-reason`). */
const CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string).filter((span) => CODE.test(span));

/** Where each code was found, for the test's message. */
export type Found = Map<string, string>;

const add = (found: Found, codes: Iterable<string>, where: string) => {
  for (const code of codes) if (!found.has(code)) found.set(code, where);
};

/**
 * The codes of a slice README: every code in a table column about refusals (its header says
 * refusals, code, error, status or body), and in the text every code that follows an HTTP
 * status, to the end of its clause (`404 \`dpia-not-found\``, the "Also: 400 …" lists).
 */
export function readmeCodes(text: string, where: string, found: Found = new Map()): Found {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as string;
    if (!header.startsWith('|') || !/^\|[\s|:-]+\|$/.test(lines[i + 1] ?? '')) continue;
    const cells = (row: string) => row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
    const columns = cells(header)
      .map((cell, index) => (/refus|code|error|status|body/i.test(cell) ? index : -1))
      .filter((index) => index >= 0);
    for (let j = i + 2; j < lines.length && (lines[j] as string).startsWith('|'); j++) {
      const row = cells(lines[j] as string);
      for (const column of columns) add(found, backticked(row[column] ?? ''), `${where} (table)`);
    }
  }
  // In the text: an HTTP status and the code(s) after it, up to the end of the clause ("404 `x-not-found`", "400 `a`, `b`; 409 …").
  for (const match of text.matchAll(/\b[45]\d\d\s+(`[a-z][^`]*`[^]*?)(?=[.;](?:\s|$)|\n\s*\n|$)/g)) {
    add(found, backticked(match[1] as string), `${where} (text)`);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The codes the service's source gives a refusal: the literal first argument of the errors the
 * API answers with (DomainError, NotFoundError and the like), an error class's own `code`, and
 * the codes src/http/to-problem.ts maps errors to.
 */
export function sourceCodes(root: string, found: Found = new Map()): Found {
  for (const file of sourceFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    add(found, [...text.matchAll(/new (?:DomainError|NotFoundError|AsOfRefusedError|ProjectionUnavailableError|RequestHeaderError)\(\s*'([^']+)'/g)].map((m) => m[1] as string), where);
    add(found, [...text.matchAll(/readonly code = '([^']+)'/g)].map((m) => m[1] as string), where);
    if (where === join('src', 'http', 'to-problem.ts')) {
      add(found, [...text.matchAll(/(?:code: |problem\(\d+, |\d+: )'([^']+)'/g)].map((m) => m[1] as string), where);
    }
  }
  return found;
}

/** Every code a page can meet, with where it was found. */
export function refusalCodes(root: string): Found {
  const found: Found = new Map();
  const src = join(root, 'src');
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const readme = join(src, entry.name, 'README.md');
    let text: string;
    try {
      text = readFileSync(readme, 'utf8');
    } catch {
      continue;
    }
    readmeCodes(text, relative(root, readme), found);
  }
  return sourceCodes(root, found);
}
