import { verifyAnswer, type AnswerTrust, type AnswerVerification } from '../inquiries/answer/verify-answer.js';
import { parseVerifierArgs, readKey, readPins, readText, withFileLines } from './cli-files.js';
import { UsageError } from './usage.js';

/**
 * The AP's own check of an answer, offline:
 *   privacy-ledger verify-answer <answer.ndjson> --public-key <file> [--origin <name>]
 *       [--trusted-checkpoint <note file> ...] [--witness <name>=<keyfile> ...] [--witness-quorum <n>]
 *       [--consistency-proof <json file> ...]
 * Exit 0: every check holds and every figure recomputes; 1: a difference; 2: usage or an unreadable file.
 */
export const VERIFY_ANSWER_USAGE =
  'usage: privacy-ledger verify-answer <answer.ndjson> --public-key <file> [--origin <name>] [--trusted-checkpoint <file> ...] [--witness <name>=<keyfile> ...] [--witness-quorum <n>] [--consistency-proof <file> ...]';


export async function verifyAnswerCommand(argv: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const { file, trust } = await parse(argv);
  return withFileLines(file, VERIFY_ANSWER_USAGE, async (lines) => report(await verifyAnswer(lines, trust), print));
}

async function parse(argv: readonly string[]): Promise<{ file: string; trust: AnswerTrust }> {
  const { values, positionals } = parseVerifierArgs(argv, { origin: { type: 'string' }, 'consistency-proof': { type: 'string', multiple: true } }, VERIFY_ANSWER_USAGE);
  const [file, ...extra] = positionals;
  const keyFile = values['public-key'];
  if (!file || extra.length > 0 || !keyFile) throw new UsageError('', VERIFY_ANSWER_USAGE);
  const log = await readKey(keyFile, VERIFY_ANSWER_USAGE);
  const pins = await readPins(values, VERIFY_ANSWER_USAGE);
  const consistencyProofs = await Promise.all((values['consistency-proof'] ?? []).map(readProof));
  const origin = values.origin ?? log.name;
  return {
    file,
    trust: { log: { publicKey: log.publicKey, ...(log.name ? { name: log.name } : {}) }, ...(origin ? { origin } : {}), ...pins, consistencyProofs },
  };
}

/** A consistency proof as GET /audit/proofs/consistency answers it: { oldSize, newSize, proof }. */
async function readProof(path: string): Promise<{ oldSize: number; newSize: number; proof: string[] }> {
  const text = await readText(path, VERIFY_ANSWER_USAGE);
  try {
    const value = JSON.parse(text) as { oldSize?: unknown; newSize?: unknown; proof?: unknown };
    if (!Number.isSafeInteger(value.oldSize) || !Number.isSafeInteger(value.newSize) || !Array.isArray(value.proof) || !value.proof.every((h) => typeof h === 'string')) throw new Error('expected { oldSize, newSize, proof: [base64 …] }');
    return { oldSize: value.oldSize as number, newSize: value.newSize as number, proof: value.proof as string[] };
  } catch (error) {
    throw new UsageError(`${path}: not a consistency proof: ${(error as Error).message}`, VERIFY_ANSWER_USAGE);
  }
}

function report(result: AnswerVerification, print: (line: string) => void): number {
  for (const check of result.checks) print(`ok: ${check}`);
  if (result.figures.length > 0) {
    print('figure                     claimed      recomputed');
    for (const { figure, claimed, recomputed, same } of result.figures) {
      print(`${same ? ' ' : '!'} ${figure.padEnd(26)} ${JSON.stringify(claimed).padEnd(12)} ${JSON.stringify(recomputed)}`);
    }
  }
  for (const problem of result.problems) print(`BROKEN (${problem.kind}): ${problem.message}`);
  if (result.ok) {
    print(`OK: the answer covers ${result.breaches} breaches with ${result.events} events; everything checks against the checkpoint of tree size ${result.treeSize ?? '?'} (${result.checkpointedAt ?? '?'})`);
    return 0;
  }
  print(`NOT OK: ${result.problems.length} problem(s)`);
  return 1;
}
