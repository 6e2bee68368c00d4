import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csrfFrom, startTestApp, type TestApp } from '../support/app.ts';
import { addUser, errorSummaryOf, tokenFor, unescapeHtml } from '../support/children.ts';
import { browserFor } from '../support/portals.ts';

/**
 * Consultations and surveys: written with their questions, answered by anyone while open (never
 * after), read as counts and as responses, exported, and tagged with themes by an officer. The
 * test clock reads Monday 2 March 2026.
 */

describe('consultations and surveys', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof browserFor>>;

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    officer = await browserFor(t, (await addUser(t, t.la.code, 'consult', ['programme_manager'])).email);
  });
  after(() => t.close());

  const cookiesOf = (set: string | string[] | undefined) =>
    (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]).join('; ');

  /** Someone with no account answers, from the page's own form. */
  async function answer(id: string, fields: Record<string, string>) {
    const page = await t.app.inject({ url: `/consultations/${id}` });
    return t.app.inject({
      method: 'POST',
      url: `/consultations/${id}`,
      remoteAddress: `203.0.113.${Math.floor(Math.random() * 200) + 1}`,
      headers: {
        cookie: cookiesOf(page.headers['set-cookie']),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
    });
  }

  /** A consultation open from 1 to 15 March 2026 with three questions; its ID and the questions' IDs. */
  async function consultation(opensOn = '2026-03-01', closesOn = '2026-03-15') {
    const made = await officer.post('/engagement/consultations/new', {
      kind: 'consultation',
      title: 'Delegating SEND funding to school clusters',
      summary: 'We propose to delegate the SEND budget to clusters of schools.',
      audiences: 'parents',
      opensOn,
      closesOn,
    });
    assert.equal(made.statusCode, 303, unescapeHtml(made.body).slice(0, 1500));
    const id = String(made.headers.location).split('/')[3]?.split('?')[0] ?? '';
    const questions: Record<string, string>[] = [
      { kind: 'agree', prompt: 'Funding should be delegated to clusters', required: 'yes' },
      {
        kind: 'choice',
        prompt: 'Which matters most?',
        options: 'Educational psychology\nSpecialist support\nInformation and advice',
        required: 'no',
      },
      { kind: 'text', prompt: 'Anything else?', required: 'no' },
    ];
    for (const q of questions)
      assert.equal((await officer.post(`/engagement/consultations/${id}/questions`, q)).statusCode, 303);
    const published = await officer.post(`/engagement/consultations/${id}/publish`);
    assert.equal(published.statusCode, 303);
    const json = (await (await apiAs())('GET', `/api/v1/consultations/${id}`)).json() as {
      questions: { id: string }[];
    };
    return { id, q: json.questions.map((x) => `q-${x.id}`) };
  }
  async function apiAs() {
    const user = await addUser(t, t.la.code, `consult-api-${Math.random().toString(16).slice(2, 8)}`, [
      'programme_manager',
    ]);
    const token = await tokenFor(t, t.la.code, user.id);
    return (method: 'GET' | 'POST', url: string, body?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(body ? { payload: body as object } : {}),
      });
  }

  it('takes answers while open, counts them, and exports one question to a column', async () => {
    const { id, q } = await consultation();
    const [agree, choice, words] = q as [string, string, string];
    assert.match(
      (await t.app.inject({ url: '/consultations' })).body,
      /Delegating SEND funding to school clusters/,
    );
    const first = await answer(id, {
      respondent: 'parents',
      [agree]: 'Agree',
      [choice]: 'Specialist support',
      [words]: 'Keep <b>EPs</b>',
    });
    assert.equal(first.statusCode, 303);
    assert.equal(String(first.headers.location), `/consultations/${id}/thanks`);
    await answer(id, { respondent: 'parents', [agree]: 'Strongly disagree' });
    await answer(id, { respondent: 'parents', [agree]: 'Agree', [choice]: 'Specialist support' });

    const missing = await answer(id, { [choice]: 'Something else' });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(errorSummaryOf(missing.body), [
      { href: '#respondent', text: 'Say who you are answering as' },
      { href: `#${agree}`, text: 'Choose an answer to question 1' },
      { href: `#${choice}`, text: 'Choose one of the answers given to question 2' },
    ]);

    // Three responses: "Agree" twice of 3 answers to question 1 is 67%; "Strongly disagree" once, 33%.
    const page = await officer.get(`/engagement/consultations/${id}`);
    const text = unescapeHtml(page.body).replace(/\s+/g, ' ').replace(/> </g, '><');
    assert.match(text, /1\. Funding should be delegated to clusters \(3 answered\)/);
    const cell = '<td class="govuk-table__cell govuk-table__cell--numeric">';
    assert.ok(text.includes(`>Agree</td>${cell}2</td>${cell}67%`));
    assert.ok(text.includes(`>Strongly disagree</td>${cell}1</td>${cell}33%`));

    // The questions and the counts download as the page shows them.
    const asked = await officer.get(`/engagement/consultations/${id}?table=questions&format=csv`);
    assert.ok(
      asked.body.includes(
        '2,Which matters most?,One of: Educational psychology; Specialist support; Information and advice,No',
      ),
    );
    // 2 of the 3 who answered question 1 agree.
    const counts = await officer.get(`/engagement/consultations/${id}?table=counts&format=csv`);
    assert.ok(
      counts.body.includes('1. Funding should be delegated to clusters,Agree,2,3,'),
      counts.body.slice(0, 400),
    );
    const csv = await officer.get(`/engagement/consultations/${id}?format=csv`);
    assert.equal(csv.statusCode, 200);
    const [head, ...rows] = csv.body.replace(/^\uFEFF/, '').split(/\r?\n/);
    assert.equal(
      head,
      'Received,Answering as,Name,Email,1. Funding should be delegated to clusters,2. Which matters most?,3. Anything else?,Themes',
    );
    assert.ok(rows.some((r) => /,Parents and carers,,,Agree,Specialist support,Keep <b>EPs<\/b>,$/.test(r)));
  });

  it('refuses an answer once it has closed, naming the day, and before it opens', async () => {
    // Closed on Sunday 1 March 2026, the day before the test clock's.
    const closed = await consultation('2026-02-01', '2026-03-05');
    t.clock.advance(5 * 24 * 60); // Saturday 7 March 2026
    try {
      const form = await t.app.inject({ url: `/consultations/${closed.id}` });
      assert.doesNotMatch(form.body, /Send my answers/);
      // A form opened before it closed, sent after.
      const late = await t.app.inject({
        method: 'POST',
        url: `/consultations/${closed.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ respondent: 'parents', [closed.q[0] ?? '']: 'Agree' }).toString(),
      });
      assert.equal(late.statusCode, 403, 'no token, no answer');
      const api = await apiAs();
      const entered = await api('POST', `/api/v1/consultations/${closed.id}/responses`, {
        respondent: 'parents',
        answers: { [(closed.q[0] ?? '').slice(2)]: 'Agree' },
      });
      assert.equal(entered.statusCode, 422);
      assert.match(
        String((entered.json() as { detail: string }).detail),
        /This consultation closed on 5 March 2026: it takes no more answers/,
      );
    } finally {
      t.clock.advance(-5 * 24 * 60);
    }
    const upcoming = await consultation('2026-04-01', '2026-04-30');
    const early = await answer(upcoming.id, { respondent: 'parents' });
    assert.equal(early.statusCode, 403, 'an upcoming consultation shows no form');
    const api = await apiAs();
    const tooEarly = await api('POST', `/api/v1/consultations/${upcoming.id}/responses`, {
      respondent: 'parents',
      answers: { [(upcoming.q[0] ?? '').slice(2)]: 'Agree' },
    });
    assert.equal(tooEarly.statusCode, 422);
    assert.match(String((tooEarly.json() as { detail: string }).detail), /opens on 1 April 2026/);
  });

  it('lets an officer tag responses with themes, and counts them', async () => {
    const { id, q } = await consultation();
    await answer(id, {
      respondent: 'parents',
      [q[0] ?? '']: 'Disagree',
      [q[2] ?? '']: 'Waiting too long for an EP',
    });
    await answer(id, { respondent: 'parents', [q[0] ?? '']: 'Agree' });
    for (const name of ['Waiting times', 'Trust in schools'])
      assert.equal((await officer.post(`/engagement/consultations/${id}/themes`, { name })).statusCode, 303);
    const dup = await officer.post(`/engagement/consultations/${id}/themes`, { name: 'waiting TIMES' });
    assert.equal(dup.statusCode, 409);
    const api = await apiAs();
    const read = (await api('GET', `/api/v1/consultations/${id}`)).json() as {
      themes: { id: string; name: string }[];
    };
    const waiting = read.themes.find((x) => x.name === 'Waiting times')?.id ?? '';
    const responses = (await api('GET', `/api/v1/consultations/${id}/responses`)).json() as {
      responses: { id: string }[];
    };
    const first = responses.responses[0]?.id ?? '';
    const tagged = await officer.post(`/engagement/consultations/${id}/responses/${first}`, {
      themes: waiting,
    });
    assert.equal(tagged.statusCode, 303);
    const bogus = await officer.post(`/engagement/consultations/${id}/responses/${first}`, {
      themes: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(bogus.statusCode, 400);
    const after = (await api('GET', `/api/v1/consultations/${id}`)).json() as {
      themes: { name: string; responses: number }[];
    };
    assert.deepEqual(
      after.themes.map((x) => [x.name, x.responses]),
      [
        ['Trust in schools', 0],
        ['Waiting times', 1],
      ],
    );
    const page = await officer.get(`/engagement/consultations/${id}`);
    assert.match(page.body, /1 of 2 responses are not yet tagged/);
    const counts = await officer.get(`/engagement/consultations/${id}?table=counts&format=csv`);
    assert.ok(counts.body.includes('Themes tagged,Waiting times,1,2,'));
  });

  it('keeps a published consultation’s questions, and is the LA’s own', async () => {
    const { id } = await consultation();
    const more = await officer.post(`/engagement/consultations/${id}/questions`, {
      kind: 'text',
      prompt: 'Another?',
    });
    assert.equal(more.statusCode, 422);
    const noOptions = await officer.post('/engagement/consultations/new', {
      kind: 'survey',
      title: 'X',
      summary: 'Y',
      audiences: 'sencos',
      opensOn: '2026-03-10',
      closesOn: '2026-03-09',
    });
    assert.deepEqual(errorSummaryOf(noOptions.body), [
      { href: '#closesOn', text: 'It must close on or after the day it opens' },
    ]);
    const other = await browserFor(
      t,
      (await addUser(t, t.otherLa.code, 'consult', ['programme_manager'])).email,
    );
    assert.equal((await other.get(`/engagement/consultations/${id}`)).statusCode, 404);
    const parent = await browserFor(t, t.la.users.parent.email);
    assert.equal((await parent.get('/engagement/consultations')).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/consultations/not-an-id' })).statusCode, 404);
  });
});
