import { describe, expect, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { clockStart, deadlineOf } from '../breach.rules.js';
import { decideCorrectBreachDetails } from '../correct-breach-details/correct-breach-details.js';
import { decideReportBreachToAP } from '../report-breach-to-ap/report-breach-to-ap.js';
import { context, detected, detectedData, given } from '../../../test/support/breaches/breach-given.js';
import { decideRegisterBreach } from './register-breach.js';

// The processor found it on 2 March (awareAt as registered), told the municipality on 6 March.
const fromProcessor = { discovery: { how: 'the processor e-mailed', processor: 'Print BV' }, processorInformedAt: '2026-03-06T09:00:00.000Z' } as const;
const at = context('2026-03-12T12:00:00.000Z');

describe('processorInformedAt: the clock of a breach a processor reported (EDPB Guidelines 9/2022)', () => {
  it('starts the 72-hour clock when the processor informed the municipality; awareAt stays as registered', () => {
    expect(clockStart(detectedData(fromProcessor))).toBe('2026-03-06T09:00:00.000Z');
    expect(deadlineOf(detectedData(fromProcessor))).toBe('2026-03-09T09:00:00.000Z');
    expect(deadlineOf(detectedData())).toBe('2026-03-05T09:00:00.000Z');
    expect(given(detected(fromProcessor)).state).toMatchObject({ deadline: '2026-03-09T09:00:00.000Z', facts: { awareAt: '2026-03-02T09:00:00.000Z', processorInformedAt: '2026-03-06T09:00:00.000Z' } });
  });

  it('judges a report within 72 hours of the processor informing the municipality as on time', () => {
    given(detected(fromProcessor))
      .when((s, c) => decideReportBreachToAP({ reportedAt: '2026-03-08T09:00:00.000Z', apReference: 'M-1', phase: 'final', lateReason: null }, s, c), at)
      .then([{ type: 'BreachReportedToAP', data: { reportedAt: '2026-03-08T09:00:00.000Z', apReference: 'M-1', phase: 'final', lateReason: null, deadline: '2026-03-09T09:00:00.000Z', late: false } }]);
    given(detected(fromProcessor))
      .when((s, c) => decideReportBreachToAP({ reportedAt: '2026-03-10T09:00:00.000Z', apReference: 'M-1', phase: 'final', lateReason: null }, s, c), at)
      .thenRefused('late-report-requires-reason', { deadline: '2026-03-09T09:00:00.000Z', hoursAfterAwareness: 96 });
  });

  it('records processorInformedAt only with the processor named, and not in the future', () => {
    given().when((s, c) => decideRegisterBreach(detectedData({ processorInformedAt: '2026-03-06T09:00:00.000Z' }), s, c), at).thenRefused('processor-informed-at-requires-processor');
    given().when((s, c) => decideRegisterBreach(detectedData({ ...fromProcessor, processorInformedAt: '2026-03-13T09:00:00.000Z' }), s, c), at).thenRefused('time-in-future', { field: 'processorInformedAt' });
  });

  it('a breach registered without it reads as not reported by a processor: the clock starts at awareAt', () => {
    const { processorInformedAt: _p, regime: _r, ...old } = detectedData();
    const state = given({ type: 'BreachDetected', data: old } as BreachEvent).state;
    expect(state).toMatchObject({ deadline: '2026-03-05T09:00:00.000Z', facts: { processorInformedAt: null, regime: 'avg' } });
  });

  it('can be recorded later by a correction, which moves the deadline and re-judges a filed report', () => {
    const late: BreachEvent = {
      type: 'BreachReportedToAP',
      data: { reportedAt: '2026-03-08T09:00:00.000Z', apReference: 'M-1', phase: 'final', deadline: '2026-03-05T09:00:00.000Z', late: true, lateReason: { code: 'processor-delay', explanation: 'Print BV told us on 6 March.' } },
    };
    const history = given(detected({ discovery: fromProcessor.discovery }), late);
    history
      .when((s, c) => decideCorrectBreachDetails({ changes: [{ field: 'processorInformedAt', to: '2026-03-06T09:00:00.000Z' }], reason: 'The processor e-mail of 6 March was found.', lateReason: null }, s, c), at)
      .then([{ type: 'BreachDetailsCorrected', data: { corrections: [{ field: 'processorInformedAt', from: null, to: '2026-03-06T09:00:00.000Z' }], reason: 'The processor e-mail of 6 March was found.', lateReason: null } }]);
    const corrected = given(
      detected({ discovery: fromProcessor.discovery }),
      late,
      { type: 'BreachDetailsCorrected', data: { corrections: [{ field: 'processorInformedAt', from: null, to: '2026-03-06T09:00:00.000Z' }], reason: 'Found.', lateReason: null } },
    ).state;
    expect(corrected).toMatchObject({ deadline: '2026-03-09T09:00:00.000Z', report: { late: false } });
    given(detected())
      .when((s, c) => decideCorrectBreachDetails({ changes: [{ field: 'processorInformedAt', to: '2026-03-06T09:00:00.000Z' }], reason: 'x', lateReason: null }, s, c), at)
      .thenRefused('processor-informed-at-requires-processor');
  });
});
