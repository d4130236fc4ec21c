import { describe, expect, it } from '@jest/globals';
import type { BreachEvent, Correction, LateReason } from '../src/breaches/breach.events.js';
import { PERSONAL_FIELDS, type BreachEventType } from '../src/breaches/breach.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { toJsonValue } from '../src/shared/json.js';
import { ERASED, mapPersonalValues } from '../src/shared/personal-fields.js';
import { breachRegister } from './breach-register.js';
import { breachTimeline, type BreachTimeline } from './breach-timeline.js';
import {
  assessed,
  breachStream,
  closed,
  detected,
  DPO,
  dpoAdvised,
  dpoInformed,
  IMPORT,
  measure,
  notified,
  personalDataErased,
  PRIVACY_OFFICER,
  projectOne,
  reported,
  rootCause,
  storedEvent,
  supplemented,
  verdict,
  waived,
  withdrawn,
  type Step,
} from '../test/support/projections/testing.js';

const BREACH_ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';
const STREAM = `breach-${BREACH_ID}`;
// detected(): awareAt 2026-03-02T09:00Z, so the deadline is 2026-03-05T09:00Z.
const DEADLINE = '2026-03-05T09:00:00.000Z';
const internalEscalation: LateReason = { code: 'internal-escalation', explanation: 'The service desk did not pass the call on.' };
const staffUnavailable: LateReason = { code: 'staff-unavailable', explanation: 'The privacy officer was ill.' };

const timeline = (steps: readonly Step[]): BreachTimeline => projectOne(breachTimeline, breachStream(BREACH_ID, steps));
const corrected = (corrections: readonly Correction[], lateReason: LateReason | null = null): BreachEvent => ({
  type: 'BreachDetailsCorrected',
  data: { corrections, reason: 'The service desk logged the call a day late.', lateReason },
});
const ref = (revision: number) => ({ streamId: STREAM, revision, position: String(100 + revision * 10), eventId: `${STREAM}-e${revision}`, hash: `hash-${STREAM}-${revision}` });

describe('breach-timeline.v2', () => {
  it('shows a breach from detection to closure, every event a step with its reference', () => {
    const document = timeline([
      [detected(), { recordedAt: '2026-03-02T11:30:00.000Z' }],
      dpoInformed('2026-03-02T12:00:00.000Z'),
      [dpoAdvised('2026-03-02T15:00:00.000Z'), { actor: DPO }],
      assessed('2026-03-03T10:00:00.000Z'),
      reported('2026-03-04T10:00:00.000Z', DEADLINE, false),
      supplemented('2026-03-06T10:00:00.000Z', 'final'),
      notified('2026-03-05T09:00:00.000Z', 40),
      notified('2026-03-06T09:00:00.000Z', 2),
      [rootCause(), { recordedAt: '2026-03-07T08:00:00.000Z' }],
      measure('2026-03-07T09:00:00.000Z'),
      [corrected([{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' }], internalEscalation), { recordedAt: '2026-03-08T10:00:00.000Z' }],
      [verdict('2026-03-09T10:00:00.000Z', 'not-accepted'), { actor: DPO }],
      [dpoAdvised('2026-03-09T11:00:00.000Z'), { actor: DPO }],
      closed('2026-03-10T10:00:00.000Z'),
    ]);

    const step = (revision: number, name: string, businessTime: string | null, recordedAt: string, actor = PRIVACY_OFFICER) => ({ step: name, businessTime, recordedAt, actor, event: ref(revision) });
    expect(document).toEqual({
      breachId: BREACH_ID,
      title: 'Letter sent to the wrong address',
      dienst: 'SZW',
      year: 2026,
      awareAt: '2026-03-01T09:00:00.000Z',
      registeredAt: '2026-03-02T11:30:00.000Z',
      registrationDelayHours: 26.5,
      deadline: '2026-03-04T09:00:00.000Z',
      dpoInformedAt: '2026-03-02T12:00:00.000Z',
      dpoAdvisedAt: '2026-03-09T11:00:00.000Z',
      assessedAt: '2026-03-03T10:00:00.000Z',
      assessment: { risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: null },
      reportedAt: '2026-03-04T10:00:00.000Z',
      reportPhase: 'final',
      apReference: 'M-2026-0001',
      supplementedAt: '2026-03-06T10:00:00.000Z',
      withdrawnAt: null,
      dataSubjectsNotifiedAt: '2026-03-05T09:00:00.000Z',
      dataSubjectsNotifiedCount: 42,
      notificationWaiver: null,
      waiverRevocation: null,
      processorInformedAt: null,
      refiledAt: null,
      refilings: 0,
      regime: 'avg',
      rootCauseCategory: 'human-error',
      withdrawalGround: null,
      closedAt: '2026-03-10T10:00:00.000Z',
      hoursToReport: 73,
      late: true,
      lateReason: { code: 'internal-escalation', explanation: 'The service desk did not pass the call on.', apView: 'not-accepted' },
      lateReasonVerdict: { verdict: 'not-accepted', comment: 'The AP does not accept this reason.', assessedAt: '2026-03-09T10:00:00.000Z' },
      reportingStatus: 'reported-late',
      closed: true,
      imported: false,
      personalDataErasedAt: null,
      corrections: [
        {
          field: 'awareAt',
          original: '2026-03-02T09:00:00.000Z',
          corrected: '2026-03-01T09:00:00.000Z',
          reason: 'The service desk logged the call a day late.',
          correctedBy: PRIVACY_OFFICER,
          correctedAt: '2026-03-08T10:00:00.000Z',
          event: ref(10),
        },
      ],
      entries: [
        step(0, 'BreachDetected', '2026-03-02T09:00:00.000Z', '2026-03-02T11:30:00.000Z'),
        step(1, 'DpoInformed', '2026-03-02T12:00:00.000Z', '2026-03-02T12:00:00.000Z'),
        step(2, 'DpoAdviceGiven', '2026-03-02T15:00:00.000Z', '2026-03-02T15:00:00.000Z', DPO),
        step(3, 'BreachAssessed', '2026-03-03T10:00:00.000Z', '2026-03-03T10:00:00.000Z'),
        step(4, 'BreachReportedToAP', '2026-03-04T10:00:00.000Z', '2026-03-04T10:00:00.000Z'),
        step(5, 'BreachReportSupplemented', '2026-03-06T10:00:00.000Z', '2026-03-06T10:00:00.000Z'),
        step(6, 'DataSubjectsNotified', '2026-03-05T09:00:00.000Z', '2026-03-05T09:00:00.000Z'),
        step(7, 'DataSubjectsNotified', '2026-03-06T09:00:00.000Z', '2026-03-06T09:00:00.000Z'),
        step(8, 'RootCauseRecorded', null, '2026-03-07T08:00:00.000Z'),
        step(9, 'MeasureTaken', '2026-03-07T09:00:00.000Z', '2026-03-07T09:00:00.000Z'),
        step(10, 'BreachDetailsCorrected', null, '2026-03-08T10:00:00.000Z'),
        step(11, 'LateReasonAssessed', '2026-03-09T10:00:00.000Z', '2026-03-09T10:00:00.000Z', DPO),
        step(12, 'DpoAdviceGiven', '2026-03-09T11:00:00.000Z', '2026-03-09T11:00:00.000Z', DPO),
        step(13, 'BreachClosed', '2026-03-10T10:00:00.000Z', '2026-03-10T10:00:00.000Z'),
      ],
      lastPosition: '230',
      revision: 13,
    });
  });

  it('writes plain JSON: no undefined, no bigint, no -0, nothing JSON would alter', () => {
    const document = timeline([detected(), dpoInformed('2026-03-02T09:00:00.000Z'), reported('2026-03-02T09:00:00.000Z', DEADLINE, false)]);
    expect(toJsonValue(document)).toEqual(document);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(Object.is(document.hoursToReport, 0)).toBe(true);
  });

  it('keys each breach by its id, from the stream id', () => {
    const [event] = breachStream(BREACH_ID, [detected()]);
    expect(breachTimeline.documentId(event!)).toBe(BREACH_ID);
    expect(breachTimeline).toMatchObject({ name: 'breach-timeline.v2', category: 'breach' });
  });

  it('shows an unreported breach as awaiting its report, lateness unknown', () => {
    expect(timeline([detected()])).toMatchObject({ reportedAt: null, hoursToReport: null, late: null, lateReason: null, reportingStatus: 'awaiting-report', closed: false, deadline: DEADLINE });
  });

  it('shows how long registration took after awareness', () => {
    expect(timeline([[detected(), { recordedAt: '2026-03-04T21:00:00.000Z' }]])).toMatchObject({ registeredAt: '2026-03-04T21:00:00.000Z', registrationDelayHours: 60 });
  });

  describe('corrections', () => {
    it('moves the deadline, the year, the hours to report and lateness when awareAt is corrected', () => {
      const document = timeline([
        [detected({ awareAt: '2022-01-01T10:00:00.000Z', occurredFrom: null, occurredTo: null }), { recordedAt: '2022-01-01T12:00:00.000Z' }],
        reported('2022-01-03T10:00:00.000Z', '2022-01-04T10:00:00.000Z', false),
        corrected([{ field: 'awareAt', from: '2022-01-01T10:00:00.000Z', to: '2021-12-30T08:00:00.000Z' }], staffUnavailable),
      ]);
      expect(document).toMatchObject({
        awareAt: '2021-12-30T08:00:00.000Z',
        year: 2021,
        deadline: '2022-01-02T08:00:00.000Z',
        registrationDelayHours: 52,
        hoursToReport: 98,
        late: true,
        lateReason: { code: 'staff-unavailable', apView: 'not-accepted' },
        reportingStatus: 'reported-late',
      });
      expect(document.corrections).toEqual([expect.objectContaining({ field: 'awareAt', original: '2022-01-01T10:00:00.000Z', corrected: '2021-12-30T08:00:00.000Z' })]);
    });

    it('moves the hours to report and lateness when reportedAt is corrected, both ways', () => {
      const late = timeline([detected(), reported('2026-03-04T10:00:00.000Z', DEADLINE, false), corrected([{ field: 'reportedAt', from: '2026-03-04T10:00:00.000Z', to: '2026-03-05T12:00:00.000Z' }], staffUnavailable)]);
      expect(late).toMatchObject({ reportedAt: '2026-03-05T12:00:00.000Z', hoursToReport: 75, late: true, reportingStatus: 'reported-late', lateReason: { code: 'staff-unavailable' } });

      const onTime = timeline([detected(), reported('2026-03-05T12:00:00.000Z', DEADLINE, true, staffUnavailable), corrected([{ field: 'reportedAt', from: '2026-03-05T12:00:00.000Z', to: '2026-03-04T12:00:00.000Z' }])]);
      expect(onTime).toMatchObject({ reportedAt: '2026-03-04T12:00:00.000Z', hoursToReport: 51, late: false, reportingStatus: 'reported-on-time' });
    });

    it('drops the FG verdict when a correction brings a new reason, and keeps it when the reason stands', () => {
      const history: Step[] = [
        detected(),
        reported('2026-03-05T12:00:00.000Z', DEADLINE, true, staffUnavailable),
        verdict('2026-03-06T09:00:00.000Z', 'not-accepted'),
        corrected([{ field: 'reportedAt', from: '2026-03-05T12:00:00.000Z', to: '2026-03-04T12:00:00.000Z' }]),
      ];
      expect(timeline(history)).toMatchObject({ late: false, lateReason: { code: 'staff-unavailable' }, lateReasonVerdict: { verdict: 'not-accepted' } });
      const moved = corrected([{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' }], internalEscalation);
      expect(timeline([...history, moved])).toMatchObject({ late: true, lateReason: { code: 'internal-escalation' }, lateReasonVerdict: null });
    });

    it('applies corrected titles, diensten and AP references, and lists every corrected field with who, when and why', () => {
      const document = timeline([
        detected(),
        reported('2026-03-04T10:00:00.000Z', DEADLINE, false),
        [
          corrected([
            { field: 'title', from: 'Letter sent to the wrong address', to: 'Letter sent to a neighbour' },
            { field: 'dienst', from: 'SZW', to: 'DBV' },
            { field: 'apReference', from: 'M-2026-0001', to: 'M-2026-0002' },
            { field: 'dataSubjects', from: { kind: 'exact', count: 1 }, to: { kind: 'range', min: 2, max: 5 } },
          ]),
          { recordedAt: '2026-03-09T08:00:00.000Z', actor: { id: 'cpo-1', role: 'cpo' } },
        ],
      ]);
      expect(document).toMatchObject({ title: 'Letter sent to a neighbour', dienst: 'DBV', apReference: 'M-2026-0002', late: false });
      expect(document.corrections.map(({ field, original, corrected: to, correctedBy, correctedAt, event }) => [field, original, to, correctedBy.id, correctedAt, event.revision])).toEqual([
        ['title', 'Letter sent to the wrong address', 'Letter sent to a neighbour', 'cpo-1', '2026-03-09T08:00:00.000Z', 2],
        ['dienst', 'SZW', 'DBV', 'cpo-1', '2026-03-09T08:00:00.000Z', 2],
        ['apReference', 'M-2026-0001', 'M-2026-0002', 'cpo-1', '2026-03-09T08:00:00.000Z', 2],
        ['dataSubjects', { kind: 'exact', count: 1 }, { kind: 'range', min: 2, max: 5 }, 'cpo-1', '2026-03-09T08:00:00.000Z', 2],
      ]);
    });
  });

  describe('erasure of the personal data', () => {
    const history: Step[] = [
      detected(),
      dpoInformed('2026-03-02T10:00:00.000Z', 'J. de Vries'),
      assessed('2026-03-02T12:00:00.000Z', true, { rationale: 'Income data of Mrs. Jansen.' }),
      reported('2026-03-06T10:00:00.000Z', DEADLINE, true, internalEscalation),
      [verdict('2026-03-07T10:00:00.000Z'), { actor: DPO }],
      corrected([
        { field: 'title', from: 'Letter sent to the wrong address', to: 'Letter about Mrs. Jansen sent to a neighbour' },
        { field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T08:00:00.000Z' },
      ]),
      closed('2026-03-10T10:00:00.000Z'),
      [personalDataErased('2031-03-10T10:00:00.000Z'), { actor: DPO }],
    ];

    it('shows "[erased]" for every personal field from then on, keeps every other fact, and lists the erasure as a step', () => {
      const document = timeline(history);
      expect(document).toMatchObject({
        title: ERASED,
        assessment: { risk: 'high', rationale: ERASED },
        lateReason: { code: 'internal-escalation', explanation: ERASED, apView: 'not-accepted' },
        lateReasonVerdict: { verdict: 'not-accepted', comment: ERASED },
        awareAt: '2026-03-02T08:00:00.000Z',
        late: true,
        reportingStatus: 'reported-late',
        closed: true,
        personalDataErasedAt: '2031-03-10T10:00:00.000Z',
      });
      expect(document.corrections.map(({ field, original, corrected: to, reason }) => [field, original, to, reason])).toEqual([
        ['title', ERASED, ERASED, ERASED],
        ['awareAt', '2026-03-02T09:00:00.000Z', '2026-03-02T08:00:00.000Z', ERASED],
      ]);
      expect(document.entries.at(-1)).toEqual({ step: 'PersonalDataErased', businessTime: '2031-03-10T10:00:00.000Z', recordedAt: '2031-03-10T10:00:00.000Z', actor: DPO, event: ref(7) });
      expect(JSON.stringify(document)).not.toMatch(/Jansen|de Vries|did not pass the call|wrong address|neighbour|does not accept/i);
    });

    it('gives the same views live as a rebuild after the key is gone, where every earlier event already reads "[erased]"', () => {
      const live = breachStream(BREACH_ID, history);
      const rebuilt = live.map((event): StoredEvent => ({ ...event, data: mapPersonalValues(event.data, PERSONAL_FIELDS[event.type as BreachEventType], () => ERASED) }));
      expect(projectOne(breachTimeline, rebuilt)).toEqual(projectOne(breachTimeline, live));
      expect(projectOne(breachRegister, rebuilt)).toEqual(projectOne(breachRegister, live));
      expect(projectOne(breachRegister, live)).toMatchObject({ title: ERASED, lateReasonExplanation: ERASED, lateReasonVerdict: { comment: ERASED }, basis: { title: ERASED } });
    });

    it('keeps a field that was empty empty: null is not personal data', () => {
      expect(timeline([detected(), assessed('2026-03-02T12:00:00.000Z', true), personalDataErased('2031-03-10T10:00:00.000Z')])).toMatchObject({ assessment: { rationale: null }, lateReason: null });
    });
  });

  describe('the 72-hour clock', () => {
    it('runs 72 elapsed hours through the night the clocks go forward (last Sunday of March)', () => {
      // 2026-03-29 01:30 CET is 00:30Z; at 01:00Z the clocks jump to 03:00 CEST.
      const aware = detected({ awareAt: '2026-03-29T00:30:00.000Z', occurredFrom: null, occurredTo: null });
      const document = timeline([aware, reported('2026-04-01T00:00:00.000Z', '2026-04-01T00:30:00.000Z', false)]);
      // 02:00 CEST on 1 April is past 01:30 local, yet only 71.5 elapsed hours: on time.
      expect(document).toMatchObject({ deadline: '2026-04-01T00:30:00.000Z', hoursToReport: 71.5, late: false, reportingStatus: 'reported-on-time', year: 2026 });
    });

    it('runs 72 elapsed hours through the night the clocks go back (last Sunday of October)', () => {
      // 2026-10-25 02:30 CEST is 00:30Z; at 01:00Z the clocks go back to 02:00 CET.
      const aware = detected({ awareAt: '2026-10-25T00:30:00.000Z', occurredFrom: null, occurredTo: null });
      const document = timeline([aware, reported('2026-10-28T01:00:00.000Z', '2026-10-28T00:30:00.000Z', true, staffUnavailable)]);
      // 02:00 CET on 28 October is before 02:30 local, yet 72.5 elapsed hours: late.
      expect(document).toMatchObject({ deadline: '2026-10-28T00:30:00.000Z', hoursToReport: 72.5, late: true, reportingStatus: 'reported-late' });
    });

    it('counts a report exactly at the deadline as on time', () => {
      expect(timeline([detected(), reported(DEADLINE, DEADLINE, false)])).toMatchObject({ hoursToReport: 72, late: false });
    });
  });

  describe('the year', () => {
    it('is the calendar year of awareAt in Europe/Amsterdam, not in UTC', () => {
      const yearOf = (awareAt: string) => timeline([detected({ awareAt, occurredFrom: null, occurredTo: null })]).year;
      expect(yearOf('2021-12-31T23:30:00.000Z')).toBe(2022);
      expect(yearOf('2021-12-31T22:59:59.999Z')).toBe(2021);
      expect(yearOf('2021-12-31T23:00:00.000Z')).toBe(2022);
    });
  });

  describe('the report to the AP', () => {
    it('judges the first filing: a supplement changes the phase, never reportedAt or lateness', () => {
      const document = timeline([
        detected(),
        reported('2026-03-04T10:00:00.000Z', DEADLINE, false, null, 'preliminary'),
        supplemented('2026-03-08T10:00:00.000Z', 'preliminary'),
        supplemented('2026-03-12T10:00:00.000Z', 'final'),
      ]);
      expect(document).toMatchObject({ reportedAt: '2026-03-04T10:00:00.000Z', reportPhase: 'final', supplementedAt: '2026-03-12T10:00:00.000Z', hoursToReport: 49, late: false, reportingStatus: 'reported-on-time' });
    });

    it('shows a withdrawn report as withdrawn, also after a reassessment as not reportable', () => {
      const history: Step[] = [detected(), reported('2026-03-06T10:00:00.000Z', DEADLINE, true, internalEscalation), withdrawn('2026-03-07T10:00:00.000Z')];
      expect(timeline(history)).toMatchObject({ withdrawnAt: '2026-03-07T10:00:00.000Z', reportedAt: '2026-03-06T10:00:00.000Z', late: true, reportingStatus: 'withdrawn' });
      expect(timeline([...history, assessed('2026-03-07T11:00:00.000Z', false)])).toMatchObject({ reportingStatus: 'withdrawn', assessment: { reportable: false } });
    });

    it('follows the latest assessment while unreported', () => {
      const notReportable = [detected(), assessed('2026-03-02T12:00:00.000Z', false)];
      expect(timeline(notReportable)).toMatchObject({ reportingStatus: 'not-reportable', assessment: { risk: 'none', reportable: false, rationale: 'The data was unintelligible to the recipient.' } });
      expect(timeline([...notReportable, assessed('2026-03-03T12:00:00.000Z', true)])).toMatchObject({ reportingStatus: 'awaiting-report', assessedAt: '2026-03-03T12:00:00.000Z' });
    });

    it('shows an imported late report without a reason as imported and late', () => {
      const document = timeline([
        [detected({ awareAt: '2021-05-03T08:00:00.000Z', occurredFrom: null, occurredTo: null }), { ...IMPORT, recordedAt: '2026-01-15T09:00:00.000Z' }],
        [reported('2021-05-10T08:00:00.000Z', '2021-05-06T08:00:00.000Z', true, null), { ...IMPORT, recordedAt: '2026-01-15T09:00:00.000Z' }],
      ]);
      expect(document).toMatchObject({ imported: true, year: 2021, late: true, lateReason: null, lateReasonVerdict: null, hoursToReport: 168, reportingStatus: 'reported-late' });
    });

    it('is not imported when only a later event came from an import', () => {
      expect(timeline([detected(), [reported('2026-03-04T10:00:00.000Z', DEADLINE, false), IMPORT]]).imported).toBe(false);
    });
  });

  describe('the data subjects', () => {
    it('shows the first notification and the persons of every batch', () => {
      expect(timeline([detected(), notified('2026-03-03T09:00:00.000Z', 120), notified('2026-03-04T09:00:00.000Z', 30)])).toMatchObject({
        dataSubjectsNotifiedAt: '2026-03-03T09:00:00.000Z',
        dataSubjectsNotifiedCount: 150,
        notificationWaiver: null,
      });
    });

    it('shows an Art. 34(3) waiver with its ground', () => {
      expect(timeline([detected(), waived('2026-03-03T09:00:00.000Z')])).toMatchObject({
        notificationWaiver: { waivedAt: '2026-03-03T09:00:00.000Z', ground: 'high-risk-removed' },
        dataSubjectsNotifiedAt: null,
        dataSubjectsNotifiedCount: 0,
      });
    });
  });

  describe('the FG', () => {
    it('keeps the first time the FG was informed and its latest advice and verdict', () => {
      const document = timeline([
        detected(),
        dpoInformed('2026-03-02T10:00:00.000Z'),
        dpoInformed('2026-03-04T10:00:00.000Z', 'the CPO'),
        dpoAdvised('2026-03-03T10:00:00.000Z'),
        dpoAdvised('2026-03-05T10:00:00.000Z'),
        reported('2026-03-06T10:00:00.000Z', DEADLINE, true, staffUnavailable),
        verdict('2026-03-07T10:00:00.000Z', 'not-accepted'),
        verdict('2026-03-08T10:00:00.000Z', 'accepted'),
      ]);
      expect(document).toMatchObject({
        dpoInformedAt: '2026-03-02T10:00:00.000Z',
        dpoAdvisedAt: '2026-03-05T10:00:00.000Z',
        lateReasonVerdict: { verdict: 'accepted', assessedAt: '2026-03-08T10:00:00.000Z' },
      });
    });
  });

  describe('what it cannot read', () => {
    const [first, second] = breachStream(BREACH_ID, [detected(), dpoInformed('2026-03-02T10:00:00.000Z')]);
    const afterDetection = projectOne(breachTimeline, [first!]);

    it('throws on an unknown event type, naming the event', () => {
      const unknown = storedEvent(STREAM, 1, 110n, 'BreachForgotten', { forgottenAt: '2026-03-03T10:00:00.000Z' });
      expect(() => breachTimeline.apply(afterDetection, unknown)).toThrow(`${STREAM}@1 (BreachForgotten v1, position 110): unknown breach event type`);
    });

    it('throws on a schema version other than the one this build reads', () => {
      const newer = storedEvent(STREAM, 1, 110n, 'DpoInformed', second!.data, { schemaVersion: 2 });
      expect(() => breachTimeline.apply(afterDetection, newer)).toThrow('schema version 2 is not the v1 this build reads');
    });

    it('throws on a stream that does not start with BreachDetected, and on a second detection', () => {
      const alone = storedEvent(STREAM, 0, 100n, 'DpoInformed', second!.data);
      expect(() => projectOne(breachTimeline, [alone])).toThrow('a breach stream starts with BreachDetected');
      const again = storedEvent(STREAM, 1, 110n, 'BreachDetected', first!.data);
      expect(() => breachTimeline.apply(afterDetection, again)).toThrow('the breach was already detected');
    });

    it('throws on a gap in the stream rather than missing an event', () => {
      const skipped = storedEvent(STREAM, 2, 120n, 'DpoInformed', second!.data);
      expect(() => breachTimeline.apply(afterDetection, skipped)).toThrow('expected revision 1 of the stream next');
    });

    it('returns the document unchanged for an event it already reflects (a replay)', () => {
      const afterInforming = breachTimeline.apply(afterDetection, second!)!;
      expect(breachTimeline.apply(afterInforming, second!)).toBe(afterInforming);
      expect(breachTimeline.apply(afterInforming, first!)).toBe(afterInforming);
    });
  });
});
