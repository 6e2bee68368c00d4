import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { csrfFrom, signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addParentCarer, addSchool, addUser, apiAs, tokenFor } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';

/**
 * Whatever is sent, the answer is never a server error, and a problem is short enough to read.
 * Every JSON API route the app registers, every form it posts to and every page it serves is sent
 * values of the wrong type, strings of 100,000 characters, NUL and other unusual characters,
 * nesting past what any walk allows, and arrays where objects belong; the path's parameters are
 * real IDs or made-up ones. The seed is fixed, so a failure repeats.
 */

const seed = 20_260_302;
/** Path segments sent as they are: invalid UTF-8, a lone %, an encoded slash, a dot segment. */
const rawSegments = ['%ED%A0%80', '%FF', '%', '%2F', '..', '%00'];
const runs = { api: 50, forms: 15, pages: 12 };
const maxProblemBytes = 64 * 1024;

/** The names a route's schema gives its fields, and the literal values it accepts (step types…). */
function vocabulary(
  schema: unknown,
  words = { keys: new Set<string>(), values: new Set<string>() },
  depth = 0,
) {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def || depth > 6) return words;
  const walk = (s: unknown) => vocabulary(s, words, depth + 1);
  switch (def.type) {
    case 'object':
      for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
        words.keys.add(key);
        walk(field);
      }
      break;
    case 'union':
      for (const option of def.options as unknown[]) walk(option);
      break;
    case 'literal':
      for (const v of def.values as unknown[]) if (typeof v === 'string') words.values.add(v);
      break;
    case 'enum':
      for (const v of Object.values(def.entries as Record<string, unknown>))
        if (typeof v === 'string') words.values.add(v);
      break;
    case 'array':
      walk(def.element);
      break;
    case 'pipe':
      walk(def.in);
      break;
    default:
      if (def.innerType) walk(def.innerType);
  }
  return words;
}

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'Zo\u0000ë',
  '\uD800',
  '👩‍👩‍👧‍👦',
  'مرحبا',
  'Ω≈ç√∫',
  '<script>alert(1)</script>',
  "'; DROP TABLE children; --",
  '../../etc/passwd',
  '%00',
  '2026-02-30',
  '9999-12-31',
  '0000-00-00',
  '-1',
  '1e309',
  'NaN',
  'null',
  '00000000-0000-0000-0000-000000000000',
);

/** A string at its worst: unusual, with a NUL inside, any code point, or up to 100,000 characters. */
const nastyString = fc.oneof(
  { weight: 3, arbitrary: oddStrings },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map((s) => `${s}\u0000${s}`) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000, 100_000).map((n) => 'x'.repeat(n)) },
);

/** What a field might well hold: a word the route itself uses, a date, a small number, a name. */
const plausible = (words: string[]) =>
  fc.constantFrom(
    ...words,
    '2026-01-15',
    '2025-09-01',
    '1',
    '2',
    '20',
    '2025',
    'Dereham',
    'yes',
    'no',
    'csv',
  );

/** Each field likely sensible and sometimes at its worst, so that one bad value gets past the others. */
const fieldValue = (words: string[]) =>
  fc.oneof({ weight: 3, arbitrary: plausible(words) }, { weight: 1, arbitrary: nastyString });

/** One field at its worst and nothing else: the other fields take their defaults. */
const oneBadField = (names: string[]) =>
  fc.constantFrom(...names).chain((name) => nastyString.map((v) => ({ [name]: v })));

/** JSON text nested just within what the parser takes, just past it, or 100,000 deep. */
const deepJson = fc
  .constantFrom(31, 33, 1_000, 100_000)
  .chain((depth) =>
    fc.constantFrom(
      `${'['.repeat(depth)}1${']'.repeat(depth)}`,
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    ),
  );

/**
 * A JSON body for a route: its own fields (and its own words, like step types) with values of
 * every type, arrays where objects belong and the other way round, a long array of bad items, or
 * not an object at all.
 */
function jsonBody(keys: string[], words: string[], ids: () => string[]) {
  const fields = [...new Set([...keys, 'version', 'unexpected'])];
  const leaf = fc.oneof(
    { weight: 3, arbitrary: fieldValue(words) },
    fc.nat({ max: 15 }).map((i) => ids()[i % ids().length] ?? ''),
    fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31)),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.constantFrom(1_000, 10_000).map((n) => Array.from({ length: n }, () => 0)),
  );
  const nested = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { maxDepth: 2, depthIdentifier: 'json' },
      leaf,
      fc.array(tie('value'), { maxLength: 3, depthIdentifier: 'json' }),
      fc.dictionary(fc.constantFrom(...fields), tie('value'), { maxKeys: 4, depthIdentifier: 'json' }),
    ),
  })).value;
  const value = fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: nested });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record(Object.fromEntries(fields.map((k) => [k, value])), { requiredKeys: [] })
        .map((v) => JSON.stringify(v)),
    },
    { weight: 1, arbitrary: oneBadField(fields).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: deepJson },
  );
}

/** A form: the fields the page has, each sensible or at its worst, or sent more than once. */
function formBody(names: string[], words: string[]) {
  const value = fc.oneof(
    { weight: 4, arbitrary: fieldValue(words) },
    { weight: 1, arbitrary: fc.array(nastyString, { minLength: 2, maxLength: 3 }) },
  );
  const fields = names.length ? names : ['unexpected'];
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record(Object.fromEntries(fields.map((n) => [n, value])), { requiredKeys: [] }),
    },
    { weight: 1, arbitrary: oneBadField(fields) },
  );
}

/** A query string: mostly one parameter at its worst, which the others' defaults let through. */
function queryString(names: string[], words: string[]) {
  const short = nastyString.filter((s) => s.length < 5_000);
  const keys = [...new Set([...names, 'q', 'format', 'limit', 'offset', 'page', 'year'])];
  const value = fc.oneof(
    { weight: 3, arbitrary: fieldValue(words).filter((s) => s.length < 5_000) },
    { weight: 1, arbitrary: fc.array(short, { minLength: 2, maxLength: 3 }) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...keys).chain((k) => short.map((v) => ({ [k]: v }))) },
    {
      weight: 1,
      arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }),
    },
  );
}

function encoded(fields: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
  return params.toString();
}

describe('fuzzing every route: never a 5xx, and problems under 64 KB', () => {
  let t: TestApp;
  let token: string;
  let cookie: string;
  let signOutCookie: string;
  let csrf: string;
  const realIds: string[] = [];
  /** The fields of each page's forms, by the page's route, from the pages themselves. */
  const pageFields = new Map<string, string[]>();
  /** The values its radios and selects offer, for the same pages. */
  const pageWords = new Map<string, string[]>();
  const allFields = new Set<string>();

  const routes = () =>
    t.app.routeTable.filter(
      (r) => r.method !== 'HEAD' && !r.url.startsWith('/build/') && r.url !== '/api/docs',
    );

  before(async () => {
    t = await startTestApp();
    const user = await addUser(t, t.la.code, 'fuzzer', [
      'send_team_manager',
      'ehc_coordinator',
      'administrator',
    ]);
    token = await tokenFor(t, t.la.code, user.id);
    cookie = await signInCookies(t.app, user.email);
    signOutCookie = await signInCookies(t.app, user.email);
    csrf = csrfFrom((await t.app.inject({ url: '/account/password', headers: { cookie } })).body);
    const api = apiAs(t, token);
    const school = await addSchool(t, t.la.code, 'Fuzz Primary', 190_001);
    const elsewhere = await addSchool(t, t.otherLa.code, 'Another LA’s school', 190_002);
    const childId = await addChild(t, t.la.code, { forename: 'Fuzzy', establishmentId: school });
    const otherChild = await addChild(t, t.otherLa.code, { forename: 'Elsewhere' });
    const personId = await addParentCarer(t, t.la.code, childId);
    const requestId = await openEhcRequest(api, childId, '2025-09-01', [
      { type: 'assessment-decided', on: '2025-10-01', outcome: 'assess' },
      { type: 'issue-decided', on: '2025-12-01', outcome: 'issue' },
      { type: 'draft-served', on: '2025-12-02' },
    ]);
    const clusterId = (await api.post('/api/v1/clusters', { name: 'Fuzz cluster' })).json().id;
    const real: Record<string, string> = {
      child: childId,
      request: requestId,
      cluster: clusterId,
      school,
      personId,
      section: 'A',
      type: 'setting-consulted',
      kind: 'decision-to-assess',
      urn: '190001',
    };
    realIds.push(...Object.values(real), elsewhere, otherChild, t.la.users.coordinator.id);
    for (const r of routes().filter((r) => r.method === 'GET' && !r.url.startsWith('/api/'))) {
      const owner = r.url.startsWith('/ehc')
        ? 'request'
        : r.url.startsWith('/clusters')
          ? 'cluster'
          : r.url.startsWith('/schools')
            ? 'school'
            : 'child';
      const url = r.url.replace(/:(\w+)/g, (_m, name: string) => real[name === 'id' ? owner : name] ?? 'x');
      const page = await t.app.inject({ url, headers: { cookie, accept: 'text/html' } });
      const names = [...page.body.matchAll(/name="([^"]+)"/g)].flatMap((m) => (m[1] ? [m[1]] : []));
      pageFields.set(r.url, [...new Set(names)]);
      const offered = [...page.body.matchAll(/value="([^"]{1,40})"/g)].flatMap((m) => (m[1] ? [m[1]] : []));
      pageWords.set(
        r.url,
        [...new Set(offered)].filter((v) => v !== csrf),
      );
      for (const n of names) allFields.add(n);
    }
  });
  after(() => t.close());

  /** A path parameter: an ID or code the app holds (in this LA or another), a raw spelling, or anything. */
  const param = fc.oneof(
    fc.constantFrom(...rawSegments),
    fc.nat({ max: 15 }).map((i) => realIds[i % realIds.length] ?? ''),
    fc.uuid(),
    nastyString.filter((s) => s.length > 0 && s.length < 300),
  );

  /** Each parameter percent-encoded byte by byte, or one of the raw spellings a client could send. */
  function pathOf(route: RouteOptions, values: string[]): string {
    let i = 0;
    const encode = (v: string) =>
      rawSegments.includes(v)
        ? v
        : [...Buffer.from(v)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    return route.url.replace(/:\w+/g, () => encode(values[i++] ?? 'x'));
  }

  const paramsOf = (route: RouteOptions) => {
    const n = (route.url.match(/:\w+/g) ?? []).length;
    return fc.array(param, { minLength: n, maxLength: n });
  };

  function check(what: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
    assert.ok(res.statusCode < 500, `${what} → ${res.statusCode}: ${res.body.slice(0, 500)}`);
    if (String(res.headers['content-type']).startsWith('application/problem+json'))
      assert.ok(res.body.length < maxProblemBytes, `${what} → a problem of ${res.body.length} bytes`);
  }

  test('the fuzz reaches every kind of route', () => {
    const all = routes();
    assert.ok(all.filter((r) => r.url.startsWith('/api/v1/')).length >= 25);
    assert.ok(all.filter((r) => r.method === 'POST' && !r.url.startsWith('/api/')).length > 20);
    assert.ok(allFields.size > 40, `${allFields.size} form fields found on the pages`);
  });

  test('every JSON API route', async () => {
    const api = routes().filter((r) => r.url.startsWith('/api/v1/'));
    for (const [n, route] of api.entries()) {
      const body = vocabulary(route.schema?.body);
      const query = vocabulary(route.schema?.querystring);
      const method = String(route.method);
      await fc.assert(
        fc.asyncProperty(
          paramsOf(route),
          queryString([...query.keys], [...query.values]),
          jsonBody([...body.keys], [...body.values], () => realIds),
          async (values, q, json) => {
            const url = `${pathOf(route, values)}?${encoded(q)}`;
            const payload = method === 'GET' ? undefined : json;
            const res = await t.app.inject({
              method: method as 'GET',
              url,
              headers: {
                authorization: `Bearer ${token}`,
                ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(payload === undefined ? {} : { payload }),
            });
            check(`${method} ${url.slice(0, 300)} ${String(payload).slice(0, 300)}`, res);
          },
        ),
        { seed: seed + n, numRuns: runs.api, endOnFailure: true },
      );
    }
  });

  test('every form the pages post', async () => {
    const forms = routes().filter((r) => r.method === 'POST' && !r.url.startsWith('/api/'));
    for (const [n, route] of forms.entries()) {
      const session = route.url === '/sign-out' ? signOutCookie : cookie;
      const page = pageFields.has(route.url) ? route.url : `${route.url}/new`;
      const names = pageFields.get(page) ?? [...allFields];
      const words = pageWords.get(page) ?? [];
      await fc.assert(
        fc.asyncProperty(paramsOf(route), formBody(names, words), async (values, fields) => {
          const url = pathOf(route, values);
          const payload = encoded({ ...fields, _csrf: csrf });
          const res = await t.app.inject({
            method: 'POST',
            url,
            headers: {
              cookie: session,
              accept: 'text/html',
              'content-type': 'application/x-www-form-urlencoded',
            },
            payload,
          });
          check(`POST ${url.slice(0, 300)} ${payload.slice(0, 300)}`, res);
        }),
        { seed: seed + 1_000 + n, numRuns: runs.forms, endOnFailure: true },
      );
    }
  });

  test('every page, with odd query strings', async () => {
    const pages = routes().filter((r) => r.method === 'GET' && !r.url.startsWith('/api/'));
    for (const [n, route] of pages.entries()) {
      await fc.assert(
        fc.asyncProperty(
          paramsOf(route),
          queryString(pageFields.get(route.url) ?? [], pageWords.get(route.url) ?? []),
          async (values, q) => {
            const url = `${pathOf(route, values)}?${encoded(q)}`;
            const res = await t.app.inject({ url, headers: { cookie, accept: 'text/html' } });
            check(`GET ${url.slice(0, 300)}`, res);
          },
        ),
        { seed: seed + 2_000 + n, numRuns: runs.pages, endOnFailure: true },
      );
    }
  });
});
