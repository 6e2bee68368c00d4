import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Designation } from './domain/establishment.ts';
import type { GiasEstablishment } from './domain/gias-row.ts';
import { mergeDesignations } from './import-writer.ts';

/** A special school with resourced provision, as GIAS lists it: SLD and ASD in each. */
const gias = (over: { hasResourcedProvision?: boolean } = {}) =>
  ({
    row: 2,
    fields: { isSpecial: true, hasSenUnit: false, hasResourcedProvision: over.hasResourcedProvision ?? true },
    designations: [
      { provision: 'special_school', senType: 'SLD' },
      { provision: 'special_school', senType: 'ASD' },
      ...(over.hasResourcedProvision === false ? [] : [{ provision: 'resourced_provision', senType: 'ASD' }]),
    ],
  }) as unknown as GiasEstablishment;

const keys = (ds: readonly Designation[]) => ds.map((d) => `${d.provision}:${d.senType}`).sort();

test('the types GIAS lists are designated, whether or not the LA has places for them', () => {
  assert.deepEqual(keys(mergeDesignations(gias(), [], [])), [
    'resourced_provision:ASD',
    'special_school:ASD',
    'special_school:SLD',
  ]);
});

test('a type GIAS no longer lists goes unless the LA has place lines for it at that provision', () => {
  const current: Designation[] = [
    { provision: 'special_school', senType: 'SLD' },
    { provision: 'special_school', senType: 'SEMH' },
    { provision: 'special_school', senType: 'PMLD' },
    { provision: 'resourced_provision', senType: 'SLCN' },
  ];
  const lines = [
    { provision: 'special_school' as const, senType: 'SEMH' as const },
    // Places for PMLD are recorded, but at another provision: they do not keep the special school's.
    { provision: 'resourced_provision' as const, senType: 'PMLD' as const },
    { provision: 'resourced_provision' as const, senType: 'SLCN' as const },
  ];
  assert.deepEqual(keys(mergeDesignations(gias(), current, lines)), [
    'resourced_provision:ASD',
    'resourced_provision:SLCN',
    'special_school:ASD',
    'special_school:SEMH',
    'special_school:SLD',
  ]);
});

test('a type the LA added goes with its provision, place lines or not', () => {
  const merged = mergeDesignations(
    gias({ hasResourcedProvision: false }),
    [{ provision: 'resourced_provision', senType: 'SLCN' }],
    [{ provision: 'resourced_provision', senType: 'SLCN' }],
  );
  assert.deepEqual(keys(merged), ['special_school:ASD', 'special_school:SLD']);
});

test('a type both GIAS and the LA have is listed once', () => {
  const merged = mergeDesignations(
    gias(),
    [{ provision: 'special_school', senType: 'ASD' }],
    [{ provision: 'special_school', senType: 'ASD' }],
  );
  assert.equal(merged.filter((d) => d.provision === 'special_school' && d.senType === 'ASD').length, 1);
});
