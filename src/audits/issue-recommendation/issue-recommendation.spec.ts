import { describe, it } from '@jest/globals';
import { auditCompleted, context, given, issued, issuedData } from '../../../test/support/audits/audit-given.js';
import { decideIssueRecommendation } from './issue-recommendation.js';

describe('IssueRecommendation', () => {
  const issue = (overrides: Parameters<typeof issuedData>[0] = {}) => (state: Parameters<typeof decideIssueRecommendation>[1], at: Parameters<typeof decideIssueRecommendation>[2]) =>
    decideIssueRecommendation(issuedData(overrides), state, at);

  it('records the recommendation for its finding and dienst', () => {
    given(auditCompleted()).when(issue()).then([issued()]);
  });

  it('records a recommendation tied to no finding and without a due date', () => {
    given(auditCompleted()).when(issue({ findingId: null, dueAt: null })).then([issued({ findingId: null, dueAt: null })]);
  });

  it('records the description without surrounding whitespace', () => {
    given(auditCompleted()).when(issue({ description: ' Inform the FG of every breach within one working day.\n' })).then([issued()]);
  });

  it('refuses the same recommendation twice', () => {
    given(auditCompleted(), issued()).when(issue()).thenRefused('recommendation-already-issued');
  });

  it('refuses a finding the audit does not have', () => {
    given(auditCompleted()).when(issue({ findingId: 'B9' })).thenRefused('unknown-finding', { findingId: 'B9' });
  });

  it('refuses a dienst that is not configured', () => {
    given(auditCompleted()).when(issue({ dienst: 'XYZ' })).thenRefused('unknown-dienst', { dienst: 'XYZ' });
  });

  it('refuses a recommendation without a description', () => {
    given(auditCompleted()).when(issue({ description: '  ' })).thenRefused('recommendation-requires-description');
  });

  it('refuses a recommendation issued before the audit was completed', () => {
    given(auditCompleted()).when(issue({ issuedAt: '2026-02-01T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'issuedAt', mustNotBeBefore: 'completedAt' });
  });

  it('refuses a due date before the issue', () => {
    given(auditCompleted()).when(issue({ dueAt: '2026-02-02T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'dueAt' });
  });

  it('refuses an issue in the future', () => {
    given(auditCompleted()).when(issue({ issuedAt: '2026-06-02T00:00:00.000Z' }), context()).thenRefused('time-in-future', { field: 'issuedAt' });
  });

  it('refuses a recommendation on an audit that was never recorded', () => {
    given().when(issue()).thenRefused('audit-not-completed');
  });
});
