import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './test-app.js';

/** The real service, listening on a free port of 127.0.0.1, as `npm start` serves it. */
export async function listeningApp(env: NodeJS.ProcessEnv = {}): Promise<{ test: TestApp; base: string }> {
  const test = await startTestApp({ env });
  await test.app.listen(0, '127.0.0.1');
  const { port } = test.app.getHttpServer().address() as AddressInfo;
  return { test, base: `http://127.0.0.1:${port}` };
}

/** A key per role, under the names the .http files (and the README's examples) use. */
export function keyVariables(test: TestApp): Record<string, string> {
  return {
    privacyOfficerKey: test.keys['privacy-officer'],
    dpoKey: test.keys.dpo,
    cpoKey: test.keys.cpo,
    auditorKey: test.keys.auditor,
    apKey: test.keys['supervisory-authority'],
    appKey: test.keys.app,
    adminKey: test.keys.admin,
  };
}
