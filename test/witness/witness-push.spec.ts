import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseVerifierKey, verifierKeyText } from '../../src/ledger/checkpoint.js';
import { WitnessPush, type Post } from '../../src/ledger/witness-push.js';
import { FixedClock } from '../../src/shared/clock.js';
import { WitnessStore } from '../../src/witness/witness-store.js';
import { Witness } from '../../src/witness/witness.js';
import { tempDir } from '../support/temp-dir.js';
import { TestLog } from '../support/tlog.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/verify.js', import.meta.url));

describe('pushing checkpoints to witnesses', () => {
  let dir: ReturnType<typeof tempDir>;
  let log: TestLog;
  let witness: Witness;
  let verifierKey: string;
  const warnings: Record<string, unknown>[] = [];
  const warn = (entry: Record<string, unknown>) => void warnings.push(entry);
  /** The network, in process: the request goes to the witness as its HTTP server would pass it. */
  const inProcess: Post = async (_url, body) => {
    const answer = await witness.addCheckpointBody(body);
    if (answer.status === 200) return { status: 200, contentType: 'text/plain', body: answer.lines };
    if (answer.status === 409) return { status: 409, contentType: 'text/x.tlog.size', body: `${answer.size}\n` };
    return { status: answer.status, contentType: 'application/problem+json', body: answer.message };
  };
  const endpoint = () => ({ name: 'w.example', url: 'http://w.example', publicKey: parseVerifierKey(verifierKey).publicKey });
  const proof = (old: number) => (old <= log.tree.size ? log.proof(old) : undefined);

  beforeEach(async () => {
    dir = tempDir();
    warnings.length = 0;
    verifierKey = WitnessStore.init(dir.path, 'w.example').verifierKey;
    log = new TestLog().grow(6);
    const store = new WitnessStore(dir.path);
    await store.addLog(log.origin, verifierKeyText(log.origin, log.key.publicKey));
    witness = new Witness(store, new FixedClock('2026-03-01T00:00:00Z'));
  });
  afterEach(() => dir.remove());

  it('starts from old size 0, and after a 409 retries once from the size the witness names', async () => {
    const push = new WitnessPush([endpoint()], { timeoutMs: 1000, warn, post: inProcess });
    expect(await push.collect(log.note(), () => 0, proof)).toEqual([{ name: 'w.example', line: expect.stringMatching(/^\u2014 w\.example /) }]);
    log.grow(4);
    // The log forgot what the witness cosigned: 409 tells it (6), and the retry carries a proof from 6.
    expect(await push.collect(log.note(), () => 0, proof)).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('leaves out a witness that is down, or answers with a cosignature its pinned key does not verify, and warns', async () => {
    const down: Post = () => Promise.reject(new Error('connect ECONNREFUSED'));
    expect(await new WitnessPush([endpoint()], { timeoutMs: 1000, warn, post: down }).collect(log.note(), () => 0, proof)).toEqual([]);
    const impostor = { ...endpoint(), publicKey: log.key.publicKey };
    expect(await new WitnessPush([impostor], { timeoutMs: 1000, warn, post: inProcess }).collect(log.note(), () => 0, proof)).toEqual([]);
    expect(warnings.map((w) => w.msg)).toEqual([expect.stringContaining('could not be reached'), expect.stringContaining('pinned key')]);
  });

  it('is offered as a one-shot command line: init, add-log, add-checkpoint', async () => {
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, 'witness', ...args]);
    const folder = join(dir.path, 'cli');
    const logKey = join(dir.path, 'log.pub');
    writeFileSync(logKey, verifierKeyText(log.origin, log.key.publicKey));
    const init = await run('init', '--dir', folder, '--name', 'cli.example/w', '--origin', log.origin, '--public-key', logKey);
    expect(parseVerifierKey(init.stdout)).toMatchObject({ name: 'cli.example/w', type: 4 });
    writeFileSync(join(dir.path, 'cp.note'), log.note());
    const cosigned = await run('add-checkpoint', '--dir', folder, '--checkpoint', join(dir.path, 'cp.note'), '--old', '0');
    expect(cosigned.stdout).toMatch(/^\u2014 cli\.example\/w \S+\n$/);
    log.grow(3);
    writeFileSync(join(dir.path, 'cp2.note'), log.note());
    writeFileSync(join(dir.path, 'proof.json'), JSON.stringify(log.proof(6).map((hash) => hash.toString('base64'))));
    expect((await run('add-checkpoint', '--dir', folder, '--checkpoint', join(dir.path, 'cp2.note'), '--old', '6', '--proof', join(dir.path, 'proof.json'))).stdout).toMatch(/^\u2014 /);
    await expect(run('add-checkpoint', '--dir', folder, '--checkpoint', join(dir.path, 'cp.note'), '--old', '0')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('latest cosigned size: 9') });
  });
});
