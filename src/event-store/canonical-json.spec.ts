import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NotJsonError, toJsonValue } from '../shared/json.js';
import { canonicalJson, canonicalJsonOfChecked, jsonTexts } from './canonical-json.js';

/** The IEEE 754 double with the given big-endian bit pattern, as RFC 8785 Appendix B lists them. */
function double(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

/** `leaf` wrapped in `levels` arrays: the leaf sits `levels` levels deep. */
function nestedIn(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
}

/** The same value with every object's keys inserted in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversedKeys(item)]));
  }
  return value;
}

function refusal(run: () => unknown): NotJsonError {
  try {
    run();
  } catch (error) {
    if (error instanceof NotJsonError) return error;
    throw error;
  }
  throw new Error('expected a NotJsonError, but the value was accepted');
}

describe('canonicalJson (RFC 8785)', () => {
  describe('the RFC’s own examples', () => {
    it('serialises the §3.2.2 example of numbers, a string and literals exactly as the RFC prints it', () => {
      // §3.2.2, the input as JSON text (the escapes are JSON escapes, parsed as the RFC intends).
      const input = String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`;
      const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
      expect(canonicalJson(JSON.parse(input))).toBe(expected);
    });

    it('sorts the §3.2.3 properties by UTF-16 code units, as the RFC prints them', () => {
      const input = String.raw`{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
      }`;
      // CR is escaped; U+0080, ö, €, 😀 and U+FB33 are written as themselves, in that order
      // (😀 is the surrogate pair D83D DE00, which sorts before FB33 by code unit).
      const expected =
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
      expect(canonicalJson(JSON.parse(input))).toBe(expected);
    });

    // Appendix B: IEEE 754 bit patterns and their canonical text.
    it.each([
      ['0000000000000000', '0', 'zero'],
      ['8000000000000000', '0', 'minus zero'],
      ['0000000000000001', '5e-324', 'the smallest positive number'],
      ['8000000000000001', '-5e-324', 'the smallest negative number'],
      ['7fefffffffffffff', '1.7976931348623157e+308', 'the largest positive number'],
      ['ffefffffffffffff', '-1.7976931348623157e+308', 'the largest negative number'],
      ['4340000000000000', '9007199254740992', 'the largest exact positive integer'],
      ['c340000000000000', '-9007199254740992', 'the largest exact negative integer'],
      ['4430000000000000', '295147905179352830000', '~2^68'],
      ['44b52d02c7e14af5', '9.999999999999997e+22', 'just below 1e23'],
      ['44b52d02c7e14af6', '1e+23', '1e23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23', 'just above 1e23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000', 'below 1e21, still in plain notation'],
      ['444b1ae4d6e2ef4f', '999999999999999900000', 'the largest double below 1e21'],
      ['444b1ae4d6e2ef50', '1e+21', '1e21, the first in exponent notation'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7', 'just below 1e-6, in exponent notation'],
      ['3eb0c6f7a0b5ed8d', '0.000001', '1e-6, the smallest in plain notation'],
      ['41b3de4355555553', '333333333.3333332', 'a repeating fraction'],
      ['41b3de4355555554', '333333333.33333325', 'its next double'],
      ['41b3de4355555555', '333333333.3333333', 'its next double'],
      ['41b3de4355555556', '333333333.3333334', 'its next double'],
      ['41b3de4355555557', '333333333.33333343', 'its next double'],
      ['becbf647612f3696', '-0.0000033333333333333333', 'a small negative number'],
      ['43143ff3c1cb0959', '1424953923781206.2', 'a tie rounded to even'],
    ])('writes the double %s as %s (%s)', (bits, expected) => {
      expect(canonicalJson(double(bits))).toBe(expected);
      expect(canonicalJson({ n: double(bits) })).toBe(`{"n":${expected}}`);
    });

    it.each([
      ['7fffffffffffffff', 'NaN'],
      ['7ff0000000000000', 'Infinity'],
    ])('refuses the Appendix B double %s (%s)', (bits) => {
      expect(() => canonicalJson(double(bits))).toThrow(NotJsonError);
    });
  });

  describe('numbers as ECMAScript writes them', () => {
    it.each([
      [0, '0'],
      [-0, '0'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [9007199254740992, '9007199254740992'],
      [295147905179352830000, '295147905179352830000'],
      [1e20, '100000000000000000000'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [-1e-7, '-1e-7'],
      [0.000001, '0.000001'],
      [123e-20, '1.23e-18'],
      [4.5, '4.5'],
      [-12, '-12'],
    ])('writes %p as %s', (value, expected) => {
      expect(canonicalJson(value)).toBe(expected);
    });
  });

  describe('strings', () => {
    it('escapes control characters as \\b \\t \\n \\f \\r or lower-case \\u00xx, and only " and \\ besides', () => {
      const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('');
      const expected =
        String.raw`"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f` +
        String.raw`\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"`;
      expect(canonicalJson(controls)).toBe(expected);
      expect(canonicalJson('"\\/')).toBe(String.raw`"\"\\/"`);
    });

    it('writes everything else as itself: DEL, U+2028, U+2029, non-ASCII letters and astral characters', () => {
      const text = '\u007f\u2028\u2029é€😀\ufb33';
      expect(canonicalJson(text)).toBe(`"${text}"`);
    });
  });

  describe('structure', () => {
    it('writes no whitespace and keeps array order', () => {
      expect(canonicalJson({ b: [3, 1, 2], a: { d: null, c: [true, false, 'x'] } })).toBe('{"a":{"c":[true,false,"x"],"d":null},"b":[3,1,2]}');
    });

    it('sorts keys at every level by UTF-16 code units, not by code points or locale', () => {
      // U+FB33 is one code unit (FB33); U+1F600 is two (D83D DE00): code-unit order puts the emoji first.
      expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2, B: 3, a: 4, A: 5, '10': 6, '9': 7 })).toBe(
        '{"10":6,"9":7,"A":5,"B":3,"a":4,"\u{1f600}":2,"\ufb33":1}',
      );
    });

    it('gives the same output whatever the key order of the input', () => {
      const one = { type: 'BreachDetected', data: { title: 'x', affected: [{ name: 'a', role: 'b' }] }, n: 1 };
      const other = { n: 1, data: { affected: [{ role: 'b', name: 'a' }], title: 'x' }, type: 'BreachDetected' };
      expect(canonicalJson(other)).toBe(canonicalJson(one));
    });

    it('gives the same output for any JSON value with its keys inserted in reverse', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
          expect(canonicalJson(reversedKeys(value))).toBe(canonicalJson(value));
        }),
      );
    });

    it('is a fixed point: its output, parsed and canonicalised again, is the same text', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
          const text = canonicalJson(value);
          expect(canonicalJson(JSON.parse(text))).toBe(text);
        }),
      );
    });

    it('accepts objects without a prototype and the same object referenced twice (not a cycle)', () => {
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
      const shared = { x: 1 };
      expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
      expect(canonicalJson({ one: shared, two: [shared] })).toBe('{"one":{"x":1},"two":[{"x":1}]}');
    });

    it('keeps a "__proto__" key that JSON.parse made an own property', () => {
      expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":1}'))).toBe('{"__proto__":{"x":1},"a":1}');
    });
  });

  describe('refusals: what JSON.stringify would drop or alter is refused with NotJsonError', () => {
    class Breach {
      constructor(readonly title: string) {}
    }
    const cyclicObject = (): unknown => {
      const value: Record<string, unknown> = { a: 1 };
      value.self = value;
      return value;
    };
    const cyclicArray = (): unknown => {
      const value: unknown[] = [1];
      value.push(value);
      return value;
    };
    const indirectCycle = (): unknown => {
      const parent: Record<string, unknown> = {};
      parent.child = { list: [{ back: parent }] };
      return parent;
    };

    it.each<[string, () => unknown]>([
      ['NaN', () => Number.NaN],
      ['Infinity', () => Number.POSITIVE_INFINITY],
      ['-Infinity', () => Number.NEGATIVE_INFINITY],
      ['NaN inside an object', () => ({ a: { n: Number.NaN } })],
      ['undefined', () => undefined],
      ['undefined as a property value', () => ({ a: undefined })],
      ['undefined in an array', () => [1, undefined]],
      ['a function', () => () => 1],
      ['a function as a property value', () => ({ f: () => 1 })],
      ['a symbol', () => Symbol('s')],
      ['a bigint', () => 1n],
      ['a Date', () => new Date(0)],
      ['a Map', () => new Map([['a', 1]])],
      ['a boxed string', () => new String('x')],
      ['an instance of a class', () => new Breach('letter to the wrong address')],
      ['a class instance nested in an array', () => ({ list: [new Breach('x')] })],
      ['a lone high surrogate', () => '\ud800'],
      ['a lone low surrogate', () => 'a\udc00b'],
      ['a surrogate pair in the wrong order', () => '\ude00\ud83d'],
      ['a lone surrogate in a key', () => ({ '\ud83d': 1 })],
      ['an object that contains itself', cyclicObject],
      ['an array that contains itself', cyclicArray],
      ['a cycle through nested objects and arrays', indirectCycle],
    ])('refuses %s', (_name, make) => {
      expect(() => canonicalJson(make())).toThrow(NotJsonError);
    });

    it('names where in the value the problem is', () => {
      expect(refusal(() => canonicalJson({ a: [1, { b: Number.NaN }] })).path).toBe('/a/1/b');
      expect(refusal(() => canonicalJson(indirectCycle())).path).toBe('/child/list/0/back');
      expect(refusal(() => canonicalJson(Number.NaN)).path).toBe('');
    });

    it('accepts a value nested 64 levels deep and refuses one nested 65 levels deep', () => {
      expect(canonicalJson(nestedIn(64, 'leaf'))).toBe(`${'['.repeat(64)}"leaf"${']'.repeat(64)}`);
      expect(() => canonicalJson(nestedIn(65, 'leaf'))).toThrow(NotJsonError);
      expect(() => canonicalJson(nestedIn(65, {}))).toThrow(/nested deeper than 64 levels/);
    });

    it('refuses very deep nesting of objects with NotJsonError rather than overflowing the stack', () => {
      let deep: unknown = 'leaf';
      for (let level = 0; level < 100_000; level += 1) deep = { next: deep };
      expect(() => canonicalJson(deep)).toThrow(NotJsonError);
    });

    // JSON.stringify writes holes as "[,1]"-like text or drops them, and honours toJSON:
    // the checker must refuse what the serialiser would alter.
    it('refuses an array with a hole instead of writing "[,1]", which is not JSON', () => {
      // eslint-disable-next-line no-sparse-arrays
      expect(() => canonicalJson([, 1])).toThrow(NotJsonError);
    });

    it('refuses an array of holes instead of writing it as [] (its length silently lost)', () => {
      expect(() => canonicalJson(new Array(3))).toThrow(NotJsonError);
    });

    it('refuses an array that carries its own toJSON instead of writing what toJSON returns', () => {
      const list = Object.assign([1, 2], { toJSON: () => 'something else' });
      expect(() => canonicalJson(list)).toThrow(NotJsonError);
    });
  });

  describe('jsonTexts: the check and both texts in one walk', () => {
    const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.parse(JSON.stringify({ __proto__: value, '1': value, b: [value] }))));

    it('writes the same canonical text as canonicalJson, which takes a shorter path for plain values (keys of any characters, "__proto__", integer-like keys)', () => {
      const unicodeJson = fc.oneof(fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }), fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 2 })));
      fc.assert(
        fc.property(fc.oneof(anyJson, unicodeJson), (value) => {
          expect(canonicalJson(value)).toBe(jsonTexts(value).canonical);
        }),
      );
      const keys = { '\u{1F600}': 1, '\uFF61': 2, 'é': 3, z: 4, '10': 5, '9': 6, '': 7, '\u0000': 8 };
      expect(canonicalJson({ nested: [keys, { b: -0, a: 1e21 }] })).toBe(jsonTexts({ nested: [keys, { b: -0, a: 1e21 }] }).canonical);
    });

    it('writes the canonical text the canonicalize package writes for a checked copy', () => {
      fc.assert(
        fc.property(anyJson, (value) => {
          expect(jsonTexts(value).canonical).toBe(canonicalJsonOfChecked(toJsonValue(value)));
        }),
      );
    });

    it('writes the stored text exactly as JSON.stringify does, key order and all, and it parses to an equal value (-0 as 0: JSON has no -0)', () => {
      const zeroSigned = (value: unknown): unknown =>
        Object.is(value, -0) ? 0 : Array.isArray(value) ? value.map(zeroSigned) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([key, member]) => [key, zeroSigned(member)])) : value;
      fc.assert(
        fc.property(anyJson, (value) => {
          const { plain } = jsonTexts(value);
          expect(plain).toBe(JSON.stringify(value));
          expect(JSON.parse(plain)).toEqual(zeroSigned(value));
        }),
      );
    });

    it('keeps integer-like keys first in the stored text, as JSON.stringify does, and sorts them as text in the canonical one', () => {
      expect(jsonTexts({ b: 1, 10: 2, 9: 3, a: 4 })).toEqual({ canonical: '{"10":2,"9":3,"a":4,"b":1}', plain: '{"9":3,"10":2,"b":1,"a":4}' });
    });

    it('refuses what toJsonValue refuses, at the same path with the same message', () => {
      const getter = Object.defineProperty({}, 'x', { get: () => 1, enumerable: true });
      const hidden = Object.defineProperty({}, 'x', { value: 1, enumerable: false });
      for (const value of [{ a: [1, { b: Number.NaN }] }, { s: Symbol('s') }, { [Symbol('k')]: 1 }, { toJSON: 1 }, getter, hidden, { d: new Date(0) }, new Array(2), nestedIn(65, 1), { k: 1n }]) {
        const expected = refusal(() => toJsonValue(value));
        const got = refusal(() => jsonTexts(value));
        expect({ path: got.path, message: got.message }).toEqual({ path: expected.path, message: expected.message });
      }
    });
  });
});
