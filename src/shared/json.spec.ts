import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NotJsonError, jsonText, toJsonValue } from './json.js';

describe('jsonText: JSON.stringify(toJsonValue(value)) in one walk', () => {
  const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.parse(JSON.stringify({ __proto__: value, '1': value, b: [value] }))));

  it('writes exactly the text of the checked copy, key order, "__proto__" keys and all', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        expect(jsonText(value)).toBe(JSON.stringify(toJsonValue(value)));
      }),
    );
    expect(jsonText({ b: 1, 10: 2, 9: 3, a: -0, n: null, t: true, f: false, s: 'é\u2028"' })).toBe('{"9":3,"10":2,"b":1,"a":0,"n":null,"t":true,"f":false,"s":"é\u2028\\""}');
  });

  it('writes a proxy of a plain object as the walk reads it, and refuses one over a Date', () => {
    expect(jsonText(new Proxy({ a: [1, 'x'] }, {}))).toBe('{"a":[1,"x"]}');
    expect(() => jsonText({ p: new Proxy(new Date(0), {}) })).toThrow(expect.objectContaining({ path: '/p' }));
  });

  it('accepts the same object twice (not a cycle), and objects without a prototype', () => {
    const shared = { a: 1 };
    const bare = Object.assign(Object.create(null) as object, { x: [shared, shared] });
    expect(jsonText(bare)).toBe('{"x":[{"a":1},{"a":1}]}');
  });

  it('refuses what toJsonValue refuses, at the same path with the same message', () => {
    const getter = Object.defineProperty({}, 'x', { get: () => 1, enumerable: true });
    const hidden = Object.defineProperty({}, 'x', { value: 1, enumerable: false });
    const setterOnly = Object.defineProperty({}, 'x', { set: () => undefined, enumerable: true });
    const getterInArray = Object.defineProperty([1, 2], 1, { get: () => 2, enumerable: true });
    const cycle: Record<string, unknown> = { list: [] };
    (cycle.list as unknown[]).push({ back: cycle });
    let deep: unknown = 1;
    for (let level = 0; level < 65; level += 1) deep = [deep];
    const values: unknown[] = [
      { a: [1, { b: Number.NaN }] },
      { s: Symbol('s') },
      { [Symbol('k')]: 1 },
      { toJSON: 1 },
      getter,
      hidden,
      setterOnly,
      getterInArray,
      { a: [{ b: getter }] },
      { d: new Date(0) },
      new Array(2),
      Object.assign([1], { extra: 2 }),
      deep,
      { k: 1n },
      { u: undefined },
      { f: () => 1 },
      '\ud800',
      { '\udc00': 1 },
      cycle,
      Number.POSITIVE_INFINITY,
    ];
    for (const value of values) {
      let expected: unknown;
      try {
        toJsonValue(value);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(NotJsonError);
      const { path, message } = expected as NotJsonError;
      expect(() => jsonText(value)).toThrow(NotJsonError);
      expect(() => jsonText(value)).toThrow(expect.objectContaining({ path, message }));
    }
  });
});
