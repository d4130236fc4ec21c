import { existsSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WatchedFile } from '../shared/file-identity.js';

/**
 * The files of the data folder this instance opened at start (the key files have checks of
 * their own), looked at once every module has opened its stores.
 */
@Injectable()
export class DataFiles implements OnApplicationBootstrap {
  private files: readonly WatchedFile[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    this.files = watchedDataFiles(this.config);
  }

  /** Why each file can no longer be relied on, naming its setting. */
  problems(): string[] {
    return this.files.map((file) => file.problem()).filter((problem): problem is string => problem !== undefined);
  }
}

/**
 * Each SQLite file the configured engines opened, by the setting that names it. A file that is
 * deleted or replaced while the service runs goes on answering from the unlinked inode: what
 * is written to it is gone at the next start, and what others write to the path (the keys CLI)
 * is not seen. /health reports each one; the stores refuse writes to it.
 */
export function watchedDataFiles(config: AppConfig): WatchedFile[] {
  const files: [string, string][] = [];
  if (config.eventStore.engine === 'sqlite') files.push(['SQLITE_EVENTS_FILE', config.eventStore.file]);
  if (config.readStore.engine === 'sqlite') {
    files.push(['SQLITE_READ_MODELS_FILE', config.readStore.file], ['API_KEYS_FILE', config.auth.apiKeysFile], ['ACCESS_LOG_FILE', config.auth.accessLogFile]);
    if (!config.readStore.instanceId) files.push(['the instance identity file (instance.sqlite in DATA_DIR)', config.readStore.instanceFile]);
  }
  return files.filter(([, file]) => file !== ':memory:' && existsSync(file)).map(([setting, file]) => new WatchedFile(setting, file));
}
