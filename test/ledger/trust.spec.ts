import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { TestLog } from '../support/tlog.js';
import { addSignatureLines, signatureLine, splitNote } from '../../src/ledger/checkpoint.js';
import { cosignatureLine } from '../../src/ledger/cosignature.js';
import { consistencyFromRoots, evaluateCheckpoint, validCosigners, type ConsistencyCheck, type TrustPolicy } from '../../src/ledger/trust.js';

const log = new TestLog('municipality.example/ledger').grow(20);
const a = generateKeyPairSync('ed25519');
const b = generateKeyPairSync('ed25519');
const witnesses = [
  { name: 'a.example/w', publicKey: a.publicKey },
  { name: 'b.example/w', publicKey: b.publicKey },
];
const policy = (overrides: Partial<TrustPolicy> = {}): TrustPolicy => ({ origin: log.origin, logKey: log.key.publicKey, witnesses, trusted: [], ...overrides });
const cosign = (note: string, ...signers: { name: string; privateKey: KeyObject }[]) =>
  addSignatureLines(note, signers.map((signer) => cosignatureLine(splitNote(note).body, signer, 1772323200)));
const fromLog: ConsistencyCheck = consistencyFromRoots(log.tree.size, (size) => log.tree.root(size).toString('base64'));
const kinds = (result: ReturnType<typeof evaluateCheckpoint>) => result.problems.map((problem) => problem.kind);

describe('trust in a checkpoint, anchored outside the log', () => {
  it('accepts a checkpoint signed by the log and cosigned by every pinned witness (the default quorum)', () => {
    const result = evaluateCheckpoint(cosign(log.note(), { name: 'a.example/w', privateKey: a.privateKey }, { name: 'b.example/w', privateKey: b.privateKey }), policy(), fromLog);
    expect(result).toMatchObject({ ok: true, checkpoint: { origin: log.origin, treeSize: 20 }, quorum: { required: 2, cosigned: 2, met: true }, problems: [] });
    expect(result.cosigned.map((c) => [c.name, c.kind, c.timestamp])).toEqual([['a.example/w', 'cosignature/v1', 1772323200], ['b.example/w', 'cosignature/v1', 1772323200]]);
  });

  it('meets a quorum of 1 of 2 with one cosignature, and not the default quorum', () => {
    const note = cosign(log.note(), { name: 'a.example/w', privateKey: a.privateKey });
    expect(evaluateCheckpoint(note, policy({ quorum: 1 }), fromLog)).toMatchObject({ ok: true, quorum: { required: 1, cosigned: 1, met: true } });
    expect(kinds(evaluateCheckpoint(note, policy(), fromLog))).toEqual(['quorum-not-met']);
    expect(validCosigners(note, policy())).toEqual(['a.example/w']);
  });

  it('counts a witness only under the key the verifier pinned, never one the note suggests', () => {
    const impostor = generateKeyPairSync('ed25519');
    const note = cosign(log.note(), { name: 'a.example/w', privateKey: impostor.privateKey });
    expect(evaluateCheckpoint(note, policy({ quorum: 1 }), fromLog)).toMatchObject({ ok: false, quorum: { cosigned: 0, met: false } });
  });

  it('reports a cosignature by a pinned key that does not verify', () => {
    const good = cosign(log.note(), { name: 'a.example/w', privateKey: a.privateKey });
    const forgedLine = cosignatureLine(splitNote(log.note(19)).body, { name: 'b.example/w', privateKey: b.privateKey }, 1);
    expect(kinds(evaluateCheckpoint(addSignatureLines(good, [forgedLine]), policy({ quorum: 1 }), fromLog))).toEqual(['cosignature-invalid']);
  });

  it('counts the older Ed25519 countersignatures of pinned keys', () => {
    const note = log.note();
    const line = signatureLine(splitNote(note).body, { name: 'b.example/w', privateKey: b.privateKey });
    expect(evaluateCheckpoint(addSignatureLines(note, [line]), policy({ quorum: 1 }), fromLog).cosigned).toEqual([{ name: 'b.example/w', kind: 'ed25519' }]);
  });

  it('refuses a note of another origin, or without a valid log signature (ParseCheckpoint)', () => {
    expect(kinds(evaluateCheckpoint(log.note(20, log.key.privateKey, 'other.example/log'), policy({ quorum: 0 }), fromLog))).toEqual(['checkpoint-signature']);
    const other = new TestLog('other.example/log').grow(3);
    expect(kinds(evaluateCheckpoint(other.note(), policy({ quorum: 0, logKey: other.key.publicKey, logKeyName: other.origin }), fromLog))).toEqual(['checkpoint-origin']);
    expect(kinds(evaluateCheckpoint(log.note(20, generateKeyPairSync('ed25519').privateKey), policy({ quorum: 0 }), fromLog))).toEqual(['checkpoint-signature']);
    expect(kinds(evaluateCheckpoint('not a note', policy({ quorum: 0 }), fromLog))).toEqual(['checkpoint-malformed']);
  });

  it('fails when the log is not consistent with a trusted checkpoint, or the trusted note is not the log\'s', () => {
    const rewritten = new TestLog(log.origin, 'rewritten').grow(20);
    const trusted = log.note(12);
    const rewrittenCheck = consistencyFromRoots(20, (size) => rewritten.tree.root(size).toString('base64'));
    expect(kinds(evaluateCheckpoint(log.note(), policy({ quorum: 0, trusted: [trusted] }), fromLog))).toEqual([]);
    expect(evaluateCheckpoint(log.note(), policy({ quorum: 0, trusted: [trusted] }), rewrittenCheck).problems).toEqual([expect.objectContaining({ kind: 'trusted-inconsistent', treeSize: 12 })]);
    const shorter = consistencyFromRoots(10, (size) => log.tree.root(size).toString('base64'));
    expect(kinds(evaluateCheckpoint(log.note(10), policy({ quorum: 0, trusted: [trusted] }), shorter))).toEqual(['trusted-inconsistent']);
    expect(kinds(evaluateCheckpoint(log.note(), policy({ quorum: 0, trusted: [trusted] }), () => 'unknown'))).toEqual(['trusted-unknown']);
    expect(kinds(evaluateCheckpoint(log.note(), policy({ quorum: 0, trusted: [log.note(12, generateKeyPairSync('ed25519').privateKey)] }), fromLog))).toEqual(['trusted-signature']);
  });

  it('refuses a policy whose quorum cannot be met or that pins a witness twice', () => {
    expect(kinds(evaluateCheckpoint(log.note(), policy({ quorum: 3 }), fromLog))).toContain('policy-invalid');
    expect(kinds(evaluateCheckpoint(log.note(), policy({ quorum: 0, witnesses: [witnesses[0]!, witnesses[0]!] }), fromLog))).toEqual(['policy-invalid']);
  });
});
