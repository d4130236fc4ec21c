import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['src', 'projections', 'test', 'bench', 'docs', 'docker'];
const TOP = ['README.md', 'BENCHMARKS.md', 'package.json'];
// Spelled in parts, so that this file does not match itself.
const OUTSIDE = new RegExp(['(DESIGN|DOMAIN|STYLE|STACK)\\.', 'md\\b|\\.\\./shared/[A-Z]|\\b[Ii]ssue \\d+ point \\d'].join(''));

function files(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (name === 'node_modules' || name === 'results') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|js|md|yml|yaml|json|sh|http)$|Dockerfile/.test(name) ? [path] : [];
  });
}

/** A user of the repository has only the repository: its docs may not point to files outside it. */
describe('the documentation is self-contained', () => {
  it('no file refers to design notes or issue numbers outside the repository', () => {
    const all = [...FOLDERS.flatMap((folder) => files(join(ROOT, folder))), ...TOP.map((name) => join(ROOT, name))];
    const offending = all.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => OUTSIDE.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  it('links the docs from the README, and the example files it imports exist', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const doc of ['docs/architecture.md', 'docs/domain.md', 'docs/operations.md', 'docs/examples/']) expect(readme).toContain(`(${doc})`);
    for (const example of readme.match(/@docs\/examples\/[\w.-]+/g) ?? []) expect(() => statSync(join(ROOT, example.slice(1)))).not.toThrow();
  });
});
