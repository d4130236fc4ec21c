import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ROUTE_PERMISSIONS } from '../../src/auth/permissions.js';
import { parseHttpFile } from '../support/http-files.js';
import { tempDir } from '../support/temp-dir.js';
import { typedClientProgram, type OpenApiDocument } from '../support/typed-client-program.js';
import type { TestApp } from '../support/test-app.js';
import { keyVariables, listeningApp } from '../support/listening-app.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'node_modules', '.bin');

/**
 * A client generated from the service's own OpenAPI document (openapi-typescript), used through
 * openapi-fetch by a program that calls every route, compiled with tsc in strict mode and run
 * against the live service: the document's types are what the service answers.
 */
describe('a typed client generated from /docs-json', () => {
  let test: TestApp;
  let base: string;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    ({ test, base } = await listeningApp());
    dir = tempDir();
  });
  afterAll(async () => {
    await test.dispose();
    dir.remove();
  });

  it('compiles a program that calls every route, and each call answers the status the .http files expect', async () => {
    const document = (await (await fetch(`${base}/docs-json`)).json()) as OpenApiDocument;
    const work = join(dir.path, 'client');
    mkdirSync(work);
    writeFileSync(join(work, 'openapi.json'), JSON.stringify(document));
    await run(join(BIN, 'openapi-typescript'), [join(work, 'openapi.json'), '--output', join(work, 'schema.d.ts')], { cwd: work });

    const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.http'))
      .sort()
      .map((file) => parseHttpFile(readFileSync(join(ROOT, 'src', file), 'utf8'), join('src', file)));
    const { source, steps } = typedClientProgram(document, files);
    // Every route of the service is called.
    const called = new Set(steps.map((step) => step.operation.replace(/\{(\w+)\}/g, ':$1')));
    expect(Object.keys(ROUTE_PERMISSIONS).filter((route) => !called.has(route))).toEqual([]);

    writeFileSync(join(work, 'client.ts'), source);
    writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
    const tsconfig = {
      compilerOptions: { strict: true, noUncheckedIndexedAccess: true, target: 'ES2023', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: true, types: ['node'], outDir: 'dist' },
      files: ['client.ts', 'schema.d.ts'],
    };
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(tsconfig));
    const compiled = await run(join(BIN, 'tsc'), ['-p', work], { cwd: work }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('');

    const { stdout } = await run(process.execPath, [join(work, 'dist', 'client.js'), base, JSON.stringify(keyVariables(test))], { cwd: work, maxBuffer: 64 * 1024 * 1024 });
    const statuses = JSON.parse(stdout) as number[];
    expect(steps.map((step, index) => [step.where, step.operation, statuses[index]])).toEqual(steps.map((step) => [step.where, step.operation, step.expect]));
  }, 240_000);
});
