import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the SMTP server received it: envelope, decoded headers and text, and how it came (TLS, user). */
export interface ReceivedMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly alertId: string;
  readonly ruleId: string;
  readonly text: string;
  readonly secure: boolean;
  readonly user: string | undefined;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuoted(text.replace(/_/g, ' ')),
  );
}

function decodeQuoted(text: string): string {
  const bytes: number[] = [];
  const plain = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < plain.length; i += 1) {
    if (plain[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(plain.slice(i + 1, i + 3))) {
      bytes.push(parseInt(plain.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(plain[i] as string, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parse(raw: string, to: string[], secure: boolean, user: string | undefined): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => decodeWords(head.split('\r\n').find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? '');
  const transfer = header('Content-Transfer-Encoding').toLowerCase();
  const text = transfer === 'quoted-printable' ? decodeQuoted(body) : transfer === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { to, subject: header('Subject'), messageId: header('Message-ID'), alertId: header('X-Alert-Id'), ruleId: header('X-Alert-Rule'), text, secure, user };
}

/**
 * A real SMTP server (the `smtp-server` package) in the test process: STARTTLS with its built-in
 * test certificate, AUTH PLAIN/LOGIN with one user, every mail kept. No mail leaves the machine.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private readonly server: SMTPServer;
  /** While > 0, each mail is refused with a temporary error (451), counting down. */
  refuseNext = 0;

  private constructor(readonly user: string, readonly password: string) {
    this.server = new SMTPServer({
      secure: false,
      logger: false,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, _session, callback) => {
        if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
        else callback(new Error('invalid credentials'));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.refuseNext > 0) {
            this.refuseNext -= 1;
            const error = new Error('try again later') as Error & { responseCode: number };
            error.responseCode = 451;
            callback(error);
            return;
          }
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          this.mails.push(parse(Buffer.concat(chunks).toString('utf8'), to, session.secure, typeof session.user === 'string' ? session.user : undefined));
          callback();
        });
      },
    });
  }

  static async start(user = 'ledger', password = 'smtp-secret'): Promise<SmtpSink> {
    const sink = new SmtpSink(user, password);
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', () => resolve()));
    return sink;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** The service's SMTP settings for this server: STARTTLS required, its test certificate accepted. */
  env(): NodeJS.ProcessEnv {
    return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(this.port), SMTP_TLS: 'starttls', SMTP_TLS_REJECT_UNAUTHORIZED: 'false', SMTP_USER: this.user, SMTP_PASSWORD: this.password, SMTP_FROM: 'Privacy Ledger <ledger@gemeente.example>' };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
