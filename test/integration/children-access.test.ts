import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addCluster,
  addParentCarer,
  addSchool,
  addStaff,
  addUser,
  apiAs,
  browserAs,
  tokenFor,
} from '../support/children.ts';

const validChildForm = {
  forename: 'Taken',
  surname: 'Over',
  'dateOfBirth-day': '1',
  'dateOfBirth-month': '9',
  'dateOfBirth-year': '2015',
  sex: 'F',
};
const validParentForm = {
  forename: 'Eve',
  surname: 'Intruder',
  relationship: 'other',
  parentalResponsibility: 'no',
  livesWith: 'no',
  mainContact: 'yes',
  email: 'eve@example.org',
  preferredContact: 'email',
  preferredLanguage: 'English',
  needsInterpreter: 'no',
};

/** Who sees which children (DESIGN §1): LA-wide roles, school staff, cluster hosts, parents, and nobody else. */
describe('children: who sees which children', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let otherLaParent = '';

  const namesSeenBy = async (userId: string) => {
    const api = apiAs(t, await tokenFor(t, t.la.code, userId));
    const res = await api.get('/api/v1/children?limit=100');
    assert.equal(res.statusCode, 200);
    return res
      .json()
      .items.map((c: { forename: string }) => c.forename)
      .sort();
  };

  before(async () => {
    t = await startTestApp();
    const la = t.la.code;
    const oakfield = await addSchool(t, la, 'Oakfield Primary', 130_001);
    const riverside = await addSchool(t, la, 'Riverside Primary', 130_002);
    const hillside = await addSchool(t, la, 'Hillside Academy', 130_003);
    ids.oakfield = await addChild(t, la, { forename: 'Olive', establishmentId: oakfield });
    ids.riverside = await addChild(t, la, { forename: 'Rory', establishmentId: riverside });
    ids.hillside = await addChild(t, la, { forename: 'Hana', establishmentId: hillside });
    ids.home = await addChild(t, la, { forename: 'Harvey', establishmentId: null });
    ids.other = await addChild(t, t.otherLa.code, { forename: 'Suki' });
    otherLaParent = await addParentCarer(t, t.otherLa.code, ids.other, { forename: 'Sam' });

    const senco = await addUser(t, la, 'senco', ['senco']);
    await addStaff(t, la, senco.id, oakfield);
    ids.senco = senco.id;
    const host = await addUser(t, la, 'host', ['cluster_host']);
    await addCluster(t, la, 'Norwich North', [oakfield, riverside], host.id);
    ids.host = host.id;

    // The parent of Harvey is linked through their person record; Harvey's other parent is not a user.
    await addParentCarer(t, la, ids.home, {
      forename: 'Petra',
      userId: t.la.users.parent.id,
      email: 'petra@example.org',
    });
    await addParentCarer(t, la, ids.home, { forename: 'Paul', email: 'paul@example.org', mainContact: true });
    const youngPerson = await addUser(t, la, 'young.person', ['young_person']);
    await addParentCarer(t, la, ids.hillside, { forename: 'Hana', surname: 'Self', userId: youngPerson.id });
    ids.youngPerson = youngPerson.id;
    ids.adviser = (await addUser(t, la, 'adviser', ['adviser'])).id;
    ids.finance = (await addUser(t, la, 'finance', ['finance_officer'])).id;
    ids.manager = (await addUser(t, la, 'manager', ['send_team_manager'])).id;
  });
  after(() => t.close());

  test('coordinators, managers and finance officers see every child in their LA, and none in another', async () => {
    for (const user of [t.la.users.coordinator.id, ids.manager, ids.finance])
      assert.deepEqual(await namesSeenBy(user ?? ''), ['Hana', 'Harvey', 'Olive', 'Rory']);
  });

  test("a SENCo sees their own school's pupils, not a child at another school", async () => {
    assert.deepEqual(await namesSeenBy(ids.senco ?? ''), ['Olive']);
    const api = apiAs(t, await tokenFor(t, t.la.code, ids.senco ?? ''));
    assert.equal((await api.get(`/api/v1/children/${ids.oakfield}`)).statusCode, 200);
    assert.equal((await api.get(`/api/v1/children/${ids.riverside}`)).statusCode, 404);
  });

  test("a cluster host sees the pupils of their cluster's schools", async () => {
    assert.deepEqual(await namesSeenBy(ids.host ?? ''), ['Olive', 'Rory']);
  });

  test('a parent sees only their own child, and only their own contact details on it', async () => {
    const parent = await browserAs(t, t.la.users.parent.email);
    const list = await parent.get('/children');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Harvey/);
    assert.doesNotMatch(list.body, /Olive|Rory|Hana|Suki/);
    const page = await parent.get(`/children/${ids.home}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /petra@example.org/);
    assert.doesNotMatch(page.body, /paul@example.org/, "the other parent's details are not shown");
    assert.match(page.body, /Only your own details are shown here/);
    assert.doesNotMatch(page.body, />Change</, 'a parent cannot change the record');
    for (const id of [ids.oakfield, ids.hillside, ids.other])
      assert.equal((await parent.get(`/children/${id}`)).statusCode, 404);
    assert.equal((await parent.get('/children/new')).statusCode, 403);
    assert.equal((await parent.get(`/children/${ids.home}/edit`)).statusCode, 403);
  });

  test('a young person linked to their own record sees it', async () => {
    assert.deepEqual(await namesSeenBy(ids.youngPerson ?? ''), ['Hana']);
  });

  test('an adviser sees no children until asked to advise on one', async () => {
    assert.deepEqual(await namesSeenBy(ids.adviser ?? ''), []);
    const api = apiAs(t, await tokenFor(t, t.la.code, ids.adviser ?? ''));
    assert.equal((await api.get(`/api/v1/children/${ids.oakfield}`)).statusCode, 404);
  });

  test('an administrator has no access to children at all', async () => {
    const admin = await browserAs(t, t.la.users.admin.email);
    assert.equal((await admin.get('/children')).statusCode, 403);
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.admin.id));
    assert.equal((await api.get('/api/v1/children')).statusCode, 403);
  });

  test("another LA's child is not found through any route, even by a coordinator", async () => {
    const other = ids.other ?? '';
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    assert.equal((await api.get(`/api/v1/children/${other}`)).statusCode, 404);
    assert.equal(
      (await api.patch(`/api/v1/children/${other}`, { version: 1, surname: 'Taken' })).statusCode,
      404,
    );
    const search = (await api.get('/api/v1/children?q=suki')).json();
    assert.equal(search.total, 0);

    const browser = await browserAs(t, t.la.users.coordinator.email);
    for (const url of [
      `/children/${other}`,
      `/children/${other}/edit`,
      `/children/${other}/parents/new`,
      `/children/${other}/parents/${otherLaParent}/edit`,
    ])
      assert.equal((await browser.get(url)).statusCode, 404, url);
    const posts: [string, Record<string, string>][] = [
      [`/children/${other}/edit`, { ...validChildForm, version: '1' }],
      [`/children/${other}/parents/new`, validParentForm],
      [`/children/${other}/parents/${otherLaParent}/edit`, { ...validParentForm, version: '1' }],
    ];
    for (const [url, fields] of posts) assert.equal((await browser.post(url, fields)).statusCode, 404, url);
    // A parent or carer of a child in this LA is not found through another child.
    assert.equal((await browser.get(`/children/${ids.home}/parents/${otherLaParent}/edit`)).statusCode, 404);
    assert.equal((await browser.get(`/children/${ids.home}/parents/not-an-id/edit`)).statusCode, 404);

    const theirs = apiAs(t, await tokenFor(t, t.otherLa.code, t.otherLa.users.coordinator.id));
    const untouched = (await theirs.get(`/api/v1/children/${other}`)).json();
    assert.equal(untouched.forename, 'Suki');
    assert.equal(untouched.version, 1);
    assert.equal(untouched.parentCarers[0].forename, 'Sam');
  });
});

/**
 * A cluster host sees the cluster's pupils only on the days of their term: from the day they were
 * nominated up to the day their successor's term starts (the end is exclusive, as for a school's
 * membership: the handover day is the successor's). The days are the app's clock's, in London.
 */
describe("children: a cluster host's dates", () => {
  let t: TestApp;
  let current = '';
  let next = '';

  const daysLater = (days: number) => t.clock.advance(days * 24 * 60);
  const namesSeenBy = async (userId: string) => {
    const api = apiAs(t, await tokenFor(t, t.la.code, userId));
    const res = await api.get('/api/v1/children?limit=100');
    assert.equal(res.statusCode, 200);
    return res.json().items.map((c: { forename: string }) => c.forename);
  };

  before(async () => {
    t = await startTestApp();
    const la = t.la.code;
    const school = await addSchool(t, la, 'Dereham Junior School', 140_001);
    await addChild(t, la, { forename: 'Della', establishmentId: school });
    current = (await addUser(t, la, 'current.host', ['cluster_host'])).id;
    const successor = await addUser(t, la, 'next.host', ['cluster_host']);
    next = successor.id;
    const clusterId = await addCluster(t, la, 'Dereham', [school], current);
    // Nominated today (2 March 2026) to take over from 1 September 2026, as a new academic year's
    // host is; the current host's term is ended on that day.
    const admin = await browserAs(t, t.la.users.admin.email);
    const url = `/clusters/${clusterId}/host`;
    const nominated = await admin.post(url, {
      name: 'Next Host',
      email: successor.email,
      'nominatedOn-day': '1',
      'nominatedOn-month': '9',
      'nominatedOn-year': '2026',
    });
    assert.equal(nominated.statusCode, 303, nominated.body.slice(0, 500));
  });
  after(() => t.close());

  test('today, 2 March 2026, the current host sees the pupils and the host from September does not', async () => {
    assert.deepEqual(await namesSeenBy(current), ['Della']);
    assert.deepEqual(await namesSeenBy(next), []);
  });

  test("on 31 August 2026, the current host's last day, they still do and the next host still does not", async () => {
    // 2 March to 31 August: 29 days to the end of March, then April to August's 30 + 31 + 30 + 31 + 31: 182.
    daysLater(182);
    assert.deepEqual(await namesSeenBy(current), ['Della']);
    assert.deepEqual(await namesSeenBy(next), []);
  });

  test('on 1 September 2026, the handover day, the next host sees the pupils and the former host no longer does', async () => {
    daysLater(1);
    assert.deepEqual(await namesSeenBy(next), ['Della']);
    assert.deepEqual(await namesSeenBy(current), []);
  });
});
