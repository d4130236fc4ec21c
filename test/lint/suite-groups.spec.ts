import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The end-to-end and browser suites (`*.e2e.ts`, `*.browser.ts`) are not test files of their
 * own: groups (`*.suites.spec.ts`) import them, so a group's suites share one load of the
 * application's modules. A suite no group imports would never run, and a hook outside the
 * suite's describe block would run for every suite of its group: both are caught here.
 */
const ROOT = join(process.cwd(), 'test');
const SUITE = /\.(e2e|browser)\.ts$/;
/** The sequencer's own reading of a group, so the order and these checks see the same suites. */
const sequencer = (await import(pathToFileURL(join(ROOT, 'support', 'test-sequencer.js')).href)) as {
  readonly default: new (options: object) => { sort(tests: SequencedTest[]): SequencedTest[] };
  readonly GROUP: RegExp;
  readonly suitesOf: (group: string) => string[];
};
const { GROUP, suitesOf: importsOf } = sequencer;

interface SequencedTest {
  readonly path: string;
  readonly context: { readonly config: { readonly cache: boolean } };
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const files = filesUnder(ROOT);
const suites = files.filter((file) => SUITE.test(file));
const groups = files.filter((file) => GROUP.test(file));

describe('the suite groups', () => {
  it('exist, and every suite is imported by exactly one group', () => {
    expect(groups.length).toBeGreaterThan(0);
    expect(suites.length).toBeGreaterThan(0);
    const groupsOf = new Map(suites.map((suite) => [suite, [] as string[]]));
    for (const group of groups) for (const imported of importsOf(group)) groupsOf.get(imported)?.push(relative(ROOT, group));
    const misplaced = [...groupsOf].filter(([, of]) => of.length !== 1).map(([suite, of]) => `${relative(ROOT, suite)}: in ${of.length} groups ${of.join(', ')}`);
    expect(misplaced).toEqual([]);
  });

  it('import only suite files that exist, and nothing else', () => {
    const wrong = groups.flatMap((group) => {
      const text = readFileSync(group, 'utf8');
      const statements = text.split('\n').filter((line) => line.startsWith('import '));
      const imported = importsOf(group);
      const notSuites = imported.filter((file) => !suites.includes(file)).map((file) => `${relative(ROOT, group)} imports ${relative(ROOT, file)}, not a suite file`);
      const other = statements.length === imported.length ? [] : [`${relative(ROOT, group)} has imports other than suites`];
      const empty = imported.length === 0 ? [`${relative(ROOT, group)} imports no suite`] : [];
      return [...notSuites, ...other, ...empty];
    });
    expect(wrong).toEqual([]);
  });

  it('hold no hook outside a describe block in a suite (it would run for the whole group)', () => {
    const hooks = suites.flatMap((suite) =>
      readFileSync(suite, 'utf8')
        .split('\n')
        .map((line, at) => ({ line, at }))
        .filter(({ line }) => /^(beforeAll|afterAll|beforeEach|afterEach)\(/.test(line))
        .map(({ at }) => `${relative(ROOT, suite)}:${at + 1}`),
    );
    expect(hooks).toEqual([]);
  });

  it('register each suite under a describe block of its own, so its tests are named apart from the others in its group', () => {
    const bare = suites.filter((suite) => !/^describe[A-Za-z]*[(.]/m.test(readFileSync(suite, 'utf8'))).map((suite) => relative(ROOT, suite));
    expect(bare).toEqual([]);
  });
});

describe('the order of the test files', () => {
  it('weighs a group by the suites it imports: on a fresh clone it starts before a larger file of its own', () => {
    const Sequencer = sequencer.default;
    const context = { config: { cache: false } }; // no timings: every file untimed, as in CI
    const group = join(ROOT, 'e2e', 'breaches.suites.spec.ts');
    const plain = join(ROOT, 'lint', 'suite-groups.spec.ts');
    const suitesSize = importsOf(group).reduce((sum, suite) => sum + statSync(suite).size, 0);
    // By their own sizes (Jest's order) the plain file would run first; by what they run, the group.
    expect(statSync(plain).size).toBeGreaterThan(statSync(group).size);
    expect(suitesSize).toBeGreaterThan(statSync(plain).size);
    const sorted = new Sequencer({}).sort([
      { path: plain, context },
      { path: group, context },
    ]);
    expect(sorted.map((test) => test.path)).toEqual([group, plain]);
  });
});
