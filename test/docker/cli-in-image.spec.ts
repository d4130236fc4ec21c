import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

/**
 * The command line must run where the service runs: in the image only dist/ and the
 * production dependencies are present (no TypeScript compiler), so nothing may build on a call.
 */
describe('the command line in the image', () => {
  const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string>; scripts: Record<string, string>; dependencies: Record<string, string> };

  it('is the package bin, and the npm shortcuts call the built entry without building', () => {
    expect(pkg.bin['privacy-ledger']).toBe('dist/src/cli/main.js');
    for (const script of ['keys:create', 'keys:list', 'keys:revoke', 'projections:rebuild', 'backup']) {
      expect(pkg.scripts[script]).toMatch(/^node dist\/src\/cli\/main\.js /);
      expect(pkg.scripts[script]).not.toMatch(/tsc|npm run build/);
    }
    expect(read('src/cli/main.ts').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('is on the PATH of the runtime stage, executable, beside the built files it runs', () => {
    const dockerfile = read('docker/Dockerfile');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).toContain('chmod +x dist/src/cli/main.js');
    expect(runtime).toContain('ln -s /app/dist/src/cli/main.js /usr/local/bin/privacy-ledger');
    // The metrics' client library is a production dependency, present after `npm prune --omit=dev`.
    expect(pkg.dependencies['prom-client']).toBeDefined();
  });
});
