import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlacementImportValues } from './columns.ts';
import { type ChildOnRecord, checkPlacementRow, type ImportedRow, type ImportReference } from './rows.ts';

const ada: ChildOnRecord = {
  id: '0b0c0d0e-0000-4000-8000-000000000001',
  upn: 'D926123401001',
  forename: 'Zoë',
  surname: "O'Brien",
  dateOfBirth: '2015-03-27',
};
const ben: ChildOnRecord = { ...ada, id: '0b0c0d0e-0000-4000-8000-000000000002', upn: null, forename: 'Ben' };

const fold = (s: string) =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/['’]/g, '').toLowerCase().trim();

const reference: ImportReference = {
  childByUpn: (upn) => [ada, ben].find((c) => c.upn === upn),
  childById: (id) => [ada, ben].find((c) => c.id === id),
  upnProblem: (upn) => (upn.length === 13 ? null : 'UPN must be 13 characters, like D926123401001'),
  sameName: (a, b) => fold(a) === fold(b),
  settingByUrn: (urn) => (urn === 145678 ? { id: 'chapel-green', name: 'Chapel Green School' } : undefined),
  hasPlanInForce: (id) => id === ada.id,
  // S1 from April 2025; from April 2027 a scheme that keeps S1 for special schools and adds a unit band.
  schemes: [
    {
      effectiveFrom: '2025-04-01',
      bands: new Map([
        [
          'special',
          new Map([
            ['s1', 'S1'],
            ['moderate needs', 'S1'],
          ]),
        ],
      ]),
    },
    {
      effectiveFrom: '2027-04-01',
      bands: new Map([
        ['special', new Map([['s1', 'S1']])],
        ['unit', new Map([['u1', 'U1']])],
      ]),
    },
  ],
};

/** A row as its cells read, for Ada at Chapel Green School from 1 September 2026, before any costs. */
const values = (over: Partial<PlacementImportValues> = {}): PlacementImportValues => ({
  upn: 'D926123401001',
  childId: null,
  surname: "O'Brien",
  forename: 'Zoë',
  dateOfBirth: '2015-03-27',
  urn: 145678,
  settingName: null,
  type: 'maintained_special',
  startOn: '2026-09-01',
  endOn: null,
  expectedEndOn: null,
  daysAWeek: null,
  fte: null,
  residentialWeeks: null,
  basis: null,
  topUpBand: null,
  topUpPence: null,
  feePence: null,
  feePer: null,
  feeUnitsPerYear: null,
  transportPence: null,
  healthSharePercent: null,
  socialCareSharePercent: null,
  effectiveFrom: null,
  confirmed: null,
  ...over,
});

const read = (over: Partial<PlacementImportValues>): ImportedRow => {
  const outcome = checkPlacementRow(values(over), reference);
  assert.ok('value' in outcome, JSON.stringify(outcome));
  return outcome.value;
};
const problems = (over: Partial<PlacementImportValues>) => {
  const outcome = checkPlacementRow(values(over), reference);
  return 'problems' in outcome ? outcome.problems : [];
};

test('a row names a child by UPN (spaced or in lower case) or OpenSEND ID, and its name may differ in accents and case', () => {
  const row = read({
    upn: 'd926 1234 0100 1',
    surname: 'OBRIEN',
    forename: 'zoe',
    topUpBand: 'Moderate needs',
  });
  assert.equal(row.childId, ada.id);
  assert.equal(row.childText, 'UPN D926123401001');
  assert.deepEqual(row.setting, {
    establishmentId: 'chapel-green',
    providerName: null,
    name: 'Chapel Green School',
  });
  assert.deepEqual(row.topUp, { band: 'S1' }, 'a band by its label is its code');
  assert.equal(row.fte, null, 'attendance left blank: full time on a first row');
  const byId = read({ upn: null, childId: ben.id.toUpperCase(), forename: 'Ben', basis: 'interim' });
  assert.equal(byId.childId, ben.id);
  assert.equal(byId.childText, 'this OpenSEND ID');
});

test('days a week become a share of full time; giving it both ways is refused', () => {
  // 2.5 days of 5 is 0.5; 2.25 days is 0.45, exact in thousandths.
  assert.equal(read({ daysAWeek: 2.5 }).fte, 0.5);
  assert.equal(read({ daysAWeek: 2.25 }).fte, 0.45);
  assert.equal(read({ fte: 0.4 }).fte, 0.4);
  assert.deepEqual(problems({ daysAWeek: 2, fte: 0.4 }), [
    { column: 'fte', problem: 'is given as well as Days a week: give one of them, not both' },
  ]);
});

test('a setting is a URN on the register or a provider’s name; a URN read wins over a name beside it', () => {
  assert.deepEqual(read({ urn: null, settingName: 'Horizon School', type: 'independent_special' }).setting, {
    establishmentId: null,
    providerName: 'Horizon School',
    name: 'Horizon School',
  });
  assert.equal(read({ settingName: 'Chapel Green' }).setting.name, 'Chapel Green School');
  assert.deepEqual(problems({ urn: null }), [
    {
      column: 'settingName',
      problem: 'is blank: give the setting’s URN, or the name of a provider without a URN',
    },
  ]);
});

test('a fee needs what it is for, and the weeks or days charged when it is a week’s or a day’s', () => {
  assert.deepEqual(read({ feePence: 150_000, feePer: 'week', feeUnitsPerYear: 38 }).fee, {
    amountPence: 150_000,
    per: 'week',
    unitsPerYear: 38,
  });
  assert.deepEqual(problems({ feePence: 150_000 }), [
    { column: 'feePer', problem: 'is blank: say what the fee is for: Year, Term, Week or Day' },
  ]);
  assert.deepEqual(problems({ feePence: 12_000, feePer: 'day' }), [
    { column: 'feeUnitsPerYear', problem: 'is blank: give the days charged in a year, like 190 days' },
  ]);
  assert.deepEqual(problems({ feePer: 'term' }), [
    { column: 'feePence', problem: 'is blank, but Fee per is given: give the fee, or leave both blank' },
  ]);
  assert.deepEqual(problems({ feePence: 5_000_000, feePer: 'year', feeUnitsPerYear: 38 }), [
    {
      column: 'feeUnitsPerYear',
      problem:
        'is only for a fee a week or a day (Fee per Week or Day): leave it blank, or say what the fee is for',
    },
  ]);
});

test('a top-up is a band the schemes have for the placement’s settings, or an amount, not both', () => {
  assert.deepEqual(read({ topUpPence: 1_200_000 }).topUp, { annualPence: 1_200_000 });
  assert.deepEqual(problems({ topUpBand: 'S1', topUpPence: 1 }), [
    {
      column: 'topUpPence',
      problem: 'is given as well as Top-up band: give a band or an amount a year, not both',
    },
  ]);
  assert.deepEqual(problems({ topUpBand: 'S1', type: 'independent_special' }), [
    {
      column: 'topUpBand',
      problem:
        'A placement of type independent special school has no top-up bands: give the agreed amount in Top-up a year instead',
    },
  ]);
  assert.deepEqual(problems({ topUpBand: 'B1', type: 'mainstream' }), [
    {
      column: 'topUpBand',
      problem:
        'The top-up scheme in force on 01/09/2026 has no bands for mainstream settings: give the agreed amount in Top-up a year',
    },
  ]);
  // A unit band from when the scheme that has it is in force, and not before.
  const unit = { topUpBand: 'U1', type: 'mainstream_unit' as const };
  assert.deepEqual(read({ ...unit, startOn: '2027-04-01' }).topUp, { band: 'U1' });
  assert.deepEqual(problems(unit), [
    {
      column: 'topUpBand',
      problem:
        'The top-up scheme in force on 01/09/2026 has no bands for unit and SRB settings: give the agreed amount in Top-up a year',
    },
  ]);
  assert.deepEqual(problems({ topUpBand: 'S1', startOn: '2025-03-31' }), [
    {
      column: 'topUpBand',
      problem:
        'No top-up scheme is in force on 31/03/2025, when the costs start: give the agreed amount in Top-up a year',
    },
  ]);
});

test('health’s and social care’s shares are of the row’s fee and top-up, and together at most 100%', () => {
  const row = read({ topUpBand: 'S1', healthSharePercent: 25, socialCareSharePercent: 12.5 });
  assert.deepEqual([row.healthSharePercent, row.socialCareSharePercent], [25, 12.5]);
  assert.deepEqual(problems({ topUpBand: 'S1', healthSharePercent: 60, socialCareSharePercent: 50 }), [
    {
      column: 'socialCareSharePercent',
      problem: '50% with health’s 60% comes to more than 100%: the two shares together must be 100% or less',
    },
  ]);
  assert.deepEqual(problems({ transportPence: 300_000, healthSharePercent: 10 }), [
    {
      column: 'healthSharePercent',
      problem:
        'is a share of the row’s fee and top-up, and the row has neither: give them, or leave the shares blank',
    },
  ]);
});

test('an amount over £500,000 a year passes only when the row confirms it', () => {
  // £10,000 a week for 52 weeks is £520,000 a year.
  const fee = { feePence: 1_000_000, feePer: 'week' as const, feeUnitsPerYear: 52 };
  assert.deepEqual(problems(fee), [
    {
      column: 'feePence',
      problem:
        'comes to £520,000 a year, more than £500,000: check the amount, and write Yes in Confirm large amount if it is right',
    },
  ]);
  assert.equal(read({ ...fee, confirmed: true }).confirmed, true);
  // Exactly £500,000 is not more than it.
  assert.equal(read({ transportPence: 50_000_000 }).transportPence, 50_000_000);
});

test('costs take effect within the placement, and only where the row has costs', () => {
  assert.equal(read({ topUpBand: 'S1', effectiveFrom: '2027-01-01' }).effectiveFrom, '2027-01-01');
  assert.deepEqual(problems({ effectiveFrom: '2027-01-01' }), [
    {
      column: 'effectiveFrom',
      problem: 'is given, but the row has no costs to take effect: give them, or leave it blank',
    },
  ]);
  assert.deepEqual(problems({ topUpBand: 'S1', endOn: '2026-12-31', effectiveFrom: '2027-01-01' }), [
    {
      column: 'effectiveFrom',
      problem: '01/01/2027 is after the placement ends, 31/12/2026: costs take effect on or before its end',
    },
  ]);
});

test('a child without an EHC plan in force is placed only on an interim basis', () => {
  assert.equal(read({ upn: null, childId: ben.id, forename: 'Ben', basis: 'interim' }).basis, 'interim');
  assert.deepEqual(problems({ upn: null, childId: ben.id, forename: 'Ben', basis: 'ehc_plan' }), [
    {
      column: 'basis',
      problem:
        'says EHC plan, but the child has no EHC plan in force: write Interim, or issue the plan first',
    },
  ]);
});
