/** Characters in a chunk of a streamed NDJSON answer: whole lines, up to about 64 KiB. */
const CHUNK = 1 << 16;

/**
 * NDJSON lines joined into chunks of whole lines of about 64 KiB, the same bytes in the same
 * order: what a route streams for a file of many lines (the export of the log, an inquiry's
 * answer bundle). Line by line, every line became its own Buffer on the way out (in the HTTP
 * layer, cut from Node's shared 8 KiB pool), and those the response had not yet written when
 * the young generation was collected stayed until a full collection: on a long file, hundreds
 * of megabytes of buffers the process held without needing them.
 */
export async function* chunksOfLines(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let parts: string[] = [];
  let length = 0;
  for await (const line of lines) {
    parts.push(line);
    length += line.length;
    if (length < CHUNK) continue;
    yield parts.join('');
    parts = [];
    length = 0;
  }
  if (parts.length > 0) yield parts.join('');
}
