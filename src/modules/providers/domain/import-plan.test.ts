import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SuccessorGraph } from './gias-links.ts';
import type { GiasEstablishment } from './gias-row.ts';
import { type HeldEstablishment, planGiasImport, urnsOfInterest } from './import-plan.ts';

function school(urn: number, name = `School ${urn}`): GiasEstablishment {
  return {
    row: urn - 899_998,
    designations: [],
    fields: { urn, name } as GiasEstablishment['fields'],
  };
}
const graph = (...links: [number, number, string][]) =>
  new SuccessorGraph(links.map(([urn, linkUrn, linkType]) => ({ urn, linkUrn, linkType })));
const summary = (plan: ReturnType<typeof planGiasImport>) => ({
  creates: plan.creates.map((c) => [c.gias.fields.urn, c.previousUrns]),
  updates: plan.updates.map((u) => [u.id, u.gias.fields.urn, u.replacedUrn ?? null, u.previousUrns]),
  superseded: plan.superseded,
});

test('rows for held URNs update their records; new URNs are created', () => {
  const plan = planGiasImport(
    [school(900001), school(900002)],
    [{ id: 'a', urn: 900001, previousUrns: [] }],
    graph(),
  );
  assert.deepEqual(summary(plan), {
    creates: [[900002, []]],
    updates: [['a', 900001, null, []]],
    superseded: 0,
  });
});

test("an academy's new URN takes over the record of the school it replaced, not a new one", () => {
  const held: HeldEstablishment[] = [{ id: 'yare', urn: 900008, previousUrns: [] }];
  const links = graph([900008, 900009, 'Successor'], [900009, 900008, 'Predecessor']);
  const plan = planGiasImport([school(900008), school(900009)], held, links);
  assert.deepEqual(summary(plan), {
    creates: [],
    updates: [['yare', 900009, 900008, [900008]]],
    superseded: 0,
  });
  // The next import of the same file changes nothing more: the old URN's row is recognised.
  const again = planGiasImport(
    [school(900008), school(900009)],
    [{ id: 'yare', urn: 900009, previousUrns: [900008] }],
    links,
  );
  assert.deepEqual(summary(again), {
    creates: [],
    updates: [['yare', 900009, null, [900008]]],
    superseded: 1,
  });
});

test('a school converted twice keeps one record holding both former URNs', () => {
  const links = graph([900001, 900002, 'Successor'], [900002, 900003, 'Successor']);
  const plan = planGiasImport([school(900003)], [{ id: 'a', urn: 900001, previousUrns: [] }], links);
  assert.deepEqual(summary(plan), {
    creates: [],
    updates: [['a', 900003, 900001, [900001, 900002]]],
    superseded: 0,
  });
});

test('a split school is not followed: each part is its own school', () => {
  const links = graph(
    [900001, 900002, 'Successor - Split School'],
    [900001, 900003, 'Successor - Split School'],
  );
  const plan = planGiasImport(
    [school(900002), school(900003)],
    [{ id: 'a', urn: 900001, previousUrns: [] }],
    links,
  );
  assert.deepEqual(summary(plan).creates, [
    [900002, []],
    [900003, []],
  ]);
});

test('the outcome does not depend on the order of the rows', () => {
  const links = graph(
    [900001, 900002, 'Successor'],
    [900003, 900004, 'Successor - merged'],
    [900005, 900004, 'Successor - merged'],
  );
  const rows = [900001, 900002, 900003, 900004, 900005, 900006].map((u) => school(u));
  const held: HeldEstablishment[] = [{ id: 'h', urn: 900003, previousUrns: [] }];
  const canonical = JSON.stringify(summary(planGiasImport(rows, held, links)));
  fc.assert(
    fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
      return JSON.stringify(summary(planGiasImport(shuffled, held, links))) === canonical;
    }),
  );
});

test("URNs of interest are the LA's held URNs, their former URNs and all their successors", () => {
  const links = graph(
    [900011, 900012, 'Successor'],
    [900012, 900013, 'Successor'],
    [900020, 900021, 'Successor'],
  );
  const held: HeldEstablishment[] = [
    { id: 'a', urn: 900011, previousUrns: [] },
    { id: 'b', urn: 900030, previousUrns: [900029] },
    { id: 'c', urn: null, previousUrns: [] },
  ];
  assert.deepEqual([...urnsOfInterest(held, links)].sort(), [900011, 900012, 900013, 900029, 900030]);
});
