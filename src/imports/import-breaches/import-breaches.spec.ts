import { describe, expect, it } from '@jest/globals';
import { context } from '../../../test/support/breaches/breach-given.js';
import { readCsvTable } from '../csv-table.js';
import { BREACH_COLUMNS, NOT_RECORDED } from './breach-row.js';
import { decideImportBreaches } from './import-breaches.js';

const HEADER = 'title,description,dienst,aware_at,reportable,reported_at,ap_reference,late_reason_code,late_reason_explanation,dpo_informed_at,closed_at,closing_summary';
const csv = (...rows: string[]) => new TextEncoder().encode([HEADER, ...rows].join('\r\n'));
const NOW = '2022-06-01T12:00:00.000Z';

/** Given a file, when the breach import decides, then events or the rows it refuses. */
const whenImported = (...rows: string[]) => decideImportBreaches(readCsvTable(csv(...rows), BREACH_COLUMNS), context(NOW));

describe('ImportBreaches', () => {
  it('turns a reported, closed breach into the events the commands would have recorded, in the order they happened', () => {
    const plan = whenImported('Letter to a neighbour,A decision letter went to a neighbour.,SZW,2021-03-02T10:00:00+01:00,yes,2021-03-04T09:00:00+01:00,M-2021-0042,,,2021-03-03T09:00:00+01:00,2021-04-01T10:00:00+02:00,Letter retrieved.');
    expect(plan.refused).toEqual([]);
    const [stream] = plan.streams;
    expect(stream?.streamId).toBe(`breach-${stream?.id}`);
    expect(stream?.events.map((e) => e.type)).toEqual(['BreachDetected', 'BreachAssessed', 'DpoInformed', 'BreachReportedToAP', 'BreachClosed']);
    expect(stream?.events[0]?.data).toMatchObject({ breachId: stream?.id, dienst: 'SZW', awareAt: '2021-03-02T09:00:00.000Z', discovery: { how: NOT_RECORDED, processor: null }, dataSubjects: { kind: 'unknown' } });
    expect(stream?.events[1]?.data).toMatchObject({ assessedAt: '2021-03-02T09:00:00.000Z', risk: 'risk', severity: 'beperkt', reportable: true, notifyDataSubjects: false });
    expect(stream?.events[3]?.data).toMatchObject({ reportedAt: '2021-03-04T08:00:00.000Z', apReference: 'M-2021-0042', phase: 'final', late: false, lateReason: null, deadline: '2021-03-05T09:00:00.000Z' });
  });

  it('records a late report without a reason: the one thing only an import may do', () => {
    const plan = whenImported('Lost laptop,A laptop was lost.,DSB,2021-03-02T10:00:00+01:00,yes,2021-03-10T10:00:00+01:00,M-1,,,,,');
    expect(plan.refused).toEqual([]);
    expect(plan.streams[0]?.events[2]).toMatchObject({ type: 'BreachReportedToAP', data: { late: true, lateReason: null } });
  });

  it('keeps a late report reason and its code', () => {
    const plan = whenImported('Lost laptop,A laptop was lost.,DSB,2021-03-02T10:00:00+01:00,yes,2021-03-10T10:00:00+01:00,M-1,processor-delay,The processor told us late.,,,');
    expect(plan.streams[0]?.events[2]?.data).toMatchObject({ late: true, lateReason: { code: 'processor-delay', explanation: 'The processor told us late.' } });
  });

  it('refuses every bad row and says which column and why', () => {
    const plan = whenImported(
      'Fine,Fine.,SZW,2021-03-02T10:00:00+01:00,no,,,,,,,',
      'Unknown dienst,Text.,XYZ,2021-03-02T10:00:00+01:00,yes,,,,,,,',
      'No time,Text.,SZW,yesterday,maybe,,,,,,,',
      'Future,Text.,SZW,2023-01-01T10:00:00+01:00,yes,,,,,,,',
      'On time with reason,Text.,SZW,2021-03-02T10:00:00+01:00,yes,2021-03-03T10:00:00+01:00,M-2,other,Why.,,,',
    );
    expect(plan.streams).toEqual([]);
    expect(plan.refused).toEqual([
      expect.objectContaining({ row: 1, column: 'rationale', code: 'not-reportable-requires-rationale' }),
      expect.objectContaining({ row: 2, column: 'dienst', code: 'unknown-dienst' }),
      expect.objectContaining({ row: 3, column: 'aware_at', code: 'invalid-time' }),
      expect.objectContaining({ row: 3, column: 'reportable', code: 'invalid-value' }),
      expect.objectContaining({ row: 4, column: 'aware_at', code: 'time-in-future' }),
      expect.objectContaining({ row: 5, column: 'late_reason_code', code: 'report-not-late' }),
    ]);
  });

  it('refuses a closure the commands would refuse: reportable but never reported', () => {
    const plan = whenImported('Open,Text.,SZW,2021-03-02T10:00:00+01:00,yes,,,,,,2021-04-01T10:00:00+02:00,Closed.');
    expect(plan.refused).toEqual([expect.objectContaining({ row: 1, code: 'not-reported', column: 'reported_at' })]);
  });

  it('refuses report columns without a report, and a report without its AP reference', () => {
    const plan = whenImported('A,Text.,SZW,2021-03-02T10:00:00+01:00,yes,,M-3,,,,,', 'B,Text.,SZW,2021-03-02T10:00:00+01:00,yes,2021-03-03T10:00:00+01:00,,,,,,');
    expect(plan.refused).toEqual([expect.objectContaining({ row: 1, column: 'ap_reference', code: 'not-reported' }), expect.objectContaining({ row: 2, column: 'ap_reference', code: 'value-required' })]);
  });

  it('refuses the same breach twice in one file', () => {
    const row = 'Twice,Text.,SZW,2021-03-02T10:00:00+01:00,no,,,,,,,';
    const plan = whenImported(row, row.toUpperCase().replace('2021-03-02T10:00:00+01:00', '2021-03-02t10:00:00+01:00'));
    expect(plan.refused).toEqual(expect.arrayContaining([expect.objectContaining({ row: 2, code: 'duplicate-row' })]));
  });

  it('derives the same ids from the same file, and other ids from another file', () => {
    const row = 'Fine,Fine.,SZW,2021-03-02T10:00:00+01:00,yes,2021-03-03T10:00:00+01:00,M-1,,,,,';
    expect(whenImported(row).streams[0]?.id).toBe(whenImported(row).streams[0]?.id);
    expect(whenImported(row).importId).not.toBe(whenImported(row, row.replace('Fine,', 'Other,')).importId);
  });
});
