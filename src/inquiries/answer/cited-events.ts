import type { JsonObject } from '../../shared/json.js';

/** What a breach line's fact is checked against: where its event stands, its hash, its decrypted data and its metadata. */
export interface CitedRecord {
  readonly streamId: string;
  readonly revision: number;
  readonly leafIndex: number;
  readonly hash: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** Bytes a chunk: below glibc's mmap threshold (128 KiB), as the Merkle tree's levels and the export verifier's reads. */
const CHUNK = 1 << 16;

/**
 * The scope's events as the verifier keeps them from the log section until the breach lines
 * that cite them, by position: each record's JSON, length-prefixed, back to back in 64 KiB
 * Buffers. The records are the bulk of what the check holds (a national year's answer cites
 * ~57,000 events, ~55 MB as parsed objects); held as objects they are live heap, which V8
 * lets grow to ~4× what survives before it collects, in the service's process too when it
 * checks an answer; held as bytes they cost their size. A record is parsed again when a
 * breach line cites it.
 */
export class CitedEvents {
  private readonly chunks: Buffer[] = [];
  private used = CHUNK;
  /** Position → chunk index × CHUNK + offset of the record's length. */
  private readonly at = new Map<string, number>();

  set(position: string, record: CitedRecord): void {
    const text = JSON.stringify(record);
    const length = Buffer.byteLength(text);
    if (this.used + 4 + length > CHUNK) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK, 4 + length)));
      this.used = 0;
    }
    const chunk = this.chunks.at(-1) as Buffer;
    chunk.writeUInt32LE(length, this.used);
    chunk.write(text, this.used + 4, 'utf8');
    this.at.set(position, (this.chunks.length - 1) * CHUNK + this.used);
    this.used += 4 + length;
  }

  get(position: string): CitedRecord | undefined {
    const at = this.at.get(position);
    if (at === undefined) return undefined;
    const chunk = this.chunks[Math.floor(at / CHUNK)] as Buffer;
    const offset = at % CHUNK;
    const length = chunk.readUInt32LE(offset);
    return JSON.parse(chunk.toString('utf8', offset + 4, offset + 4 + length)) as CitedRecord;
  }
}
