import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signNote, verifierKeyText } from '../../src/ledger/checkpoint.js';
import type { LedgerVerification } from '../../src/ledger/ledger-verifier.js';
import type { WitnessReport } from '../../src/ledger/witnessed.js';
import { loadSigningKey } from '../../src/ledger/signing-key.js';
import { systemClock } from '../../src/shared/clock.js';
import { witnessServer } from '../../src/witness/witness-http.js';
import { WitnessStore } from '../../src/witness/witness-store.js';
import { Witness } from '../../src/witness/witness.js';
import { deleteCheckpoints, rewriteEvent } from '../support/insider.js';
import { runService } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/verify.js', import.meta.url));
const ORIGIN = 'privacy-ledger.test';
const WITNESS = 'witness.test/w1';

/**
 * The insider rewrite: with file access, someone backdates a breach's awareAt in the SQLite
 * events file, re-hashes that stream's chain, deletes the checkpoints and re-signs fresh
 * ones with the key in the data folder. Every check that trusts the municipality's own
 * files still says OK; the witness and a checkpoint saved by an auditor do not.
 */
describe('an insider rewrite of the events file', () => {
  const root = tempDir();
  const dataDir = join(root.path, 'data');
  const files = { trusted: join(root.path, 'trusted'), export: join(root.path, 'export.ndjson'), logKey: join(root.path, 'ledger.pub'), witnessKey: join(root.path, 'witness.pub') };
  const witnessDir = join(root.path, 'witness');
  let store: WitnessStore;
  let server: Server;
  let witnessesEnv: string;
  let test: TestApp | undefined;
  let cosignedSize = 0;

  const start = async (env: NodeJS.ProcessEnv = {}) => {
    test = await startTestApp({ dataDir, env: { LEDGER_ORIGIN: ORIGIN, CHECKPOINT_INTERVAL_SECONDS: '0', ...env } });
    return test;
  };
  const stop = async () => {
    await test?.dispose();
    test = undefined;
  };
  const verify = (...args: string[]) =>
    promisify(execFile)(process.execPath, [CLI, 'verify', files.export, '--public-key', files.logKey, ...args]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  beforeAll(async () => {
    // The log's key exists before the service starts, so that the witness can be told it.
    mkdirSync(dataDir, { recursive: true });
    const logKey = loadSigningKey(join(dataDir, 'ledger-signing-key.pem'));
    writeFileSync(files.logKey, verifierKeyText(ORIGIN, logKey.publicKey));
    const { verifierKey } = WitnessStore.init(witnessDir, WITNESS);
    writeFileSync(files.witnessKey, verifierKey);
    store = new WitnessStore(witnessDir);
    await store.addLog(ORIGIN, verifierKeyText(ORIGIN, logKey.publicKey));
    server = witnessServer(new Witness(store, systemClock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    witnessesEnv = `${WITNESS}=http://127.0.0.1:${(server.address() as AddressInfo).port}=${verifierKey}`;
    mkdirSync(files.trusted);
  });
  afterAll(async () => {
    await stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    root.remove();
  });

  it('has the witness cosign each checkpoint of the honest log, and an auditor keep one', async () => {
    const app = await start({ WITNESSES: witnessesEnv });
    for (let n = 0; n < 3; n += 1) await app.as('privacy-officer').register();
    const first = (await app.as('dpo').post('/audit/checkpoints', {})).body as { treeSize: number; note: string; cosigners: string[] };
    expect(first.cosigners).toEqual([WITNESS]);
    expect(first.note).toContain(`\u2014 ${WITNESS} `);
    writeFileSync(join(files.trusted, 'first.note'), first.note);
    for (let n = 0; n < 2; n += 1) await app.as('privacy-officer').register();
    const second = (await app.as('dpo').post('/audit/checkpoints', {})).body as { treeSize: number; cosigners: string[] };
    expect(second.cosigners).toEqual([WITNESS]);
    cosignedSize = second.treeSize;
    expect(store.config(ORIGIN)?.latest?.treeSize).toBe(cosignedSize);
    const report = (await app.as('auditor').get('/audit/verification')).body as unknown as LedgerVerification & { witnesses: WitnessReport };
    expect(report).toMatchObject({ ok: true, witnesses: { newestWitnessed: { treeSize: cosignedSize, cosigned: [WITNESS] } } });
    // The checkpoint's own event and the cosignature event lie after it.
    expect(report.witnesses.eventsAfterNewestWitnessed).toBe(report.events - cosignedSize);
    await stop();
  });

  it('is invisible to every check without pins: the chains re-hashed, the checkpoints deleted and re-signed', async () => {
    const rewritten = rewriteEvent(join(dataDir, 'events.sqlite'), { type: 'BreachDetected', edit: (data) => ({ ...data, awareAt: '2020-01-01T00:00:00.000Z' }) });
    expect(rewritten.position).toBeGreaterThan(0);
    expect(deleteCheckpoints(join(dataDir, 'events.sqlite'))).toBeGreaterThan(0);
    const app = await start();
    const stream = (await app.as('auditor').get(`/audit/streams/${rewritten.streamId}`)).body as { events: { data: { awareAt: string } }[] };
    expect(stream.events[0]!.data.awareAt).toBe('2020-01-01T00:00:00.000Z');
    // The data folder's key signs fresh checkpoints of the rewritten log.
    expect((await app.as('dpo').post('/audit/checkpoints', {})).status).toBe(201);
    const report = (await app.as('auditor').get('/audit/verification')).body as unknown as LedgerVerification & { witnesses: WitnessReport };
    expect(report).toMatchObject({ ok: true, witnesses: { newestWitnessed: null } });
    expect(report.witnesses.eventsAfterNewestWitnessed).toBe(report.events);
    const exported = await app.app.inject({ method: 'GET', url: '/audit/export', headers: { authorization: `Bearer ${app.keys.auditor}` } });
    writeFileSync(files.export, exported.body);
    const plain = await verify();
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^OK/);
    expect(plain.stdout).toMatch(/no witnessed checkpoint: all \d+ events are covered by no witness/);
    await stop();
  });

  it('is caught by the offline verifier given the trusted checkpoint, or the witness key', async () => {
    const trusted = await verify('--trusted-checkpoint', join(files.trusted, 'first.note'));
    expect(trusted.code).toBe(1);
    expect(trusted.stdout).toMatch(/^BROKEN: the log is not consistent with the trusted checkpoint of size/);
    expect(trusted.stdout).toContain('kind: trusted-inconsistent');
    const witnessed = await verify('--witness', `${WITNESS}=${files.witnessKey}`);
    expect(witnessed.code).toBe(1);
    expect(witnessed.stdout).toMatch(/^BROKEN: .*cosigned by 0 of the pinned witnesses/);
    expect(witnessed.stdout).toContain('kind: quorum-not-met');
    const other = generateKeyPairSync('ed25519');
    writeFileSync(join(root.path, 'forged.note'), signNote(`${ORIGIN}\n1\n${Buffer.alloc(32).toString('base64')}\n`, [{ name: ORIGIN, privateKey: other.privateKey }]));
    const forged = await verify('--trusted-checkpoint', join(root.path, 'forged.note'));
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('kind: trusted-signature');
  });

  it('is caught by GET /audit/verification given the pins, and the witness refuses the rewritten log', async () => {
    const app = await start({ WITNESSES: witnessesEnv, TRUSTED_CHECKPOINTS_DIR: files.trusted });
    for (let n = 0; n < 3; n += 1) await app.as('privacy-officer').register();
    const report = (await app.as('auditor').get('/audit/verification')).body as unknown as LedgerVerification & { witnesses: WitnessReport };
    expect(report.ok).toBe(false);
    expect(report.witnesses.problems.map((p) => p.kind)).toEqual(['trusted-inconsistent', 'quorum-not-met']);
    // The service asks the witness (from the size it last cosigned): no valid proof exists.
    const refused = (await app.as('dpo').post('/audit/checkpoints', {})).body as { treeSize: number; cosigners: string[] };
    expect(refused.cosigners).toEqual([]);
    expect(store.config(ORIGIN)?.latest?.treeSize).toBe(cosignedSize);
    const proofResponse = await app.as('auditor').get(`/audit/proofs/consistency?from=${cosignedSize}&to=${refused.treeSize}`);
    expect(proofResponse.status).toBe(200);
    const proof = proofResponse.body as { proof: string[] };
    const note = ((await app.as('auditor').get('/audit/checkpoints')).body.checkpoints as { note: string }[]).at(-1)!.note;
    const answer = await new Witness(store, systemClock).addCheckpoint({ oldSize: cosignedSize, proof: proof.proof.map((hash) => Buffer.from(hash, 'base64')), note });
    expect(answer).toMatchObject({ status: 422, code: 'consistency-proof-invalid' });
    await stop();
  });

  it('does not start without the signing key once checkpoints exist, nor with another key', async () => {
    const keyFile = join(dataDir, 'ledger-signing-key.pem');
    const refusal = async () => {
      const service = runService(root.path, { DATA_DIR: dataDir, LEDGER_ORIGIN: ORIGIN, CHECKPOINT_INTERVAL_SECONDS: '0' });
      expect(await service.exited).toBe(1);
      return service.lines().join('\n');
    };
    renameSync(keyFile, `${keyFile}.away`);
    expect(await refusal()).toMatch(/cannot start: SIGNING_KEY_FILE .* is missing/);
    expect(existsSync(keyFile)).toBe(false);
    loadSigningKey(keyFile); // a new key where the old one was
    expect(await refusal()).toMatch(/cannot start: SIGNING_KEY_FILE .* did not sign the newest recorded checkpoint/);
    renameSync(`${keyFile}.away`, keyFile);
    await start();
    await stop();
  });
});
