import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AlertLanguage } from './alert-texts.js';
import type { RecipientRole } from './alert.events.js';
import type { RecipientDirectory, RetryPolicy } from './alert.rules.js';
import type { AlertRule } from './alerting.state.js';

/**
 * The alerts' settings from the environment (listed in the README's configuration table):
 * the default rules, the e-mail addresses of each role, SMTP, retries. Read once at start;
 * a bad value stops the service naming the variable.
 */

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** starttls: upgrade on the submission port and refuse to send without it; implicit: TLS from the first byte (465); none: plain (a local relay only). */
  readonly tls: 'starttls' | 'implicit' | 'none';
  readonly rejectUnauthorized: boolean;
  readonly user?: string;
  readonly password?: string;
  readonly from: string;
  readonly timeoutMs: number;
}

export interface AlertsConfig {
  readonly pollMs: number;
  readonly language: AlertLanguage;
  readonly rules: readonly AlertRule[];
  readonly directory: RecipientDirectory;
  readonly smtp: SmtpConfig | null;
  /** Whether e-mails may carry a breach's title (personal data). */
  readonly emailPersonalData: boolean;
  readonly retry: RetryPolicy;
  readonly catchUpMs: number;
  readonly webhookTimeoutMs: number;
  readonly webhookAllowHttp: boolean;
}

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const bool = (fallback: 'true' | 'false') => z.enum(['true', 'false']).default(fallback).transform((value) => value === 'true');
const email = /^[^\s@,;=]+@[^\s@,;=]+\.[^\s@,;=]+$/;
const emails = z
  .string()
  .default('')
  .transform((list) => list.split(',').map((address) => address.trim()).filter(Boolean))
  .refine((list) => list.every((address) => email.test(address)), 'comma-separated e-mail addresses');
const hoursList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    // An empty variable counts as unset (the default): `none` turns the rule off.
    .transform((list) => (list.trim() === 'none' ? [] : list.split(',').map((hours) => hours.trim()).filter(Boolean).map(Number)))
    .refine((list) => list.every((hours) => Number.isInteger(hours) && hours >= 0 && hours <= 8760), 'comma-separated whole hours (0 to 8760), or none');

const environment = z.object({
  ALERT_POLL_MS: int(10, 3_600_000, 15_000),
  ALERT_LANGUAGE: z.enum(['nl', 'en']).default('nl'),
  ALERT_FG_EMAILS: emails,
  ALERT_CPO_EMAILS: emails,
  ALERT_PRIVACY_OFFICER_EMAILS: z.string().default(''),
  ALERT_AT_RISK_HOURS: hoursList('24,6').refine((list) => list.every((hours) => hours >= 1 && hours <= 71), 'each from 1 to 71'),
  ALERT_DPO_NOT_INFORMED_HOURS: hoursList('24').refine((list) => list.every((hours) => hours >= 1 && hours <= 720), 'each from 1 to 720'),
  ALERT_INQUIRY_DUE_HOURS: hoursList('48'),
  ALERT_DPIA_REVIEW_DUE_HOURS: hoursList('0'),
  ALERT_RECOMMENDATION_DUE_HOURS: hoursList('0'),
  ALERT_EMAIL_PERSONAL_DATA: bool('true'),
  ALERT_MAX_ATTEMPTS: int(1, 100, 8),
  ALERT_RETRY_BASE_SECONDS: int(1, 86_400, 30),
  ALERT_RETRY_MAX_SECONDS: int(1, 604_800, 3600),
  ALERT_CATCH_UP_HOURS: int(1, 8760, 72),
  ALERT_WEBHOOK_TIMEOUT_MS: int(100, 60_000, 10_000),
  ALERT_WEBHOOK_ALLOW_HTTP: bool('false'),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: int(1, 65535, 587),
  SMTP_TLS: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
  SMTP_TLS_REJECT_UNAUTHORIZED: bool('true'),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_PASSWORD_FILE: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SMTP_TIMEOUT_MS: int(100, 600_000, 30_000),
});

export class AlertsConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** `DBV=a@x,b@x;OCW=c@x;*=ecp@x`: per dienst, `*` for every dienst without its own. */
function parseOfficers(text: string, diensten: readonly string[]): Record<string, string[]> {
  const directory: Record<string, string[]> = {};
  for (const entry of text.split(';').map((part) => part.trim()).filter(Boolean)) {
    const equals = entry.indexOf('=');
    const dienst = entry.slice(0, equals).trim();
    const addresses = entry.slice(equals + 1).split(',').map((address) => address.trim()).filter(Boolean);
    if (equals <= 0 || addresses.length === 0) throw new AlertsConfigError([`ALERT_PRIVACY_OFFICER_EMAILS: ${JSON.stringify(entry)}: expected <dienst>=<address>,<address>`]);
    if (dienst !== '*' && !diensten.includes(dienst)) throw new AlertsConfigError([`ALERT_PRIVACY_OFFICER_EMAILS: ${dienst} is not one of DIENSTEN (${diensten.join(', ')}) nor *`]);
    if (directory[dienst]) throw new AlertsConfigError([`ALERT_PRIVACY_OFFICER_EMAILS: ${dienst} twice`]);
    const bad = addresses.find((address) => !email.test(address));
    if (bad !== undefined) throw new AlertsConfigError([`ALERT_PRIVACY_OFFICER_EMAILS: ${JSON.stringify(bad)} is not an e-mail address`]);
    directory[dienst] = addresses;
  }
  return directory;
}

const rule = (ruleId: string, kind: AlertRule['kind'], hours: number | null, recipients: readonly RecipientRole[]): AlertRule => ({ ruleId, kind, hours, recipients, enabled: true, source: 'configuration' });

/**
 * The default rules. Recipients: the FG hears of every breach when it is registered (Art.
 * 38(1)) and when one is about to be late; the privacy officers of the breach's dienst whenever
 * something is due; the CPO, who leads them, when a deadline has passed or the FG was not informed.
 */
function defaultRules(e: z.infer<typeof environment>): AlertRule[] {
  return [
    rule('breach-registered', 'breach-registered', null, ['fg']),
    ...e.ALERT_AT_RISK_HOURS.map((hours) => rule(`breach-at-risk-${hours}h`, 'breach-at-risk', hours, ['privacy-officers', 'fg'])),
    rule('breach-overdue', 'breach-overdue', null, ['privacy-officers', 'fg', 'cpo']),
    ...e.ALERT_DPO_NOT_INFORMED_HOURS.map((hours) => rule(`dpo-not-informed-${hours}h`, 'dpo-not-informed', hours, ['privacy-officers', 'cpo'])),
    ...e.ALERT_INQUIRY_DUE_HOURS.map((hours) => rule(`inquiry-answer-due-${hours}h`, 'inquiry-answer-due', hours, ['privacy-officers', 'fg', 'cpo'])),
    ...e.ALERT_DPIA_REVIEW_DUE_HOURS.map((hours) => rule(`dpia-review-due-${hours}h`, 'dpia-review-due', hours, ['privacy-officers', 'cpo'])),
    ...e.ALERT_RECOMMENDATION_DUE_HOURS.map((hours) => rule(`recommendation-due-${hours}h`, 'recommendation-due', hours, ['privacy-officers', 'cpo'])),
  ];
}

export function loadAlertsConfig(present: Readonly<Record<string, string | undefined>>, diensten: readonly string[]): AlertsConfig {
  const parsed = environment.safeParse(present);
  if (!parsed.success) throw new AlertsConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const e = parsed.data;
  const directory: RecipientDirectory = { fg: e.ALERT_FG_EMAILS, cpo: e.ALERT_CPO_EMAILS, privacyOfficers: parseOfficers(e.ALERT_PRIVACY_OFFICER_EMAILS, diensten) };
  const anyAddress = directory.fg.length + directory.cpo.length + Object.keys(directory.privacyOfficers).length > 0;
  if (anyAddress && !e.SMTP_HOST) throw new AlertsConfigError(['SMTP_HOST: required once ALERT_FG_EMAILS, ALERT_CPO_EMAILS or ALERT_PRIVACY_OFFICER_EMAILS names an address']);
  if (e.SMTP_HOST && !e.SMTP_FROM) throw new AlertsConfigError(['SMTP_FROM: required with SMTP_HOST (the sender of the alerts)']);
  if (e.SMTP_PASSWORD && e.SMTP_PASSWORD_FILE) throw new AlertsConfigError(['SMTP_PASSWORD and SMTP_PASSWORD_FILE: set one of them']);
  if ((e.SMTP_PASSWORD || e.SMTP_PASSWORD_FILE) && !e.SMTP_USER) throw new AlertsConfigError(['SMTP_USER: required with SMTP_PASSWORD(_FILE)']);
  let password = e.SMTP_PASSWORD;
  if (e.SMTP_PASSWORD_FILE) {
    try {
      password = readFileSync(e.SMTP_PASSWORD_FILE, 'utf8').trim();
    } catch (error) {
      throw new AlertsConfigError([`SMTP_PASSWORD_FILE: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  }
  const rules = defaultRules(e);
  if (new Set(rules.map((r) => r.ruleId)).size !== rules.length) throw new AlertsConfigError(['ALERT_*_HOURS: each number of hours once per list']);
  return {
    pollMs: e.ALERT_POLL_MS,
    language: e.ALERT_LANGUAGE,
    rules,
    directory,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          tls: e.SMTP_TLS,
          rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
          ...(e.SMTP_USER ? { user: e.SMTP_USER } : {}),
          ...(password ? { password } : {}),
          from: e.SMTP_FROM as string,
          timeoutMs: e.SMTP_TIMEOUT_MS,
        }
      : null,
    emailPersonalData: e.ALERT_EMAIL_PERSONAL_DATA,
    retry: { maxAttempts: e.ALERT_MAX_ATTEMPTS, baseMs: e.ALERT_RETRY_BASE_SECONDS * 1000, maxDelayMs: e.ALERT_RETRY_MAX_SECONDS * 1000 },
    catchUpMs: e.ALERT_CATCH_UP_HOURS * 3_600_000,
    webhookTimeoutMs: e.ALERT_WEBHOOK_TIMEOUT_MS,
    webhookAllowHttp: e.ALERT_WEBHOOK_ALLOW_HTTP,
  };
}
