/**
 * HTTP as the service's users send it, over real sockets: a browser that keeps its cookies and
 * posts forms with their CSRF token, and an API client with a personal token.
 */

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  /** The cookies to send, as a browser would: a session found on one server works on another. */
  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Copies another browser's cookies, as when a load balancer sends the next request elsewhere. */
  withCookiesOf(other: Browser): this {
    for (const c of other.cookieHeader.split('; ').filter(Boolean)) {
      const i = c.indexOf('=');
      this.cookies.set(c.slice(0, i), c.slice(i + 1));
    }
    return this;
  }

  async fetch(pathname: string, init: RequestInit = {}, timeoutMs = 120_000): Promise<Response> {
    const res = await fetch(`${this.base}${pathname}`, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'text/html', cookie: this.cookieHeader, ...init.headers },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(pathname: string): Promise<{ status: number; body: string; res: Response }> {
    const res = await this.fetch(pathname);
    return { status: res.status, body: await res.text(), res };
  }

  /** Posts a form with the CSRF token of the page it is on, as the browser does. */
  async postForm(
    formPath: string,
    action: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; body: string; res: Response }> {
    const form = await this.get(formPath);
    const res = await this.fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfOf(form.body), ...fields }).toString(),
    });
    return { status: res.status, body: await res.text(), res };
  }

  /** Signs in through the form; the answer's status (303 when signed in). */
  async signIn(email: string, password: string): Promise<number> {
    return (await this.postForm('/sign-in', '/sign-in', { email, password })).status;
  }

  async signInOrFail(email: string, password: string): Promise<this> {
    const status = await this.signIn(email, password);
    if (status !== 303) throw new Error(`signing in as ${email} answered ${status}`);
    return this;
  }

  async signOut(): Promise<number> {
    return (await this.postForm('/account/password', '/sign-out', {})).status;
  }

  /** Creates a personal API token on the account's tokens page and reads it off the page shown once. */
  async createToken(name: string, days = 7): Promise<string> {
    const r = await this.postForm('/account/tokens', '/account/tokens', { name, days: String(days) });
    const token = /osk_\d{3}_[A-Za-z0-9_-]{43}/.exec(r.body)?.[0];
    if (r.status !== 200 || !token) throw new Error(`creating a token answered ${r.status}`);
    return token;
  }

  /** Revokes the token of that name through its button on the tokens page. */
  async revokeToken(name: string): Promise<number> {
    const page = await this.get('/account/tokens');
    const row = page.body.split('<tr').find((r) => r.includes(`>${name}<`));
    const action = row && /action="(\/account\/tokens\/[0-9a-f-]{36}\/revoke)"/.exec(row)?.[1];
    if (!action) throw new Error(`no token named ${name} to revoke`);
    return (await this.postForm('/account/tokens', action, {})).status;
  }
}

export interface ApiAnswer<T = unknown> {
  status: number;
  type: string;
  json: T;
  headers: Headers;
}

/** The JSON API with a bearer token. */
export function apiClient(base: string, token: string) {
  const call = async <T>(method: string, pathname: string, body?: unknown): Promise<ApiAnswer<T>> => {
    const res = await fetch(`${base}${pathname}`, {
      method,
      signal: AbortSignal.timeout(120_000),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      json: json as T,
      headers: res.headers,
    };
  };
  return {
    get: <T = unknown>(pathname: string) => call<T>('GET', pathname),
    post: <T = unknown>(pathname: string, body: unknown) => call<T>('POST', pathname, body),
    patch: <T = unknown>(pathname: string, body: unknown) => call<T>('PATCH', pathname, body),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
