import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { systemClock } from '../shared/clock.js';

/** The command was pointed at a folder that is not (or not yet) the service's: exit 2, saying what was found. */
export class DataFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFolderError';
  }
}

/** What a command needs of the data folder. */
export interface FolderNeeds {
  /** `events`: the event log must be there; `events-not-empty`: and hold at least one event. */
  readonly log?: 'events' | 'events-not-empty';
  /** The API key file must be there (listing or revoking keys of a folder without one is a mistake). */
  readonly apiKeys?: boolean;
}

/**
 * Checked before a command touches the service's stores: run against an empty, mistyped or
 * wrong folder, a command would otherwise create fresh stores there and report success (a
 * rebuild "live" at position 0, an empty key list). Files of the embedded engines only: with
 * EVENT_STORE=eventstoredb or READ_STORE=mongodb those stores live elsewhere.
 */
export async function checkDataFolder(config: AppConfig, needs: FolderNeeds): Promise<void> {
  const files: { setting: string; file: string }[] = [];
  if (needs.log && config.eventStore.engine === 'sqlite') files.push({ setting: 'SQLITE_EVENTS_FILE', file: config.eventStore.file });
  if (needs.apiKeys && config.readStore.engine === 'sqlite') files.push({ setting: 'API_KEYS_FILE', file: config.auth.apiKeysFile });
  for (const { setting, file } of files) {
    if (!existsSync(file)) throw new DataFolderError(`${setting} ${file} does not exist: ${describeFolder(dirname(file), config.dataDir)}. Point DATA_DIR (or ${setting}) at the service's data folder`);
  }
  if (needs.log === 'events-not-empty') {
    // Loaded here, not at the top: the store adapters (and their drivers) take most of a
    // command's start, and `privacy-ledger --help` or a usage error needs none of them.
    const { openEventStore } = await import('../engines.js');
    const events = await openEventStore(config.eventStore, systemClock);
    try {
      if ((await events.headPosition()) === 0n) throw new DataFolderError(`the event log ${config.eventStore.engine === 'sqlite' ? config.eventStore.file : '(EventStoreDB)'} holds no events: there is nothing to work on`);
    } finally {
      await events.close();
    }
  }
}

/** The data folder must exist as a folder (the service creates it at its first start). */
export function requireFolder(dataDir: string): void {
  if (!existsSync(dataDir)) throw new DataFolderError(`DATA_DIR ${dataDir} does not exist (the service creates it at its first start; is DATA_DIR the service's?)`);
  if (!statSync(dataDir).isDirectory()) throw new DataFolderError(`DATA_DIR ${dataDir} is not a folder`);
}

function describeFolder(folder: string, dataDir: string): string {
  const name = folder === dataDir ? `DATA_DIR ${dataDir}` : folder;
  if (!existsSync(folder)) return `${name} does not exist`;
  const entries = readdirSync(folder).filter((entry) => !entry.startsWith('.'));
  if (entries.length === 0) return `${name} is empty (the service never ran on it)`;
  const shown = entries.slice(0, 5).map((entry) => basename(entry)).join(', ');
  return `${name} holds ${entries.length} other file(s) (${shown}${entries.length > 5 ? ', …' : ''}) but not this one`;
}
