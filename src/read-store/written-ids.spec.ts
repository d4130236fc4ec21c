import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WrittenIds } from './written-ids.js';

describe('WrittenIds: the ids a runner wrote, compactly', () => {
  it('never forgets an id it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 300 }), (ids) => {
        const written = new WrittenIds(8);
        ids.forEach((id) => written.add(id));
        expect(ids.filter((id) => !written.mayHave(id))).toEqual([]);
      }),
    );
  });

  it('says "perhaps" of few ids it was not given, in under 4 bytes an id, however many layers', () => {
    const written = new WrittenIds();
    const count = 300_000;
    for (let n = 0; n < count; n += 1) written.add(`breach-${n}`);
    for (let n = 0; n < count; n += 1) if (!written.mayHave(`breach-${n}`)) throw new Error(`forgot breach-${n}`);
    let perhaps = 0;
    for (let n = count; n < 2 * count; n += 1) if (written.mayHave(`breach-${n}`)) perhaps += 1;
    expect(perhaps / count).toBeLessThan(0.05);
    expect(written.bytes).toBeLessThan(4 * count);
    expect(new WrittenIds().mayHave('anything')).toBe(false);
  });
});
