import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppConfig } from '../config/config.js';

/** A folder holding some of the service's files, named for /health by its settings, not its path. */
export interface StorageFolder {
  readonly folder: string;
  readonly label: string;
}

/** The folders holding the service's own files (the embedded stores and the key files). */
export function storageFolders(config: AppConfig): StorageFolder[] {
  const files: [string, string | undefined][] = [
    ['SQLITE_EVENTS_FILE', config.eventStore.engine === 'sqlite' ? config.eventStore.file : undefined],
    ['SQLITE_READ_MODELS_FILE', config.readStore.engine === 'sqlite' ? config.readStore.file : undefined],
    ['PERSONAL_DATA_KEYS_FILE', config.personalData.keysFile],
    ['API_KEYS_FILE', config.auth.apiKeysFile],
    ['ACCESS_LOG_FILE', config.auth.accessLogFile],
    ['SIGNING_KEY_FILE', config.ledger.signingKeyFile],
  ];
  const settings = new Map<string, string[]>();
  for (const [setting, file] of files) if (file !== undefined) settings.set(dirname(file), [...(settings.get(dirname(file)) ?? []), setting]);
  return [...settings].map(([folder, names]) => ({ folder, label: folder === config.dataDir ? 'DATA_DIR' : `the folder of ${names.join(', ')}` }));
}

/**
 * The folders whose file system has less than `minFreeBytes` free (for this user), each with
 * why. Writes there fail with SQLITE_FULL (503 storage-full) once nothing is left; reads go on.
 */
export function lowOnSpace(folders: readonly StorageFolder[], minFreeBytes: number): string[] {
  return folders.flatMap(({ folder, label }) => {
    try {
      const { bavail, bsize } = statfsSync(folder);
      const free = bavail * bsize;
      return free < minFreeBytes ? [`${label} has ${free} bytes free, less than DISK_FREE_MIN_BYTES (${minFreeBytes})`] : [];
    } catch (error) {
      return [`${label} cannot be looked at (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`];
    }
  });
}
