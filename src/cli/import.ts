import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readText } from './cli-files.js';
import { UsageError } from './usage.js';

const KINDS = ['breaches', 'processing-activities'] as const;

/**
 * `privacy-ledger import <kind> <file.csv>`: sends an existing register to the running service
 * (`POST /imports/<kind>`), which judges every row with the commands' rules and records it
 * under the key's identity, as the API does. The service stays the only writer of the log.
 */
export const IMPORT_USAGE = `usage: privacy-ledger import <${KINDS.join('|')}> <file.csv> [--dry-run] [--url <service>] [--key-file <file>]
  --dry-run    list every row the service would refuse, write nothing
  --url        the service (default: PRIVACY_LEDGER_URL, else http://127.0.0.1:3000)
  --key-file   a file holding the API key (default: the key in PRIVACY_LEDGER_KEY); a privacy officer's or the CPO's
Columns and formats: src/imports/README.md. Exit 0: imported (or the dry run found nothing to refuse); 1: refused; 2: usage.`;

export async function importCommand(argv: readonly string[], print: (line: string) => void = console.log, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, url: { type: 'string' }, 'key-file': { type: 'string' } } });
  } catch (error) {
    throw new UsageError((error as Error).message, IMPORT_USAGE);
  }
  const { values, positionals } = parsed;
  const [kind, file, ...extra] = positionals;
  if (!kind || !(KINDS as readonly string[]).includes(kind)) throw new UsageError(kind ? `unknown import ${kind}; the imports are: ${KINDS.join(', ')}` : 'what to import is required', IMPORT_USAGE);
  if (!file || extra.length > 0) throw new UsageError(file ? `unexpected ${extra.join(' ')}` : 'the CSV file is required', IMPORT_USAGE);
  const key = values['key-file'] ? (await readText(values['key-file'], IMPORT_USAGE)).trim() : env.PRIVACY_LEDGER_KEY;
  if (!key) throw new UsageError('an API key is required: PRIVACY_LEDGER_KEY, or --key-file', IMPORT_USAGE);
  const base = values.url ?? env.PRIVACY_LEDGER_URL ?? 'http://127.0.0.1:3000';
  let url: URL;
  try {
    url = new URL(`imports/${kind}${values['dry-run'] ? '?dryRun=true' : ''}`, base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new UsageError(`--url ${base}: not a URL`, IMPORT_USAGE);
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${file} is not a file`, IMPORT_USAGE);
  const body = await readFile(file);
  console.error(`sending ${file} (${body.length} bytes) to ${url.origin}${url.pathname}${values['dry-run'] ? ' as a dry run' : ''}`);
  const started = Date.now();
  // The service decides and writes a large file in slices; say that it is still at it.
  const ticker = setInterval(() => console.error(`… the service is still importing (${Math.round((Date.now() - started) / 1000)} s)`), 5000);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body });
  } catch (error) {
    console.error(`privacy-ledger: the service at ${url.origin} does not answer: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`);
    return 1;
  } finally {
    clearInterval(ticker);
  }
  const text = await response.text();
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    console.error(`privacy-ledger: the service answered ${response.status} without JSON: ${text.slice(0, 200)}`);
    return 1;
  }
  return report(response.status, answer, print);
}

type Refusal = { row?: number; column?: string; code?: string; message?: string };

function report(status: number, answer: Record<string, unknown>, print: (line: string) => void): number {
  const refused = (Array.isArray(answer.refused) ? answer.refused : []) as Refusal[];
  for (const refusal of refused) console.error(`row ${refusal.row ?? '?'}${refusal.column ? `, ${refusal.column}` : ''}: ${refusal.code ?? ''} ${refusal.message ?? ''}`.trimEnd());
  if (status === 200 || status === 201) {
    print(JSON.stringify(answer, null, 2));
    if (answer.dryRun === true) {
      console.error(`dry run: ${String(answer.accepted)} of ${String(answer.rows)} rows would be accepted, ${refused.length} refusal(s)`);
      return refused.length === 0 ? 0 : 1;
    }
    console.error(answer.replayed === true ? 'this file was imported before: nothing new was written' : `imported ${String(answer.rows)} rows as ${String(answer.events)} events, up to position ${String(answer.lastPosition)}`);
    return 0;
  }
  console.error(`privacy-ledger: refused (${status} ${String(answer.code ?? '')}): ${String(answer.detail ?? answer.title ?? '')}`);
  return 1;
}
