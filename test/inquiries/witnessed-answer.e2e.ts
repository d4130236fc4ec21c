import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicKeyFromText, verifierKeyText } from '../../src/ledger/checkpoint.js';
import { loadSigningKey } from '../../src/ledger/signing-key.js';
import { verifyAnswer } from '../../src/inquiries/answer/verify-answer.js';
import { systemClock } from '../../src/shared/clock.js';
import { witnessServer } from '../../src/witness/witness-http.js';
import { WitnessStore } from '../../src/witness/witness-store.js';
import { Witness } from '../../src/witness/witness.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/verify.js', import.meta.url));
const ORIGIN = 'privacy-ledger.test';
const WITNESS = 'ap.test/witness';

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) yield line;
}

/** An answer anchored outside the municipality: its checkpoint is cosigned by a witness the AP pins. */
describe('an answer cosigned by a witness', () => {
  const root = tempDir();
  const dataDir = join(root.path, 'data');
  const files = { logKey: join(root.path, 'ledger.pub'), witnessKey: join(root.path, 'witness.pub'), answer: join(root.path, 'answer.ndjson') };
  let server: Server;
  let test: TestApp;
  let bundle: string;

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    const logKey = loadSigningKey(join(dataDir, 'ledger-signing-key.pem'));
    writeFileSync(files.logKey, verifierKeyText(ORIGIN, logKey.publicKey));
    const witnessDir = join(root.path, 'witness');
    const { verifierKey } = WitnessStore.init(witnessDir, WITNESS);
    writeFileSync(files.witnessKey, verifierKey);
    const store = new WitnessStore(witnessDir);
    await store.addLog(ORIGIN, verifierKeyText(ORIGIN, logKey.publicKey));
    server = witnessServer(new Witness(store, systemClock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const witnesses = `${WITNESS}=http://127.0.0.1:${(server.address() as AddressInfo).port}=${verifierKey}`;
    test = await startTestApp({ dataDir, env: { LEDGER_ORIGIN: ORIGIN, CHECKPOINT_INTERVAL_SECONDS: '0', WITNESSES: witnesses } });
    const po = test.as('privacy-officer');
    const breachId = await po.register();
    const received = await po.post('/inquiries', { receivedAt: '2026-06-01T09:00:00+02:00', apReference: 'AP-W-1', question: 'What happened?', scope: { breachIds: [breachId] }, answerDueAt: '2026-07-01T17:00:00+02:00' });
    const inquiryId = received.body.inquiryId as string;
    expect((await po.post(`/inquiries/${inquiryId}/answers`, {})).status).toBe(201);
    bundle = (await test.app.inject({ method: 'GET', url: `/inquiries/${inquiryId}/answer`, headers: { authorization: `Bearer ${test.keys['supervisory-authority']}` } })).body;
    writeFileSync(files.answer, bundle);
  });
  afterAll(async () => {
    await test.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    root.remove();
  });

  it('verifies with the witness pinned: its cosignature/v1 was taken when the answer was', async () => {
    const { readFileSync } = await import('node:fs');
    const witness = { name: WITNESS, publicKey: publicKeyFromText(readFileSync(files.witnessKey, 'utf8')) };
    const log = { publicKey: publicKeyFromText(readFileSync(files.logKey, 'utf8')), name: ORIGIN };
    const result = await verifyAnswer(linesOf(bundle), { log, witnesses: [witness] });
    expect(result.problems).toEqual([]);
    expect(result.checks.join('\n')).toContain(`${WITNESS} (cosignature/v1)`);
  });

  it('is refused when the pinned witness did not cosign it, through the CLI too', async () => {
    const stranger = join(root.path, 'stranger.pub');
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(stranger, verifierKeyText('stranger.test/w', generateKeyPairSync('ed25519').publicKey));
    const ok = await run(['verify-answer', files.answer, '--public-key', files.logKey, '--witness', `${WITNESS}=${files.witnessKey}`]);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining('OK:')]);
    const refused = await run(['verify-answer', files.answer, '--public-key', files.logKey, '--witness', `${WITNESS}=${files.witnessKey}`, '--witness', `stranger.test/w=${stranger}`]);
    expect([refused.code, refused.stdout]).toEqual([1, expect.stringContaining('BROKEN (witness)')]);
    const quorum = await run(['verify-answer', files.answer, '--public-key', files.logKey, '--witness', `${WITNESS}=${files.witnessKey}`, '--witness', `stranger.test/w=${stranger}`, '--witness-quorum', '1']);
    expect(quorum.code).toBe(0);
  });
});

function run(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }));
  });
}
