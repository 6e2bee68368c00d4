import { sql } from 'kysely';
import type { TestApp } from './app.ts';
import { addChild, addSchool, addUser } from './children.ts';

/**
 * A small LA for the cluster toolkit's tests: Alder cluster of four schools and Elm cluster of
 * two, each with its host and a head teacher linked to each school (Fir Primary has none), a
 * finance officer, one pot (SEND, academic year 2025: 1 September 2025 to 31 August 2026) whose
 * adopted scenario's allocations are inserted directly, and a second pot (2026-27, financial) not
 * yet adopted. A pupil at Alder Primary and one at Birch Primary.
 *
 * Alder cluster's allocation: £10,000 + £12,000 + £8,000 + £10,000.01 = £40,000.01 (4,000,001p);
 * Elm's £30,000 + £29,999.99 = £59,999.99.
 */

export interface ToolkitLa {
  alder: string;
  elm: string;
  pot: string;
  unadopted: string;
  school: Record<'alder' | 'birch' | 'cedar' | 'damson' | 'elm' | 'fir', string>;
  user: Record<
    'host' | 'otherHost' | 'finance' | 'alder' | 'birch' | 'cedar' | 'damson' | 'elm',
    { id: string; email: string }
  >;
  ava: string;
  ben: string;
}

export async function addToolkitLa(t: TestApp, la: string): Promise<ToolkitLa> {
  const run = (q: { execute: (db: typeof t.database.db) => Promise<unknown> }) => q.execute(t.database.db);
  const school = {
    alder: await addSchool(t, la, 'Alder Primary', 100001),
    birch: await addSchool(t, la, 'Birch Primary', 100002),
    cedar: await addSchool(t, la, 'Cedar Primary', 100003),
    damson: await addSchool(t, la, 'Damson Academy', 100004),
    elm: await addSchool(t, la, 'Elm Primary', 100005),
    fir: await addSchool(t, la, 'Fir Primary', 100006),
  };
  const user = {
    host: await addUser(t, la, 'host', ['cluster_host']),
    otherHost: await addUser(t, la, 'elmhost', ['cluster_host']),
    finance: await addUser(t, la, 'finance', ['finance_officer']),
    alder: await addUser(t, la, 'head-alder', ['head_teacher']),
    birch: await addUser(t, la, 'head-birch', ['head_teacher']),
    cedar: await addUser(t, la, 'head-cedar', ['head_teacher']),
    damson: await addUser(t, la, 'head-damson', ['head_teacher']),
    elm: await addUser(t, la, 'head-elm', ['head_teacher']),
  };
  for (const key of ['alder', 'birch', 'cedar', 'damson', 'elm'] as const)
    await run(sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
      VALUES (${la}, ${user[key].id}, ${school[key]}, 'headteacher')`);

  const cluster = async (name: string, members: string[], hostId: string) => {
    const r = await sql<{
      id: string;
    }>`INSERT INTO clusters (la_code, name) VALUES (${la}, ${name}) RETURNING id`.execute(t.database.db);
    const id = r.rows[0]?.id ?? '';
    for (const m of members)
      await run(sql`INSERT INTO cluster_memberships (la_code, cluster_id, establishment_id, starts_on)
        VALUES (${la}, ${id}, ${m}, '2020-09-01')`);
    await run(sql`INSERT INTO cluster_hosts (la_code, cluster_id, name, user_id, nominated_on, agreed_on)
      VALUES (${la}, ${id}, ${`${name} host`}, ${hostId}, '2024-09-01', '2024-09-10')`);
    return id;
  };
  const alder = await cluster(
    'Alder cluster',
    [school.alder, school.birch, school.cedar, school.damson],
    user.host.id,
  );
  const elm = await cluster('Elm cluster', [school.elm, school.fir], user.otherHost.id);

  const addPot = async (kind: string, year: number) => {
    const r = await sql<{ id: string }>`INSERT INTO funding_pots (la_code, name, year_kind, year, total_pence,
        delegated_percent, central_percent, delegated_pence, central_pence)
      VALUES (${la}, 'SEND', ${kind}, ${year}, 10000000, 100, 0, 10000000, 0) RETURNING id`.execute(
      t.database.db,
    );
    return r.rows[0]?.id ?? '';
  };
  const pot = await addPot('academic', 2025);
  const scenario = await sql<{
    id: string;
  }>`INSERT INTO funding_scenarios (la_code, pot_id, name, formula, status, adopted_at)
    VALUES (${la}, ${pot}, 'Adopted', '{}'::jsonb, 'adopted', now()) RETURNING id`.execute(t.database.db);
  const scenarioId = scenario.rows[0]?.id ?? '';
  for (const [id, clusterId, pence] of [
    [school.alder, alder, 1_000_000],
    [school.birch, alder, 1_200_000],
    [school.cedar, alder, 800_000],
    [school.damson, alder, 1_000_001],
    [school.elm, elm, 3_000_000],
    [school.fir, elm, 2_999_999],
  ] as const)
    await run(sql`INSERT INTO funding_allocations (la_code, scenario_id, establishment_id, cluster_id, pence, factors)
      VALUES (${la}, ${scenarioId}, ${id}, ${clusterId}, ${pence}, '{}'::jsonb)`);
  const unadopted = await addPot('financial', 2026);

  const ava = await addChild(t, la, { forename: 'Ava', surname: 'Brook', establishmentId: school.alder });
  const ben = await addChild(t, la, { forename: 'Ben', surname: 'Carr', establishmentId: school.birch });
  return { alder, elm, pot, unadopted, school, user, ava, ben };
}
