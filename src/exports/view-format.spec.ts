import { describe, expect, it } from '@jest/globals';
import { FormatNotAvailableError } from './export-errors.js';
import { chooseFormat, chooseLang, MEDIA_TYPES } from './view-format.js';

describe('choosing the format and language of a view', () => {
  const all = ['json', 'csv', 'xlsx', 'pdf'] as const;

  it('takes ?format= before Accept, and JSON when neither says otherwise', () => {
    expect(chooseFormat('xlsx', { accept: 'text/csv' }, all)).toBe('xlsx');
    expect(chooseFormat(undefined, {}, all)).toBe('json');
    expect(chooseFormat(undefined, { accept: '*/*' }, all)).toBe('json');
    expect(chooseFormat(undefined, { accept: 'text/csv' }, all)).toBe('csv');
    expect(chooseFormat(undefined, { accept: MEDIA_TYPES.xlsx }, all)).toBe('xlsx');
    expect(chooseFormat(undefined, { accept: 'application/pdf;q=0.5, text/csv;q=0.9' }, all)).toBe('csv');
    expect(chooseFormat(undefined, { accept: 'text/*' }, all)).toBe('csv');
  });

  it('refuses a format the view cannot give, naming the ones it can', () => {
    expect(() => chooseFormat('pdf', {}, ['json', 'csv'])).toThrow(FormatNotAvailableError);
    expect(() => chooseFormat(['csv', 'xlsx'], {}, all)).toThrow(FormatNotAvailableError);
    expect(() => chooseFormat(undefined, { accept: 'application/pdf' }, ['json', 'csv'])).toThrow(expect.objectContaining({ code: 'format-not-available', available: ['json', 'csv'] }));
  });

  it('speaks Dutch unless ?lang= or Accept-Language asks for English', () => {
    expect(chooseLang(undefined, {})).toBe('nl');
    expect(chooseLang('en', { 'accept-language': 'nl' })).toBe('en');
    expect(chooseLang(undefined, { 'accept-language': 'en-GB,en;q=0.9' })).toBe('en');
    expect(chooseLang(undefined, { 'accept-language': 'fr, en;q=0.5, nl;q=0.8' })).toBe('nl');
    expect(chooseLang(undefined, { 'accept-language': 'fr' })).toBe('nl');
    expect(() => chooseLang('de', {})).toThrow(expect.objectContaining({ code: 'validation-failed' }));
  });
});
