import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

/** The lint rule is the guard that keeps the domain pure; check that it bites. */
describe('domain purity lint rule', () => {
  // The files named below do not exist, so type-aware parsing (which needs them in the
  // TypeScript project) is switched off here; the import rules do not need types.
  const eslint = new ESLint({
    overrideConfig: {
      languageOptions: { parserOptions: { project: null, projectService: false } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-misused-promises': 'off',
        '@typescript-eslint/switch-exhaustiveness-check': 'off',
      },
    },
  });
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  };

  it.each([
    ['src/breaches/breach.events.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"],
    ['src/breaches/report-breach-to-ap/report-breach-to-ap.decide.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n"],
    ['src/breaches/breach.state.ts', "import { MongoClient } from 'mongodb';\nexport const x = MongoClient;\n"],
    ['src/breaches/breach.rules.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['projections/breach-timeline.projection.ts', "import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';\nexport const x = SqliteEventStore;\n"],
  ])('refuses infrastructure imports in %s', async (filePath, code) => {
    expect(await lint(filePath, code)).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('refuses reading the clock in domain code', async () => {
    expect(await lint('src/breaches/breach.rules.ts', 'export const now = () => new Date();\n')).toContain('no-restricted-syntax');
  });

  it('allows the envelope types and pure helpers in domain code', async () => {
    const code = "import type { StoredEvent } from '../src/event-store/event-store.port.js';\nexport type E = StoredEvent;\nexport const deadline = (at: string) => new Date(Date.parse(at) + 72 * 3600_000).toISOString();\n";
    expect(await lint('projections/breach-timeline.projection.ts', code)).toEqual([]);
  });

  describe("a use case's decide function, in the file it shares with its command handler", () => {
    const file = 'src/breaches/close-breach/close-breach.ts';

    it.each([
      ['Nest', "import { Inject } from '@nestjs/common';\nexport function decideCloseBreach(): string[] { return [String(Inject)]; }\n"],
      ['a driver, through a helper it calls', "import Database from 'better-sqlite3';\nconst open = () => new Database(':memory:');\nexport function decideCloseBreach(): string[] { return [String(open())]; }\n"],
      ['node:fs, through a constant it reads', "import { readFileSync } from 'node:fs';\nconst TEXT = readFileSync('x', 'utf8');\nexport const decideCloseBreach = (): string[] => [TEXT];\n"],
      ['a store', "import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';\nexport function decideCloseBreach(): string[] { return [String(SqliteEventStore)]; }\n"],
    ])('refuses %s', async (_what, code) => {
      expect(await lint(file, code)).toContain('domain/pure-decide');
    });

    it('refuses the clock and chance, also in a helper it calls', async () => {
      const code = 'const now = () => new Date().toISOString();\nexport function decideCloseBreach(): string[] { return [now(), String(Math.random())]; }\n';
      expect(await lint(file, code)).toEqual(['domain/pure-decide', 'domain/pure-decide']);
    });

    it('leaves the command handler beside it free to use Nest and the stores', async () => {
      const code =
        "import { Inject } from '@nestjs/common';\nimport { CommandHandler } from '@nestjs/cqrs';\nimport { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';\n" +
        'export function decideCloseBreach(event: StoredEvent): string[] { return [event.type]; }\n' +
        'export class CloseBreachCommand {}\n' +
        '@CommandHandler(CloseBreachCommand)\nexport class CloseBreachHandler {\n  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}\n  execute(): string[] { return decideCloseBreach({} as StoredEvent); }\n}\n';
      expect(await lint(file, code)).toEqual([]);
    });
  });

  it('leaves handlers and adapters free to use Nest and drivers', async () => {
    expect(await lint('src/breaches/report-breach-to-ap/report-breach-to-ap.handler.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n")).toEqual([]);
  });
});
