import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Formula } from '../domain/formula.ts';
import { formErrors, readPercent, readScenarioForm, scenarioFormValues, scenarioFromForm } from './form.ts';

const form = (fields: Record<string, string>) =>
  readScenarioForm({ version: '0', name: 'Needs-led', method: 'schools', withinSame: 'same', ...fields });

test('percentages are read as people type them, with either minus sign', () => {
  assert.deepEqual(readPercent('-2'), { value: -2 });
  assert.deepEqual(readPercent('\u22122%'), { value: -2 });
  assert.deepEqual(readPercent(' +5 '), { value: 5 });
  assert.deepEqual(readPercent('12.5'), { value: 12.5 });
  assert.deepEqual(readPercent(''), { value: null });
  assert.ok('error' in readPercent('five'));
  assert.ok('error' in readPercent('2.555'));
});

test('a form of weights, £ per unit and a floor and cap becomes the formula, in the factors’ order', () => {
  const read = scenarioFromForm(
    form({
      'terms-lumpSum-kind': 'perUnit',
      'terms-lumpSum-perUnit': '£7,180',
      'terms-pupils-kind': 'weight',
      'terms-pupils-weight': '100%',
      // A box filled in for a factor that is not used is ignored.
      'terms-fsm-weight': '20',
      schoolFloor: '-2',
      schoolCap: '5',
      clusterFloor: '-1',
    }),
  );
  assert.ok(read.ok);
  assert.deepEqual(read.input, {
    name: 'Needs-led',
    formula: {
      method: 'schools',
      terms: [
        { factor: 'pupils', kind: 'weight', value: 100 },
        { factor: 'lumpSum', kind: 'perUnit', value: 718_000 },
      ],
      withinClusterTerms: null,
      schoolDamping: { floorPercent: -2, capPercent: 5 },
      // Only sharing to clusters first has a cluster floor and cap.
      clusterDamping: { floorPercent: null, capPercent: null },
    },
  });
});

test('sharing to clusters first with a different formula within each cluster keeps both', () => {
  const read = scenarioFromForm(
    form({
      method: 'clustersFirst',
      withinSame: 'different',
      'terms-pupils-kind': 'weight',
      'terms-pupils-weight': '100',
      'within-senSupport-kind': 'weight',
      'within-senSupport-weight': '100',
      clusterCap: '3',
    }),
  );
  assert.ok(read.ok);
  assert.deepEqual(read.input.formula.withinClusterTerms, [
    { factor: 'senSupport', kind: 'weight', value: 100 },
  ]);
  assert.deepEqual(read.input.formula.clusterDamping, { floorPercent: null, capPercent: 3 });
});

test('mistyped boxes are named in the form’s order, each by its own box', () => {
  const read = scenarioFromForm(
    form({
      name: '',
      'terms-ehcPlans-kind': 'perUnit',
      'terms-ehcPlans-perUnit': '-50',
      'terms-pupils-kind': 'weight',
      'terms-pupils-weight': '250',
      schoolCap: 'lots',
    }),
  );
  assert.ok(!read.ok);
  assert.deepEqual(read.errors, [
    { field: 'name', message: 'Enter a name for the scenario' },
    {
      field: 'terms-pupils-weight',
      message: 'Pupils on roll weight: enter a percentage from −100 to 200, like 20',
    },
    { field: 'terms-ehcPlans-perUnit', message: 'Pupils with an EHC plan: enter an amount of £0 or more' },
    {
      field: 'schoolCap',
      message:
        'The cap for each school: enter a percentage using numbers, like −2 or 5, with up to 2 decimal places',
    },
  ]);
});

test('the engine’s refusals are put by the box of the term or limit they are about', () => {
  const formula: Formula = {
    method: 'clustersFirst',
    terms: [
      { factor: 'pupils', kind: 'weight', value: 60 },
      { factor: 'lumpSum', kind: 'perUnit', value: 100 },
    ],
    withinClusterTerms: [{ factor: 'ehcPlans', kind: 'weight', value: 100 }],
    schoolDamping: { floorPercent: 5, capPercent: 2 },
    clusterDamping: { floorPercent: null, capPercent: 1 },
  };
  assert.deepEqual(
    formErrors(
      [
        { field: 'formula.clusterDamping.capPercent', message: 'cap' },
        { field: 'formula.terms', message: 'weights' },
        { field: 'formula.terms.1.value', message: 'lump sum' },
        { field: 'formula.withinClusterTerms.0.factor', message: 'twice' },
        { field: 'formula.schoolDamping.floorPercent', message: 'floor' },
        { field: 'formula.schools', message: 'two clusters' },
        { field: 'name', message: 'taken' },
      ],
      formula,
    ),
    [
      { field: 'name', message: 'taken' },
      { field: 'terms', message: 'weights' },
      { field: 'terms-lumpSum-perUnit', message: 'lump sum' },
      { field: 'within-ehcPlans-kind', message: 'twice' },
      { field: 'schoolFloor', message: 'floor' },
      { field: 'clusterCap', message: 'cap' },
    ],
  );
});

test('a saved scenario fills the form as it was typed', () => {
  const values = scenarioFormValues({
    name: 'Pupil numbers and lump sum',
    version: 3,
    formula: {
      method: 'schools',
      terms: [
        { factor: 'pupils', kind: 'weight', value: 100 },
        { factor: 'lumpSum', kind: 'perUnit', value: 718_050 },
      ],
      withinClusterTerms: null,
      schoolDamping: { floorPercent: -2, capPercent: null },
      clusterDamping: { floorPercent: null, capPercent: null },
    },
  });
  assert.equal(values.version, '3');
  assert.deepEqual(values.terms.lumpSum, { kind: 'perUnit', weight: '', perUnit: '7,180.50' });
  assert.deepEqual(values.terms.pupils, { kind: 'weight', weight: '100', perUnit: '' });
  assert.equal(values.schoolFloor, '-2');
  assert.equal(values.schoolCap, '');
  assert.equal(values.withinSame, 'same');
});
