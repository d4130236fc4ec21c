import { describe, expect, it } from '@jest/globals';
import { CitedEvents, type CitedRecord } from './cited-events.js';

const record = (revision: number, description: string): CitedRecord => ({
  streamId: 'breach-b1',
  revision,
  leafIndex: 1000 + revision,
  hash: `${revision}`.padStart(64, '0'),
  data: { awareAt: '2026-03-01T09:00:00.000Z', description, dataCategories: ['naam', 'BSN'], discovery: { how: 'melding', processor: null } },
  metadata: { recordedAt: '2026-03-01T10:00:00.000Z', actor: { id: 'po-1', role: 'privacy-officer' } },
});

/** What the verifier keeps of the scope's events until the breach lines cite them. */
describe('the cited events, kept as bytes', () => {
  it('gives each record back as it was set, by position', () => {
    const cited = new CitedEvents();
    cited.set('7', record(0, 'Laptop gestolen uit de auto — “niet versleuteld”'));
    cited.set('9', record(1, 'Brief naar het verkeerde adres'));
    expect(cited.get('7')).toEqual(record(0, 'Laptop gestolen uit de auto — “niet versleuteld”'));
    expect(cited.get('9')).toEqual(record(1, 'Brief naar het verkeerde adres'));
    expect(cited.get('8')).toBeUndefined();
  });

  it('keeps many records across chunks, and a record larger than a chunk', () => {
    const cited = new CitedEvents();
    const large = 'x'.repeat(200_000);
    for (let position = 0; position < 2_000; position += 1) cited.set(String(position), record(position, position === 1_000 ? large : `breach ${position} ${'é'.repeat(position % 50)}`));
    for (const position of [0, 1, 999, 1_000, 1_001, 1_999]) {
      expect(cited.get(String(position))).toEqual(record(position, position === 1_000 ? large : `breach ${position} ${'é'.repeat(position % 50)}`));
    }
  });

  it('answers with the last record set for a position', () => {
    const cited = new CitedEvents();
    cited.set('7', record(0, 'first'));
    cited.set('7', record(1, 'second'));
    expect(cited.get('7')?.revision).toBe(1);
  });
});
