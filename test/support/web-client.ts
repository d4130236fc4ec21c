import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A browser without a browser: the web app's pages through Fastify's inject, with a cookie jar and the last page's CSRF token. */
export class WebClient {
  readonly cookies = new Map<string, string>();
  lastPage = '';

  constructor(private readonly app: NestFastifyApplication) {}

  private get fastify() {
    return this.app.getHttpAdapter().getInstance();
  }

  /** The CSRF token of the last page's first form. */
  get csrf(): string {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastPage)?.[1] ?? '';
  }

  async get(url: string) {
    return this.remember(await this.fastify.inject({ method: 'GET', url, headers: this.headers() }));
  }

  /** A form post; `_csrf` is the last page's unless given. */
  async post(url: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries({ _csrf: this.csrf, ...fields })) for (const one of [value].flat()) body.append(name, one);
    return this.remember(await this.fastify.inject({ method: 'POST', url, headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() }));
  }

  async signIn(key: string) {
    await this.get('/app/sign-in');
    return this.post('/app/sign-in', { apiKey: key, back: '/' });
  }

  private headers(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  private remember<R extends { headers: Record<string, unknown>; body: string }>(response: R): R {
    const setCookie = response.headers['set-cookie'];
    for (const line of [setCookie ?? []].flat() as string[]) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) this.lastPage = response.body;
    return response;
  }
}
