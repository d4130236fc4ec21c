import { describe, expect, it } from '@jest/globals';
import { jsonHazard } from './json-scan.js';

describe('jsonHazard', () => {
  it.each([
    ['{"a":1,"a":2}', 'DUPLICATE_KEY'],
    ['{"a":1,"\\u0061":2}', 'DUPLICATE_KEY'],
    ['[{"x":{"a":1,"b":[1,{"c":2}],"a":3}}]', 'DUPLICATE_KEY'],
    ['{"a":"x\\u0000y"}', 'NUL_CHARACTER'],
    ['{"a\\u0000":1}', 'NUL_CHARACTER'],
    ['["\\udc00"]', 'INVALID_UNICODE'],
    ['{"n":9007199254740992}', 'NUMBER_TOO_LARGE'],
    ['{"n":-9007199254740993}', 'NUMBER_TOO_LARGE'],
    ['[1e300]', 'NUMBER_TOO_LARGE'],
    ['[1e999]', 'NUMBER_TOO_LARGE'],
  ])('refuses %s with %s', (text, code) => {
    expect(jsonHazard(text)?.code).toBe(code);
  });

  it.each([
    '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}',
    '{"a":"a","b":"a"}',
    '{"a" : "\\\\u0000", "b":"\\"a\\":1"}',
    '{"n":9007199254740991,"m":-9007199254740991,"f":1.5,"g":0.1,"h":1e-300}',
    '["\\ud83d\\ude00"]',
    '[]',
    '"text"',
  ])('lets %s through', (text) => {
    expect(jsonHazard(text)).toBeUndefined();
  });
});
