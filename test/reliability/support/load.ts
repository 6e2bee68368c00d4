import { round, summarise } from '../../../bench/lib/report.ts';
import { isoDateInLondon } from '../../../src/platform/kernel/dates.ts';
import { type ApiClient, apiClient, Browser } from './client.ts';

/**
 * Mixed traffic as an LA's SEND team makes it: signing in, finding children on the page and
 * through the API, opening a child's record, recording EHC steps and editing children (each
 * with the version read, so a stale edit is refused), the team dashboard and downloads. Every
 * write the server acknowledges is remembered so it can be looked for afterwards.
 */

const demo = (local: string) => `${local}@norfolk.demo.opensend.test`;
/** The demo's SEND team: each holds ehc:write and children:write. */
export const teamEmails = [
  demo('coordinator'),
  demo('manager'),
  ...[2, 3, 4, 5, 6].map((n) => demo(`caseworker${n}`)),
];

export interface Person {
  email: string;
  browser: Browser;
  api: ApiClient;
}

export interface ChildRef {
  id: string;
  forename: string;
  surname: string;
}

export interface LoadTarget {
  base: string;
  password: string;
  team: Person[];
  children: ChildRef[];
  /** Requests in assessment: each may have more advice asked for, again and again. */
  requests: string[];
}

/** Signs the team in, gives each an API token (from the tokens page) and finds work for them. */
export async function prepareLoad(base: string, password: string): Promise<LoadTarget> {
  const team: Person[] = [];
  for (const email of teamEmails) {
    const browser = await new Browser(base).signInOrFail(email, password);
    const token = await browser.createToken(`Load ${email}`);
    team.push({ email, browser, api: apiClient(base, token) });
  }
  const api = team[0]?.api;
  if (!api) throw new Error('no team');
  const children: ChildRef[] = [];
  for (let offset = 0; offset < 500; offset += 100) {
    const page = await api.get<{ items: ChildRef[] }>(`/api/v1/children?limit=100&offset=${offset}`);
    if (page.status !== 200) throw new Error(`listing children answered ${page.status}`);
    children.push(...page.json.items.map(({ id, forename, surname }) => ({ id, forename, surname })));
  }
  const found = await api.get<{ items: { id: string }[] }>('/api/v1/ehc/requests?stage=assessing&limit=500');
  if (found.status !== 200) throw new Error(`listing EHC requests answered ${found.status}`);
  return { base, password, team, children, requests: found.json.items.map((r) => r.id) };
}

export type Kind =
  | 'sign-in'
  | 'children-search-page'
  | 'children-search-api'
  | 'child-page'
  | 'child-api'
  | 'ehc-event'
  | 'ehc-request-read'
  | 'child-patch'
  | 'ehc-dashboard-page'
  | 'children-export-csv';

const weights: [Kind, number][] = [
  ['children-search-page', 10],
  ['children-search-api', 12],
  ['child-page', 12],
  ['child-api', 14],
  ['ehc-event', 16],
  ['child-patch', 10],
  ['ehc-dashboard-page', 4],
  ['children-export-csv', 4],
];
const totalWeight = weights.reduce((a, [, w]) => a + w, 0);

function pickKind(roll: number): Kind {
  let left = roll;
  for (const [kind, w] of weights) {
    left -= w;
    if (left < 0) return kind;
  }
  return 'child-api';
}

/** An EHC step the server said it recorded (201): the advice request it created. */
export interface EhcWrite {
  requestId: string;
  adviceId: string;
  adviser: string;
}

/** A child's edit the server accepted (200): what it saved, at which version. */
export interface ChildWrite {
  childId: string;
  version: number;
  homePostcode: string;
}

export interface Failure {
  kind: Kind;
  status: number | 'network';
  detail: string;
}

export interface LoadRun {
  connections: number;
  seconds: number;
  elapsedMs: number;
  samples: Map<Kind, { ms: number[]; statuses: Map<number | 'network', number> }>;
  ehcWrites: EhcWrite[];
  /** The last accepted edit of each child: each worker edits children no other worker edits. */
  childWrites: Map<string, ChildWrite>;
  failures: Failure[];
}

const postcodes = [
  'NR1 2DH',
  'NR2 1AA',
  'NR3 1AU',
  'NR19 1AB',
  'PE30 1AA',
  'IP24 1AA',
  'NR14 6SJ',
  'NR20 3LQ',
];

/** Sign-ins are throttled at 30 a minute from one address; the load keeps under that. */
const signInEverySeconds = 3;

export async function runLoad(
  target: LoadTarget,
  options: { connections: number; seconds: number },
): Promise<LoadRun> {
  const run: LoadRun = {
    connections: options.connections,
    seconds: options.seconds,
    elapsedMs: 0,
    samples: new Map(),
    ehcWrites: [],
    childWrites: new Map(),
    failures: [],
  };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const versions = new Map<string, number>();
  let signIns = 0;
  let sequence = 0;
  const today = isoDateInLondon(new Date());

  const record = (kind: Kind, ms: number, status: number | 'network', detail = '') => {
    const s = run.samples.get(kind) ?? {
      ms: [] as number[],
      statuses: new Map<number | 'network', number>(),
    };
    s.ms.push(ms);
    s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
    run.samples.set(kind, s);
    if ((status === 'network' || status >= 500) && run.failures.length < 50)
      run.failures.push({ kind, status, detail: detail.slice(0, 500) });
  };
  /** Times one request from sending to the last byte of the answer. */
  const timed = async <T>(
    kind: Kind,
    send: () => Promise<{ status: number; body: T }>,
  ): Promise<{ status: number; body: T } | undefined> => {
    const t = performance.now();
    try {
      const r = await send();
      record(kind, performance.now() - t, r.status, r.status >= 500 ? JSON.stringify(r.body) : '');
      return r;
    } catch (err) {
      record(kind, performance.now() - t, 'network', (err as Error).message);
      return undefined;
    }
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

  async function worker(index: number) {
    const person = target.team[index % target.team.length] as Person;
    const mine = target.children.filter((_, i) => i % options.connections === index).slice(0, 3);
    const myVersions = new Map<string, number>();
    for (let n = 0; n < 1_000_000 && performance.now() < deadline; n++) {
      const elapsed = (performance.now() - started) / 1000;
      if (signIns < Math.floor(elapsed / signInEverySeconds) + 1) {
        signIns++;
        const browser = new Browser(target.base);
        await timed('sign-in', async () => {
          const status = await browser.signIn(pick(teamEmails), target.password);
          return { status, body: '' };
        });
        continue;
      }
      const kind = pickKind(Math.random() * totalWeight);
      const child = pick(target.children);
      switch (kind) {
        case 'children-search-page':
          await timed(kind, () => person.browser.get(`/children?q=${encodeURIComponent(child.surname)}`));
          break;
        case 'children-search-api':
          await timed(kind, async () => {
            const r = await person.api.get(
              `/api/v1/children?q=${encodeURIComponent(`${child.forename} ${child.surname}`)}`,
            );
            return { status: r.status, body: r.json };
          });
          break;
        case 'child-page':
          await timed(kind, () => person.browser.get(`/children/${child.id}`));
          break;
        case 'child-api':
          await timed(kind, async () => {
            const r = await person.api.get(`/api/v1/children/${child.id}`);
            return { status: r.status, body: r.json };
          });
          break;
        case 'ehc-dashboard-page':
          await timed(kind, () => person.browser.get('/ehc/dashboard'));
          break;
        case 'children-export-csv':
          await timed(kind, async () => {
            const r = await person.api.get(
              `/api/v1/children?q=${encodeURIComponent(child.surname)}&format=csv`,
            );
            return { status: r.status, body: r.status >= 400 ? r.json : '' };
          });
          break;
        case 'ehc-event': {
          const requestId = pick(target.requests);
          const adviser = `Load adviser ${index}-${++sequence}`;
          const version = versions.get(requestId);
          const r = await timed(kind, async () => {
            const a = await person.api.post<{ version: number; advice: { id: string; adviser: string }[] }>(
              `/api/v1/ehc/requests/${requestId}/events`,
              {
                ...(version ? { version } : {}),
                corrects: null,
                event: { type: 'advice-requested', on: today, kind: 'educational', adviser },
              },
            );
            return { status: a.status, body: a.json };
          });
          if (r?.status === 201) {
            const advice = r.body.advice.find((a) => a.adviser === adviser);
            run.ehcWrites.push({ requestId, adviser, adviceId: advice?.id ?? '' });
            versions.set(requestId, r.body.version);
          } else if (r?.status === 409) {
            // Someone recorded a step since: read the request again, as a person would.
            const fresh = await timed('ehc-request-read', async () => {
              const a = await person.api.get<{ version: number }>(`/api/v1/ehc/requests/${requestId}`);
              return { status: a.status, body: a.json };
            });
            if (fresh?.status === 200) versions.set(requestId, fresh.body.version);
          }
          break;
        }
        case 'child-patch': {
          const own = mine.length ? pick(mine) : undefined;
          if (!own) break;
          let version = myVersions.get(own.id);
          if (version === undefined) {
            const read = await timed('child-api', async () => {
              const a = await person.api.get<{ version: number }>(`/api/v1/children/${own.id}`);
              return { status: a.status, body: a.json };
            });
            if (read?.status !== 200) break;
            version = read.body.version;
          }
          const homePostcode = postcodes[(version + index) % postcodes.length] as string;
          const r = await timed(kind, async () => {
            const a = await person.api.patch<{ version: number; homePostcode: string }>(
              `/api/v1/children/${own.id}`,
              { version, homePostcode },
            );
            return { status: a.status, body: a.json };
          });
          if (r?.status === 200) {
            myVersions.set(own.id, r.body.version);
            run.childWrites.set(own.id, { childId: own.id, version: r.body.version, homePostcode });
          } else myVersions.delete(own.id);
          break;
        }
        default:
          break;
      }
    }
  }

  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  run.elapsedMs = performance.now() - started;
  return run;
}

export interface KindFigures {
  requests: number;
  requestsPerSecond: number;
  statuses: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number; mean: number };
}

/** Requests per second and latency per kind, and the answers each kind got. */
export function loadFigures(run: LoadRun) {
  const seconds = run.elapsedMs / 1000;
  const kinds: Record<string, KindFigures> = {};
  let total = 0;
  for (const [kind, s] of [...run.samples].sort(([a], [b]) => a.localeCompare(b))) {
    const l = summarise(s.ms);
    total += s.ms.length;
    kinds[kind] = {
      requests: s.ms.length,
      requestsPerSecond: round(s.ms.length / seconds, 1),
      statuses: Object.fromEntries([...s.statuses].map(([k, v]) => [String(k), v])),
      latencyMs: { p50: l.p50, p99: l.p99, max: l.max, mean: l.mean },
    };
  }
  const count = (test: (status: number | 'network') => boolean) =>
    [...run.samples.values()].reduce(
      (a, s) => a + [...s.statuses].reduce((b, [status, n]) => b + (test(status) ? n : 0), 0),
      0,
    );
  return {
    connections: run.connections,
    seconds: run.seconds,
    elapsedMs: Math.round(run.elapsedMs),
    requests: total,
    requestsPerSecond: round(total / seconds, 1),
    serverErrors: count((s) => s !== 'network' && s >= 500),
    networkErrors: count((s) => s === 'network'),
    conflicts409: count((s) => s === 409),
    invalid422: count((s) => s === 422),
    throttled429: count((s) => s === 429),
    acknowledgedWrites: { ehcEvents: run.ehcWrites.length, childEdits: run.childWrites.size },
    kinds,
  };
}

/**
 * Reads back every write the server acknowledged: each advice request on its EHC request, each
 * child's last edit with its version. Returns what could not be found.
 */
export async function lostWrites(
  api: ApiClient,
  ehcWrites: readonly EhcWrite[],
  childWrites: ReadonlyMap<string, ChildWrite> = new Map(),
): Promise<string[]> {
  const lost: string[] = [];
  const byRequest = new Map<string, EhcWrite[]>();
  for (const w of ehcWrites) byRequest.set(w.requestId, [...(byRequest.get(w.requestId) ?? []), w]);
  const checks: (() => Promise<void>)[] = [
    ...[...byRequest].map(([requestId, writes]) => async () => {
      const r = await api.get<{ advice: { id: string; adviser: string }[] }>(
        `/api/v1/ehc/requests/${requestId}`,
      );
      const held = new Set(r.status === 200 ? r.json.advice.map((a) => `${a.id} ${a.adviser}`) : []);
      for (const w of writes)
        if (!held.has(`${w.adviceId} ${w.adviser}`))
          lost.push(
            `EHC request ${requestId}: advice ${w.adviceId} from ${w.adviser} (read answered ${r.status})`,
          );
    }),
    ...[...childWrites.values()].map((w) => async () => {
      const r = await api.get<{ version: number; homePostcode: string }>(`/api/v1/children/${w.childId}`);
      if (r.status !== 200 || r.json.version !== w.version || r.json.homePostcode !== w.homePostcode)
        lost.push(
          `child ${w.childId}: saved version ${w.version} with ${w.homePostcode}, read ${r.status} ${r.json.version} ${r.json.homePostcode}`,
        );
    }),
  ];
  // A few at a time: the read-back is a check, not more load.
  for (let i = 0; i < checks.length; i += 8) await Promise.all(checks.slice(i, i + 8).map((c) => c()));
  return lost;
}
