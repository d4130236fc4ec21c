import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { parseNote } from '../ledger/checkpoint.js';
import { RootNotKept, verifyExport, type ExportKeys, type ExportReading, type ExportVerification } from '../ledger/verify-export.js';
import { UsageError } from './usage.js';

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/**
 * The tree sizes of the checkpoint lines at the end of an export (export-format.ts: after the
 * events, before the footer), read backwards from its end up to the last event line: what the
 * verifier must know before the events pass to keep only the roots it will be asked for.
 * Reads only that tail. A line it cannot read ends the scan: the verifier, reading every
 * line, reports it.
 */
export async function checkpointSizesAtEnd(file: string): Promise<Set<number>> {
  const sizes = new Set<number>();
  const handle = await open(file, 'r');
  try {
    let end = (await handle.stat()).size;
    let rest = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const chunk = Buffer.alloc(end - start);
      await handle.read(chunk, 0, chunk.length, start);
      end = start;
      let text = Buffer.concat([chunk, rest]);
      // Complete lines lie after the first newline of what is held (or from the file's start).
      for (let cut = text.lastIndexOf(NEWLINE); ; cut = text.lastIndexOf(NEWLINE)) {
        if (cut < 0 && end > 0) break;
        const line = text.subarray(cut + 1).toString('utf8').trim();
        text = text.subarray(0, Math.max(cut, 0));
        if (line !== '' && !takeCheckpointSize(line, sizes)) return sizes;
        if (cut < 0) return sizes;
      }
      rest = Buffer.from(text);
    }
    return sizes;
  } finally {
    await handle.close();
  }
}

/** Adds a checkpoint line's size; false at the first line that is neither a checkpoint nor the footer. */
function takeCheckpointSize(line: string, sizes: Set<number>): boolean {
  let value: { kind?: unknown; note?: unknown };
  try {
    value = JSON.parse(line) as typeof value;
  } catch {
    return false;
  }
  if (value.kind === 'footer') return true;
  if (value.kind !== 'checkpoint') return false;
  try {
    sizes.add(parseNote(String(value.note)).checkpoint.treeSize);
  } catch {
    // The verifier reports the malformed note when it reaches it.
  }
  return true;
}

/**
 * Verifies an export file in one pass keeping the tree's frontier, not the tree: the sizes
 * its checkpoint lines need are read from its end first. Should a checkpoint line name a
 * size the end did not (the file changed meanwhile), it is read again keeping the whole tree.
 */
export async function verifyExportFile(file: string, keys: ExportKeys, progress?: ExportReading['progress']): Promise<ExportVerification> {
  const checkpointSizes = await checkpointSizesAtEnd(file);
  try {
    return await verifyExport(fileLines(file), keys, { checkpointSizes, ...(progress ? { progress } : {}) });
  } catch (error) {
    if (!(error instanceof RootNotKept)) throw error;
    return verifyExport(fileLines(file), keys, progress ? { progress } : {});
  }
}

/**
 * An export's lines are read this much at a time. Not more: a read buffer above glibc's mmap
 * threshold (128 KiB) raises that threshold once freed, after which every such buffer comes from
 * the process's heap (brk) between the long-lived blocks of the stream heads, which then pin
 * the freed memory: with 1 MiB buffers the verifier's heap grew to 79 MB over 300,000 events
 * and its peak RSS was 136–158 MB; with 64 KiB 86–90 MB, at the same CPU time (src/ledger/README.md).
 */
const READ_BUFFER = 1 << 16;

/**
 * The lines of a file, each without its LF (a CR before it is left for the verifier to
 * strip): read in chunks of READ_BUFFER and cut at each 0x0A, which in UTF-8 is never part of
 * another character, then decoded (malformed UTF-8 becomes U+FFFD, as the verifier has
 * always read it). Faster than readline over a large file; a line held across chunks is
 * the only copy.
 */
export async function* fileLines(file: string): AsyncGenerator<string> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${file} is not a file`);
  const input = createReadStream(file, { highWaterMark: READ_BUFFER });
  let rest: Buffer | undefined;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
        const piece = chunk.subarray(start, end);
        yield (rest ? Buffer.concat([rest, piece]) : piece).toString('utf8');
        rest = undefined;
        start = end + 1;
      }
      if (start < chunk.length) rest = rest ? Buffer.concat([rest, chunk.subarray(start)]) : chunk.subarray(start);
    }
    if (rest !== undefined) yield rest.toString('utf8');
  } finally {
    input.destroy();
  }
}
