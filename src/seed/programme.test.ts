import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scheduleProgramme } from '../modules/programme/domain/schedule.ts';
import { daysBetween } from '../platform/kernel/days.ts';
import { Prng } from './prng.ts';
import { generateProgramme } from './programme.ts';

const today = '2026-12-04';
const g = generateProgramme(
  {
    laCode: '926',
    today,
    baselines: { independentPlacements: 500, srbPlaces: 300, specialistPlaces: 2800, timeliness: 55 },
  },
  new Prng(7),
);

test('the programme as Norfolk’s page lists it: £120m, five workstreams, 15 projects, every item with its status', () => {
  assert.equal(g.programmes[0]?.budget_pence, 12_000_000_000);
  assert.deepEqual(
    g.workstreams.map((w) => w.name),
    [
      'SEND Support and inclusion',
      'EHCP performance improvement',
      'Infrastructure and new provision',
      'Alternative provision and inclusion',
      'SEND finance recovery plan',
    ],
  );
  assert.equal(g.projects.length, 15);
  // The page lists 19 items under "Work in progress" and 16 under "In plan – not started".
  assert.equal(g.workItems.filter((i) => i.status === 'in_progress').length, 19);
  assert.equal(g.workItems.filter((i) => i.status === 'not_started').length, 16);
  const titles = g.workItems.map((i) => i.title);
  for (const item of [
    'Revised Top-Up Funding Scheme',
    'Single Point of Access for SEND',
    'Go-live planning for August 2019',
    'Creating a cost (Capital and Revenue) benefit tracker for the programme',
  ])
    assert.ok(titles.includes(item), item);
});

test('its costs come to the £120m, its plan can be scheduled, and nothing has happened after today', () => {
  const planned = g.costs.reduce((s, c) => s + (c.planned_pence as number), 0);
  // Each project's spend is split over its years on a running total, so they add up exactly.
  assert.equal(planned, 12_000_000_000);
  const ids = new Map(g.projects.map((p) => [p.id as string, p]));
  const result = scheduleProgramme(
    g.projects.map((p) => ({
      id: p.id as string,
      name: p.name as string,
      priority: p.priority as number,
      durationDays: daysBetween(p.planned_start as string, p.planned_end as string) + 1,
      plannedStart: p.planned_start as string,
      actualStart: (p.actual_start as string | null) ?? null,
      actualEnd: null,
    })),
    g.links.map((l) => ({ before: l.before_id as string, after: l.after_id as string })),
    today,
  );
  assert.ok(result.ok, 'no cycle');
  // The plan keeps its dependencies but one: the backlog work, late to start, waits for the new
  // 20-week process to go live, as its RAG reason says.
  assert.deepEqual(
    result.schedule.tasks.filter((x) => x.plannedTooEarly).map((x) => ids.get(x.id)?.name),
    ['20-week backlog reduction'],
  );
  for (const p of ids.values()) assert.ok(!p.actual_start || (p.actual_start as string) <= today);
  for (const r of g.risks) assert.ok(!r.escalated_on || (r.escalated_on as string) <= today);
  assert.equal(g.benefits.filter((b) => b.live_measure).length, 4);
});
