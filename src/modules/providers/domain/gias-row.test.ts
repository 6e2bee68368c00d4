import assert from 'node:assert/strict';
import { test } from 'node:test';
import { giasRowToEstablishment } from './gias-row.ts';

/** A GIAS row as the import sees it, with realistic defaults: an open community primary in Norfolk. */
function row(over: Record<string, string> = {}) {
  const cells: Record<string, string> = {
    URN: '900001',
    'LA (code)': '926',
    EstablishmentName: 'Acle Fen Primary School',
    'TypeOfEstablishment (code)': '1',
    'TypeOfEstablishment (name)': 'Community school',
    'EstablishmentTypeGroup (name)': 'Local authority maintained schools',
    'EstablishmentStatus (name)': 'Open',
    OpenDate: '01-09-1975',
    CloseDate: '',
    'PhaseOfEducation (name)': 'Primary',
    StatutoryLowAge: '4',
    StatutoryHighAge: '11',
    SchoolCapacity: '210',
    NumberOfPupils: '198',
    UKPRN: '10012345',
    Street: 'Fen Lane',
    Town: 'Acle',
    Postcode: 'nr13 3aa',
    'DistrictAdministrative (name)': 'Broadland',
    Easting: '640000',
    Northing: '310000',
    'SEN1 (name)': 'Not Applicable',
    'TypeOfResourcedProvision (name)': 'Not applicable',
    ...over,
  };
  return (column: string) => cells[column] ?? '';
}

test('a good row becomes a school with its location converted and its postcode tidied', () => {
  const r = giasRowToEstablishment(row(), 2, { hasOfsted: false });
  assert.ok(r.ok);
  const f = r.value.fields;
  assert.equal(f.urn, 900001);
  assert.equal(f.ukprn, 10012345);
  assert.equal(f.postcode, 'NR13 3AA');
  assert.equal(f.openedOn, '1975-09-01');
  assert.equal(f.settingKind, 'school');
  assert.equal(f.status, 'open');
  assert.ok(f.latitude !== null && f.latitude > 52.6 && f.latitude < 52.7);
  assert.ok(f.longitude !== null && f.longitude > 1.4 && f.longitude < 1.6);
  assert.equal(r.value.ofsted, undefined, 'Ofsted is left to the LA when the file has no Ofsted columns');
  assert.deepEqual(r.value.designations, []);
});

test('a special school lists its designations by need; a school with a unit has unit designations', () => {
  const special = giasRowToEstablishment(
    row({
      'TypeOfEstablishment (code)': '44',
      'SEN1 (name)': 'SLD - Severe Learning Difficulty',
      'SEN2 (name)': 'ASD - Autistic Spectrum Disorder',
    }),
    3,
    { hasOfsted: false },
  );
  assert.ok(special.ok);
  assert.equal(special.value.fields.isSpecial, true);
  assert.deepEqual(
    special.value.designations.map((d) => `${d.provision}:${d.senType}`),
    ['special_school:SLD', 'special_school:ASD'],
  );
  const unit = giasRowToEstablishment(
    row({
      'TypeOfResourcedProvision (name)': 'SEN unit',
      SenUnitCapacity: '10',
      'SEN1 (name)': 'HI - Hearing Impairment',
    }),
    4,
    { hasOfsted: false },
  );
  assert.ok(unit.ok);
  assert.equal(unit.value.fields.hasSenUnit, true);
  assert.equal(unit.value.fields.senUnitCapacity, 10);
  assert.deepEqual(unit.value.designations, [{ provision: 'sen_unit', senType: 'HI' }]);
});

test('the district is read as GIAS names it; a blank or a placeholder is no district', () => {
  const district = (name: string) => {
    const r = giasRowToEstablishment(row({ 'DistrictAdministrative (name)': name }), 2, { hasOfsted: false });
    assert.ok(r.ok, name);
    return r.value.fields.district;
  };
  assert.equal(district('Broadland'), 'Broadland');
  assert.equal(district("  King's Lynn and West Norfolk "), "King's Lynn and West Norfolk");
  for (const placeholder of [
    '',
    '   ',
    'Not applicable',
    'NOT APPLICABLE',
    'Not recorded',
    'Does not apply',
    '(pseudo) Wales',
    '(pseudo) Channel Islands',
    'Wales (pseudo)',
  ])
    assert.equal(district(placeholder), null, placeholder);
});

test('a district longer than the 100 characters a district is kept in is named as a problem', () => {
  const r = giasRowToEstablishment(row({ 'DistrictAdministrative (name)': 'x'.repeat(101) }), 5, {
    hasOfsted: false,
  });
  assert.ok(!r.ok);
  assert.deepEqual(r.problems, [
    { row: 5, column: 'DistrictAdministrative (name)', problem: 'is longer than 100 characters' },
  ]);
});

test('GIAS writes 0 or nothing for an unknown location: the school has no location rather than one off Scilly', () => {
  for (const [e, n] of [
    ['0', '0'],
    ['', ''],
  ] as const) {
    const r = giasRowToEstablishment(row({ Easting: e, Northing: n }), 2, { hasOfsted: false });
    assert.ok(r.ok);
    assert.equal(r.value.fields.latitude, null);
  }
});

test('an age of 99 (GIAS for "any age") is left blank with a warning, not refused', () => {
  const r = giasRowToEstablishment(row({ StatutoryLowAge: '16', StatutoryHighAge: '99' }), 7, {
    hasOfsted: false,
  });
  assert.ok(r.ok);
  assert.equal(r.value.fields.statutoryHighAge, null);
  assert.deepEqual(r.warnings, [
    {
      row: 7,
      column: 'StatutoryHighAge',
      problem: '99 is older than SEND covers (25), so it was left blank',
    },
  ]);
});

test('each bad value is named by row, column and problem', () => {
  const r = giasRowToEstablishment(
    row({
      URN: '90002X',
      OpenDate: '31-02-2020',
      Postcode: 'NR99 ZZZ9',
      'SEN3 (name)': 'XYZ - Something Else',
      StatutoryLowAge: '11',
      StatutoryHighAge: '4',
      Easting: 'east',
      'EstablishmentStatus (name)': 'Shut',
      UKPRN: '123',
    }),
    12,
    { hasOfsted: false },
  );
  assert.ok(!r.ok);
  const byColumn = Object.fromEntries(r.problems.map((p) => [p.column, p.problem]));
  assert.equal(byColumn.URN, '"90002X" is not a URN (6 digits)');
  assert.equal(byColumn.OpenDate, '"31-02-2020" is not a date written dd-mm-yyyy');
  assert.equal(byColumn.Postcode, '"NR99 ZZZ9" is not a UK postcode');
  assert.equal(byColumn['SEN3 (name)'], '"XYZ - Something Else" is not a GIAS type of SEN provision');
  assert.equal(byColumn.StatutoryHighAge, '4 is below StatutoryLowAge 11');
  assert.equal(byColumn.Easting, '"east" is not a whole number');
  assert.match(byColumn['EstablishmentStatus (name)'] ?? '', /"Shut" is not a GIAS status/);
  assert.equal(byColumn.UKPRN, '"123" is not a UKPRN (8 digits starting with 1)');
  assert.ok(r.problems.every((p) => p.row === 12));
});

test('older files with Ofsted columns set the rating and date', () => {
  const r = giasRowToEstablishment(
    row({ 'OfstedRating (name)': 'Requires improvement', OfstedLastInsp: '14-03-2023' }),
    2,
    {
      hasOfsted: true,
    },
  );
  assert.ok(r.ok);
  assert.deepEqual(r.value.ofsted, { rating: 'requires_improvement', date: '2023-03-14' });
});
