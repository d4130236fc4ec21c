import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkpointBody, parseNote, publicKeyFromText, signatureLine, verifierKeyText, verifyNoteSignature } from '../../src/ledger/checkpoint.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/ledger/merkle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/verify.js', import.meta.url));

/** The Merkle tree, signed checkpoints, proofs, verification and export over HTTP. */
describe('tamper evidence over HTTP', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp();
    for (let n = 0; n < 5; n += 1) await test.as('privacy-officer').register();
  });
  afterAll(async () => {
    await test.dispose();
  });

  const checkpoint = async () => {
    const response = await test.as('dpo').post('/audit/checkpoints', {});
    expect(response.status).toBe(201);
    return response.body as { treeSize: number; rootHash: string; note: string };
  };

  it('signs checkpoints with the key it publishes, records them as events, and lists them', async () => {
    const key = (await test.as('supervisory-authority').get('/audit/public-key')).body as { name: string; pem: string; verifierKey: string };
    const first = await checkpoint();
    expect(first.treeSize).toBe(5);
    const note = parseNote(first.note);
    expect(verifyNoteSignature(note, { name: key.name, publicKey: publicKeyFromText(key.pem) })).toBe(true);
    expect(verifyNoteSignature(note, { name: key.name, publicKey: publicKeyFromText(key.verifierKey) })).toBe(true);
    const listed = (await test.as('auditor').get('/audit/checkpoints')).body.checkpoints as { treeSize: number }[];
    expect(listed.map((c) => c.treeSize)).toContain(5);
    const stream = (await test.as('auditor').get('/audit/streams/ledger-checkpoints')).body.events as { type: string; data: { treeSize: number } }[];
    expect(stream.map((e) => [e.type, e.data.treeSize])).toContainEqual(['LedgerCheckpointed', 5]);
  });

  it('proves an event is included in a checkpoint, and that a later checkpoint extends an earlier one', async () => {
    const earlier = await checkpoint();
    await test.as('privacy-officer').register();
    const later = await checkpoint();
    const events = (await test.as('auditor').get('/audit/events')).body.events as { position: string; metadata: { hash: string } }[];
    const target = events[2]!;
    const inclusion = (await test.as('auditor').get(`/audit/proofs/inclusion?position=${target.position}&treeSize=${later.treeSize}`)).body as { leafIndex: number; treeSize: number; rootHash: string; proof: string[]; eventHash: string };
    expect(inclusion).toMatchObject({ leafIndex: 2, treeSize: later.treeSize, rootHash: later.rootHash, eventHash: target.metadata.hash });
    const root = Buffer.from(later.rootHash, 'base64');
    const proof = inclusion.proof.map((hash) => Buffer.from(hash, 'base64'));
    expect(verifyInclusion(leafHash(target.metadata.hash), 2, later.treeSize, proof, root)).toBe(true);
    expect(verifyInclusion(leafHash(events[3]!.metadata.hash), 2, later.treeSize, proof, root)).toBe(false);
    const consistency = (await test.as('auditor').get(`/audit/proofs/consistency?from=${earlier.treeSize}&to=${later.treeSize}`)).body as { proof: string[] };
    expect(verifyConsistency(earlier.treeSize, later.treeSize, Buffer.from(earlier.rootHash, 'base64'), root, consistency.proof.map((hash) => Buffer.from(hash, 'base64')))).toBe(true);
    expect((await test.as('auditor').get(`/audit/proofs/consistency?from=${later.treeSize}&to=${earlier.treeSize}`)).status).toBe(400);
    expect((await test.as('auditor').get('/audit/proofs/inclusion?position=999999')).status).toBe(404);
  });

  it('records a countersignature that verifies, and refuses one that does not', async () => {
    const recorded = await checkpoint();
    const fg = generateKeyPairSync('ed25519');
    const body = checkpointBody(parseNote(recorded.note).checkpoint);
    const line = signatureLine(body, { name: 'fg.example.nl', privateKey: fg.privateKey });
    const publicKey = verifierKeyText('fg.example.nl', fg.publicKey);
    const cosigned = await test.as('dpo').post(`/audit/checkpoints/${recorded.treeSize}/cosignatures`, { name: 'fg.example.nl', publicKey, line });
    expect(cosigned.status).toBe(201);
    expect(cosigned.body.cosigners).toEqual(['fg.example.nl']);
    expect(verifyNoteSignature(parseNote(cosigned.body.note as string), { name: 'fg.example.nl', publicKey: fg.publicKey })).toBe(true);
    const forged = signatureLine(`${body}tampered\n`, { name: 'ap.example.nl', privateKey: fg.privateKey });
    const refused = await test.as('supervisory-authority').post(`/audit/checkpoints/${recorded.treeSize}/cosignatures`, { name: 'ap.example.nl', publicKey: verifierKeyText('ap.example.nl', fg.publicKey), line: forged });
    expect(refused.status).toBe(422);
    expect((await test.as('dpo').post(`/audit/checkpoints/${recorded.treeSize}/cosignatures`, { name: 'fg.example.nl', publicKey, line })).status).toBe(422);
    expect((await test.as('dpo').post('/audit/checkpoints/99999/cosignatures', { name: 'x', publicKey, line })).status).toBe(404);
  });

  it('verifies every chain, the tree, every checkpoint and signature', async () => {
    const report = await test.as('auditor').get('/audit/verification');
    // Including the countersignature recorded above, checked with the key its cosigner registered.
    expect(report.body).toMatchObject({ ok: true, events: expect.any(Number), checkpoints: expect.any(Number) });
    expect(report.body.checkpoints).toBeGreaterThanOrEqual(3);
  });

  it('exports the log as NDJSON that the offline verifier accepts with the published key', async () => {
    const exported = await test.app.inject({ method: 'GET', url: '/audit/export', headers: { authorization: `Bearer ${test.keys.auditor}` } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const file = join(test.dataDir, '..', 'export.ndjson');
    writeFileSync(file, exported.body);
    const keyFile = join(test.dataDir, '..', 'ledger.pub');
    writeFileSync(keyFile, ((await test.as('auditor').get('/audit/public-key')).body as { verifierKey: string }).verifierKey);
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'verify', file, '--public-key', keyFile]);
    expect(stdout).toMatch(/^OK/);
  });
});
