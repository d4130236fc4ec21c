#!/usr/bin/env node
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { MANIFEST } from './backup-manifest.js';
import { COSIGN_USAGE } from './cosign.js';
import { checkDataFolder, DataFolderError, requireFolder } from './data-folder.js';
import { IMPORT_USAGE } from './import.js';
import { isEntryScript, UsageError } from './usage.js';

/**
 * `privacy-ledger <command>`: the one command line of the package (its bin). Each command is
 * a module of its own, loaded when asked for, so that the offline verifiers start without the
 * service's stores and drivers. Exit codes: 0 done, 1 the work found a problem (a break, a
 * refusal, a failed rebuild), 2 the command line or the data folder is wrong.
 */

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[]): Promise<number>;
}

const KEYS_HELP = `usage: privacy-ledger keys create --role <role> --name <name> [--allow <permissions, for --role app>]
       privacy-ledger keys list
       privacy-ledger keys revoke <keyId>
The keys live where the service keeps them (DATA_DIR, or MongoDB with READ_STORE=mongodb): run it
with the service's environment. A new key is printed once; only its hash is stored.`;

const PROJECTIONS_HELP = `usage: privacy-ledger projections rebuild <name>
Rebuilds one projection from position 0 into a new generation beside the live one (the service may
keep running on the same data folder) and exits once the new generation has taken over.
GET /projections lists the names.`;

const BACKUP_HELP = `usage: privacy-ledger backup <folder>
An online, consistent copy of every file of the data folder (DATA_DIR and the files its settings
name elsewhere, such as SIGNING_KEY_FILE), taken while the service runs: each SQLite database with
SQLite's backup API, read models first, then the event log, then the personal-data keys, then the
plain files (the signing key, the request-fingerprint secret). <folder> must be new or empty; it
gets a manifest, ${MANIFEST}, with every file's size and sha256. The files hold personal data and
the signing key: keep the backup as safe as the data folder. See docs/operations.md.`;

const RESTORE_HELP = `usage: privacy-ledger restore <backup folder> <new data folder>
Checks every file of a backup against its manifest and copies them into a data folder that does not
exist yet or is empty. Start the service with DATA_DIR pointing at it; GET /audit/verification then
checks the restored log. See docs/operations.md.`;

const VERIFY_HELP = `usage: privacy-ledger verify <export.ndjson> --public-key <file> [--name <log key name>] [--cosigner <name>=<keyfile> ...]
         [--trusted-checkpoint <note file> ...] [--witness <name>=<keyfile> ...] [--witness-quorum <n>]
Checks an export (GET /audit/export) offline: every hash chain, the Merkle tree, every checkpoint
and signature, and the log against the pinned witnesses and trusted checkpoints.
Exit 0: OK; 1: a break (the first one is printed); 2: usage, or a file unreadable.`;

const COMMANDS: Readonly<Record<string, Command>> = {
  keys: {
    summary: 'create, list or revoke API keys',
    usage: KEYS_HELP,
    run: async (argv) => {
      const keys = await import('./keys.js');
      keys.parseKeysArguments(argv);
      await checkKeysFolder(loadConfig(process.env), argv[0]);
      return keys.keysCommand(argv);
    },
  },
  projections: {
    summary: 'rebuild a projection from position 0',
    usage: PROJECTIONS_HELP,
    run: async (argv) => {
      const [command, ...rest] = argv;
      if (command !== 'rebuild') throw new UsageError(command ? `unknown projections command ${command}; the commands are: rebuild` : 'projections needs a command: rebuild', PROJECTIONS_HELP);
      if (rest.length !== 1) throw new UsageError('projections rebuild takes the name of one projection', PROJECTIONS_HELP);
      await checkDataFolder(loadConfig(process.env), { log: 'events-not-empty' });
      return (await import('./projections-rebuild.js')).main(rest);
    },
  },
  verify: { summary: 'verify an export of the log, offline', usage: VERIFY_HELP, run: async (argv) => (await import('./verify.js')).verifyCommand(argv) },
  'verify-answer': {
    summary: "verify an answer to the supervisory authority's inquiry, offline",
    usage: '',
    run: async (argv) => (await import('./verify-answer.js')).verifyAnswerCommand(argv),
  },
  witness: { summary: 'run a witness that cosigns the checkpoints of a log', usage: '', run: async (argv) => (await import('./witness.js')).witnessCommand(argv) },
  cosign: { summary: 'countersign a checkpoint with your own key', usage: COSIGN_USAGE, run: async (argv) => (await import('./cosign.js')).cosignCommand(argv) },
  import: { summary: 'send a CSV register to the service (POST /imports/…)', usage: IMPORT_USAGE, run: async (argv) => (await import('./import.js')).importCommand(argv) },
  backup: { summary: 'copy every file of the data folder, online and consistent', usage: BACKUP_HELP, run: backup },
  restore: { summary: 'restore a backup into a new data folder', usage: RESTORE_HELP, run: restore },
};

/** The usage texts that live beside their commands, read when asked for. */
async function usageOf(name: string): Promise<string> {
  if (name === 'verify-answer') return (await import('./verify-answer.js')).VERIFY_ANSWER_USAGE;
  if (name === 'witness') return (await import('./witness.js')).WITNESS_USAGE;
  return COMMANDS[name]?.usage ?? '';
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'usage: privacy-ledger <command> [options]   (privacy-ledger <command> --help for its options)',
    '',
    ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'The commands that work on the service\'s data (keys, projections, backup) read the same',
    'environment as the service (DATA_DIR, READ_STORE, …): run them with it. Docs: docs/operations.md.',
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) {
      console.log(await usageOf(topic));
      return 0;
    }
    (name === undefined ? console.error : console.log)(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`privacy-ledger: unknown command ${name}; the commands are: ${Object.keys(COMMANDS).join(', ')}\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(await usageOf(name));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(`privacy-ledger: ${error.message}`);
      console.error(error.usage ?? (await usageOf(name)));
      return 2;
    }
    if (error instanceof ConfigError || error instanceof DataFolderError) {
      console.error(`privacy-ledger: ${error.message}`);
      return 2;
    }
    console.error(`privacy-ledger: ${(error as Error).message}`);
    return 1;
  }
}

/**
 * A key made into a folder that does not exist is a mistyped DATA_DIR; a list or revocation
 * in a folder without a key file would create an empty one and report nothing.
 */
async function checkKeysFolder(config: AppConfig, command: string | undefined): Promise<void> {
  if (config.readStore.engine !== 'sqlite') return;
  if (command === 'create') {
    requireFolder(dirname(config.auth.apiKeysFile));
    if (config.eventStore.engine === 'sqlite' && !existsSync(config.eventStore.file)) {
      console.error(`note: DATA_DIR ${config.dataDir} holds no event log yet; the key goes into ${config.auth.apiKeysFile}, for the service that starts there`);
    }
  } else if (command === 'list' || command === 'revoke') {
    await checkDataFolder(config, { apiKeys: true });
  }
}

async function backup(argv: readonly string[]): Promise<number> {
  const [target, ...extra] = argv;
  if (!target || extra.length > 0) throw new UsageError(target ? `unexpected ${extra.join(' ')}` : 'the backup folder is required', BACKUP_HELP);
  const config = loadConfig(process.env);
  await checkDataFolder(config, { log: 'events' });
  const { backupDataFolder } = await import('./backup.js');
  const manifest = await backupDataFolder(config, target, (line) => console.error(line));
  for (const file of manifest.files) console.log(`${file.name}\t${file.bytes} bytes\tsha256 ${file.sha256}${file.setting ? `\t(${file.setting})` : ''}`);
  if (manifest.log) console.log(`the log: ${manifest.log.events} events, up to position ${manifest.log.headPosition}`);
  const elsewhere = [config.eventStore.engine !== 'sqlite' ? 'the events (EventStoreDB/KurrentDB)' : '', config.readStore.engine !== 'sqlite' ? 'the read models, API keys, personal-data keys and access log (MongoDB)' : ''].filter(Boolean);
  if (elsewhere.length > 0) console.error(`not in this backup: ${elsewhere.join('; ')}: back those up with the engine's own tools (docs/operations.md)`);
  console.error(`backup complete: ${manifest.files.length} files in ${target}`);
  return 0;
}

async function restore(argv: readonly string[]): Promise<number> {
  const [from, to, ...extra] = argv;
  if (!from || !to || extra.length > 0) throw new UsageError('the backup folder and the new data folder are required', RESTORE_HELP);
  const { restoreBackup } = await import('./backup.js');
  const { manifest, outside } = await restoreBackup(from, to, (line) => console.error(line));
  console.log(`restored ${manifest.files.length} files of the backup of ${manifest.createdAt} into ${to}`);
  for (const file of outside) console.log(`${file.name} was ${file.path} (${file.setting ?? 'outside DATA_DIR'}): move it there, or point ${file.setting ?? 'its setting'} at it`);
  console.log(`start the service with DATA_DIR=${to}; GET /audit/verification checks the restored log`);
  return 0;
}

if (isEntryScript(import.meta.url)) process.exit(await main(process.argv.slice(2)));
