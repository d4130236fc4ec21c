import { describe, expect, it } from '@jest/globals';
import { context } from '../../../test/support/processing-register/processing-given.js';
import { readCsvTable } from '../csv-table.js';
import { decideImportProcessingActivities } from './import-processing-activities.js';
import { PROCESSING_COLUMNS } from './processing-row.js';

const HEADER = 'name;dienst;purposes;retention;dpia_needed;data_subject_categories;third_country_transfers;owner_kind;owner_name;owner_reason;registered_at';
const whenImported = (...rows: string[]) => decideImportProcessingActivities(readCsvTable(new TextEncoder().encode([HEADER, ...rows].join('\n')), PROCESSING_COLUMNS), context('2026-06-01T12:00:00.000Z'));

describe('ImportProcessingActivities', () => {
  it('registers each row with every Art. 30 fact, lists split on |', () => {
    const plan = whenImported('Parking permits;DSB;Issuing permits:public-task|Enforcement: legal-obligation;Two years;nee;Residents|Visitors;United States:SCC (Art. 46(2)(c));ad;AD DSB;;2020-01-01T00:00:00Z');
    expect(plan.refused).toEqual([]);
    expect(plan.streams[0]?.events).toEqual([
      {
        type: 'ProcessingActivityRegistered',
        schemaVersion: 2,
        data: {
          processingActivityId: plan.streams[0]?.id,
          name: 'Parking permits',
          controller: null,
          jointControllers: null,
          processors: null,
          regime: 'avg',
          purposes: [
            { purpose: 'Issuing permits', legalBasis: 'public-task' },
            { purpose: 'Enforcement', legalBasis: 'legal-obligation' },
          ],
          dataSubjectCategories: ['Residents', 'Visitors'],
          personalDataCategories: [],
          recipients: [],
          thirdCountryTransfers: [{ country: 'United States', safeguard: 'SCC (Art. 46(2)(c))' }],
          retention: 'Two years',
          securityMeasures: [],
          dienst: 'DSB',
          owner: { kind: 'ad', name: 'AD DSB', reason: null },
          dpiaNeeded: false,
          registeredAt: '2020-01-01T00:00:00.000Z',
        },
      },
    ]);
  });

  it('records a missing owner and a missing lawful basis as missing: only an import may', () => {
    const plan = whenImported('Archive;BSD;Keeping records|Research:;Permanent;yes;;;;;;');
    expect(plan.refused).toEqual([]);
    expect(plan.streams[0]?.events[0]?.data).toMatchObject({ owner: null, purposes: [{ purpose: 'Keeping records', legalBasis: null }, { purpose: 'Research', legalBasis: null }], registeredAt: '2026-06-01T12:00:00.000Z' });
  });

  it('refuses what the registration refuses, pointing at the column', () => {
    const plan = whenImported(
      'A;XYZ;P:public-task;R;no;;;;;;',
      'B;DSB;P:whatever;R;no;;;;;;',
      'C;DSB;P:consent;R;no;;Japan;;;;',
      'D;DSB;P:consent;R;no;;;gs;GS;;',
      'E;DSB;P:consent;R;no;;;;;;2030-01-01T00:00:00Z',
      'F;DSB;;;maybe;;;;;;',
    );
    expect(plan.streams).toEqual([]);
    expect(plan.refused.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 1, column: 'dienst', code: 'unknown-dienst' },
      { row: 2, column: 'purposes', code: 'unknown-legal-basis' },
      { row: 3, column: 'third_country_transfers', code: 'transfer-requires-safeguard' },
      { row: 4, column: 'owner_reason', code: 'gs-owner-requires-reason' },
      { row: 5, column: 'registered_at', code: 'time-in-future' },
      { row: 6, column: 'purposes', code: 'value-required' },
      { row: 6, column: 'retention', code: 'value-required' },
      { row: 6, column: 'dpia_needed', code: 'invalid-value' },
    ]);
  });

  it('refuses the same name twice in one dienst', () => {
    const plan = whenImported('Permits;DSB;P:consent;R;no;;;;;;', 'permits;DSB;Other:consent;R2;no;;;;;;', 'Permits;SZW;P:consent;R;no;;;;;;');
    expect(plan.refused).toEqual([expect.objectContaining({ row: 2, code: 'duplicate-row' })]);
  });
});
