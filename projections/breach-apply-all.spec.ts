import { describe, expect, it } from '@jest/globals';
import type { BreachEvent, Correction, LateReason } from '../src/breaches/breach.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { JsonObject } from '../src/shared/json.js';
import { breachRegister } from './breach-register.js';
import { breachTimeline } from './breach-timeline.js';
import type { ProjectionDefinition } from './projection.js';
import { assessed, breachStream, closed, detected, dpoInformed, measure, notified, personalDataErased, reported, rootCause, supplemented, verdict, waived, withdrawn, refiled, type Step } from '../test/support/projections/testing.js';

// A build in stream order folds each stream's events with `applyAll`: the document must be the
// one `apply` gives event by event, to the character (key order included), wherever the run is cut.
const escalation: LateReason = { code: 'internal-escalation', explanation: 'The service desk did not pass the call on.' };
const corrected = (corrections: readonly Correction[], lateReason: LateReason | null = null): BreachEvent => ({
  type: 'BreachDetailsCorrected',
  data: { corrections, reason: 'The service desk logged the call a day late.', lateReason },
});

const STREAMS: readonly (readonly Step[])[] = [
  [detected()],
  [
    [detected(), { recordedAt: '2026-03-02T11:30:00.000Z' }],
    dpoInformed('2026-03-02T12:00:00.000Z'),
    assessed('2026-03-03T10:00:00.000Z'),
    reported('2026-03-06T10:00:00.000Z', '2026-03-05T09:00:00.000Z', true, escalation),
    supplemented('2026-03-07T10:00:00.000Z', 'final'),
    notified('2026-03-05T09:00:00.000Z', 40),
    rootCause(),
    measure('2026-03-07T09:00:00.000Z'),
    corrected([{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' }, { field: 'title', from: 'Letter sent to the wrong address', to: 'Letter to the wrong address' }], escalation),
    verdict('2026-03-09T10:00:00.000Z'),
    withdrawn('2026-03-10T10:00:00.000Z'),
    refiled('2026-03-11T10:00:00.000Z', '2026-03-04T09:00:00.000Z', true),
    personalDataErased('2026-03-12T10:00:00.000Z'),
    corrected([{ field: 'title', from: '[erased]', to: 'After the erasure' }]),
    closed('2026-03-13T10:00:00.000Z'),
  ],
  [detected({ awareAt: '2026-12-31T23:30:00.000Z' }), assessed('2027-01-01T10:00:00.000Z', false), waived('2027-01-02T10:00:00.000Z'), closed('2027-01-03T10:00:00.000Z')],
];

const BREACH_ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11'; // detected()'s
const DEFINITIONS = [breachTimeline, breachRegister] as unknown as readonly ProjectionDefinition<JsonObject>[];

function oneAtATime(definition: ProjectionDefinition<JsonObject>, start: JsonObject | undefined, events: readonly StoredEvent[]): JsonObject | undefined {
  let document = start;
  for (const event of events) document = definition.apply(document, event) ?? undefined;
  return document;
}

function applyAll(definition: ProjectionDefinition<JsonObject>, document: JsonObject | undefined, events: readonly StoredEvent[]): JsonObject | undefined {
  if (!definition.applyAll) throw new Error(`${definition.name} has no applyAll`);
  return definition.applyAll(document, events) ?? undefined;
}

describe.each(DEFINITIONS.map((definition) => [definition.name, definition] as const))('%s: applyAll', (_name, definition) => {
  it('gives the document apply gives event by event, to the character, wherever the stream is cut', () => {
    STREAMS.forEach((steps) => {
      const events = breachStream(BREACH_ID, steps);
      for (let cut = 0; cut < events.length; cut += 1) {
        const before = oneAtATime(definition, undefined, events.slice(0, cut));
        const expected = oneAtATime(definition, before, events.slice(cut));
        expect(JSON.stringify(applyAll(definition, before, events.slice(cut)))).toBe(JSON.stringify(expected));
      }
    });
  });

  it('skips the events the document already reflects (a replay), and refuses a gap as apply does', () => {
    const events = breachStream(BREACH_ID, STREAMS[1] as readonly Step[]);
    const half = oneAtATime(definition, undefined, events.slice(0, 6)) as JsonObject;
    expect(applyAll(definition, half, events.slice(0, 6))).toBe(half);
    expect(JSON.stringify(applyAll(definition, half, events))).toBe(JSON.stringify(oneAtATime(definition, undefined, events)));
    const gap = [events[0], events[2]] as StoredEvent[];
    expect(() => oneAtATime(definition, undefined, gap)).toThrow('expected revision 1');
    expect(() => applyAll(definition, undefined, gap)).toThrow('expected revision 1');
  });
});
