import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { runEventsDaily } from '../../src/modules/engagement/events/job.ts';
import { csrfFrom, startTestApp, type TestApp } from '../support/app.ts';
import { addUser, errorSummaryOf, tokenFor, unescapeHtml } from '../support/children.ts';
import { browserFor } from '../support/portals.ts';
import { bodyOf, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

/**
 * Events and focus groups: booked by anyone at /events, a waiting list that moves up when someone
 * cancels, reminders and feedback through the outbox (delivered to a real SMTP server), who came,
 * and an iCalendar file. The test clock starts on Monday 2 March 2026 at 9am (GMT).
 */

describe('events and focus groups', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let officer: Awaited<ReturnType<typeof browserFor>>;
  let officerEmail: string;

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({
      PUBLIC_LA: '926',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Norfolk SEND <send@norfolk.example.org>',
      PUBLIC_URL: 'https://send.norfolk.example.org',
    });
    const user = await addUser(t, t.la.code, 'events', ['programme_manager']);
    officerEmail = user.email;
    officer = await browserFor(t, user.email);
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  /** An event set up through the officers' form; its ID. */
  async function setUp(fields: Record<string, string> = {}): Promise<string> {
    const res = await officer.post('/engagement/events/new', {
      kind: 'focus-group',
      title: 'Reshaping SEN services: focus group',
      summary: 'Why we are doing this, our ideas so far, and your questions.',
      audiences: 'parents',
      venueName: "King's Lynn Town Hall",
      venueAddress: 'Saturday Market Place',
      venuePostcode: 'PE30 5DQ',
      accessibility: 'Step-free access; hearing loop.',
      day: '10',
      month: '3',
      year: '2026',
      starts: '13:30',
      ends: '16:30',
      capacity: '2',
      contact: 'Additional Needs Project, 01603 222222',
      status: 'published',
      ...fields,
    });
    assert.equal(res.statusCode, 303, unescapeHtml(res.body).slice(0, 2000));
    return String(res.headers.location).split('/')[3]?.split('?')[0] ?? '';
  }

  /** Someone with no account books: the page's form, its token and cookie, as a browser sends them. */
  async function bookAs(eventId: string, name: string, email: string, extra: Record<string, string> = {}) {
    const page = await t.app.inject({ url: `/events/${eventId}` });
    const cookies = cookiesOf(page.headers['set-cookie']);
    return t.app.inject({
      method: 'POST',
      url: `/events/${eventId}`,
      remoteAddress: `198.51.100.${Math.floor(Math.random() * 200) + 1}`,
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({
        _csrf: csrfFrom(page.body),
        name,
        email,
        audience: 'parents',
        ...extra,
      }).toString(),
    });
  }
  const cookiesOf = (set: string | string[] | undefined) =>
    (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]).join('; ');
  const tokenOf = (location: unknown) => /\/events\/bookings\/([^?]+)/.exec(String(location))?.[1] ?? '';

  it('books places until the event is full, then queues people in order, and moves the queue up when someone cancels', async () => {
    const id = await setUp();
    const listed = await t.app.inject({ url: '/events' });
    assert.match(listed.body, /Reshaping SEN services: focus group/);
    // 10 March 2026 is a Tuesday; 13:30 GMT.
    assert.match(unescapeHtml(listed.body), /Tuesday 10 March 2026, 1:30pm to 4:30pm/);
    assert.match(listed.body, /2 of 2 places left/);

    const ann = await bookAs(id, 'Ann Parent', 'ann@example.org', { needs: 'A quiet space <b>please</b>' });
    assert.equal(ann.statusCode, 303);
    const annPage = await t.app.inject({ url: String(ann.headers.location) });
    assert.match(annPage.body, /You have a place/);
    assert.equal(annPage.headers['cache-control'], 'no-store');
    assert.equal(annPage.headers['referrer-policy'], 'no-referrer');
    const bob = await bookAs(id, 'Bob Parent', 'bob@example.org');
    const cat = await bookAs(id, 'Cat Parent', 'cat@example.org');
    const dan = await bookAs(id, 'Dan Parent', 'dan@example.org');
    // Capacity 2: Ann and Bob have places; Cat is first on the list, Dan second.
    const catPage = await t.app.inject({ url: String(cat.headers.location) });
    assert.match(catPage.body, /You are on the waiting list/);
    assert.match(catPage.body, /Number <strong>1<\/strong> on the list/);
    const danPage = await t.app.inject({ url: String(dan.headers.location) });
    assert.match(danPage.body, /Number <strong>2<\/strong> on the list/);
    const full = await t.app.inject({ url: `/events/${id}` });
    assert.match(full.body, /Join the waiting list/);

    // Bob cancels: Cat, the first on the list, takes his place and is emailed; Dan moves to 1.
    const bobToken = tokenOf(bob.headers.location);
    const bobPage = await t.app.inject({ url: `/events/bookings/${bobToken}` });
    const cookie = cookiesOf(bobPage.headers['set-cookie']);
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/events/bookings/${bobToken}/cancel`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(bobPage.body) }).toString(),
    });
    assert.equal(cancelled.statusCode, 303);
    assert.match((await t.app.inject({ url: String(cat.headers.location) })).body, /You have a place/);
    assert.match(
      (await t.app.inject({ url: String(dan.headers.location) })).body,
      /Number 1 on the waiting list/,
    );

    // Five emails: four bookings and Cat's place. Cat's has a link of its own that opens her booking.
    const mail = await smtp.waitFor(5);
    const toCat = mail.filter((m) => m.to.includes('cat@example.org')).map(bodyOf);
    assert.equal(toCat.length, 2);
    const catLink = /https:\/\/send\.norfolk\.example\.org\/events\/bookings\/([A-Za-z0-9_-]+)/.exec(
      toCat.find((b) => /A place has come up/.test(b)) ?? '',
    )?.[1];
    assert.ok(catLink);
    assert.match((await t.app.inject({ url: `/events/bookings/${catLink}` })).body, /You have a place/);

    // The officers see places, the queue, and what people asked for, as text.
    const page = await officer.get(`/engagement/events/${id}`);
    assert.match(page.body, /Waiting list, number 1/);
    assert.match(page.body, /A quiet space &lt;b&gt;please&lt;\/b&gt;/);
    assert.doesNotMatch(page.body, /<b>please<\/b>/);
    // The officer's home page counts it among the events in the next four weeks, full with people waiting.
    const home = await officer.get('/');
    assert.match(
      unescapeHtml(home.body),
      /1 event<\/a> in the next four weeks, 1 full with people waiting\./,
    );
    const csv = await officer.get(`/engagement/events/${id}?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /^\uFEFFName,Email/);
    assert.match(csv.body, /Cat Parent,cat@example.org/);
  });

  it('refuses a double booking, and names what is wrong with a booking', async () => {
    const id = await setUp({ capacity: '10' });
    assert.equal((await bookAs(id, 'Eve Parent', 'eve@example.org')).statusCode, 303);
    const again = await bookAs(id, 'Eve Parent', 'EVE@example.org');
    assert.equal(again.statusCode, 409);
    assert.deepEqual(errorSummaryOf(again.body), [
      {
        href: '#email',
        text: 'EVE@example.org already has a place (or a place in the queue) for this event: use the link in the email we sent to change it',
      },
    ]);
    const bad = await bookAs(id, '', 'not an email', { audience: 'dragons' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(bad.body).map((e) => e.href),
      ['#name', '#email', '#audience'],
    );
    const unknown = await t.app.inject({ url: '/events/00000000-0000-4000-8000-000000000000' });
    assert.equal(unknown.statusCode, 404);
    const nonsense = await t.app.inject({ url: '/events/bookings/nonsense' });
    assert.equal(nonsense.statusCode, 404);
  });

  it('gives an iCalendar file with the event in UTC', async () => {
    // 11 July 2012 falls in summer time: 13:30 in London is 12:30 UTC.
    const id = await setUp({ day: '11', month: '7', year: '2026', starts: '13:30', ends: '16:00' });
    const ics = await t.app.inject({ url: `/events/${id}/calendar.ics` });
    assert.equal(ics.statusCode, 200);
    assert.match(String(ics.headers['content-type']), /^text\/calendar/);
    assert.match(ics.body, /\r\nDTSTART:20260711T123000Z\r\n/);
    assert.match(ics.body, /\r\nDTEND:20260711T150000Z\r\n/);
    assert.match(ics.body, /\r\nLOCATION:King's Lynn Town Hall\\, Saturday Market Place\\, PE30 5DQ\r\n/);
  });

  it('reminds people two days before, asks those who came for feedback after, and takes it once', async () => {
    // Thursday 5 March 2026, 10am to midday.
    const id = await setUp({
      day: '5',
      month: '3',
      year: '2026',
      starts: '10:00',
      ends: '12:00',
      capacity: '5',
    });
    const fay = await bookAs(id, 'Fay Parent', 'fay@example.org');
    const gus = await bookAs(id, 'Gus Parent', 'gus@example.org');
    const fayToken = tokenOf(fay.headers.location);

    // On Monday 2 March, Thursday is three days off: no reminder. On Tuesday 3 March it is two.
    const monday = await runEventsDaily(t.database.app, t.la.code, '2026-03-02', undefined, t.clock());
    assert.equal(monday.reminders, 0);
    const tuesday = await runEventsDaily(t.database.app, t.la.code, '2026-03-03', undefined, t.clock());
    assert.equal(tuesday.reminders, 2);
    const again = await runEventsDaily(t.database.app, t.la.code, '2026-03-04', undefined, t.clock());
    assert.equal(again.reminders, 0, 'once per booking');

    // Feedback before the event is refused.
    const early = await postAs(`/events/bookings/${fayToken}/feedback`, { rating: '5' });
    assert.equal(early.statusCode, 422, early.body.slice(0, 3000));

    // Thursday at 2pm: the event is over. Gus did not come.
    t.clock.advance((3 * 24 + 5) * 60);
    try {
      const later = await browserFor(t, officerEmail);
      const marked = await later.post(`/engagement/events/${id}/attendance`, {
        attended: (await bookingIds(id, 'fay@example.org'))[0] ?? '',
      });
      assert.equal(marked.statusCode, 303);
      const friday = await runEventsDaily(t.database.app, t.la.code, '2026-03-06', undefined, t.clock());
      assert.equal(friday.feedbackAsked, 1, 'Fay came; Gus did not');

      const form = await formAt(`/events/bookings/${fayToken}`);
      assert.match(form.body, /How did it go\?/);
      const sent = await form.post(`/events/bookings/${fayToken}/feedback`, {
        rating: '4',
        comment: 'Useful <i>and</i> kind',
      });
      assert.equal(sent.statusCode, 303);
      // The same form sent again (a second click, a back button) is refused, and says why.
      const twice = await form.post(`/events/bookings/${fayToken}/feedback`, { rating: '1' });
      assert.equal(twice.statusCode, 409);
      assert.match(unescapeHtml(twice.body), /You have already told us how it went: thank you/);
      const fromGus = await form.post(`/events/bookings/${tokenOf(gus.headers.location)}/feedback`, {
        rating: '1',
      });
      assert.equal(fromGus.statusCode, 422, 'Gus did not come');
      const page = await later.get(`/engagement/events/${id}`);
      assert.match(page.body, /1 person rated it, 4 out of 5 on average/);
      assert.match(page.body, /Useful &lt;i&gt;and&lt;\/i&gt; kind/);
    } finally {
      t.clock.advance(-((3 * 24 + 5) * 60));
    }
  });

  /** A page with a form, and posting from it with its cookie and token, as often as a browser might. */
  async function formAt(url: string) {
    const page = await t.app.inject({ url });
    const cookie = cookiesOf(page.headers['set-cookie']);
    const token = csrfFrom(page.body);
    return {
      body: page.body,
      post: (to: string, fields: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: to,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
        }),
    };
  }
  const postAs = async (url: string, fields: Record<string, string>) =>
    (await formAt(url.replace(/\/(feedback|cancel)$/, ''))).post(url, fields);
  async function bookingIds(eventId: string, email: string) {
    const r = await sql<{
      id: string;
    }>`SELECT id FROM eng_bookings WHERE event_id = ${eventId} AND email = ${email}`.execute(t.database.db);
    return r.rows.map((x) => x.id);
  }

  it('keeps places for those booked: fewer places than people booked is refused, more move the queue up', async () => {
    const id = await setUp({ capacity: '1' });
    await bookAs(id, 'Hal Parent', 'hal@example.org');
    const ivy = await bookAs(id, 'Ivy Parent', 'ivy@example.org');
    const edit = await officer.get(`/engagement/events/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.body)?.[1] ?? '';
    const base = {
      kind: 'focus-group',
      title: 'Reshaping SEN services: focus group',
      summary: 'Why we are doing this.',
      audiences: 'parents',
      venueName: 'Thetford',
      day: '10',
      month: '3',
      year: '2026',
      starts: '13:30',
      ends: '16:30',
      status: 'published',
      version,
    };
    const fewer = await officer.post(`/engagement/events/${id}/edit`, { ...base, capacity: '0' });
    assert.equal(fewer.statusCode, 400);
    const more = await officer.post(`/engagement/events/${id}/edit`, { ...base, capacity: '2' });
    assert.equal(more.statusCode, 303);
    assert.match((await t.app.inject({ url: String(ivy.headers.location) })).body, /You have a place/);
    const stale = await officer.post(`/engagement/events/${id}/edit`, { ...base, capacity: '3' });
    assert.equal(stale.statusCode, 409);
    const bad = await officer.post('/engagement/events/new', {
      ...base,
      capacity: '5',
      day: '31',
      month: '2',
      ends: '12:00',
      audiences: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(bad.body).map((e) => e.href),
      ['#audiences'],
    );
    const badDay = await officer.post('/engagement/events/new', {
      ...base,
      capacity: '5',
      day: '31',
      month: '2',
    });
    assert.deepEqual(errorSummaryOf(badDay.body), [
      { href: '#day', text: 'The day of the event must be a real date, like 8 11 2027' },
    ]);
    const backwards = await officer.post('/engagement/events/new', { ...base, capacity: '5', ends: '12:00' });
    assert.deepEqual(errorSummaryOf(backwards.body), [
      { href: '#ends', text: 'The end must be after the start' },
    ]);

    // Cancelling the event tells both; nobody can book it after, even from the form open before.
    const open = await formAt(`/events/${id}`);
    const cancel = await officer.post(`/engagement/events/${id}/cancel`, { reason: 'The venue flooded.' });
    assert.equal(cancel.statusCode, 303);
    const told = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications
      WHERE kind = 'engagement.event-cancelled'`.execute(t.database.db);
    assert.equal(told.rows[0]?.n, 2);
    const late = await open.post(`/events/${id}`, {
      name: 'Jo Parent',
      email: 'jo@example.org',
      audience: 'parents',
    });
    assert.equal(late.statusCode, 422);
    assert.match(unescapeHtml(late.body), /This event has been cancelled: it takes no bookings/);
  });

  it('is the LA’s own: another LA’s officer, a parent and the public cannot manage it', async () => {
    const id = await setUp();
    const other = await browserFor(
      t,
      (await addUser(t, t.otherLa.code, 'events', ['programme_manager'])).email,
    );
    assert.equal((await other.get(`/engagement/events/${id}`)).statusCode, 404);
    const parent = await browserFor(t, t.la.users.parent.email);
    assert.equal((await parent.get('/engagement/events')).statusCode, 403);
    const anonymous = await t.app.inject({ url: '/engagement/events' });
    assert.equal(anonymous.statusCode, 302);
  });

  it('is the same through the API: set up, book, queue, a double booking refused, cancel, who came', async () => {
    const user = await addUser(t, t.la.code, 'events-api', ['programme_manager']);
    const token = await tokenFor(t, t.la.code, user.id);
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(body ? { payload: body as object } : {}),
      });
    const made = await call('POST', '/api/v1/events', {
      kind: 'training',
      title: 'Cluster host training',
      summary: 'The SEND cluster toolkit, for new cluster hosts.',
      audiences: ['cluster-hosts'],
      venueName: 'County Hall, Norwich',
      date: '2026-07-16',
      starts: '13:00',
      ends: '16:00',
      capacity: 1,
      status: 'published',
    });
    assert.equal(made.statusCode, 201, made.body);
    const event = made.json() as { id: string; startsAt: string; version: number };
    // 16 July 2026 is in summer time: 1pm in London is noon UTC.
    assert.equal(event.startsAt, '2026-07-16T12:00:00.000Z');
    const someone = { name: 'Kit Host', email: 'kit@school.example.org', audience: 'cluster-hosts' };
    const first = await call('POST', `/api/v1/events/${event.id}/bookings`, someone);
    assert.equal(first.statusCode, 201);
    assert.deepEqual(
      { ...(first.json() as object), bookingId: '' },
      { bookingId: '', status: 'booked', queuePosition: null },
    );
    const second = await call('POST', `/api/v1/events/${event.id}/bookings`, {
      ...someone,
      name: 'Lee Host',
      email: 'lee@school.example.org',
    });
    assert.deepEqual(
      { ...(second.json() as object), bookingId: '' },
      { bookingId: '', status: 'waiting', queuePosition: 1 },
    );
    const double = await call('POST', `/api/v1/events/${event.id}/bookings`, someone);
    assert.equal(double.statusCode, 409);
    assert.match(String(double.headers['content-type']), /application\/problem\+json/);
    const badBody = await call('POST', `/api/v1/events/${event.id}/bookings`, {
      name: 'X',
      email: 'nope',
      audience: 'cats',
    });
    assert.equal(badBody.statusCode, 400);
    const cancelled = await call(
      'POST',
      `/api/v1/events/${event.id}/bookings/${(first.json() as { bookingId: string }).bookingId}/cancel`,
    );
    assert.deepEqual(cancelled.json(), { promoted: 1 });
    const read = (await call('GET', `/api/v1/events/${event.id}`)).json() as {
      booked: number;
      waiting: number;
      bookings: { name: string; status: string }[];
    };
    assert.equal(read.booked, 1);
    assert.equal(read.waiting, 0);
    assert.deepEqual(
      read.bookings.map((b) => [b.name, b.status]),
      [
        ['Lee Host', 'booked'],
        ['Kit Host', 'cancelled'],
      ],
    );
    const early = await call('PUT', `/api/v1/events/${event.id}/attendance`, { attended: [] });
    assert.equal(early.statusCode, 422, 'before the event begins');
    const list = (await call('GET', '/api/v1/events')).json() as { events: { id: string }[] };
    assert.ok(list.events.some((e) => e.id === event.id));
    const unknown = await call('GET', '/api/v1/events/00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.statusCode, 404);
    const parentToken = await tokenFor(t, t.la.code, t.la.users.parent.id);
    const asParent = await t.app.inject({
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${parentToken}` },
    });
    assert.equal(asParent.statusCode, 403);
  });
});
