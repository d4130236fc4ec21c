import { describe, expect, it } from '@jest/globals';
import { type ConfigError, loadConfig } from '../config/config.js';

const alertsOf = (env: NodeJS.ProcessEnv) => loadConfig(env, '/srv/ledger').alerts;
const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env, '/srv/ledger');
  } catch (error) {
    return (error as ConfigError).problems;
  }
  throw new Error('no problem found');
};

describe('the alerts configuration', () => {
  it('has the default rules, in Dutch, with nobody to mail until addresses are given', () => {
    const alerts = alertsOf({});
    expect(alerts.rules.map((rule) => [rule.ruleId, rule.kind, rule.hours, rule.recipients])).toEqual([
      ['breach-registered', 'breach-registered', null, ['fg']],
      ['breach-at-risk-24h', 'breach-at-risk', 24, ['privacy-officers', 'fg']],
      ['breach-at-risk-6h', 'breach-at-risk', 6, ['privacy-officers', 'fg']],
      ['breach-overdue', 'breach-overdue', null, ['privacy-officers', 'fg', 'cpo']],
      ['dpo-not-informed-24h', 'dpo-not-informed', 24, ['privacy-officers', 'cpo']],
      ['inquiry-answer-due-48h', 'inquiry-answer-due', 48, ['privacy-officers', 'fg', 'cpo']],
      ['dpia-review-due-0h', 'dpia-review-due', 0, ['privacy-officers', 'cpo']],
      ['recommendation-due-0h', 'recommendation-due', 0, ['privacy-officers', 'cpo']],
    ]);
    expect(alerts).toMatchObject({ language: 'nl', smtp: null, emailPersonalData: true, directory: { fg: [], cpo: [], privacyOfficers: {} }, retry: { maxAttempts: 8, baseMs: 30_000, maxDelayMs: 3_600_000 }, catchUpMs: 72 * 3_600_000 });
  });

  it('reads the recipients per role and per dienst, SMTP with STARTTLS and authentication, and the rules\' hours', () => {
    const alerts = alertsOf({
      ALERT_FG_EMAILS: 'fg@gemeente.example, fg2@gemeente.example',
      ALERT_CPO_EMAILS: 'cpo@gemeente.example',
      ALERT_PRIVACY_OFFICER_EMAILS: 'SZW=a@gemeente.example,b@gemeente.example; *=ecp@gemeente.example',
      ALERT_AT_RISK_HOURS: '12',
      ALERT_DPO_NOT_INFORMED_HOURS: 'none',
      SMTP_HOST: 'smtp.gemeente.example',
      SMTP_USER: 'ledger',
      SMTP_PASSWORD: 'secret',
      SMTP_FROM: 'Privacy Ledger <ledger@gemeente.example>',
      ALERT_LANGUAGE: 'en',
    });
    expect(alerts.directory).toEqual({ fg: ['fg@gemeente.example', 'fg2@gemeente.example'], cpo: ['cpo@gemeente.example'], privacyOfficers: { SZW: ['a@gemeente.example', 'b@gemeente.example'], '*': ['ecp@gemeente.example'] } });
    expect(alerts.smtp).toEqual({ host: 'smtp.gemeente.example', port: 587, tls: 'starttls', rejectUnauthorized: true, user: 'ledger', password: 'secret', from: 'Privacy Ledger <ledger@gemeente.example>', timeoutMs: 30_000 });
    expect(alerts.rules.filter((rule) => rule.kind === 'breach-at-risk').map((rule) => rule.ruleId)).toEqual(['breach-at-risk-12h']);
    expect(alerts.rules.some((rule) => rule.kind === 'dpo-not-informed')).toBe(false);
    expect(alerts.language).toBe('en');
  });

  it('refuses addresses without SMTP, SMTP without a sender, unknown diensten and bad hours, naming the variable', () => {
    expect(problemsOf({ ALERT_FG_EMAILS: 'fg@gemeente.example' })).toEqual([expect.stringMatching(/^SMTP_HOST: required/)]);
    expect(problemsOf({ SMTP_HOST: 'smtp.gemeente.example' })).toEqual([expect.stringMatching(/^SMTP_FROM: required/)]);
    expect(problemsOf({ ALERT_PRIVACY_OFFICER_EMAILS: 'XYZ=a@gemeente.example' })).toEqual([expect.stringMatching(/^ALERT_PRIVACY_OFFICER_EMAILS: XYZ is not one of DIENSTEN/)]);
    expect(problemsOf({ ALERT_PRIVACY_OFFICER_EMAILS: 'SZW=not-an-address' })).toEqual([expect.stringMatching(/^ALERT_PRIVACY_OFFICER_EMAILS: "not-an-address" is not an e-mail address/)]);
    expect(problemsOf({ ALERT_AT_RISK_HOURS: '80' })).toEqual([expect.stringMatching(/^ALERT_AT_RISK_HOURS: each from 1 to 71/)]);
    expect(problemsOf({ ALERT_AT_RISK_HOURS: '24,24' })).toEqual([expect.stringMatching(/each number of hours once/)]);
    expect(problemsOf({ ALERT_CPO_EMAILS: 'cpo' })).toEqual([expect.stringMatching(/^ALERT_CPO_EMAILS: comma-separated e-mail addresses/)]);
    expect(problemsOf({ SMTP_TLS: 'sometimes' })).toEqual([expect.stringMatching(/^SMTP_TLS/)]);
  });
});
