import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/shared/clock.js';
import { tempDir } from './temp-dir.js';
import { client } from './breach-requests.js';
import { API_KEYS, type ApiKeys } from '../../src/auth/api-keys.port.js';
import { APP_GRANTABLE } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  /** An API key per role (the app key may send every command an app can be allowed). */
  readonly keys: Readonly<Record<Role, string>>;
  /** The ids the service records as actor for each role's key. */
  readonly actors: Readonly<Record<Role, string>>;
  /** An HTTP client authenticated with a role's key. */
  as(role: Role): ReturnType<typeof client>;
  /** Closes the app (if still open) and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * The real application on the embedded default, over an empty data folder, not listening;
 * or over `dataDir` when given (a restart), which dispose() then leaves in place. The service
 * log goes nowhere unless TEST_LOG names a level or a `logger` is given.
 */
export async function startTestApp(options: { env?: NodeJS.ProcessEnv; clock?: Clock; dataDir?: string; logger?: Logger } = {}): Promise<TestApp> {
  const dir = options.dataDir ? { path: join(options.dataDir, '..'), remove: () => undefined } : tempDir();
  const dataDir = options.dataDir ?? join(dir.path, 'data');
  const config = loadConfig({ DATA_DIR: dataDir, ...options.env });
  const app = await createApp(config, options.logger ?? createLogger((process.env.TEST_LOG ?? 'silent') as 'silent'), options.clock);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const store = app.get<ApiKeys>(API_KEYS);
  const created = await Promise.all(ROLES.map((role) => store.create({ role, name: `test ${role}`, allowed: role === 'app' ? APP_GRANTABLE : [] }, new Date())));
  const keys = Object.fromEntries(created.map((key) => [key.role, key.key])) as Record<Role, string>;
  const actors = Object.fromEntries(created.map((key) => [key.role, `api-key:${key.keyId}`])) as Record<Role, string>;
  let closed = false;
  const close = app.close.bind(app);
  app.close = async () => {
    closed = true;
    await close();
  };
  return {
    app,
    dataDir,
    keys,
    actors,
    as: (role) => client(app, keys[role]),
    dispose: async () => {
      if (!closed) await app.close();
      dir.remove();
    },
  };
}
