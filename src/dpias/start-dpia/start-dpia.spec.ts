import { describe, it } from '@jest/globals';
import { context, given, started, startedData } from '../../../test/support/dpias/dpia-given.js';
import { decideStartDpia } from './start-dpia.js';

describe('StartDpia', () => {
  const start = (overrides: Parameters<typeof startedData>[0] = {}) => (state: Parameters<typeof decideStartDpia>[1], at: Parameters<typeof decideStartDpia>[2]) =>
    decideStartDpia(startedData(overrides), state, at, 'registered');

  it('records the start with its dienst, processing activity and owner', () => {
    given().when(start()).then([started()]);
  });

  it('starts a DPIA for a processing activity not yet in the register', () => {
    given().when(start({ processingActivityId: null })).then([started({ processingActivityId: null })]);
  });

  it('records the title and owner without surrounding whitespace', () => {
    given().when(start({ title: '  Camera surveillance in the city centre ', owner: ' AD DSB\n' })).then([started()]);
  });

  it('refuses to start the same DPIA twice', () => {
    given(started()).when(start()).thenRefused('dpia-already-started');
  });

  it('refuses a dienst that is not configured', () => {
    given().when(start({ dienst: 'XYZ' })).thenRefused('unknown-dienst', { dienst: 'XYZ' });
  });

  it('refuses a DPIA without an owner', () => {
    given().when(start({ owner: '  ' })).thenRefused('dpia-requires-owner', { field: 'owner' });
  });

  it('refuses a DPIA without a title', () => {
    given().when(start({ title: '' })).thenRefused('dpia-requires-title', { field: 'title' });
  });

  it('refuses a start in the future', () => {
    given().when(start({ startedAt: '2026-06-01T12:10:00.000Z' }), context('2026-06-01T12:00:00.000Z')).thenRefused('time-in-future', { field: 'startedAt' });
  });
});

describe('StartDpia: the linked processing activity', () => {
  const startLinked = (linked: 'none' | 'registered' | 'retired' | null) => (state: Parameters<typeof decideStartDpia>[1], at: Parameters<typeof decideStartDpia>[2]) =>
    decideStartDpia(startedData(), state, at, linked);

  it('links a registered processing activity', () => {
    given().when(startLinked('registered')).then([started()]);
  });

  it('refuses a processing activity that is not in the register, or was retired', () => {
    given().when(startLinked('none')).thenRefused('processing-activity-not-registered', { field: 'processingActivityId' });
    given().when(startLinked(null)).thenRefused('processing-activity-not-registered');
    given().when(startLinked('retired')).thenRefused('processing-activity-retired', { field: 'processingActivityId' });
  });
});
