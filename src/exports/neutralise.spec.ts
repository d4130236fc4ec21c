import { describe, expect, it } from '@jest/globals';
import { neutraliseCell } from './neutralise.js';

describe('formula neutralisation of exported text', () => {
  it.each(['=1+1', '+31 6 12345678', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://evil.example")'])('prefixes %j with an apostrophe', (text) => {
    expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it.each(['Brief naar verkeerd adres', '', ' =1', "'=1", '1-2', 'a@b.nl', '€ 5'])('leaves %j as it is', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });
});
