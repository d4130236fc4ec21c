import { describe, expect, it } from '@jest/globals';
import { InMemoryDocumentStore } from './in-memory-document-store.js';

const commitOf = (documents: Record<string, object>) => ({
  changes: Object.entries(documents).map(([id, document]) => ({ collection: 'c', id, document: { ref: id, ...document } })),
  checkpoint: { projection: 'p', from: 0n, to: 1n },
  at: '2026-03-01T10:00:00.000Z',
});

describe('the in-memory document store', () => {
  it('orders text by code point as SQLite does, not by UTF-16 unit', async () => {
    const store = new InMemoryDocumentStore();
    // U+FFFD is one UTF-16 unit above the surrogates an emoji is written with, but a lower code point.
    await store.commit(commitOf({ emoji: { name: '😀' }, replacement: { name: '\uFFFD' }, plain: { name: 'z' } }));
    const page = await store.find('c', { orderBy: [{ field: 'name', direction: 'asc' }] });
    expect(page.items.map((item) => item.ref)).toEqual(['plain', 'replacement', 'emoji']);
    expect((await store.find('c', { where: [{ field: 'name', op: 'gt', value: '\uFFFD' }] })).items.map((item) => item.ref)).toEqual(['emoji']);
  });

  it('sorts booleans among numbers, as json_extract gives them (0 and 1)', async () => {
    const store = new InMemoryDocumentStore();
    await store.commit(commitOf({ t: { v: true }, two: { v: 2 }, half: { v: 0.5 }, text: { v: 'a' }, none: {} }));
    expect((await store.findAll('c', { orderBy: [{ field: 'v', direction: 'asc' }] })).map((item) => item.ref)).toEqual(['none', 'half', 't', 'two', 'text']);
  });

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const store = new InMemoryDocumentStore();
    await store.commit(commitOf({ a: { list: [1] } }));
    const read = (await store.get<{ list: number[] }>('c', 'a'))!;
    read.list.push(2);
    expect(await store.get('c', 'a')).toEqual({ ref: 'a', list: [1] });
  });

  it('refuses leases with not-supported: nobody else shares the store', async () => {
    const store = new InMemoryDocumentStore();
    await expect(store.acquireLease('projection:x', 'me', 1000, new Date())).rejects.toMatchObject({ code: 'not-supported' });
    await expect(store.lease('projection:x')).rejects.toMatchObject({ code: 'not-supported' });
  });
});
