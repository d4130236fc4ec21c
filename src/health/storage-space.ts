import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppConfig } from '../config/config.js';

/** The folders holding the service's own files (the embedded stores and the key files). */
export function storageFolders(config: AppConfig): string[] {
  const files = [
    config.eventStore.engine === 'sqlite' ? config.eventStore.file : undefined,
    config.readStore.engine === 'sqlite' ? config.readStore.file : undefined,
    config.personalData.keysFile,
    config.auth.apiKeysFile,
    config.auth.accessLogFile,
    config.ledger.signingKeyFile,
  ];
  return [...new Set(files.filter((file): file is string => file !== undefined).map((file) => dirname(file)))];
}

/**
 * The folders whose file system has less than `minFreeBytes` free (for this user), each with
 * why. Writes there fail with SQLITE_FULL (503 storage-full) once nothing is left; reads go on.
 */
export function lowOnSpace(folders: readonly string[], minFreeBytes: number): string[] {
  return folders.flatMap((folder) => {
    try {
      const { bavail, bsize } = statfsSync(folder);
      const free = bavail * bsize;
      return free < minFreeBytes ? [`${folder} has ${free} bytes free, less than DISK_FREE_MIN_BYTES (${minFreeBytes})`] : [];
    } catch (error) {
      return [`${folder}: ${(error as Error).message}`];
    }
  });
}
