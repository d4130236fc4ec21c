#!/usr/bin/env node
import type { ExportKeys, ExportVerification } from '../ledger/verify-export.js';
import { parseVerifierArgs, readKey, readNamedKey, readPins } from './cli-files.js';
import { verifyExportFile } from './export-file.js';
import { Progress } from './progress.js';
import { isEntryScript, UsageError } from './usage.js';

/**
 * The offline verifier, shipped as the package bin `privacy-ledger`:
 *   privacy-ledger verify <export.ndjson> --public-key <file> [--name <log key name>] [--cosigner <name>=<keyfile> ...]
 *     [--trusted-checkpoint <note file> ...] [--witness <name>=<keyfile> ...] [--witness-quorum <n>] [--progress | --no-progress]
 *   privacy-ledger witness …   (src/cli/witness.ts)
 *   privacy-ledger verify-answer …   (src/cli/verify-answer.ts)
 * Needs only the export (GET /audit/export) and the log's public key (GET /audit/public-key),
 * as PEM or as a signed-note verifier key. Exit 0: OK; 1: a break; 2: usage, or a file unreadable.
 * Memory: the tree's frontier and one head per stream, whatever the export's length. Progress
 * (events/s, percent, time left) goes to stderr when it is a terminal, or with --progress.
 */
const USAGE = `usage: privacy-ledger verify <export.ndjson> --public-key <file> [--name <log key name>] [--cosigner <name>=<keyfile> ...]
         [--trusted-checkpoint <note file> ...] [--witness <name>=<keyfile> ...] [--witness-quorum <n>]
         [--progress | --no-progress]
       privacy-ledger witness (init | add-log | add-checkpoint | serve | key) …
       privacy-ledger verify-answer <answer.ndjson> --public-key <file> …`;

/** `privacy-ledger verify <export.ndjson> …` (argv without the command's name). */
export function verifyCommand(argv: readonly string[]): Promise<number> {
  return main(['verify', ...argv]);
}

export const VERIFY_USAGE = USAGE;

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'witness') return (await import('./witness.js')).witnessCommand(argv.slice(1));
  if (argv[0] === 'verify-answer') return (await import('./verify-answer.js')).verifyAnswerCommand(argv.slice(1));
  const { file, keys, progress } = await parseCommand(argv);
  const shown = progress ? new Progress('verified', process.stderr) : undefined;
  let total = 0;
  const result = await verifyExportFile(file, keys, shown ? (events, of) => shown.update(events, (total = of)) : undefined);
  shown?.finish(result.events, total);
  return report(result, keys.cosigners?.length ?? 0);
}

async function parseCommand(argv: readonly string[]): Promise<{ file: string; keys: ExportKeys; progress: boolean }> {
  const { values, positionals } = parseVerifierArgs(argv, {
    name: { type: 'string' },
    cosigner: { type: 'string', multiple: true },
    progress: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
  });
  const [command, file, ...extra] = positionals;
  const keyFile = values['public-key'];
  if (command !== 'verify' || !file || extra.length > 0 || !keyFile) throw new UsageError('');
  const log = await readKey(keyFile);
  const name = values.name ?? log.name;
  const cosigners = await Promise.all((values.cosigner ?? []).map((spec) => readNamedKey('--cosigner', spec)));
  const trust = await readPins(values);
  const progress = values['no-progress'] ? false : (values.progress ?? process.stderr.isTTY === true);
  return { file, keys: { log: { publicKey: log.publicKey, ...(name ? { name } : {}) }, cosigners, trust }, progress };
}

function report(result: ExportVerification, cosigners: number): number {
  const broken = result.firstBreak;
  if (!broken) {
    console.log(`OK: ${result.events} events, ${result.checkpoints} checkpoints verified`);
    console.log(`the export is complete as of ${result.checkpointedAt ?? '?'}, when the log key signed its header checkpoint`);
    if (cosigners > 0) console.log(`cosignatures verified: ${result.cosignatures}`);
    for (const { name, treeSize, line } of result.unverified) console.log(`not verified (unknown signer): ${name} on the checkpoint at treeSize ${treeSize}, line ${line}`);
    reportWitnesses(result);
    return 0;
  }
  console.log(`BROKEN: ${broken.message}`);
  if (result.witnesses) reportWitnesses(result);
  const details = { kind: broken.kind, stream: broken.streamId, revision: broken.revision, position: broken.position, treeSize: broken.treeSize, line: broken.line };
  for (const [key, value] of Object.entries(details)) if (value !== undefined) console.log(`  ${key}: ${value}`);
  return 1;
}

/** What is anchored outside the log: without pins, nothing is, and the output says so. */
function reportWitnesses({ witnesses, events }: ExportVerification): void {
  if (!witnesses) return;
  const { newestWitnessed, eventsAfterNewestWitnessed, quorum, trustedCheckpoints } = witnesses;
  console.log(`pins: ${quorum.witnesses.length} witness keys (quorum ${quorum.required}), ${trustedCheckpoints} trusted checkpoints`);
  if (newestWitnessed) {
    console.log(`newest witnessed checkpoint: treeSize ${newestWitnessed.treeSize}, cosigned by ${newestWitnessed.cosigned.join(', ')}; ${eventsAfterNewestWitnessed} events after it are covered by no witness`);
  } else {
    console.log(`no witnessed checkpoint: all ${events} events are covered by no witness${quorum.witnesses.length === 0 ? ' (no --witness given: only the log\'s own key vouches for them)' : ''}`);
  }
}

if (isEntryScript(import.meta.url)) main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(`privacy-ledger: ${error.message}`);
      console.error(error.usage ?? USAGE);
    } else {
      console.error(`privacy-ledger: ${(error as Error).message}`);
    }
    process.exitCode = 2;
  },
);
