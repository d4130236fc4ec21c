import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

/** The lint rule is the guard that keeps the domain pure; check that it bites. */
describe('domain purity lint rule', () => {
  // The files named below do not exist, so type-aware parsing (which needs them in the
  // TypeScript project) is switched off here; the import rules do not need types.
  const eslint = new ESLint({
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
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

  it('leaves handlers and adapters free to use Nest and drivers', async () => {
    expect(await lint('src/breaches/report-breach-to-ap/report-breach-to-ap.handler.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n")).toEqual([]);
  });
});
