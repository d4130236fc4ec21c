import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createStoredTextCheck } from '../../src/event-store/verify.js';

const check = createStoredTextCheck((text) => createHash('sha256').update(text).digest('hex'));
const hex = (n: number) => createHash('sha256').update(String(n)).digest('hex');

/** What the tail is by its definition: the last `,"hash":"` whose members, exactly so, end the text. */
function reference(metadata: string): { at: number; hash: string; prevHash: string } | undefined {
  const at = metadata.lastIndexOf(',"hash":"');
  if (at < 0) return undefined;
  const match = /,"hash":"([0-9a-f]{64})","prevHash":"([0-9a-f]{64})","recordedAt":"[^"\\]*"\}$/y;
  match.lastIndex = at;
  const found = match.exec(metadata);
  return found ? { at, hash: found[1] as string, prevHash: found[2] as string } : undefined;
}

const metadataOf = (head: string, hash: string, prevHash: string, recordedAt: string) => `{${head}"hash":"${hash}","prevHash":"${prevHash}","recordedAt":"${recordedAt}"}`;

describe('the stored tail of a metadata text', () => {
  it('reads the hash and prevHash that end the text, wherever the text is long or short', () => {
    for (const head of ['"a":1,', '"actor":"a",', `"actor":"${'x'.repeat(400)}","correlationId":"c",`]) {
      const metadata = metadataOf(head, hex(1), hex(2), '2026-12-07T01:51:30.123Z');
      expect(check.tail(metadata)).toEqual({ at: metadata.lastIndexOf(',"hash":"'), hash: hex(1), prevHash: hex(2) });
    }
  });

  it('finds a tail whose recordedAt is longer than the end it looks at first', () => {
    const metadata = metadataOf('"actor":"a",', hex(3), hex(4), `2026-12-07T01:51:30.${'1'.repeat(200)}Z`);
    expect(check.tail(metadata)).toEqual(reference(metadata));
    expect(check.tail(metadata)?.hash).toBe(hex(3));
  });

  it('takes the last hash member, not one written earlier in the text', () => {
    const earlier = `"note":{"x":1,"hash":"${hex(5)}"},`;
    const metadata = metadataOf(earlier, hex(6), hex(7), '2026-12-07T01:51:30.123Z');
    expect(check.tail(metadata)).toEqual(reference(metadata));
    expect(check.tail(metadata)?.hash).toBe(hex(6));
  });

  it('gives nothing for a text whose end is not the tail, as the definition gives nothing', () => {
    const good = metadataOf('"actor":"a",', hex(8), hex(9), '2026-12-07T01:51:30.123Z');
    const texts = [
      good.replace(hex(8), hex(8).toUpperCase()),
      good.replace('"recordedAt"', '"recordedat"'),
      `${good.slice(0, -1)},"z":1}`,
      good.slice(0, -1),
      good.replace(`"prevHash":"${hex(9)}"`, `"prevHash":"${hex(9).slice(1)}"`),
      // A hash member in the window that is not the tail, and none after it.
      `{"actor":"a","hash":"${hex(8)}","prevHash":"${hex(9)}","recordedAt":"2026-12-07T01:51:30.123Z","z":"${'y'.repeat(10)}"}`,
      '{}',
      '',
    ];
    for (const text of texts) {
      expect(check.tail(text)).toEqual(reference(text));
      expect(check.tail(text)).toBeUndefined();
    }
  });

  it('agrees with the definition on every cut and every changed character of a stored text', () => {
    const metadata = metadataOf('"actor":"a",', hex(10), hex(11), '2026-12-07T01:51:30.123Z');
    for (let end = 0; end <= metadata.length; end += 1) expect(check.tail(metadata.slice(0, end))).toEqual(reference(metadata.slice(0, end)));
    for (let at = 0; at < metadata.length; at += 1) {
      for (const character of ['"', ',', '}', 'f', 'G', '\\']) {
        const changed = `${metadata.slice(0, at)}${character}${metadata.slice(at + 1)}`;
        expect(check.tail(changed)).toEqual(reference(changed));
      }
    }
  });
});

describe('what the stored-text path leaves to the exact path', () => {
  it('refuses a key "toJSON", a lone surrogate escape and more than 64 brackets; passes control escapes and 64 brackets', () => {
    expect(check.refused('{"toJSON":1}')).toBe(true);
    expect(check.refused('{"a":"\\ud800"}')).toBe(true);
    expect(check.refused('{"a":"\\uDBFF"}')).toBe(true);
    expect(check.refused('{"a":"\\u0001\\u001f"}')).toBe(false);
    expect(check.refused('{"a":"\\\\ud800 is text"}')).toBe(true);
    expect(check.refused(`${'['.repeat(63)}{}${']'.repeat(63)}`)).toBe(false);
    expect(check.refused(`${'['.repeat(64)}{}${']'.repeat(64)}`)).toBe(true);
    expect(check.refused(`{"a":"${'{'.repeat(65)}"}`)).toBe(true);
    expect(check.refused('{"data":{"x":[1,2]},"y":"plain"}')).toBe(false);
  });
});
