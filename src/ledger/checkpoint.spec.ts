import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  MalformedNoteError,
  addSignatureLines,
  checkpointBody,
  noteKeyId,
  parseNote,
  publicKeyFromText,
  signNote,
  signatureLine,
  verifierKeyText,
  verifyNoteSignature,
  type Checkpoint,
  type ParsedNote,
} from './checkpoint.js';

/**
 * The published vectors of the reference implementation, golang.org/x/mod/sumdb/note
 * (note_test.go): Peter Neumann's key pair and signed note, and Enoch Root's signature on
 * the same text (no private key published for him).
 */
const GO = {
  peterSigner: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  peterVerifier: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  enochVerifier: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  peterSig: '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochSig: '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};

/** Go's signer key is base64(0x01 || 32-byte seed); node:crypto takes a seed as PKCS #8. */
function privateKeyFromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
}
const peter = { name: 'PeterNeumann', privateKey: privateKeyFromSeed(Buffer.from(GO.peterSigner.split('+').slice(4).join('+'), 'base64').subarray(1)) };

const raw = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');

function keyPair(name: string): { name: string; privateKey: KeyObject; publicKey: KeyObject } {
  return { name, ...generateKeyPairSync('ed25519') };
}
const log = keyPair('ledger.example/privacy-ledger');
const auditor = keyPair('auditor.example/witness');

const CHECKPOINT: Checkpoint = {
  origin: log.name,
  treeSize: 1234,
  rootHash: createHash('sha256').update('root').digest('base64'),
  checkpointedAt: '2025-03-01T09:30:00.000Z',
};
const body = checkpointBody(CHECKPOINT);
const note = signNote(body, [log]);

/** Re-encodes a signature line's bytes after `change`. */
function withSignatureBytes(line: string, change: (bytes: Buffer) => Buffer): string {
  const [dash, name, b64] = line.trimEnd().split(' ') as [string, string, string];
  return `${dash} ${name} ${change(Buffer.from(b64, 'base64')).toString('base64')}\n`;
}

function refusal(run: () => unknown): MalformedNoteError {
  try {
    run();
  } catch (error) {
    if (error instanceof MalformedNoteError) return error;
    throw error;
  }
  throw new Error('expected a MalformedNoteError, but it was accepted');
}

/** Verifies if it parses at all: a tampered note must be refused one way or the other. */
function accepted(text: string, verifier: { name: string; publicKey: KeyObject }): boolean {
  let parsed: ParsedNote;
  try {
    parsed = parseNote(text);
  } catch (error) {
    if (error instanceof MalformedNoteError) return false;
    throw error;
  }
  return verifyNoteSignature(parsed, verifier);
}

describe('checkpoint body (c2sp.org/tlog-checkpoint)', () => {
  it('is origin, tree size, base64 root, then the time as one extension line', () => {
    expect(body).toBe(`ledger.example/privacy-ledger\n1234\n${CHECKPOINT.rootHash}\ntime 2025-03-01T09:30:00.000Z\n`);
  });

  it('writes the empty tree as size 0', () => {
    expect(checkpointBody({ ...CHECKPOINT, treeSize: 0 }).split('\n')[1]).toBe('0');
  });

  it.each([
    ['an empty origin', { origin: '' }],
    ['an origin of two lines', { origin: 'a\nb' }],
    ['a negative tree size', { treeSize: -1 }],
    ['a fractional tree size', { treeSize: 1.5 }],
    ['a root that is not 32 bytes', { rootHash: Buffer.alloc(31).toString('base64') }],
    ['a root in hex', { rootHash: 'ab'.repeat(32) }],
    ['a time with an offset', { checkpointedAt: '2025-03-01T10:30:00+01:00' }],
    ['a time on 30 February', { checkpointedAt: '2025-02-30T09:30:00Z' }],
  ])('refuses %s', (_what, change) => {
    expect(refusal(() => checkpointBody({ ...CHECKPOINT, ...change })).code).toBe('malformed-note');
  });
});

describe('signed note (c2sp.org/signed-note)', () => {
  describe('the reference implementation’s vectors', () => {
    it('derives Peter Neumann’s key ID, verifier key and signature byte for byte', () => {
      expect(noteKeyId(peter.name, peter.privateKey).toString('hex')).toBe('c74f20a3');
      expect(verifierKeyText(peter.name, publicKeyFromText(GO.peterVerifier))).toBe(GO.peterVerifier);
      expect(signatureLine(GO.text, peter)).toBe(GO.peterSig);
      expect(signNote(GO.text, [peter])).toBe(`${GO.text}\n${GO.peterSig}`);
    });

    it('verifies Peter’s signature and Enoch’s cosignature on their text, each with its own key only', () => {
      // parseNote reads checkpoints only; the Go text is not one, so split it by hand.
      const signatures = [GO.peterSig, GO.enochSig].map((line) => {
        const [, name, b64] = line.trimEnd().split(' ') as [string, string, string];
        const bytes = Buffer.from(b64, 'base64');
        return { name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4), line };
      });
      const goNote: ParsedNote = { body: GO.text, checkpoint: CHECKPOINT, signatures };
      const peterKey = { name: 'PeterNeumann', publicKey: publicKeyFromText(GO.peterVerifier) };
      const enochKey = { name: 'EnochRoot', publicKey: publicKeyFromText(GO.enochVerifier) };
      expect(verifyNoteSignature(goNote, peterKey)).toBe(true);
      expect(verifyNoteSignature(goNote, enochKey)).toBe(true);
      expect(verifyNoteSignature(goNote, { ...peterKey, publicKey: enochKey.publicKey })).toBe(false);
      expect(verifyNoteSignature({ ...goNote, body: GO.text.replace('cryptography', 'cryptographY') }, peterKey)).toBe(false);
    });

    it('refuses the Go note as a checkpoint, saying why', () => {
      expect(refusal(() => parseNote(`${GO.text}\n${GO.peterSig}`)).message).toMatch(/checkpoint has 4 lines/);
    });

    it('refuses every truncation and every single-character change of a verifier key', () => {
      const key = GO.peterVerifier;
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if (i !== 0 || j !== key.length) expect(() => publicKeyFromText(key.slice(i, j))).toThrow(MalformedNoteError);
        }
      }
      for (let i = 0; i < key.length; i++) {
        const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        expect(() => publicKeyFromText(changed)).toThrow(MalformedNoteError);
      }
    });
  });

  it('computes the key ID as SHA-256(name || 0x0A || 0x01 || 32-byte key)[:4]', () => {
    const byHand = createHash('sha256')
      .update(Buffer.concat([Buffer.from(log.name, 'utf8'), Buffer.of(0x0a), Buffer.of(0x01), raw(log.publicKey)]))
      .digest()
      .subarray(0, 4);
    expect(noteKeyId(log.name, log.publicKey)).toEqual(byHand);
    expect(noteKeyId(log.name, log.privateKey)).toEqual(byHand);
    expect(noteKeyId(auditor.name, log.publicKey)).not.toEqual(byHand);
  });

  it('round-trips: sign, parse, verify', () => {
    expect(note).toBe(`${body}\n— ${log.name} ${note.split(' ').pop()}`);
    const parsed = parseNote(note);
    expect(parsed.body).toBe(body);
    expect(parsed.checkpoint).toEqual(CHECKPOINT);
    expect(parsed.signatures).toHaveLength(1);
    expect(parsed.signatures[0]).toMatchObject({ name: log.name, keyId: noteKeyId(log.name, log.publicKey), line: note.slice(body.length + 1) });
    expect(parsed.signatures[0]!.signature).toHaveLength(64);
    expect(verifyNoteSignature(parsed, log)).toBe(true);
  });

  it('round-trips every tree size shape and time precision', () => {
    for (const change of [{ treeSize: 0 }, { treeSize: Number.MAX_SAFE_INTEGER }, { checkpointedAt: '2025-03-01T09:30:00Z' }, { origin: 'a checkpoint origin may hold spaces' }]) {
      const checkpoint = { ...CHECKPOINT, ...change };
      const parsed = parseNote(signNote(checkpointBody(checkpoint), [log]));
      expect(parsed.checkpoint).toEqual(checkpoint);
      expect(verifyNoteSignature(parsed, log)).toBe(true);
    }
  });

  describe('cosignatures', () => {
    const cosigned = addSignatureLines(note, [signatureLine(body, auditor)]);

    it('appends a line that verifies with the cosigner’s key, independently of the log’s', () => {
      expect(cosigned).toBe(`${note}${signatureLine(body, auditor)}`);
      const parsed = parseNote(cosigned);
      expect(parsed.signatures.map((s) => s.name)).toEqual([log.name, auditor.name]);
      expect(verifyNoteSignature(parsed, log)).toBe(true);
      expect(verifyNoteSignature(parsed, auditor)).toBe(true);
      expect(verifyNoteSignature(parseNote(note), auditor)).toBe(false);
    });

    it('is the same note whether signed together or countersigned later', () => {
      expect(signNote(body, [log, auditor])).toBe(cosigned);
    });

    it('takes a line without its newline, and skips a line already there', () => {
      expect(addSignatureLines(note, [signatureLine(body, auditor).trimEnd()])).toBe(cosigned);
      expect(addSignatureLines(cosigned, [signatureLine(body, auditor)])).toBe(cosigned);
    });

    it('refuses a different signature under a name and key ID already present', () => {
      const forged = withSignatureBytes(signatureLine(body, auditor), (b) => Buffer.concat([b.subarray(0, 4), Buffer.alloc(64, 7)]));
      expect(refusal(() => addSignatureLines(cosigned, [forged])).message).toMatch(/already carries a different signature/);
    });

    it('refuses a malformed cosignature line', () => {
      for (const line of ['', 'not a signature', `— ${auditor.name}`, `— a b ${'A'.repeat(8)}`, `${signatureLine(body, auditor)}extra\n`]) {
        expect(() => addSignatureLines(note, [line])).toThrow(MalformedNoteError);
      }
    });

    it('a cosignature over another checkpoint does not verify over this one', () => {
      const otherBody = checkpointBody({ ...CHECKPOINT, treeSize: 1235 });
      const parsed = parseNote(addSignatureLines(note, [signatureLine(otherBody, auditor)]));
      expect(verifyNoteSignature(parsed, log)).toBe(true);
      expect(verifyNoteSignature(parsed, auditor)).toBe(false);
    });
  });

  describe('what fails verification', () => {
    it('any changed character of the body', () => {
      for (let i = 0; i < body.length; i++) {
        const replacement = body[i] === 'x' ? 'y' : 'x';
        const changed = `${body.slice(0, i)}${replacement}${body.slice(i + 1)}`;
        expect(accepted(`${changed}\n${note.slice(body.length + 1)}`, log)).toBe(false);
      }
    });

    it('a changed bit of the signature, and a truncated or extended signature', () => {
      const line = note.slice(body.length + 1);
      const broken = [
        (b: Buffer) => Buffer.concat([b.subarray(0, 10), Buffer.of(b[10]! ^ 1), b.subarray(11)]),
        (b: Buffer) => Buffer.concat([b.subarray(0, -1), Buffer.of(b.at(-1)! ^ 0x80)]),
        (b: Buffer) => b.subarray(0, -1),
        (b: Buffer) => b.subarray(0, 36),
        (b: Buffer) => Buffer.concat([b, Buffer.of(0)]),
      ];
      for (const change of broken) expect(accepted(`${body}\n${withSignatureBytes(line, change)}`, log)).toBe(false);
    });

    it('a wrong key, a wrong name, a wrong key ID', () => {
      const parsed = parseNote(note);
      expect(verifyNoteSignature(parsed, { name: log.name, publicKey: auditor.publicKey })).toBe(false);
      expect(verifyNoteSignature(parsed, { name: auditor.name, publicKey: log.publicKey })).toBe(false);
      const line = note.slice(body.length + 1);
      const renamed = line.replace(log.name, auditor.name);
      expect(accepted(`${body}\n${renamed}`, { name: auditor.name, publicKey: log.publicKey })).toBe(false);
      const otherId = withSignatureBytes(line, (b) => Buffer.concat([Buffer.of(b[0]! ^ 1), b.subarray(1)]));
      expect(accepted(`${body}\n${otherId}`, log)).toBe(false);
    });

    it('a good signature beside a bad one by the same key: the whole note is rejected', () => {
      const bad = withSignatureBytes(note.slice(body.length + 1), (b) => Buffer.concat([b.subarray(0, 4), Buffer.alloc(64, 1)]));
      expect(accepted(`${note}${bad}`, log)).toBe(false);
      expect(accepted(`${body}\n${bad}${note.slice(body.length + 1)}`, log)).toBe(false);
    });

    it('a note signed by someone else only', () => {
      expect(accepted(signNote(body, [auditor]), log)).toBe(false);
    });
  });

  describe('malformed notes are refused with a clear error', () => {
    const line = note.slice(body.length + 1);
    const peterNote = signNote(body, [peter]);
    const peterLine = peterNote.slice(body.length + 1);
    const lineOf = (b64: string): string => `— ${log.name} ${b64}\n`;
    const cases: readonly (readonly [string, string, RegExp])[] = [
      // From Go's TestOpen "invalid encoded message syntax", on a checkpoint.
      ['text only', body, /blank line/],
      ['a blank line and no signature', `${body}\n`, /signature lines/],
      ['no final newline', `${body}\n${peterLine.trimEnd()}`, /signature lines/],
      ['a control character', `\u0001${peterNote}`, /control character U\+0001/],
      ['invalid UTF-8 (a lone surrogate)', `\ud800${peterNote}`, /not valid UTF-8/],
      ['a name with a space', `${body}\n— Bad Name ${peterLine.split(' ').pop()}`, /not canonical base64/],
      ['a line after the signatures', `${peterNote}Unexpected line.\n`, /em dash/],
      // The rest of the signed-note rules.
      ['a hyphen for the em dash', `${body}\n-${line.slice(1)}`, /em dash/],
      ['a name with a plus', `${body}\n${line.replace(log.name, 'a+b')}`, /contains a space or '\+'/],
      ['an empty name', `${body}\n—  ${line.split(' ').pop()}`, /key name "" is empty/],
      ['no name at all', `${body}\n— ${line.split(' ').pop()}`, /signature line is "— <name> <base64>"/],
      ['a tab in a line', `${body}\n${line.replace(' ', '\t')}`, /control character U\+0009/],
      ['a carriage return', `${body}\n${line.replace('\n', '\r\n')}`, /control character U\+000d/],
      ['base64 without padding', `${body}\n${line.replace('=\n', '\n')}`, /not canonical base64/],
      ['base64url', `${body}\n${lineOf(Buffer.alloc(68, 0xfb).toString('base64url'))}`, /not canonical base64/],
      ['base64 with non-zero padding bits', `${body}\n${lineOf('AAAAAB==')}`, /not canonical base64/],
      ['a signature of four bytes', `${body}\n${lineOf('AAAAAA==')}`, /too short/],
      ['too many signatures', `${body}\n${line.repeat(101)}`, /at most 100/],
      // The tlog-checkpoint body.
      ['a missing time line', `${body.replace(/time .*\n/, '')}\n${line}`, /4 lines/],
      ['a second extension line', `${body}extra\n\n${line}`, /4 lines/],
      ['an empty origin', `\n${body.slice(body.indexOf('\n') + 1)}\n${line}`, /origin/],
      ['a tree size with a leading zero', `${body.replace('\n1234\n', '\n01234\n')}\n${line}`, /leading zeros/],
      ['a negative tree size', `${body.replace('\n1234\n', '\n-1\n')}\n${line}`, /leading zeros/],
      ['a tree size beyond 2^53', `${body.replace('\n1234\n', '\n9007199254740993\n')}\n${line}`, /beyond 2\^53/],
      ['a short root', `${body.replace(CHECKPOINT.rootHash, 'AAAA')}\n${line}`, /32 bytes/],
      ['a root in hex', `${body.replace(CHECKPOINT.rootHash, 'ab'.repeat(32))}\n${line}`, /32 bytes|base64/],
      ['a local time', `${body.replace('.000Z', '+01:00')}\n${line}`, /ISO-8601 UTC/],
      ['a line that is not the time', `${body.replace('time ', 'timestamp ')}\n${line}`, /time <ISO-8601 UTC>/],
    ];

    it.each(cases)('%s', (_what, text, message) => {
      expect(refusal(() => parseNote(text)).message).toMatch(message);
    });

    it('but accepts up to 100 signatures', () => {
      expect(parseNote(`${body}\n${line.repeat(100)}`).signatures).toHaveLength(100);
    });
  });

  describe('public keys', () => {
    it('reads PEM (SPKI) and the verifier key format, to the same key', () => {
      const pem = log.publicKey.export({ format: 'pem', type: 'spki' }).toString();
      const vkey = verifierKeyText(log.name, log.publicKey);
      expect(vkey).toBe(`${log.name}+${noteKeyId(log.name, log.publicKey).toString('hex')}+${Buffer.concat([Buffer.of(1), raw(log.publicKey)]).toString('base64')}`);
      expect(raw(publicKeyFromText(pem))).toEqual(raw(log.publicKey));
      expect(raw(publicKeyFromText(`  ${vkey}\n`))).toEqual(raw(log.publicKey));
      expect(verifyNoteSignature(parseNote(note), { name: log.name, publicKey: publicKeyFromText(vkey) })).toBe(true);
    });

    it('refuses a verifier key whose ID does not match its name and key', () => {
      const vkey = verifierKeyText(log.name, log.publicKey);
      expect(refusal(() => publicKeyFromText(vkey.replace(log.name, auditor.name))).message).toMatch(/does not match/);
    });

    it('refuses other algorithms, private keys and garbage', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
      const privatePem = log.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      expect(refusal(() => publicKeyFromText(rsa)).message).toMatch(/not an Ed25519 key/);
      expect(refusal(() => publicKeyFromText(privatePem)).message).toMatch(/only a public key/);
      expect(() => publicKeyFromText('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----')).toThrow(MalformedNoteError);
      expect(() => publicKeyFromText('')).toThrow(MalformedNoteError);
      expect(() => noteKeyId(log.name, generateKeyPairSync('x25519').publicKey)).toThrow(MalformedNoteError);
    });
  });
});
