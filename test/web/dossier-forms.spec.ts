import { describe, expect, it } from '@jest/globals';
import { refusalText } from '../../src/web/i18n/refusals.js';
import {
  apReportOf,
  assessmentOf,
  closureOf,
  correctionOf,
  dataSubjectNotificationOf,
  measureOf,
  notificationDetailsOf,
  waiverOf,
} from '../../src/web/pages/dossier-forms.js';
import { stateOf } from '../../src/web/pages/dossier-actions.js';
import type { BreachDossier } from '../../src/breaches/get-breach-dossier/breach-dossier.js';
import type { PageContext } from '../../src/web/page-context.js';
import { hintOf } from '../../src/web/pages/dossier.js';

describe('the dossier forms shaped into the breach commands’ request bodies', () => {
  it('takes datetime-local fields as Amsterdam time and sends UTC', () => {
    expect(closureOf({ closedAt: '2026-03-02T10:00', closureSummary: '  Afgehandeld.  ' })).toEqual({ closedAt: '2026-03-02T09:00:00.000Z', summary: 'Afgehandeld.' });
    // Summer time: two hours ahead of UTC.
    expect(measureOf({ takenAt: '2026-07-01T12:30', measureDescription: 'Brief teruggehaald', measurePurpose: 'containment' })).toEqual({ description: 'Brief teruggehaald', purpose: 'containment', takenAt: '2026-07-01T10:30:00.000Z' });
  });

  it('leaves empty fields out so the API names them, and passes a malformed time on for the API to refuse', () => {
    expect(closureOf({ closedAt: 'gisteren', closureSummary: '' })).toEqual({ closedAt: 'gisteren', summary: undefined });
  });

  it('sends yes/no as booleans and an empty rationale as null', () => {
    expect(assessmentOf({ assessedAt: '2026-03-02T10:00', risk: 'high', severity: 'aanzienlijk', reportable: 'true', notifyDataSubjects: 'false', rationale: '' })).toEqual({
      assessedAt: '2026-03-02T09:00:00.000Z',
      risk: 'high',
      severity: 'aanzienlijk',
      reportable: true,
      notifyDataSubjects: false,
      rationale: null,
    });
  });

  it('files a report with no late reason when none is given, and with the prepared form’s version', () => {
    expect(apReportOf({ reportedAt: '2026-03-02T10:00', apReference: ' M-1 ', phase: 'final', lateReasonCode: '', lateReasonExplanation: '', formRevision: '2', formSha256: 'ab'.repeat(32) })).toEqual({
      reportedAt: '2026-03-02T09:00:00.000Z',
      apReference: 'M-1',
      phase: 'final',
      lateReason: null,
      apNotification: { revision: 2, sha256: 'ab'.repeat(32) },
    });
  });

  it('sends a late reason as given, also half filled, for the API to name what is missing', () => {
    expect(apReportOf({ reportedAt: '2026-03-02T10:00', apReference: 'M-1', phase: 'final', lateReasonCode: 'processor-delay', lateReasonExplanation: 'Vier dagen later gemeld.' }).lateReason).toEqual({ code: 'processor-delay', explanation: 'Vier dagen later gemeld.' });
    expect(apReportOf({ lateReasonCode: 'other' }).lateReason).toEqual({ code: 'other', explanation: undefined });
  });

  it('sends a count as a number, and text that is no number as typed', () => {
    expect(dataSubjectNotificationOf({ notifiedAt: '2026-03-02T10:00', notifiedCount: '12', notifiedChannel: 'letter' }).count).toBe(12);
    expect(dataSubjectNotificationOf({ notifiedCount: 'twaalf' }).count).toBe('twaalf');
  });

  it('sends a public communication only when written', () => {
    expect(waiverOf({ waivedAt: '2026-03-02T10:00', waiverGround: 'unintelligible-data', waiverExplanation: 'Versleuteld.', publicCommunication: '' }).publicCommunication).toBeNull();
  });

  it('corrects only the fields filled in, times as UTC', () => {
    expect(correctionOf({ correctTitle: 'Nieuwe titel', correctDescription: '', correctAwareAt: '2026-03-02T10:00', correctionReason: 'Tikfout', correctionLateReasonCode: '' })).toEqual({
      corrections: { title: 'Nieuwe titel', awareAt: '2026-03-02T09:00:00.000Z' },
      reason: 'Tikfout',
      lateReason: null,
    });
  });

  it('corrects the data, the particulars and the data subjects only when a value is chosen', () => {
    const unchanged = { correctSpecialCategories: '', correctBsn: '', correctCriminalData: '', correctEncrypted: '', correctRegime: '', correctDataSubjectsKind: '', correctDataCategories: ' ', correctionReason: 'Niets' };
    expect(correctionOf(unchanged).corrections).toEqual({});
    expect(
      correctionOf({ ...unchanged, correctBsn: 'false', correctEncrypted: 'true', correctCiaAspects: ['confidentiality', 'availability'], correctDataCategories: 'naam\nadres, naam', correctRegime: 'wpg', correctDataSubjectsKind: 'range', correctDataSubjectsMin: '10', correctDataSubjectsMax: '40' }).corrections,
    ).toEqual({ bsn: false, encrypted: true, ciaAspects: ['confidentiality', 'availability'], dataCategories: ['naam', 'adres'], regime: 'wpg', dataSubjects: { kind: 'range', min: 10, max: 40 } });
    expect(correctionOf({ ...unchanged, correctDataSubjectsKind: 'exact', correctDataSubjectsCount: '250' }).corrections).toEqual({ dataSubjects: { kind: 'exact', count: 250 } });
  });

  it('records only the groups of the AP form’s details that were filled in', () => {
    expect(notificationDetailsOf({})).toEqual({});
    expect(
      notificationDetailsOf({
        contactName: 'J. de Vries',
        contactJobTitle: 'Privacy officer',
        contactPhone: '+31 20 123 4567',
        contactEmail: '',
        dataSubjectCategories: ['residents', 'minors'],
        otherStatesAffected: 'yes',
        otherStates: 'de, be; DE',
        protectionAnswer: 'partly',
        protectionMethods: 'encryption',
      }),
    ).toEqual({
      contact: { name: 'J. de Vries', jobTitle: 'Privacy officer', phone: '+31 20 123 4567', email: null },
      dataSubjectCategories: ['residents', 'minors'],
      crossBorder: { otherStatesAffected: 'yes', states: ['DE', 'BE'], leadAuthority: null },
      protection: { answer: 'partly', methods: ['encryption'], description: null },
    });
    expect(notificationDetailsOf({ recordCountKind: 'range', recordCountMin: '40', recordCountMax: '120', processorChannel: 'email' })).toEqual({
      recordCount: { kind: 'range', min: 40, max: 120 },
      processorNotification: { channel: 'email', explanation: null },
    });
    expect(notificationDetailsOf({ recordCountKind: 'exact', recordCountExact: 'veel' })).toEqual({ recordCount: { kind: 'exact', count: 'veel' } });
    expect(notificationDetailsOf({ recordCountKind: 'unknown' })).toEqual({ recordCount: { kind: 'unknown' } });
  });

  it('gives the domain’s refusals in Dutch and English, the code kept', () => {
    const problem = { type: 'urn:privacy-ledger:problem:late-report-requires-reason', title: 'Unprocessable Content', status: 422, detail: 'the report comes 80 hours after awareness', code: 'late-report-requires-reason' };
    expect(refusalText('nl', problem)).toContain('reden');
    expect(refusalText('en', problem)).toContain('reason');
    expect(refusalText('nl', { ...problem, code: 'something-new' })).toBe('the report comes 80 hours after awareness');
  });
});

describe('which actions the dossier’s state makes sensible', () => {
  const empty = { closure: null, erasure: null, dpoNotifications: [], assessments: [], apReports: [], apReportWithdrawals: [], dataSubjectNotificationWaivers: [], dataSubjectNotificationWaiverRevocations: [], corrections: [], reportedLate: null } as unknown as BreachDossier;

  it('reads a fresh breach as unassessed and unreported', () => {
    expect(stateOf(empty)).toEqual({ closed: false, erased: false, dpoInformed: false, assessed: false, reportable: undefined, highRisk: false, standingReport: false, standingWaiver: false, lateReasonToJudge: false });
  });

  it('sees a standing report until it is withdrawn, and a late reason for the FG to judge', () => {
    const reported = { ...empty, assessments: [{ risk: 'high', reportable: true }], apReports: [{ lateReason: { code: 'other', explanation: 'x' } }], reportedLate: true } as unknown as BreachDossier;
    expect(stateOf(reported)).toMatchObject({ assessed: true, reportable: true, highRisk: true, standingReport: true, lateReasonToJudge: true });
    expect(stateOf({ ...reported, apReportWithdrawals: [{}] } as unknown as BreachDossier).standingReport).toBe(false);
  });
});

describe('the prepared AP form’s hints', () => {
  const context = (can: boolean) => ({ lang: 'nl', can: () => can }) as unknown as PageContext;
  const id = '00000000-0000-4000-8000-000000000001';

  it('names the action that records an open answer, linked when the role may take it', () => {
    expect(hintOf(context(true), id, 'POST /breaches/{id}/notification-details: contact').text).toBe(
      `<a class="utrecht-link" href="/app/breaches/${id}/notification-details">Gegevens voor het AP-formulier aanvullen <span class="pl-code">(contact)</span></a>`,
    );
    expect(hintOf(context(false), id, 'POST /breaches/{id}/root-causes').text).toBe('<span class="pl-muted">Oorzaak vastleggen</span>');
  });

  it('shows any other hint as it is, escaped', () => {
    expect(hintOf(context(true), id, 'geen verwerker <betrokken>').text).toBe('<span class="pl-muted">geen verwerker &lt;betrokken&gt;</span>');
  });
});
