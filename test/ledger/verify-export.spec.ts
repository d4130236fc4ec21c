import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addSignatureLines, checkpointBody, parseNote, signNote, signatureLine, verifierKeyText } from '../../src/ledger/checkpoint.js';
import { exportLines } from '../../src/ledger/export-format.js';
import { MerkleTree, leafHash } from '../../src/ledger/merkle.js';
import { FrontierLeaves, type ExportLeaves } from '../../src/ledger/export-leaves.js';
import { RootNotKept, verifyExport, type ExportKeys, type ExportVerification } from '../../src/ledger/verify-export.js';
import { checkpointSizesAtEnd, fileLines, verifyExportFile } from '../../src/cli/export-file.js';
import { progressLine } from '../../src/cli/progress.js';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { seal } from '../../src/event-store/hash-chain.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { WireEvent } from '../../src/http/wire.js';
import { FixedClock } from '../../src/shared/clock.js';
import { tempDir } from '../support/temp-dir.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/verify.js', import.meta.url));
const ORIGIN = 'ledger.example.nl/privacy-ledger';
const FG = 'fg.example.nl';

type Line = Record<string, unknown>;
const ed25519 = () => generateKeyPairSync('ed25519');
const log = ed25519();
const fg = ed25519();
const attacker = ed25519();

let dir: ReturnType<typeof tempDir>;
let events: StoredEvent[];
/** The untampered export, one string per line (each ending in "\n"). */
let original: string[];
/** Sizes of the recorded checkpoints; the last one is cosigned by the FG. */
let sizes: number[];
const keyFile = (name: string) => join(dir.path, name);
const keys: ExportKeys = { log: { publicKey: log.publicKey }, cosigners: [{ name: FG, publicKey: fg.publicKey }] };

function note(tree: MerkleTree, treeSize: number, privateKey: KeyObject = log.privateKey, checkpointedAt = '2022-01-20T10:00:00.000Z'): string {
  const body = checkpointBody({ origin: ORIGIN, treeSize, rootHash: tree.root(treeSize).toString('base64'), checkpointedAt });
  return signNote(body, [{ name: ORIGIN, privateKey }]);
}

function treeOf(list: readonly StoredEvent[]): MerkleTree {
  const tree = new MerkleTree();
  for (const event of list) tree.append(leafHash(event.metadata.hash));
  return tree;
}

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

beforeAll(async () => {
  dir = tempDir('privacy-ledger-export-');
  const clock = new FixedClock('2021-01-01T00:00:00.000Z');
  const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite'), clock });
  try {
    await appendGeneratedYear(store, clock, generateBreachYear({ seed: 9, breaches: 16 }), { pipeline: true });
    events = [...(await store.readAll({ maxCount: 100_000 }))];
  } finally {
    await store.close();
  }
  const n = events.length;
  const tree = treeOf(events);
  sizes = [Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4)];
  const notes = sizes.map((size) => note(tree, size));
  const cosigned = parseNote(notes[2]!).body;
  notes[2] = addSignatureLines(notes[2]!, [signatureLine(cosigned, { name: FG, privateKey: fg.privateKey })]);
  original = await collect(exportLines({ origin: ORIGIN, exportedAt: '2022-01-20T10:00:00.000Z', events: iterate(events), headerNote: note(tree, n), treeSize: n, checkpointNotes: notes }));
  writeFileSync(keyFile('log.pem'), log.publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(keyFile('log.vkey'), `${verifierKeyText(ORIGIN, log.publicKey)}\n`);
  writeFileSync(keyFile('fg.pem'), fg.publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(keyFile('attacker.pem'), attacker.publicKey.export({ type: 'spki', format: 'pem' }));
});

afterAll(() => dir.remove());

// ---------------------------------------------------------------------------------------
// Working on export lines.

const parse = (line: string) => JSON.parse(line) as Line;
const serialise = (value: unknown) => `${JSON.stringify(value)}\n`;
const wire = (line: string) => parse(line).event as WireEvent;
/** Line index (0-based, in the export) of event i. */
const eventLine = (i: number) => 1 + i;
const indexOfCheckpoint = (lines: readonly string[], treeSize: number) =>
  lines.findIndex((line) => parse(line).kind === 'checkpoint' && parseNote(parse(line).note as string).checkpoint.treeSize === treeSize);

function replaceEvent(lines: string[], i: number, event: WireEvent): void {
  lines[eventLine(i)] = serialise({ kind: 'event', event });
}

/** A signature line with one bit of its signature flipped. */
function flipped(signatureLineText: string): string {
  const text = signatureLineText.trimEnd();
  const at = text.lastIndexOf(' ');
  const bytes = Buffer.from(text.slice(at + 1), 'base64');
  bytes[bytes.length - 1]! ^= 0x01;
  return `${text.slice(0, at + 1)}${bytes.toString('base64')}\n`;
}

function replaceSignature(noteText: string, name: string, replace: (line: string) => string): string {
  const signature = parseNote(noteText).signatures.find((s) => s.name === name);
  if (!signature) throw new Error(`no signature by ${name}`);
  return noteText.replace(signature.line, replace(signature.line));
}

/** Events of the same stream after event i. */
const laterInStream = (i: number) => events.slice(i + 1).filter((e) => e.streamId === events[i]!.streamId);

async function verify(lines: readonly string[], options: ExportKeys = keys): Promise<ExportVerification> {
  return verifyExport(iterate(lines), options);
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

let files = 0;
async function cliOn(lines: readonly string[], extra: readonly string[] = []): Promise<Run> {
  const file = keyFile(`export-${(files += 1)}.ndjson`);
  writeFileSync(file, lines.join(''));
  return cli(['verify', file, '--public-key', keyFile('log.pem'), ...extra]);
}

/** The break, through the API and through the CLI (exit 1, the message and its details printed). */
async function expectBroken(lines: readonly string[], expected: Record<string, unknown>, extra: readonly string[] = []): Promise<string> {
  const result = await verify(lines);
  expect(result.ok).toBe(false);
  expect(result.firstBreak).toMatchObject(expected);
  const run = await cliOn(lines, extra);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(`BROKEN: ${result.firstBreak!.message}`);
  for (const [key, value] of Object.entries(expected)) {
    const label = key === 'streamId' ? 'stream' : key;
    if (key !== 'message') expect(run.stdout).toContain(`  ${label}: ${String(value)}`);
  }
  return run.stdout;
}

// ---------------------------------------------------------------------------------------

describe('the export', () => {
  it('is a header, every event in global order, the recorded checkpoints and a footer, one JSON object per line', () => {
    expect(original.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const kinds = original.map((line) => parse(line).kind);
    expect(kinds).toEqual(['header', ...events.map(() => 'event'), 'checkpoint', 'checkpoint', 'checkpoint', 'footer']);
    expect(parse(original[0]!)).toMatchObject({ format: 'privacy-ledger-export', version: 1, origin: ORIGIN, treeSize: events.length });
    expect(wire(original[1]!)).toEqual({ ...events[0], position: events[0]!.position.toString() });
    expect(parse(original.at(-1)!)).toEqual({ kind: 'footer', events: events.length });
  });

  it('refuses a header checkpoint that does not cover the events exported', async () => {
    const header = note(treeOf(events), 3);
    await expect(collect(exportLines({ origin: ORIGIN, exportedAt: 'x', events: iterate(events), headerNote: header, treeSize: 4, checkpointNotes: [] }))).rejects.toThrow(/treeSize 3/);
    await expect(collect(exportLines({ origin: ORIGIN, exportedAt: 'x', events: iterate(events.slice(0, 2)), headerNote: header, treeSize: 3, checkpointNotes: [] }))).rejects.toThrow(/ended after 2/);
  });
});

describe('verifying an untampered export', () => {
  it('is OK through the API, with every checkpoint and the cosignature verified', async () => {
    const result = await verify(original);
    expect(result).toMatchObject({ ok: true, events: events.length, checkpoints: 3, cosignatures: 1, unverified: [] });
    expect(result.firstBreak).toBeUndefined();
  });

  it('is OK through the CLI (exit 0), with a PEM key or a verifier key, and a cosigner key', async () => {
    const pem = await cliOn(original, ['--cosigner', `${FG}=${keyFile('fg.pem')}`]);
    expect(pem).toMatchObject({ code: 0, stdout: expect.stringContaining(`OK: ${events.length} events, 3 checkpoints verified`) });
    expect(pem.stdout).toContain('cosignatures verified: 1');
    const file = keyFile('untampered.ndjson');
    writeFileSync(file, original.join(''));
    const vkey = await cli(['verify', file, '--public-key', keyFile('log.vkey')]);
    expect(vkey).toMatchObject({ code: 0, stdout: expect.stringContaining(`OK: ${events.length} events`) });
  });

  it('lists a cosignature by a name it has no key for as not verified, which is no break', async () => {
    const result = await verify(original, { log: keys.log });
    expect(result).toMatchObject({ ok: true, cosignatures: 0, unverified: [{ name: FG, treeSize: sizes[2] }] });
    const run = await cliOn(original);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`not verified (unknown signer): ${FG}`) });
  });

  it('is BROKEN with another public key', async () => {
    const file = keyFile('untampered-2.ndjson');
    writeFileSync(file, original.join(''));
    const run = await cli(['verify', file, '--public-key', keyFile('attacker.pem')]);
    expect(run).toMatchObject({ code: 1, stdout: expect.stringContaining('BROKEN: line 1:') });
  });
});

describe('a tampered export is caught', () => {
  it('a changed byte in a payload: the event, by stream, revision and position', async () => {
    const i = Math.floor(events.length / 3);
    const lines = [...original];
    lines[eventLine(i)] = lines[eventLine(i)]!.replace(/("data":\{[^}]*?":")(.)/, (_m, prefix: string, c: string) => `${prefix}${c === 'x' ? 'y' : 'x'}`);
    expect(lines[eventLine(i)]).not.toBe(original[eventLine(i)]);
    const e = events[i]!;
    await expectBroken(lines, { kind: 'hash-mismatch', streamId: e.streamId, revision: e.revision, position: String(e.position), line: eventLine(i) + 1 });
  });

  it('a dropped event: the next event of its stream', async () => {
    const i = events.findIndex((_e, k) => k > events.length / 3 && laterInStream(k).length > 0);
    const next = laterInStream(i)[0]!;
    const lines = original.filter((_line, k) => k !== eventLine(i));
    await expectBroken(lines, { kind: 'revision-gap', streamId: next.streamId, revision: next.revision, position: String(next.position) });
  });

  it('a dropped event that was the last of its stream: the Merkle tree, by the first checkpoint that covers it', async () => {
    const i = events.findIndex((_e, k) => k >= sizes[0]! && k < sizes[1]! && laterInStream(k).length === 0);
    expect(i).toBeGreaterThan(0);
    const lines = original.filter((_line, k) => k !== eventLine(i));
    const stdout = await expectBroken(lines, { kind: 'root-mismatch', treeSize: sizes[1] });
    expect(stdout).toContain(`events ${sizes[0]! + 1}–${sizes[1]}`);
    expect(stdout).toContain(`after the checkpoint at treeSize ${sizes[0]}, which matches`);
  });

  it('two events swapped: the one whose position no longer increases', async () => {
    const i = events.findIndex((e, k) => k > events.length / 3 && events[k + 1]?.streamId !== e.streamId);
    const lines = [...original];
    [lines[eventLine(i)], lines[eventLine(i + 1)]] = [lines[eventLine(i + 1)]!, lines[eventLine(i)]!];
    const e = events[i]!;
    await expectBroken(lines, { kind: 'position-order', streamId: e.streamId, revision: e.revision, position: String(e.position) });
  });

  it('two events swapped with their positions exchanged too: the Merkle tree', async () => {
    const i = events.findIndex((e, k) => k >= sizes[1]! && events[k + 1]?.streamId !== e.streamId);
    expect(i + 1).toBeLessThan(sizes[2]!);
    const lines = [...original];
    const [a, b] = [wire(original[eventLine(i)]!), wire(original[eventLine(i + 1)]!)];
    replaceEvent(lines, i, { ...b, position: a.position });
    replaceEvent(lines, i + 1, { ...a, position: b.position });
    const stdout = await expectBroken(lines, { kind: 'root-mismatch', treeSize: sizes[2] });
    expect(stdout).toContain(`events ${sizes[1]! + 1}–${sizes[2]}`);
  });

  it('a forged checkpoint signature: a flipped bit, a signature by another key, or an altered checkpoint under its old signature', async () => {
    const k = indexOfCheckpoint(original, sizes[0]!);
    const noteText = parse(original[k]!).note as string;
    const forgeries = [
      replaceSignature(noteText, ORIGIN, flipped),
      note(treeOf(events), sizes[0]!, attacker.privateKey),
      noteText.replace(/\n\d+\n/, `\n${sizes[0]! - 1}\n`),
    ];
    for (const forged of forgeries) {
      const lines = [...original];
      lines[k] = serialise({ kind: 'checkpoint', note: forged });
      await expectBroken(lines, { kind: 'signature', line: k + 1 });
    }
  });

  it('the tail truncated after a checkpoint, the header left as is: the header checkpoint no longer covers the events', async () => {
    const size = sizes[1]!;
    const kept = original.slice(0, eventLine(size)).concat(original[indexOfCheckpoint(original, sizes[0]!)]!, original[indexOfCheckpoint(original, size)]!);
    const lines = [...kept, serialise({ kind: 'footer', events: size })];
    const stdout = await expectBroken(lines, { kind: 'tree-size', treeSize: events.length });
    expect(stdout).toContain(`covers ${events.length} events, the export holds ${size}`);
    expect(stdout).toContain(`position ${events[size - 1]!.position}`);
    // The file merely cut short: no footer.
    await expectBroken(original.slice(0, eventLine(size)), { kind: 'tree-size', treeSize: events.length });
  });

  it('the tail truncated after a checkpoint, the header replaced by an unsigned or forged one: the header', async () => {
    const size = sizes[1]!;
    const truncated = events.slice(0, size);
    const body = checkpointBody({ origin: ORIGIN, treeSize: size, rootHash: treeOf(truncated).root().toString('base64'), checkpointedAt: '2022-01-20T10:00:00.000Z' });
    const rest = original.slice(1, eventLine(size)).concat(original[indexOfCheckpoint(original, sizes[0]!)]!, serialise({ kind: 'footer', events: size }));
    for (const headerNote of [note(treeOf(truncated), size, attacker.privateKey), `${body}\n`]) {
      const header = { ...parse(original[0]!), treeSize: size, checkpoint: headerNote };
      const stdout = await expectBroken([serialise(header), ...rest], { line: 1 });
      expect(stdout).toContain("the header's checkpoint");
    }
  });

  it('an event inserted with a recomputed chain: the Merkle tree, by the first checkpoint after it, even with a header re-signed by the log key', async () => {
    const i = events.findIndex((_e, k) => k >= sizes[0]! && k < sizes[1]! - 1 && laterInStream(k).length > 1);
    const e = events[i]!;
    const inserted = seal({ ...e, eventId: randomUUID(), revision: e.revision + 1, data: { note: 'inserted afterwards' }, metadata: { ...e.metadata, prevHash: e.metadata.hash } });
    const tampered: StoredEvent[] = [...events.slice(0, i + 1), { ...inserted, position: e.position + 1n }];
    let head = inserted.metadata.hash;
    for (const later of events.slice(i + 1)) {
      const position = later.position + 1n;
      if (later.streamId !== e.streamId) {
        tampered.push({ ...later, position });
        continue;
      }
      const resealed = seal({ ...later, revision: later.revision + 1, metadata: { ...later.metadata, prevHash: head } });
      head = resealed.metadata.hash;
      tampered.push({ ...resealed, position });
    }
    const checkpointLines = original.filter((line) => parse(line).kind === 'checkpoint');
    const eventLines = tampered.map((event) => serialise({ kind: 'event', event: { ...event, position: event.position.toString() } }));
    const footer = serialise({ kind: 'footer', events: tampered.length });
    // Every chain verifies: only the checkpoints can tell.
    const chainsOnly = await verify([original[0]!, ...eventLines]);
    expect(chainsOnly.firstBreak?.kind).toBe('tree-size');

    const asIs = [original[0]!, ...eventLines, ...checkpointLines, footer];
    const resigned = { ...parse(original[0]!), treeSize: tampered.length, checkpoint: note(treeOf(tampered), tampered.length) };
    for (const lines of [asIs, [serialise(resigned), ...eventLines, ...checkpointLines, footer]]) {
      const stdout = await expectBroken(lines, { kind: 'root-mismatch', treeSize: sizes[1] });
      expect(stdout).toContain(`events ${sizes[0]! + 1}–${sizes[1]}`);
    }
  });

  it('a cosignature that does not verify, when the cosigner is configured', async () => {
    const k = indexOfCheckpoint(original, sizes[2]!);
    const lines = [...original];
    lines[k] = serialise({ kind: 'checkpoint', note: replaceSignature(parse(original[k]!).note as string, FG, flipped) });
    const stdout = await expectBroken(lines, { kind: 'cosignature', treeSize: sizes[2], line: k + 1 }, ['--cosigner', `${FG}=${keyFile('fg.pem')}`]);
    expect(stdout).toContain(`the cosignature by ${FG} does not verify`);
  });

  it('lines out of order, a line after the footer, a line that is not JSON', async () => {
    const footer = original.length - 1;
    // An event between the last checkpoint and the footer: line footer + 1.
    await expectBroken([...original.slice(0, footer), original[1]!, original[footer]!], { kind: 'format', line: footer + 1 });
    await expectBroken([...original, original[1]!], { kind: 'format', line: original.length + 1 });
    await expectBroken([original[0]!, '{"kind":"event","ev', ...original.slice(2)], { kind: 'format', line: 2 });
  });
});

describe('the CLI', () => {
  it('exits 2 on a usage error or a file it cannot read', async () => {
    const file = keyFile('for-usage.ndjson');
    writeFileSync(file, original.join(''));
    for (const args of [[], ['verify'], ['verify', file], ['check', file, '--public-key', keyFile('log.pem')], ['verify', file, '--public-key', keyFile('log.pem'), '--bogus']]) {
      const run = await cli(args);
      expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: privacy-ledger verify') });
    }
    expect(await cli(['verify', keyFile('missing.ndjson'), '--public-key', keyFile('log.pem')])).toMatchObject({ code: 2, stderr: expect.stringContaining('missing.ndjson') });
    expect(await cli(['verify', dir.path, '--public-key', keyFile('log.pem')])).toMatchObject({ code: 2 });
    expect(await cli(['verify', file, '--public-key', file])).toMatchObject({ code: 2, stderr: expect.stringContaining('not a public key') });
    expect(await cli(['verify', file, '--public-key', keyFile('log.pem'), '--cosigner', 'fg-without-key'])).toMatchObject({ code: 2 });
  });
});

describe('verifying an export file in bounded memory', () => {
  const fileOf = (lines: readonly string[], name: string): string => {
    const file = keyFile(name);
    writeFileSync(file, lines.join(''));
    return file;
  };

  it('reads the sizes of the recorded checkpoints from the end of the file, and only those', async () => {
    expect([...(await checkpointSizesAtEnd(fileOf(original, 'sizes.ndjson')))].sort((a, b) => a - b)).toEqual(sizes);
    const withoutCheckpoints = [...original.slice(0, 1 + events.length), original.at(-1)!];
    expect(await checkpointSizesAtEnd(fileOf(withoutCheckpoints, 'no-checkpoints.ndjson'))).toEqual(new Set());
    expect(await checkpointSizesAtEnd(fileOf([], 'empty.ndjson'))).toEqual(new Set());
  });

  it('keeps the frontier and the roots at the checkpoints\' sizes, not the tree, and finds what the whole tree finds', async () => {
    let kept: ExportLeaves | undefined;
    const file = fileOf(original, 'frontier.ndjson');
    const result = await verifyExport(iterate(original), keys, { checkpointSizes: await checkpointSizesAtEnd(file), leaves: (leaves) => (kept = leaves) });
    expect(result).toEqual(await verify(original));
    expect(kept).toBeInstanceOf(FrontierLeaves);
    const held = (kept as FrontierLeaves).held;
    // One hash per 1-bit of the size, and a root per recorded checkpoint and the header's.
    expect(held.frontier).toBeLessThanOrEqual(Math.ceil(Math.log2(events.length)) + 1);
    expect(held.roots).toBeLessThanOrEqual(sizes.length + 1);
    expect(await verifyExportFile(file, keys)).toEqual(result);
  });

  it('gives the same verdict as the whole tree for every line dropped, doubled or altered', async () => {
    const variants: string[][] = [];
    const step = Math.max(1, Math.floor(original.length / 12));
    for (let k = 0; k < original.length; k += step) {
      variants.push(original.filter((_line, i) => i !== k));
      variants.push([...original.slice(0, k + 1), ...original.slice(k)]);
      variants.push(original.map((line, i) => (i === k ? line.replace(/[0-9a-f]{8}/, 'ffffffff') : line)));
    }
    for (const [n, lines] of variants.entries()) {
      const expected = await verify(lines);
      expect({ n, result: await verifyExportFile(fileOf(lines, `variant-${n}.ndjson`), keys) }).toEqual({ n, result: expected });
    }
  });

  it('reads a file\'s lines in large chunks as readline would: lines and characters cut by a chunk boundary, CRLF, no last newline', async () => {
    const collectLines = async (file: string) => {
      const lines: string[] = [];
      for await (const line of fileLines(file)) lines.push(line.replace(/\r$/, ''));
      return lines;
    };
    // A 1 MiB chunk boundary falls inside the two-byte é and the four-byte emoji of the long lines.
    const long = 'x'.repeat((1 << 20) - 3) + 'é😀 end';
    const lines = ['{"kind":"header"}', long, '', 'ü', long.repeat(2), 'last line, no newline'];
    const file = keyFile('lines.ndjson');
    writeFileSync(file, lines.map((line, i) => (i === 2 ? `${line}\r\n` : i === lines.length - 1 ? line : `${line}\n`)).join(''));
    expect(await collectLines(file)).toEqual(lines);
    writeFileSync(file, '');
    expect(await collectLines(file)).toEqual([]);
    writeFileSync(file, 'one\n');
    expect(await collectLines(file)).toEqual(['one']);
    await expect(collectLines(keyFile('absent.ndjson'))).rejects.toThrow(/is not a file/);
  });

  it('asks for the whole tree when a checkpoint line names a size it was not told of', async () => {
    await expect(verifyExport(iterate(original), keys, { checkpointSizes: new Set([sizes[0]!]) })).rejects.toBeInstanceOf(RootNotKept);
  });

  it('reports its progress: events, percentage, rate and time left, and on the CLI to stderr with --progress', async () => {
    expect(progressLine('verified', 1_200_000, 3_000_000, 20)).toBe('verified 1,200,000 of 3,000,000 events (40.0%), 60,000 events/s, about 30 s left');
    expect(progressLine('verified', 500, 500, 0.5)).toBe('verified 500 of 500 events (100.0%), 1,000 events/s, about 0 s left');
    const seen: [number, number][] = [];
    await verifyExportFile(fileOf(original, 'progress.ndjson'), keys, (done, total) => seen.push([done, total]));
    expect(seen).toHaveLength(events.length);
    expect(seen.at(-1)).toEqual([events.length, events.length]);
    const run = await cliOn(original, ['--progress']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`verified ${events.length.toLocaleString('en')} of ${events.length.toLocaleString('en')} events (100.0%)`);
    expect((await cliOn(original)).stderr).toBe('');
  });
});
