import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeBase64 } from '../ledger/checkpoint.js';
import { systemClock } from '../shared/clock.js';
import { addCheckpointBody } from '../witness/add-checkpoint.js';
import { witnessServer } from '../witness/witness-http.js';
import { WitnessStore } from '../witness/witness-store.js';
import { Witness, type WitnessAnswer } from '../witness/witness.js';
import { UsageError } from './usage.js';

/**
 * `privacy-ledger witness …`: a C2SP tlog-witness kept in its own folder, run by a party
 * outside the municipality (src/ledger/README.md, "Witnesses").
 */
export const WITNESS_USAGE = `usage:
  privacy-ledger witness init --dir <folder> --name <witness name> [--origin <log origin> --public-key <log key file>]
  privacy-ledger witness add-log --dir <folder> --origin <log origin> --public-key <log key file>
  privacy-ledger witness add-checkpoint --dir <folder> (--checkpoint <note file> --old <size> [--proof <file>] | --request <body file>)
  privacy-ledger witness serve --dir <folder> --port <port> [--host 127.0.0.1]
  privacy-ledger witness key --dir <folder>`;

const OPTIONS = {
  dir: { type: 'string' },
  name: { type: 'string' },
  origin: { type: 'string' },
  'public-key': { type: 'string' },
  checkpoint: { type: 'string' },
  old: { type: 'string' },
  proof: { type: 'string' },
  request: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: string };

export async function witnessCommand(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message, WITNESS_USAGE);
  }
  const [command, ...extra] = parsed.positionals;
  const values = parsed.values as Values;
  if (!values.dir || extra.length > 0) throw new UsageError(values.dir ? `unexpected ${extra.join(' ')}` : '--dir is required', WITNESS_USAGE);
  const store = new WitnessStore(values.dir);
  if (command === 'init') return init(store, values);
  if (command === 'add-log') return addLog(store, values);
  if (command === 'add-checkpoint') return report(await new Witness(store, systemClock).addCheckpointBody(await requestBody(values)));
  if (command === 'serve') return serve(store, values);
  if (command === 'key') return print(store.identity().verifierKey);
  throw new UsageError(command ? `unknown witness command ${command}` : '', WITNESS_USAGE);
}

function print(line: string): number {
  console.log(line);
  return 0;
}

async function init(store: WitnessStore, values: Values): Promise<number> {
  if (!values.name) throw new UsageError('--name is required', WITNESS_USAGE);
  if (Boolean(values.origin) !== Boolean(values['public-key'])) throw new UsageError('--origin and --public-key go together', WITNESS_USAGE);
  const { verifierKey } = WitnessStore.init(store.dir, values.name);
  if (values.origin && values['public-key']) await store.addLog(values.origin, await readFile(values['public-key'], 'utf8'));
  // The verifier key is what verifiers pin (`--witness <name>=<file>`) and the log configures.
  return print(verifierKey);
}

async function addLog(store: WitnessStore, values: Values): Promise<number> {
  if (!values.origin || !values['public-key']) throw new UsageError('--origin and --public-key are required', WITNESS_USAGE);
  store.identity();
  await store.addLog(values.origin, await readFile(values['public-key'], 'utf8'));
  return print(`configured ${values.origin}`);
}

/** The same body POST /add-checkpoint takes, given whole or in parts. */
async function requestBody(values: Values): Promise<string> {
  if (values.request) return readFile(values.request, 'utf8');
  if (!values.checkpoint || values.old === undefined) throw new UsageError('--checkpoint and --old (or --request) are required', WITNESS_USAGE);
  if (!/^(0|[1-9]\d*)$/.test(values.old)) throw new UsageError('--old is a tree size', WITNESS_USAGE);
  const proofText = values.proof ? await readFile(values.proof, 'utf8') : '';
  // A proof file holds one base64 hash per line (or a JSON array of them, as GET /audit/proofs/consistency's `proof`).
  const trimmed = proofText.trim();
  const hashes = trimmed.startsWith('[') ? (JSON.parse(trimmed) as string[]) : trimmed.split('\n').filter(Boolean);
  const proof = hashes.map((hash) => decodeBase64(hash.trim(), 'a proof line'));
  return addCheckpointBody({ oldSize: Number(values.old), proof, note: await readFile(values.checkpoint, 'utf8') });
}

function report(answer: WitnessAnswer): number {
  if (answer.status === 200) {
    process.stdout.write(answer.lines);
    return 0;
  }
  console.error(`refused (${answer.status} ${answer.code}): ${answer.message}`);
  if (answer.status === 409) console.error(`the witness's latest cosigned size: ${answer.size}`);
  return 1;
}

async function serve(store: WitnessStore, values: Values): Promise<number> {
  const port = Number(values.port);
  if (!values.port || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port is required (0-65535)', WITNESS_USAGE);
  const identity = store.identity();
  const server = witnessServer(new Witness(store, systemClock), (entry) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry })));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, values.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const listening = typeof address === 'object' && address ? `${address.address}:${address.port}` : String(address);
  console.log(JSON.stringify({ msg: 'witness listening', address: listening, name: identity.name, verifierKey: identity.verifierKey, logs: store.origins() }));
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
