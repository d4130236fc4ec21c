import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { COSIGNATURE_V1, parseNote, verifierKeyText, verifyNoteSignature } from '../ledger/checkpoint.js';
import { cosignatureLine } from '../ledger/cosignature.js';
import { readKey, readText } from './cli-files.js';
import { UsageError } from './usage.js';

/**
 * `privacy-ledger cosign`: an outside party (the FG, an auditor, the AP) countersigns a
 * checkpoint of the log with its own Ed25519 key, as a C2SP cosignature/v1, and gets the body
 * of `POST /audit/checkpoints/<treeSize>/cosignatures`. The key never leaves its machine.
 */
export const COSIGN_USAGE = `usage: privacy-ledger cosign <checkpoint> --key <private key PEM> --name <your key name> [--log-key <log public key>]
       privacy-ledger cosign --key <private key PEM> --name <your key name> --print-key
  <checkpoint>  the signed note (the "note" of GET /audit/checkpoints, as a file), or that JSON object
  --key         your Ed25519 private key, e.g. made with: openssl genpkey -algorithm ed25519 -out cosigner.pem
  --name        the name your signature goes under, e.g. fg.gemeente.example
  --log-key     the log's public key (GET /audit/public-key, better: received out of band): the
                checkpoint's own signature is checked before you add yours
  --print-key   print your verifier key (what verifiers pin with --cosigner or --witness) and stop
Prints the JSON body to POST to /audit/checkpoints/<treeSize>/cosignatures; the tree size goes to stderr.`;

export async function cosignCommand(argv: readonly string[], print: (line: string) => void = console.log, now: () => Date = () => new Date()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { key: { type: 'string' }, name: { type: 'string' }, 'log-key': { type: 'string' }, 'print-key': { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError((error as Error).message, COSIGN_USAGE);
  }
  const { values, positionals } = parsed;
  if (!values.key) throw new UsageError('--key is required', COSIGN_USAGE);
  if (!values.name || !/^[^\s+]{1,200}$/.test(values.name)) throw new UsageError('--name is required: a key name without spaces or +', COSIGN_USAGE);
  const privateKey = await readPrivateKey(values.key);
  const publicKey = createPublicKey(privateKey);
  if (values['print-key']) {
    print(verifierKeyText(values.name, publicKey, COSIGNATURE_V1));
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(file ? `unexpected ${extra.join(' ')}` : 'the checkpoint file is required', COSIGN_USAGE);
  const note = await readCheckpoint(file);
  const [origin, sizeLine] = note.body.split('\n');
  const treeSize = Number(sizeLine);
  if (!origin || !Number.isSafeInteger(treeSize) || treeSize < 1) throw new UsageError(`${file}: not a checkpoint (origin, tree size and root hash lines)`, COSIGN_USAGE);
  if (values['log-key']) {
    const log = await readKey(values['log-key'], COSIGN_USAGE);
    if (!verifyNoteSignature(note, { name: log.name ?? origin, publicKey: log.publicKey })) {
      console.error(`privacy-ledger: ${file} does not carry a valid signature of the log key ${log.name ?? origin}: not cosigned`);
      return 1;
    }
  }
  const line = cosignatureLine(note.body, { name: values.name, privateKey }, Math.floor(now().getTime() / 1000));
  print(JSON.stringify({ name: values.name, publicKey: verifierKeyText(values.name, publicKey, COSIGNATURE_V1), line }));
  console.error(`cosigned ${origin} at tree size ${treeSize}: POST the line above to /audit/checkpoints/${treeSize}/cosignatures`);
  return 0;
}

async function readPrivateKey(file: string): Promise<KeyObject> {
  const text = await readText(file, COSIGN_USAGE);
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (error) {
    throw new UsageError(`${file}: not a private key in PEM: ${(error as Error).message}`, COSIGN_USAGE);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${file}: an ${key.asymmetricKeyType ?? 'unknown'} key; cosignatures are Ed25519`, COSIGN_USAGE);
  return key;
}

/** A signed note, or a checkpoint as the API answers it ({ note, … }). */
async function readCheckpoint(file: string): Promise<ReturnType<typeof parseNote>> {
  const text = await readText(file, COSIGN_USAGE);
  try {
    const trimmed = text.trimStart();
    const note = trimmed.startsWith('{') ? (JSON.parse(trimmed) as { note?: unknown }).note : text;
    if (typeof note !== 'string') throw new Error('the JSON has no "note"');
    return parseNote(note);
  } catch (error) {
    throw new UsageError(`${file}: not a signed checkpoint note: ${(error as Error).message}`, COSIGN_USAGE);
  }
}
