/** Signs in through the real form, as a browser would, and returns the cookies a page request needs. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const csrfCookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = (res.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('opensend_session='));
  if (res.status !== 303 || !session) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return `${csrfCookie}; ${session}`;
}
