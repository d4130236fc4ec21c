import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Webhook secrets, one per subscription and generation, derived from the installation's secret
 * (the request-fingerprint key: a file of the data folder, or the shared MongoDB document) with
 * HKDF-SHA256 under a label of their own. So no secret is ever written to the log (which is
 * exported to auditors and the AP), every instance derives the same one, and a rotation is a
 * new generation, recorded as an event.
 */
export class WebhookSecrets {
  constructor(private readonly installationKey: Buffer) {}

  /** The secret in the Standard Webhooks form: `whsec_` and the base64 of 32 bytes. */
  secretOf(subscriptionId: string, generation: number): string {
    const bytes = Buffer.from(hkdfSync('sha256', this.installationKey, Buffer.alloc(0), `privacy-ledger webhook secret ${subscriptionId} ${generation}`, 32));
    return `whsec_${bytes.toString('base64')}`;
  }

  /** What a listing shows of a secret: its prefix and first characters, never enough to sign with. */
  maskedSecretOf(subscriptionId: string, generation: number): string {
    return `${this.secretOf(subscriptionId, generation).slice(0, 10)}…`;
  }
}

/**
 * The Standard Webhooks signature (standardwebhooks.com, "Signature scheme"): HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<body>` with the secret's base64-decoded bytes, sent as
 * `v1,<base64>`. The timestamp is in seconds.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}
