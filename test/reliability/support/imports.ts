import { multipartBody } from '../../support/providers.ts';
import { type Browser, csrfOf } from './client.ts';

/** Uploads a GIAS file on the import page, as an administrator does; returns the import job's ID. */
export async function uploadGias(
  browser: Browser,
  gias: Buffer,
  filename = 'edubasealldata.csv',
): Promise<string> {
  const page = await browser.get('/admin/imports/gias');
  const body = multipartBody({ _csrf: csrfOf(page.body) }, { gias: { filename, data: gias } });
  const res = await browser.fetch('/admin/imports/gias', {
    method: 'POST',
    headers: { 'content-type': body.contentType },
    body: body.payload,
  });
  const location = res.headers.get('location') ?? '';
  await res.arrayBuffer();
  const id = /^\/admin\/imports\/gias\/([0-9a-f-]{36})$/.exec(location)?.[1];
  if (res.status !== 303 || !id) throw new Error(`uploading answered ${res.status} ${location}`);
  return id;
}

export interface ImportState {
  status: 'waiting' | 'running' | 'succeeded' | 'failed';
  /** The progress line the page shows while it runs, like "Checked 1,000 of 3,000 rows". */
  progress: string;
}

/** The import's state as its page shows it to the administrator. */
export async function importState(browser: Browser, id: string): Promise<ImportState> {
  const page = await browser.get(`/admin/imports/gias/${id}?refresh=off`);
  if (page.status !== 200) throw new Error(`the import's page answered ${page.status}`);
  const progress = /<label class="govuk-label" for="progress">([^<]*)<\/label>/.exec(page.body)?.[1] ?? '';
  if (page.body.includes('GIAS import complete')) return { status: 'succeeded', progress };
  if (page.body.includes('Nothing was imported')) return { status: 'failed', progress };
  return {
    status: /class="govuk-tag[^"]*">\s*Running\s*</.test(page.body) ? 'running' : 'waiting',
    progress,
  };
}

/** Polls the import's page until `done` says so, or fails after `timeoutMs`. */
export async function waitForImport(
  browser: Browser,
  id: string,
  done: (state: ImportState) => boolean,
  timeoutMs: number,
): Promise<ImportState | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const state = await importState(browser, id);
    if (done(state)) return state;
    if (performance.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 200));
  }
}
