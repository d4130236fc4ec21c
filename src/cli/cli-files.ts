import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { publicKeyFromText } from '../ledger/checkpoint.js';
import { UsageError } from './usage.js';

/** What the offline verifiers share: reading a file line by line, and the keys they are given. */

/** Runs `check` over the lines of a file (streamed, any size), closing the file afterwards. */
export async function withFileLines<T>(file: string, usage: string | undefined, check: (lines: AsyncIterable<string>) => Promise<T>): Promise<T> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${file} is not a file`, usage);
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    return await check(lines);
  } finally {
    lines.close();
    input.destroy();
  }
}

export async function readText(path: string, usage?: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`, usage);
  }
}

/** A PEM public key, or a signed-note verifier key `<name>+<key id>+<key>`, which also names the key. */
export async function readKey(file: string, usage?: string): Promise<{ publicKey: KeyObject; name?: string }> {
  const text = await readText(file, usage);
  try {
    const publicKey = publicKeyFromText(text);
    const trimmed = text.trim();
    const name = trimmed.startsWith('-----') ? undefined : trimmed.split('+')[0];
    return { publicKey, ...(name ? { name } : {}) };
  } catch (error) {
    throw new UsageError(`${file}: not a public key (PEM or verifier key): ${(error as Error).message}`, usage);
  }
}

/** `<name>=<keyfile>`, as --cosigner and --witness take it. */
export async function readNamedKey(option: string, spec: string, usage?: string): Promise<{ name: string; publicKey: KeyObject }> {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) throw new UsageError(`${option} ${spec}: expected <name>=<keyfile>`, usage);
  const { publicKey } = await readKey(spec.slice(at + 1), usage);
  return { name: spec.slice(0, at), publicKey };
}

/** The options both verifiers take to pin trust outside the log (see src/ledger/trust.ts). */
export const PIN_OPTIONS = {
  'trusted-checkpoint': { type: 'string', multiple: true },
  witness: { type: 'string', multiple: true },
  'witness-quorum': { type: 'string' },
} as const;

/**
 * A verifier's arguments: its positionals, `--public-key` (the log's key), the trust pins and
 * its own `options`; what parseArgs refuses is a UsageError with the command's usage.
 */
export function parseVerifierArgs<const O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, usage?: string) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: { 'public-key': { type: 'string' }, ...PIN_OPTIONS, ...options } });
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

/** The trusted checkpoints, the pinned witnesses and their quorum (0 to the number of witnesses; default all). */
export async function readPins(
  values: { readonly 'trusted-checkpoint'?: string[]; readonly witness?: string[]; readonly 'witness-quorum'?: string },
  usage?: string,
): Promise<{ witnesses: { name: string; publicKey: KeyObject }[]; trusted: string[]; quorum?: number }> {
  const witnesses = await Promise.all((values.witness ?? []).map((spec) => readNamedKey('--witness', spec, usage)));
  const trusted = await Promise.all((values['trusted-checkpoint'] ?? []).map((path) => readText(path, usage)));
  const quorumText = values['witness-quorum'];
  if (quorumText !== undefined && (!/^\d+$/.test(quorumText) || Number(quorumText) > witnesses.length)) {
    throw new UsageError(`--witness-quorum ${quorumText}: a number from 0 to the ${witnesses.length} --witness keys`, usage);
  }
  return { witnesses, trusted, ...(quorumText !== undefined ? { quorum: Number(quorumText) } : {}) };
}
