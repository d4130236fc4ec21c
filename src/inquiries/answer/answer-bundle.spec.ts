import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { detectedData } from '../../../test/support/breaches/breach-given.js';
import type { EventStore, NewEvent, ReadAllOptions } from '../../event-store/event-store.port.js';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { breachPersonalData } from '../../breaches/breach-personal-data.js';
import { PersonalDataCodec } from '../../personal-data/personal-data-codec.js';
import type { PersonalDataKeys } from '../../personal-data/personal-data-keys.port.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { AnswerInquiryRoute } from '../answer-inquiry/answer-inquiry.http.js';
import type { InquiryAnswers } from './inquiry-answers.js';
import { answerChunks, answerLines, type AnswerInput, type AnswerSources } from './answer-bundle.js';

const metadata = { actor: { id: 'po-1', role: 'privacy-officer' }, commandId: 'c', correlationId: 'c', causationId: 'c' };
const noKeys = { get: async () => undefined, erasedAt: async () => '2026-03-03T00:00:00.000Z' } as unknown as PersonalDataKeys;
/** A log much longer than one page of the builder's reads: events of streams outside the scope. */
const OTHER_EVENTS = 2100;

/**
 * The answer bundle's memory does not grow with the log: the builder reads the log page by
 * page and hands each line on before reading further, so neither the whole log nor the whole
 * bundle is ever held (a national year's bundle runs to hundreds of megabytes).
 */
describe('the answer bundle, streamed', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let reads: ReadAllOptions[];
  let sources: AnswerSources;
  let input: AnswerInput;
  const breachId = randomUUID();

  beforeEach(async () => {
    dir = tempDir();
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    await store.append(`breach-${breachId}`, [{ type: 'BreachDetected', data: detectedData({ breachId }) as never, metadata }], { expectedRevision: 'no_stream' });
    const others: NewEvent[] = Array.from({ length: OTHER_EVENTS }, (_, index) => ({ type: 'Noted', data: { index }, metadata }));
    for (let from = 0; from < others.length; from += 500) await store.append(`note-${from}`, others.slice(from, from + 500), { expectedRevision: 'no_stream' });
    reads = [];
    const counting: EventStore = Object.create(store, { readAll: { value: (options: ReadAllOptions) => (reads.push(options), store.readAll(options)) } }) as EventStore;
    sources = {
      events: counting,
      ledger: { inclusionProofAt: () => [], consistencyProofOf: () => ({ oldRoot: '', proof: [] }), anchorSizesBelow: async () => [] },
      keys: noKeys,
      personalData: new PersonalDataCodec(noKeys, [breachPersonalData]),
    };
    const scope = { breachIds: [breachId], period: null, criterion: null };
    const inquiry = { inquiryId: randomUUID(), apReference: 'AP-1', question: 'q', receivedAt: '2026-03-10T00:00:00.000Z', answerDueAt: '2026-04-10T00:00:00.000Z', scope };
    input = { origin: 'test', inquiry, answeredAt: '2026-03-11T00:00:00.000Z', breachIds: [breachId], scope, treeSize: OTHER_EVENTS + 1, checkpoint: 'note', version: 2 };
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('hands on the first lines of the log before reading the rest of it', async () => {
    const lines = answerLines(input, sources);
    const first: string[] = [];
    for await (const line of lines) {
      first.push(line);
      if (line.includes('"kind":"event"')) break;
    }
    expect(first.map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual(['answer', 'key', 'event']);
    expect(reads).toHaveLength(1);
  });

  it('reads the whole log in bounded pages, one line at a time', async () => {
    const kinds: string[] = [];
    for await (const line of answerLines(input, sources)) kinds.push((JSON.parse(line) as { kind: string }).kind);
    expect(kinds).toEqual(['answer', 'key', 'event', 'breach', 'figures', 'footer']);
    expect(reads.length).toBeGreaterThanOrEqual(Math.ceil((OTHER_EVENTS + 1) / 1000));
    expect(reads.every((options) => options.maxCount !== undefined && options.maxCount <= 1000)).toBe(true);
  });

  it('lets other work run between the pages it reads, even when the lines are taken without pause', async () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns += 1;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const before = turns;
    // Taken as POST /inquiries/{id}/answers takes them to hash them: no I/O of its own between lines.
    for await (const line of answerLines(input, sources)) expect(line.length).toBeGreaterThan(0);
    counting = false;
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(turns - before).toBeGreaterThanOrEqual(reads.length - 1);
  });

  it('is hashed and served in chunks of whole lines, the same bytes in the same order', async () => {
    const lines: string[] = [];
    for await (const line of answerLines(input, sources)) lines.push(line);
    const chunks: string[] = [];
    for await (const chunk of answerChunks(answerLines(input, sources))) chunks.push(chunk);
    expect(chunks.join('')).toBe(lines.join(''));
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    const longest = Math.max(...lines.map((line) => line.length));
    expect(chunks.every((chunk) => chunk.length < 64 * 1024 + longest)).toBe(true);
  });

  it('takes the next line only when the next chunk is asked for', async () => {
    let pulled = 0;
    async function* lazy(): AsyncGenerator<string> {
      for (let index = 0; index < 1000; index += 1) {
        pulled += 1;
        yield `${JSON.stringify({ kind: 'leaf', leafIndex: index, padding: 'x'.repeat(200) })}\n`;
      }
    }
    const chunks = answerChunks(lazy());
    const first = await chunks.next();
    expect(first.value?.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(pulled).toBeLessThan(1000);
    await chunks.return(undefined);
  });

  it('is served by the route as a stream of those lines, not as one string', async () => {
    let pulled = 0;
    async function* lazy(): AsyncGenerator<string> {
      for (const line of ['{"kind":"answer"}\n', '{"kind":"footer"}\n']) {
        pulled += 1;
        yield line;
      }
    }
    const answers = { lines: async () => ({ lines: lazy(), answer: { answerSha256: 'ab' }, number: 1 }) } as unknown as InquiryAnswers;
    const reply = { type: () => reply, header: () => reply };
    const served = await new AnswerInquiryRoute({} as never, answers).bundle(randomUUID(), {}, reply as never);
    expect(served).toBeInstanceOf(Readable);
    expect(pulled).toBe(0); // nothing built before the response is sent
    const chunks: string[] = [];
    for await (const chunk of served) chunks.push(String(chunk));
    expect(chunks).toEqual(['{"kind":"answer"}\n', '{"kind":"footer"}\n']);
  });
});
