import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placementsFromRows } from './placements.ts';
import type { ImportedRow } from './rows.ts';

const ada = '0b0c0d0e-0000-4000-8000-000000000001';

/** A row as it reads on its own: Ada at an academy special school from 1 September 2026, no costs yet. */
const row = (over: Partial<ImportedRow> = {}): ImportedRow => ({
  childId: ada,
  childText: 'UPN D926123401001',
  setting: { establishmentId: 'oak-academy', providerName: null, name: 'Oak Academy' },
  type: 'academy_special',
  startOn: '2026-09-01',
  endOn: null,
  expectedEndOn: null,
  fte: null,
  residentialWeeks: null,
  basis: null,
  topUp: null,
  fee: null,
  transportPence: null,
  healthSharePercent: 0,
  socialCareSharePercent: 0,
  effectiveFrom: null,
  confirmed: false,
  ...over,
});

const drafts = (rows: ImportedRow[]) => {
  const made = placementsFromRows(rows.map((value, i) => ({ row: i + 2, value })));
  assert.ok(made.ok, JSON.stringify(made));
  return made.drafts;
};
const problems = (rows: ImportedRow[]) => {
  const made = placementsFromRows(rows.map((value, i) => ({ row: i + 2, value })));
  return made.ok ? [] : made.problems;
};

test('rows for the same placement make one, each later cost replacing the one before it from its date', () => {
  const [draft, ...others] = drafts([
    row({ topUp: { band: 'S2' } }),
    row({ topUp: { band: 'S3' }, effectiveFrom: '2027-01-01' }),
    row({ transportPence: 300_000, effectiveFrom: '2026-10-01', fte: 1, basis: 'ehc_plan' }),
  ]);
  assert.equal(others.length, 0);
  assert.ok(draft);
  assert.deepEqual(draft.rows, [2, 3, 4]);
  assert.equal(draft.input.fte, 1, 'blank on the first row, full time');
  assert.equal(draft.input.basis, 'ehc_plan');
  assert.deepEqual(
    draft.input.costLines.map((l) => [
      l.kind,
      l.funder,
      l.amountPence,
      l.topUpBand,
      l.effectiveFrom,
      l.effectiveTo,
    ]),
    [
      // An academy special school's £10,000 place, paid by the ESFA, from the start.
      ['place_funding', 'esfa', 1_000_000, null, '2026-09-01', null],
      // S2 from the start until the day before S3 takes over.
      ['top_up', 'la', null, 'S2', '2026-09-01', '2026-12-31'],
      ['top_up', 'la', null, 'S3', '2027-01-01', null],
      ['transport', 'la', 300_000, null, '2026-10-01', null],
    ],
  );
  assert.deepEqual(draft.lineSources, [
    { row: 2, column: 'type' },
    { row: 2, column: 'topUpBand' },
    { row: 3, column: 'topUpBand' },
    { row: 4, column: 'transportPence' },
  ]);
});

test('a provider without a URN is the same provider whatever the case and spacing of its name', () => {
  const horizon = (name: string, over: Partial<ImportedRow> = {}) =>
    row({
      setting: { establishmentId: null, providerName: name, name },
      type: 'independent_special',
      ...over,
    });
  const [draft] = drafts([
    horizon('Horizon School', { fee: { amountPence: 150_000, per: 'week', unitsPerYear: 38 } }),
    horizon('horizon  school', { transportPence: 200_000, effectiveFrom: '2026-09-01' }),
  ]);
  assert.equal(draft?.rows.length, 2);
  assert.equal(draft?.input.providerName, 'Horizon School');
  assert.deepEqual(
    draft?.input.costLines.map((l) => l.kind),
    ['fee', 'transport'],
    'an independent school has no place funding of the LA’s: its fee covers it',
  );
});

test('full-time placements in the file may follow one another, but not overlap; part-time ones may overlap', () => {
  const mainstream = (over: Partial<ImportedRow>) =>
    row({
      setting: { establishmentId: 'acle', providerName: null, name: 'Acle Fen' },
      type: 'mainstream',
      ...over,
    });
  assert.equal(
    drafts([row({ endOn: '2026-12-31' }), mainstream({ startOn: '2027-01-01' })]).length,
    2,
    'one ends on the 31st, the next starts on the 1st',
  );
  assert.equal(drafts([row({}), mainstream({ startOn: '2027-01-01', fte: 0.4 })]).length, 2);
  // An expected end does not end a placement: the one on row 3 runs on, so the later start is named.
  assert.deepEqual(problems([mainstream({ startOn: '2027-01-01' }), row({ expectedEndOn: '2026-12-31' })]), [
    {
      row: 2,
      column: 'startOn',
      problem:
        'overlaps the full-time placement on row 3 (at Oak Academy from 01/09/2026 with no end date): a child is in one full-time placement on any day, so give that one an end date, or record this one as part time',
      childId: ada,
    },
  ]);
});

test('a later row’s facts that differ from the first row’s are named, each on its own column', () => {
  assert.deepEqual(
    problems([
      row({ expectedEndOn: '2031-07-31', residentialWeeks: 38 }),
      row({
        transportPence: 100_000,
        effectiveFrom: '2026-10-01',
        expectedEndOn: '2030-07-31',
        fte: 0.6,
        residentialWeeks: 52,
        basis: 'interim',
      }),
    ]),
    [
      {
        row: 3,
        column: 'expectedEndOn',
        problem:
          'is 31/07/2030 here but 31/07/2031 on row 2, this placement’s first row: give the same, or leave it blank',
        childId: ada,
      },
      {
        row: 3,
        column: 'fte',
        problem:
          'is 0.6 of full time here but 1 of full time on row 2, this placement’s first row: give the same, or leave it blank',
        childId: ada,
      },
      {
        row: 3,
        column: 'residentialWeeks',
        problem: 'is 52 here but 38 on row 2, this placement’s first row: give the same, or leave it blank',
        childId: ada,
      },
      {
        row: 3,
        column: 'basis',
        problem:
          'is Interim here but EHC plan on row 2, this placement’s first row: give the same, or leave it blank',
        childId: ada,
      },
    ],
  );
});
