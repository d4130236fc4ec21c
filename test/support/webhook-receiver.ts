import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  readonly id: string;
  readonly payload: { type: string; timestamp: string; data: Record<string, unknown> };
  readonly headers: IncomingHttpHeaders;
}

/**
 * A real HTTP receiver that verifies each delivery with the published `standardwebhooks`
 * library (signature and timestamp) and answers 401 when it does not verify. It can be told
 * to fail the next N deliveries (503), and de-duplicates on webhook-id as a receiver should.
 */
export class WebhookReceiver {
  /** Every verified delivery, duplicates included. */
  readonly received: ReceivedWebhook[] = [];
  /** How many requests were refused for a bad signature. */
  rejected = 0;
  /** Requests answered 503, counting down. */
  failNext = 0;
  /** Requests that arrived at all (verified or not, failed or not). */
  requests = 0;
  secret: string | undefined;
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests += 1;
        const body = Buffer.concat(chunks).toString('utf8');
        if (this.failNext > 0) {
          this.failNext -= 1;
          response.writeHead(503).end();
          return;
        }
        try {
          const payload = new Webhook(this.secret ?? 'whsec_AAAA').verify(body, request.headers as Record<string, string>) as ReceivedWebhook['payload'];
          this.received.push({ id: String(request.headers['webhook-id']), payload, headers: request.headers });
          response.writeHead(204).end();
        } catch {
          this.rejected += 1;
          response.writeHead(401).end();
        }
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', () => resolve()));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/privacy`;
  }

  /** The deliveries once each, by webhook-id, as a receiver de-duplicates them. */
  unique(): ReceivedWebhook[] {
    const seen = new Map<string, ReceivedWebhook>();
    for (const delivery of this.received) if (!seen.has(delivery.id)) seen.set(delivery.id, delivery);
    return [...seen.values()];
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
