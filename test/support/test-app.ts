import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/shared/clock.js';
import { tempDir } from './temp-dir.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  /** Closes the app (if still open) and removes its data folder. */
  dispose(): Promise<void>;
}

/** The real application on the embedded default, over an empty data folder, not listening. */
export async function startTestApp(options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {}): Promise<TestApp> {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  const config = loadConfig({ DATA_DIR: dataDir, ...options.env });
  const app = await createApp(config, createLogger('silent'), options.clock);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  let closed = false;
  const close = app.close.bind(app);
  app.close = async () => {
    closed = true;
    await close();
  };
  return {
    app,
    dataDir,
    dispose: async () => {
      if (!closed) await app.close();
      dir.remove();
    },
  };
}
