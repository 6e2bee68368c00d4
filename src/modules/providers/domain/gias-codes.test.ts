import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  designationsFromGias,
  isSpecialSchoolType,
  resourcedProvisionFromGias,
  senTypeFromGias,
  settingKindOfType,
  statusFromGias,
} from './gias-codes.ts';

test('special schools are the GIAS special types: community, foundation, non-maintained, independent, academy and free', () => {
  for (const code of [7, 12, 8, 10, 33, 44, 36]) assert.ok(isSpecialSchoolType(code), String(code));
  for (const code of [1, 2, 3, 5, 14, 28, 34, 35, 38, 42, 43])
    assert.ok(!isSpecialSchoolType(code), String(code));
});

test('pupil referral units and AP academies and free schools are alternative provision', () => {
  for (const code of [14, 42, 43, 38])
    assert.equal(settingKindOfType(code), 'alternative_provision', String(code));
  assert.equal(settingKindOfType(11), 'independent');
  assert.equal(settingKindOfType(10), 'independent');
  assert.equal(settingKindOfType(18), 'post_16');
  assert.equal(settingKindOfType(15), 'early_years');
  assert.equal(settingKindOfType(1), 'school');
});

test('every GIAS type of SEN provision maps to its SEN2 code', () => {
  const cases: [string, string | null][] = [
    ['ASD - Autistic Spectrum Disorder', 'ASD'],
    ['SpLD - Specific Learning Difficulty', 'SPLD'],
    ['MLD - Moderate Learning Difficulty', 'MLD'],
    ['SLD - Severe Learning Difficulty', 'SLD'],
    ['PMLD - Profound and Multiple Learning Difficulty', 'PMLD'],
    ['SEMH - Social, Emotional and Mental Health', 'SEMH'],
    ['BESD - Behaviour, Emotional and Social Difficulties', 'SEMH'],
    ['SLCN - Speech, language and Communication', 'SLCN'],
    ['HI - Hearing Impairment', 'HI'],
    ['VI - Visual Impairment', 'VI'],
    ['MSI - Multi-Sensory Impairment', 'MSI'],
    ['PD - Physical Disability', 'PD'],
    ['OTH - Other Difficulty/Disability', 'OTH'],
    ['Not Applicable', null],
    ['', null],
  ];
  for (const [name, code] of cases) assert.equal(senTypeFromGias(name), code, name);
  assert.equal(senTypeFromGias('XYZ - Something Else'), undefined);
  assert.equal(senTypeFromGias('Autism'), undefined);
});

test('resourced provision and units are read from TypeOfResourcedProvision', () => {
  assert.deepEqual(resourcedProvisionFromGias('Resourced provision'), {
    hasSenUnit: false,
    hasResourcedProvision: true,
  });
  assert.deepEqual(resourcedProvisionFromGias('SEN unit'), {
    hasSenUnit: true,
    hasResourcedProvision: false,
  });
  assert.deepEqual(resourcedProvisionFromGias('Resourced provision and SEN unit'), {
    hasSenUnit: true,
    hasResourcedProvision: true,
  });
  assert.deepEqual(resourcedProvisionFromGias('Not applicable'), {
    hasSenUnit: false,
    hasResourcedProvision: false,
  });
  assert.equal(resourcedProvisionFromGias('Unit'), undefined);
});

test('GIAS statuses map to the four the service knows', () => {
  assert.equal(statusFromGias('Open'), 'open');
  assert.equal(statusFromGias('Closed'), 'closed');
  assert.equal(statusFromGias('Open, but proposed to close'), 'proposed_to_close');
  assert.equal(statusFromGias('Proposed to open'), 'proposed_to_open');
  assert.equal(statusFromGias('Shut'), undefined);
});

test('a special school with a unit is designated for each listed need in each provision', () => {
  const ds = designationsFromGias({ isSpecial: true, hasSenUnit: true, hasResourcedProvision: false }, [
    'ASD',
    'SLD',
    'ASD',
  ]);
  assert.deepEqual(ds, [
    { provision: 'special_school', senType: 'ASD' },
    { provision: 'special_school', senType: 'SLD' },
    { provision: 'sen_unit', senType: 'ASD' },
    { provision: 'sen_unit', senType: 'SLD' },
  ]);
  assert.deepEqual(
    designationsFromGias({ isSpecial: false, hasSenUnit: false, hasResourcedProvision: false }, ['ASD']),
    [],
  );
});
