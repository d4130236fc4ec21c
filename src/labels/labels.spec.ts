import { describe, expect, it } from '@jest/globals';
import { AUDIT_KINDS } from '../audits/audit.events.js';
import { CIA_ASPECTS, DATA_SUBJECT_CATEGORIES, INCIDENT_KINDS, LATE_REASON_VERDICTS, LIKELY_CONSEQUENCES, MEASURE_PURPOSES, NOTIFICATION_CHANNELS, PROTECTION_ANSWERS, PROTECTION_METHODS, REPORT_PHASES, RISK_LEVELS, ROOT_CAUSE_CATEGORIES, SEVERITIES, WAIVER_GROUNDS, YES_NO_UNKNOWN } from '../breaches/breach.events.js';
import { LATE_REASON_CODES, LATE_REASONS } from '../breaches/breach.rules.js';
import { ADVICE_FOLLOWED, RESIDUAL_RISKS } from '../dpias/dpia.events.js';
import { SCOPE_CRITERION_KINDS } from '../inquiries/inquiry.events.js';
import { LEGAL_BASES, OWNER_KINDS } from '../processing-register/processing.events.js';
import { DEADLINE_STATUSES } from '../breaches/list-breaches/list-breaches.http.js';
import { withLabels } from './label-json.js';
import { labelOf, VOCABULARIES, type Vocabulary } from './labels.js';

describe('the labels of the codes', () => {
  it('has a Dutch and an English label for every code of every vocabulary the slices define', () => {
    const lists: [Vocabulary, readonly string[]][] = [
      ['lateReason', LATE_REASON_CODES],
      ['deadlineStatus', DEADLINE_STATUSES],
      ['severity', SEVERITIES],
      ['riskLevel', RISK_LEVELS],
      ['incidentKind', INCIDENT_KINDS],
      ['ciaAspect', CIA_ASPECTS],
      ['waiverGround', WAIVER_GROUNDS],
      ['waiverGroundLegal', WAIVER_GROUNDS],
      ['dataSubjectCategory', DATA_SUBJECT_CATEGORIES],
      ['likelyConsequence', LIKELY_CONSEQUENCES],
      ['protectionAnswer', PROTECTION_ANSWERS],
      ['protectionMethod', PROTECTION_METHODS],
      ['yesNoUnknown', YES_NO_UNKNOWN],
      ['rootCauseCategory', ROOT_CAUSE_CATEGORIES],
      ['measurePurpose', MEASURE_PURPOSES],
      ['verdict', LATE_REASON_VERDICTS],
      ['reportPhase', REPORT_PHASES],
      ['notificationChannel', NOTIFICATION_CHANNELS],
      ['residualRisk', RESIDUAL_RISKS],
      ['adviceFollowed', ADVICE_FOLLOWED],
      ['legalBasis', LEGAL_BASES],
      ['ownerKind', OWNER_KINDS],
      ['auditKind', AUDIT_KINDS],
      ['scopeCriterion', SCOPE_CRITERION_KINDS],
    ];
    for (const [vocabulary, codes] of lists) {
      expect([vocabulary, Object.keys(VOCABULARIES[vocabulary]).filter((code) => code !== 'no-reason').sort()]).toEqual([vocabulary, [...codes].sort()]);
    }
    for (const [vocabulary, labels] of Object.entries(VOCABULARIES)) {
      for (const [code, text] of Object.entries(labels)) {
        expect([vocabulary, code, text.nl.trim().length > 0, text.en.trim().length > 0]).toEqual([vocabulary, code, true, true]);
      }
    }
  });

  it('gives the late reasons of the rules their English label from here', () => {
    for (const code of LATE_REASON_CODES) expect(LATE_REASONS[code].label).toBe(VOCABULARIES.lateReason[code].en);
  });

  it('shows a code the vocabulary does not know as itself', () => {
    expect(labelOf('incidentKind', 'phishing', 'nl')).toBe('Phishing');
    expect(labelOf('deadlineStatus', 'reported-late', 'nl')).toBe('Te laat gemeld');
    expect(labelOf('deadlineStatus', 'reported-late', 'en')).toBe('Reported late');
    expect(labelOf('incidentKind', 'dropped-from-a-bridge', 'nl')).toBe('dropped-from-a-bridge');
    expect(labelOf('incidentKind', 'constructor', 'nl')).toBe('constructor');
  });
});

describe('labels in a JSON view', () => {
  const names = { SZW: { nl: 'Sociale Zaken en Werkgelegenheid', en: 'Social Affairs and Employment' } };

  it('adds <field>Label beside each coded field at any depth, and <field>Labels beside a list of codes', () => {
    const view = { items: [{ status: 'reported-late', dienst: 'SZW', nested: { verdict: { verdict: 'accepted' } }, ciaAspects: ['integrity', 'availability'], title: 'at-risk' }], total: 1 };
    const labelled = withLabels(view, { status: 'deadlineStatus', dienst: 'dienst', verdict: 'verdict', ciaAspects: 'ciaAspect' }, 'nl', names);
    expect(labelled).toEqual({
      items: [
        {
          status: 'reported-late',
          statusLabel: 'Te laat gemeld',
          dienst: 'SZW',
          dienstLabel: 'Sociale Zaken en Werkgelegenheid',
          nested: { verdict: { verdict: 'accepted', verdictLabel: 'Aanvaard' } },
          ciaAspects: ['integrity', 'availability'],
          ciaAspectsLabels: ['Integriteit', 'Beschikbaarheid'],
          title: 'at-risk',
        },
      ],
      total: 1,
    });
    expect(view.items[0]).not.toHaveProperty('statusLabel');
  });

  it('never overwrites a field that is there, and leaves nulls, numbers and unknown diensten as they are', () => {
    const labelled = withLabels({ code: 'other', codeLabel: 'kept', dienst: 'ABC', status: null, count: 3 }, { code: 'lateReason', dienst: 'dienst', status: 'deadlineStatus' }, 'en', names);
    expect(labelled).toEqual({ code: 'other', codeLabel: 'kept', dienst: 'ABC', dienstLabel: 'ABC', status: null, count: 3 });
    const at = new Date('2026-01-01T00:00:00Z');
    expect(withLabels({ at }, { at: 'dienst' }, 'nl', names).at).toBe(at);
  });
});
