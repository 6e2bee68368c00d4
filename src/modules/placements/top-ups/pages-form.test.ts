import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  maxRowsPerGroup,
  readSchemeForm,
  schemeFormValues,
  schemeFromForm,
  withMoreBandRows,
} from './pages-form.ts';
import type { SchemeRecord } from './service.ts';

const inForce: SchemeRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Norfolk mainstream bands 2018',
  effectiveFrom: '2018-04-01',
  status: 'adopted',
  createdBy: null,
  createdAt: new Date('2018-03-01T00:00:00Z'),
  adoptedBy: null,
  adoptedAt: new Date('2018-03-02T00:00:00Z'),
  version: 2,
  bands: [
    { settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 },
    { settingGroup: 'mainstream', band: 'B3', label: 'Band 3', annualPence: 404_400 },
  ],
};

test('a new proposal starts from the bands in force, with blank rows for each group', () => {
  const v = schemeFormValues(inForce);
  assert.deepEqual(v.groups.mainstream.slice(0, 2), [
    { band: 'B1', label: 'Band 1', annual: '1,350' },
    { band: 'B3', label: 'Band 3', annual: '4,044' },
  ]);
  assert.equal(v.groups.mainstream.length, 5);
  assert.equal(v.groups.special.length, 3);
  assert.equal(schemeFormValues(null).groups.mainstream.length, 3);
});

test('the form is read for the rows it showed, each group at most its share of the 200 bands', () => {
  const v = readSchemeForm({
    'rows-unit': '1',
    'band-unit-0-band': 'U1',
    'rows-special': '999',
    'band-post_16-0-band': 'lost',
  });
  assert.deepEqual(v.groups.unit, [{ band: 'U1', label: '', annual: '' }]);
  assert.equal(v.groups.special.length, maxRowsPerGroup);
  assert.deepEqual(v.groups.post_16, [], 'a row the form did not show is not read');
  assert.equal(withMoreBandRows(v).groups.special.length, maxRowsPerGroup);
  assert.equal(withMoreBandRows(v).groups.unit.length, 4);
});

test('pounds become pence, blank rows are left out, and the bands go in group order', () => {
  const v = schemeFormValues(null);
  v.name = ' Bands from September ';
  [v.day, v.month, v.year] = ['1', '9', '2026'];
  v.groups.special[1] = { band: 'S1', label: 'Special 1', annual: '£9,000.50' };
  v.groups.mainstream[2] = { band: 'B1', label: 'Band 1', annual: '1350' };
  assert.deepEqual(schemeFromForm(v), {
    ok: true,
    input: {
      name: 'Bands from September',
      effectiveFrom: '2026-09-01',
      bands: [
        { settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 },
        { settingGroup: 'special', band: 'S1', label: 'Special 1', annualPence: 900_050 },
      ],
    },
  });
});

test('a date half given, or not a real day, is refused in the page’s own words', () => {
  const v = schemeFormValues(inForce);
  v.name = 'x';
  [v.day, v.month, v.year] = ['1', '', '2026'];
  assert.deepEqual(schemeFromForm(v), {
    ok: false,
    errors: [{ field: 'effectiveFrom', message: 'The date it takes effect must include a month' }],
  });
  [v.day, v.month, v.year] = ['29', '2', '2026'];
  assert.deepEqual(schemeFromForm(v), {
    ok: false,
    errors: [{ field: 'effectiveFrom', message: 'The date it takes effect must be a real date' }],
  });
});

test('£500,000 a year is the most a band may be; a penny more is refused', () => {
  const v = schemeFormValues(null);
  v.name = 'x';
  [v.day, v.month, v.year] = ['1', '4', '2026'];
  v.groups.unit[0] = { band: 'U1', label: 'Unit', annual: '500,000' };
  assert.equal(schemeFromForm(v).ok, true);
  v.groups.unit[0] = { band: 'U1', label: 'Unit', annual: '500,000.01' };
  assert.deepEqual(schemeFromForm(v), {
    ok: false,
    errors: [
      {
        field: 'band-unit-0-annual',
        message: 'SRBs and SEN units, row 1: enter an amount of £500,000 a year or less',
      },
    ],
  });
});
