import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addSignatureLines, parseNote, parseVerifierKey, verifierKeyText } from '../../src/ledger/checkpoint.js';
import { verifyCosignature } from '../../src/ledger/cosignature.js';
import { FixedClock } from '../../src/shared/clock.js';
import { addCheckpointBody } from '../../src/witness/add-checkpoint.js';
import { witnessServer } from '../../src/witness/witness-http.js';
import { WitnessStore } from '../../src/witness/witness-store.js';
import { Witness } from '../../src/witness/witness.js';
import { tempDir } from '../support/temp-dir.js';
import { TestLog } from '../support/tlog.js';

describe('the witness over HTTP (POST /add-checkpoint)', () => {
  const dir = tempDir();
  const log = new TestLog().grow(8);
  let server: Server;
  let url: string;
  let verifierKey: string;

  beforeAll(async () => {
    verifierKey = WitnessStore.init(dir.path, 'witness.example/w1').verifierKey;
    const store = new WitnessStore(dir.path);
    await store.addLog(log.origin, verifierKeyText(log.origin, log.key.publicKey));
    server = witnessServer(new Witness(store, new FixedClock('2026-03-01T00:00:00Z')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    dir.remove();
  });

  const post = (body: string, path = '/add-checkpoint') => fetch(`${url}${path}`, { method: 'POST', body });

  it('answers 200 with a cosignature/v1 line that verifies with the witness key', async () => {
    const note = log.note();
    const response = await post(addCheckpointBody({ oldSize: 0, proof: [], note }));
    expect(response.status).toBe(200);
    const lines = await response.text();
    expect(lines).toMatch(/^\u2014 witness\.example\/w1 \S+\n$/);
    expect(verifyCosignature(parseNote(addSignatureLines(note, [lines])), parseVerifierKey(verifierKey))).toBe(1772323200);
  });

  it('answers 409 text/x.tlog.size with its latest size when the old size is stale', async () => {
    log.grow(2);
    const response = await post(addCheckpointBody({ oldSize: 0, proof: [], note: log.note() }));
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await response.text()).toBe('8\n');
  });

  it('answers 422 for a bad proof, 404 for an unknown log, 403 for a bad log signature, 400 for a malformed body, as problem+json', async () => {
    const bad = await post(addCheckpointBody({ oldSize: 8, proof: [Buffer.alloc(32)], note: log.note() }));
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(await bad.json()).toMatchObject({ status: 422, code: 'consistency-proof-invalid' });
    expect((await post(addCheckpointBody({ oldSize: 0, proof: [], note: new TestLog('unknown.example/log').grow(1).note() }))).status).toBe(404);
    expect((await post(addCheckpointBody({ oldSize: 8, proof: log.proof(8), note: log.note(10, generateKeyPairSync('ed25519').privateKey) }))).status).toBe(403);
    expect((await post('old eight\n\nnot a note')).status).toBe(400);
    expect((await post('x', '/elsewhere')).status).toBe(404);
    expect((await fetch(`${url}/add-checkpoint`)).status).toBe(405);
  });

  it('cosigns the grown log with a valid proof from its latest size', async () => {
    const response = await post(addCheckpointBody({ oldSize: 8, proof: log.proof(8), note: log.note() }));
    expect(response.status).toBe(200);
  });
});
