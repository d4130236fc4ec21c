import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const DIST = fileURLToPath(new URL('../../dist-bench/src/', import.meta.url));

/**
 * The packages a service on the embedded default loads, as the compiled service loads them
 * (dist-bench/, built by the global setup): the app created and initialised over an empty data
 * folder, then the packages of the CommonJS modules Node has loaded (the require cache): that
 * is where an import of the MongoDB or EventStoreDB driver or of exceljs lands. pdfkit (an ES
 * module) and nodemailer do not show there, so this check does not cover them.
 */
async function packagesLoaded(env: Record<string, string> = {}): Promise<string[]> {
  const dir = tempDir();
  try {
    const script = `
      import { createRequire } from 'node:module';
      const { createApp } = await import(${JSON.stringify(`${DIST}app.factory.js`)});
      const { loadConfig } = await import(${JSON.stringify(`${DIST}config/config.js`)});
      const { createLogger } = await import(${JSON.stringify(`${DIST}logging/logger.js`)});
      const app = await createApp(loadConfig({ DATA_DIR: ${JSON.stringify(dir.path)}, CHECKPOINT_INTERVAL_SECONDS: '0', ...${JSON.stringify(env)} }), createLogger('silent'));
      await app.init();
      const loaded = new Set(Object.keys(createRequire(import.meta.url).cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1]).filter(Boolean));
      await app.close();
      process.stdout.write(JSON.stringify([...loaded]));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    return JSON.parse(stdout) as string[];
  } finally {
    dir.remove();
  }
}

describe('what the service holds in memory on the embedded default', () => {
  it('loads no driver of an engine it does not use, nor the spreadsheet library before its first export', async () => {
    const loaded = await packagesLoaded();
    // The check itself sees CommonJS packages: the app's own do show up.
    expect(loaded).toEqual(expect.arrayContaining(['better-sqlite3', 'fastify']));
    for (const optional of ['mongodb', '@eventstore/db-client', 'exceljs']) expect(loaded).not.toContain(optional);
  }, 60_000);
});
