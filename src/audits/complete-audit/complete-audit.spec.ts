import { describe, it } from '@jest/globals';
import { auditCompleted, auditCompletedData, context, given } from '../../../test/support/audits/audit-given.js';
import { decideCompleteAudit } from './complete-audit.js';

describe('CompleteAudit', () => {
  const complete = (overrides: Parameters<typeof auditCompletedData>[0] = {}) => (state: Parameters<typeof decideCompleteAudit>[1], at: Parameters<typeof decideCompleteAudit>[2]) =>
    decideCompleteAudit(auditCompletedData(overrides), state, at);

  it('records the audit with its kind, auditor, scope and findings', () => {
    given().when(complete()).then([auditCompleted()]);
  });

  it('records an external audit without findings', () => {
    given().when(complete({ kind: 'external', findings: [] })).then([auditCompleted({ kind: 'external', findings: [] })]);
  });

  it('records the texts without surrounding whitespace', () => {
    given()
      .when(complete({ title: ' Privacy audit 2025 ', auditor: 'Internal Audit Office\n', findings: [{ findingId: ' B1 ', description: ' Breaches are not always reported to the FG.' }] }))
      .then([auditCompleted({ findings: [{ findingId: 'B1', description: 'Breaches are not always reported to the FG.' }] })]);
  });

  it('refuses to record the same audit twice', () => {
    given(auditCompleted()).when(complete()).thenRefused('audit-already-completed');
  });

  it('refuses an audit without a title, an auditor or a scope', () => {
    given().when(complete({ title: ' ' })).thenRefused('audit-requires-title', { field: 'title' });
    given().when(complete({ auditor: '' })).thenRefused('audit-requires-auditor', { field: 'auditor' });
    given().when(complete({ scope: '' })).thenRefused('audit-requires-scope', { field: 'scope' });
  });

  it('refuses a finding without a reference or description, and a reference used twice', () => {
    given().when(complete({ findings: [{ findingId: ' ', description: 'x' }] })).thenRefused('finding-requires-id');
    given().when(complete({ findings: [{ findingId: 'B1', description: '' }] })).thenRefused('finding-requires-description');
    given()
      .when(complete({ findings: [{ findingId: 'B1', description: 'a' }, { findingId: ' B1', description: 'b' }] }))
      .thenRefused('duplicate-finding', { findingId: 'B1' });
  });

  it('refuses a completion in the future', () => {
    given().when(complete({ completedAt: '2026-06-01T12:10:00.000Z' }), context('2026-06-01T12:00:00.000Z')).thenRefused('time-in-future', { field: 'completedAt' });
  });
});
