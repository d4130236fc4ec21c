import { describe, expect, it } from '@jest/globals';
import { createHash, createPrivateKey, generateKeyPairSync, verify } from 'node:crypto';
import { addSignatureLines, checkpointBody, noteKeyId, parseNote, parseVerifierKey, signNote, signatureLine, verifierKeyText, COSIGNATURE_V1 } from './checkpoint.js';
import { checkCountersignature, cosignatureKeyId, cosignatureLine, cosignatureMessage, verifyCosignature } from './cosignature.js';

// RFC 8032 §7.1 TEST 1: a fixed key, so the bytes below are reproducible by any implementation.
const RFC8032_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const witnessKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(RFC8032_SECRET, 'hex')]), format: 'der', type: 'pkcs8' });
const RAW_PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
const body = checkpointBody({ origin: 'example.com/behind-the-sofa', treeSize: 20852163, rootHash: 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', checkpointedAt: '2026-03-01T00:00:00.000Z' });
const log = generateKeyPairSync('ed25519');
const note = signNote(body, [{ name: 'example.com/behind-the-sofa', privateKey: log.privateKey }]);
const NAME = 'witness.example.com/w1';

describe('cosignature/v1 (C2SP tlog-cosignature)', () => {
  it('computes the key ID as SHA-256(name || "\\n" || 0x04 || 32-byte key)[:4], unlike the 0x01 note key ID', () => {
    const expected = createHash('sha256').update(`${NAME}\n`).update(Buffer.of(0x04)).update(RAW_PUBLIC).digest().subarray(0, 4);
    expect(cosignatureKeyId(NAME, witnessKey)).toEqual(expected);
    expect(noteKeyId(NAME, witnessKey)).not.toEqual(expected);
  });

  it('signs "cosignature/v1\\ntime <seconds>\\n" followed by the whole note body', () => {
    expect(cosignatureMessage(body, 1679315147).toString()).toBe(`cosignature/v1\ntime 1679315147\n${body}`);
    expect(cosignatureMessage(body, 0).toString()).toBe(`cosignature/v1\ntime 0\n${body}`);
  });

  it('encodes the signature as key ID || 8-byte big-endian timestamp || 64-byte Ed25519 signature', () => {
    const line = cosignatureLine(body, { name: NAME, privateKey: witnessKey }, 1679315147);
    expect(line.startsWith(`\u2014 ${NAME} `) && line.endsWith('\n')).toBe(true);
    const bytes = Buffer.from(line.trim().split(' ').at(-1)!, 'base64');
    expect(bytes.length).toBe(4 + 8 + 64);
    expect(bytes.subarray(0, 4)).toEqual(cosignatureKeyId(NAME, witnessKey));
    expect(bytes.subarray(4, 12).toString('hex')).toBe('00000000641850cb');
    const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${body}`);
    expect(verify(null, message, witnessKey, bytes.subarray(12))).toBe(true);
  });

  it('reads the timestamp of the example in the spec the same way (1679315147, its "time" line)', () => {
    const example = Buffer.from('jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==', 'base64');
    expect(example.length).toBe(76);
    expect(example.readBigUInt64BE(4)).toBe(1679315147n);
  });

  it('writes and reads verifier keys of type 0x04', () => {
    const text = verifierKeyText(NAME, witnessKey, COSIGNATURE_V1);
    expect(text).toBe(`${NAME}+${cosignatureKeyId(NAME, witnessKey).toString('hex')}+${Buffer.concat([Buffer.of(4), RAW_PUBLIC]).toString('base64')}`);
    const parsed = parseVerifierKey(text);
    expect(parsed).toMatchObject({ name: NAME, type: COSIGNATURE_V1 });
    expect(parsed.publicKey.export({ format: 'jwk' }).x).toBe(RAW_PUBLIC.toString('base64url'));
    expect(() => parseVerifierKey(text.replace('+', '+0'))).toThrow(/key id/);
  });

  it('verifies a cosignature over the note and returns its timestamp', () => {
    const cosigned = parseNote(addSignatureLines(note, [cosignatureLine(body, { name: NAME, privateKey: witnessKey }, 1700000000)]));
    expect(verifyCosignature(cosigned, { name: NAME, publicKey: witnessKey })).toBe(1700000000);
    expect(checkCountersignature(cosigned, { name: NAME, publicKey: witnessKey })).toEqual({ present: true, valid: true, kind: 'cosignature/v1', timestamp: 1700000000 });
  });

  it('refuses a cosignature whose timestamp, body or key differs', () => {
    const line = cosignatureLine(body, { name: NAME, privateKey: witnessKey }, 1700000000);
    const bytes = Buffer.from(line.trim().split(' ').at(-1)!, 'base64');
    bytes.writeBigUInt64BE(1700000001n, 4);
    const shifted = `\u2014 ${NAME} ${bytes.toString('base64')}\n`;
    expect(verifyCosignature(parseNote(addSignatureLines(note, [shifted])), { name: NAME, publicKey: witnessKey })).toBeUndefined();
    const other = cosignatureLine(body.replace('20852163', '20852164'), { name: NAME, privateKey: witnessKey }, 1700000000);
    const checked = checkCountersignature(parseNote(addSignatureLines(note, [other])), { name: NAME, publicKey: witnessKey });
    expect(checked).toEqual({ present: true, valid: false });
    const stranger = generateKeyPairSync('ed25519');
    expect(checkCountersignature(parseNote(addSignatureLines(note, [line])), { name: NAME, publicKey: stranger.publicKey })).toEqual({ present: false, valid: false });
  });

  it('still accepts the older Ed25519 (0x01) countersignature of the note body', () => {
    const fg = generateKeyPairSync('ed25519');
    const cosigned = parseNote(addSignatureLines(note, [signatureLine(body, { name: 'fg.example', privateKey: fg.privateKey })]));
    expect(checkCountersignature(cosigned, { name: 'fg.example', publicKey: fg.publicKey })).toEqual({ present: true, valid: true, kind: 'ed25519' });
  });
});
