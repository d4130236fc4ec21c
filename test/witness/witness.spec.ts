import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addSignatureLines, parseNote, parseVerifierKey, verifierKeyText } from '../../src/ledger/checkpoint.js';
import { verifyCosignature } from '../../src/ledger/cosignature.js';
import { FixedClock } from '../../src/shared/clock.js';
import { addCheckpointBody, parseAddCheckpointBody } from '../../src/witness/add-checkpoint.js';
import { WitnessStore } from '../../src/witness/witness-store.js';
import { Witness, type WitnessAnswer } from '../../src/witness/witness.js';
import { tempDir } from '../support/temp-dir.js';
import { TestLog } from '../support/tlog.js';

describe('a witness (C2SP tlog-witness add-checkpoint)', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: WitnessStore;
  let witness: Witness;
  let log: TestLog;
  let verifierKey: string;
  const clock = new FixedClock('2026-03-01T12:00:00.000Z');

  beforeEach(async () => {
    dir = tempDir();
    verifierKey = WitnessStore.init(dir.path, 'witness.example/w1').verifierKey;
    store = new WitnessStore(dir.path);
    witness = new Witness(store, clock);
    log = new TestLog().grow(10);
    await store.addLog(log.origin, verifierKeyText(log.origin, log.key.publicKey));
  });
  afterEach(() => dir.remove());

  const submit = (oldSize: number, note = log.note(), proof = log.proof(oldSize, parseNote(note).checkpoint.treeSize)) => witness.addCheckpoint({ oldSize, proof, note });
  const cosigns = (answer: WitnessAnswer, note: string) => {
    expect(answer.status).toBe(200);
    const lines = (answer as { lines: string }).lines;
    const key = parseVerifierKey(verifierKey);
    return verifyCosignature(parseNote(addSignatureLines(note, lines.trim().split('\n'))), key);
  };

  it('cosigns the first checkpoint from old size 0, and each one that grows with a valid proof', async () => {
    const first = log.note();
    expect(cosigns(await submit(0, first), first)).toBe(Math.floor(clock.now().getTime() / 1000));
    log.grow(7);
    const second = log.note();
    expect(cosigns(await submit(10, second), second)).toBeDefined();
    expect(store.config(log.origin)?.latest?.treeSize).toBe(17);
  });

  it('cosigns the same size again only with the same root', async () => {
    await submit(0);
    const again = log.note();
    expect(cosigns(await submit(10, again, []), again)).toBeDefined();
    const fork = new TestLog(log.origin, 'b').grow(10);
    const forked = fork.note(10, log.key.privateKey);
    expect(await submit(10, forked, [])).toMatchObject({ status: 409, code: 'root-mismatch', size: 10 });
  });

  it('refuses a smaller tree (rollback) and a stale old size with 409 and its own size', async () => {
    await submit(0);
    expect(await submit(5, log.note(5), log.proof(5, 5))).toMatchObject({ status: 409, code: 'old-size-mismatch', size: 10 });
    expect(await submit(0, log.note(5), [])).toMatchObject({ status: 409, size: 10 });
    log.grow(2);
    expect(await submit(0)).toMatchObject({ status: 409, size: 10 });
  });

  it('refuses an old size above the checkpoint size as malformed (400)', async () => {
    expect(await submit(11, log.note(10), [])).toMatchObject({ status: 400, code: 'malformed-request' });
  });

  it('refuses a consistency proof that does not verify (422) and keeps its state', async () => {
    await submit(0);
    const fork = new TestLog(log.origin, 'b').grow(15);
    const forked = fork.note(15, log.key.privateKey);
    expect(await submit(10, forked, fork.proof(10))).toMatchObject({ status: 422, code: 'consistency-proof-invalid' });
    log.grow(5);
    expect(await submit(10, log.note(), [])).toMatchObject({ status: 422 });
    expect(store.config(log.origin)?.latest?.treeSize).toBe(10);
  });

  it('refuses an unknown origin (404) and a checkpoint not signed by the configured log key (403)', async () => {
    const other = new TestLog('other.example/log').grow(3);
    expect(await witness.addCheckpoint({ oldSize: 0, proof: [], note: other.note() })).toMatchObject({ status: 404, code: 'unknown-log' });
    const impostor = generateKeyPairSync('ed25519');
    expect(await submit(0, log.note(10, impostor.privateKey), [])).toMatchObject({ status: 403, code: 'log-signature-invalid' });
    expect(store.config(log.origin)?.latest).toBeUndefined();
  });

  it('takes origins and keys only from its configuration: a note naming its own key does not help', async () => {
    const impostor = generateKeyPairSync('ed25519');
    const note = log.note(10, impostor.privateKey);
    expect(note).toContain(log.origin);
    await store.addLog('other.example/log', verifierKeyText('other.example/log', impostor.publicKey));
    expect(await submit(0, note, [])).toMatchObject({ status: 403 });
  });

  it('lets only one of two concurrent requests from the same old size advance', async () => {
    await submit(0);
    log.grow(5);
    const a = log.note(13);
    const b = log.note(15);
    const answers = await Promise.all([submit(10, a), submit(10, b)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const advanced = answers[0]!.status === 200 ? 13 : 15;
    expect(store.config(log.origin)?.latest?.treeSize).toBe(advanced);
  });

  it('serialises a second process too, through a lock file, and takes over a lock left by a dead one', async () => {
    const lock = join(dir.path, 'logs', `${readdirSync(join(dir.path, 'logs'))[0]!}.lock`);
    writeFileSync(lock, '999999999');
    expect((await submit(0)).status).toBe(200);
    expect(existsSync(lock)).toBe(false);
  });

  it('writes its state by rename: a crash mid-write leaves the previous state readable', async () => {
    await submit(0);
    const file = join(dir.path, 'logs', readdirSync(join(dir.path, 'logs')).find((name) => name.endsWith('.json'))!);
    const before = readFileSync(file, 'utf8');
    // What a crash between writing the temp file and the rename leaves behind.
    writeFileSync(`${file}.deadbeef.tmp`, '{"origin": "half');
    expect(new WitnessStore(dir.path).config(log.origin)?.latest?.treeSize).toBe(10);
    expect(readFileSync(file, 'utf8')).toBe(before);
    log.grow(1);
    expect((await new Witness(new WitnessStore(dir.path), clock).addCheckpoint({ oldSize: 10, proof: log.proof(10), note: log.note() })).status).toBe(200);
  });

  it('parses and writes the request body of the spec', () => {
    const body = addCheckpointBody({ oldSize: 10, proof: log.proof(5), note: log.note() });
    expect(body.startsWith('old 10\n')).toBe(true);
    expect(parseAddCheckpointBody(body)).toMatchObject({ oldSize: 10, note: log.note() });
    expect(parseAddCheckpointBody('old 01\n\nx')).toMatchObject({ status: 400 });
    expect(parseAddCheckpointBody(`old 1\n${'AAAA\n'.repeat(2)}\n${log.note()}`)).toMatchObject({ status: 400 });
    expect(parseAddCheckpointBody(`old 1\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\n${log.note()}`)).toMatchObject({ status: 400 });
  });

  it('refuses to init over an existing key', () => {
    expect(() => WitnessStore.init(dir.path, 'again')).toThrow(/already holds a witness key/);
  });
});
