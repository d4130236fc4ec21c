import { describe, expect, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { breachStream, detected, refiled, reported, withdrawn } from '../../../test/support/projections/testing.js';
import { breachDossier } from './breach-dossier.js';

const BREACH_ID = '3f0e4c1a-9b7d-5e2f-8a6c-1d2b3c4d5e6f';

const corrected = (field: 'reportedAt' | 'apReference', from: string, to: string): BreachEvent => ({
  type: 'BreachDetailsCorrected',
  data: { corrections: [{ field, from, to }], reason: 'Copied wrongly from the AP portal.', lateReason: null },
});

/**
 * A correction of the filed report names what the rules say it names (breach.rules.ts,
 * `correctionOutcome`): a corrected reportedAt is the first filing's, the one lateness is judged
 * on; a corrected apReference is the standing filing's meldnummer. The dossier shows each filing,
 * so after a withdrawal and a re-filing the two are different filings.
 */
describe('the dossier after a correction of the filed report', () => {
  const filedTwice = [detected({ breachId: BREACH_ID }), reported('2026-03-03T10:00:00.000Z', '2026-03-05T09:00:00.000Z', false), withdrawn('2026-03-03T12:00:00.000Z', 'other'), refiled('2026-03-03T14:00:00.000Z', '2026-03-05T09:00:00.000Z', false)];

  it('puts a corrected meldnummer on the standing filing, the re-filing', () => {
    const dossier = breachDossier(breachStream(BREACH_ID, [...filedTwice, corrected('apReference', 'M-2026-0002', 'M-2026-0003')]));
    expect(dossier?.apReports.map((report) => report.apReference)).toEqual(['M-2026-0001', 'M-2026-0003']);
  });

  it('puts a corrected reportedAt on the first filing', () => {
    const dossier = breachDossier(breachStream(BREACH_ID, [...filedTwice, corrected('reportedAt', '2026-03-03T10:00:00.000Z', '2026-03-03T09:00:00.000Z')]));
    expect(dossier?.apReports.map((report) => report.reportedAt)).toEqual(['2026-03-03T09:00:00.000Z', '2026-03-03T14:00:00.000Z']);
  });

  it('corrects the one filing of a breach filed once', () => {
    const dossier = breachDossier(breachStream(BREACH_ID, [detected({ breachId: BREACH_ID }), reported('2026-03-03T10:00:00.000Z', '2026-03-05T09:00:00.000Z', false), corrected('apReference', 'M-2026-0001', 'M-2026-0009')]));
    expect(dossier?.apReports.map((report) => report.apReference)).toEqual(['M-2026-0009']);
  });
});
