import type nodemailer from 'nodemailer';
import type { AlertDelivery } from '../alert.events.js';
import type { AlertText } from '../alert-texts.js';
import type { SmtpConfig } from '../alerts.config.js';
import { signWebhook } from './webhook-secrets.js';

/** A delivery that did not land; `message` is recorded with the attempt (never a secret). */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * E-mail over SMTP with nodemailer: STARTTLS required on the submission port by default,
 * implicit TLS on 465, or plain for a local relay. The alert id is the Message-ID (and
 * X-Alert-Id), so a mail system or a reader can tell a redelivery from a new alert. nodemailer
 * is loaded with the first mail, not with the service (a few MB of heap held for nothing
 * where alerts go by webhook only).
 */
export class EmailChannel {
  private transport: Promise<ReturnType<typeof nodemailer.createTransport>> | undefined;

  constructor(private readonly smtp: SmtpConfig) {}

  private connect(): Promise<ReturnType<typeof nodemailer.createTransport>> {
    const smtp = this.smtp;
    return (this.transport ??= import('nodemailer').then(({ default: mailer }) => mailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.tls === 'implicit',
      requireTLS: smtp.tls === 'starttls',
      ignoreTLS: smtp.tls === 'none',
      tls: { rejectUnauthorized: smtp.rejectUnauthorized },
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      connectionTimeout: smtp.timeoutMs,
      greetingTimeout: smtp.timeoutMs,
      socketTimeout: smtp.timeoutMs,
    })));
  }

  async send(delivery: AlertDelivery, address: string, text: AlertText): Promise<void> {
    try {
      await (await this.connect()).sendMail({
        from: this.smtp.from,
        to: address,
        subject: text.subject,
        text: text.body,
        messageId: `<${delivery.alertId}@privacy-ledger>`,
        headers: { 'X-Alert-Id': delivery.alertId, 'X-Alert-Rule': delivery.ruleId },
      });
    } catch (error) {
      throw new DeliveryError(`smtp: ${(error as Error).message}`.slice(0, 500));
    }
  }

  close(): void {
    void this.transport?.then((transport) => transport.close(), () => undefined);
  }
}

/**
 * A webhook POST signed as Standard Webhooks prescribe: webhook-id (the alert id, the same on
 * every retry, for the receiver to de-duplicate), webhook-timestamp (this attempt's wall-clock
 * time in seconds: receivers check it against theirs to refuse replays) and webhook-signature.
 * Any 2xx answer within the timeout counts as delivered; anything else is a failed attempt.
 */
export async function postWebhook(url: string, secret: string, id: string, body: string, timeoutMs: number, nowSeconds: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'privacy-ledger-alerts',
        'webhook-id': id,
        'webhook-timestamp': String(nowSeconds),
        'webhook-signature': signWebhook(secret, id, nowSeconds, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new DeliveryError(`webhook: ${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause ?? (error as Error).message)}`);
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new DeliveryError(`webhook: HTTP ${response.status}`);
}
