import { csrfFrom, signInCookies, type TestApp } from './app.ts';

/**
 * A person signed in through the browser for the portals' tests: pages fetched, forms posted
 * (urlencoded, or multipart with the CSRF token first as the form sends it), as a browser would.
 */
export async function browserFor(t: TestApp, email: string) {
  const cookie = await signInCookies(t.app, email);
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
  const csrf = async () => csrfFrom((await get('/account/password')).body);
  return {
    get,
    async post(url: string, fields: Record<string, string> = {}) {
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: await csrf(), ...fields }).toString(),
      });
    },
    async upload(url: string, fields: Record<string, string>, file?: { name: string; data: Buffer }) {
      const boundary = `----portal${Math.random().toString(16).slice(2)}`;
      const parts: Buffer[] = Object.entries({ _csrf: await csrf(), ...fields }).map(([name, value]) =>
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
      if (file)
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          file.data,
          Buffer.from('\r\n'),
        );
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      });
    },
  };
}
