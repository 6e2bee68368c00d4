import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { factorDataOfRow, schoolForUrn } from './columns.ts';
import {
  coverageText,
  factorDataProblems,
  fillFromRecords,
  noFactorData,
  type SchoolFactorData,
} from './factors.ts';

const school: SchoolFactorData = {
  pupils: 210,
  fsmPercent: 18.5,
  idaci: { a: 12, b: 15, c: 20, d: 18, e: 14, f: 10 },
  lowPriorAttainment: 30,
  senSupport: 25,
  ehcPlans: 5,
  sparse: false,
};

describe('a school’s factor data', () => {
  test('counts within the roll are fine', () => {
    assert.deepEqual(factorDataProblems(school), []);
  });

  test('IDACI bands adding up to more pupils than are on roll are refused', () => {
    // 60 + 40 + 40 + 30 + 20 + 20 = 210 in the bands against 200 on roll.
    const d = { ...school, pupils: 200, idaci: { a: 60, b: 40, c: 40, d: 30, e: 20, f: 20 } };
    assert.deepEqual(factorDataProblems(d), [
      {
        field: 'idaciA',
        message: 'The number of pupils in IDACI bands A to F is 210, more than the 200 pupils on roll',
      },
    ]);
  });

  test('SEN Support and EHC plans together above the roll are refused', () => {
    // 25 on SEN Support + 5 with plans = 30 > 29 on roll.
    assert.deepEqual(
      factorDataProblems({ ...school, pupils: 29, idaci: noFactorData.idaci, lowPriorAttainment: 0 }),
      [
        {
          field: 'senSupport',
          message: 'SEN Support and EHC plans together is 30, more than the 29 pupils on roll',
        },
      ],
    );
  });

  test('coverage reads “152 of 160 schools”', () => {
    assert.equal(coverageText({ inScope: 160, withData: 152 }), '152 of 160 schools');
    assert.equal(coverageText({ inScope: 1, withData: 0 }), '0 of 1 school');
  });
});

describe('filling a school’s data from the LA’s records', () => {
  test('pupils, SEN Support and EHC plans come from the records; the rest stays as it was', () => {
    const filled = fillFromRecords('Hethersett Primary', school, {
      pupils: 220,
      senSupport: 27,
      ehcPlans: 6,
    });
    assert.deepEqual(filled, { ok: true, data: { ...school, pupils: 220, senSupport: 27, ehcPlans: 6 } });
  });

  test('a school with no data yet gets the records’ figures and nothing else', () => {
    assert.deepEqual(
      fillFromRecords('Hethersett Primary', null, { pupils: 220, senSupport: 27, ehcPlans: 6 }),
      {
        ok: true,
        data: { ...noFactorData, pupils: 220, senSupport: 27, ehcPlans: 6 },
      },
    );
  });

  test('a record with no number on roll keeps the number held, and says so when there is none', () => {
    const kept = fillFromRecords('Hethersett Primary', school, { pupils: null, senSupport: 1, ehcPlans: 1 });
    assert.equal(kept.ok && kept.data.pupils, 210);
    assert.deepEqual(
      fillFromRecords('Hethersett Primary', null, { pupils: null, senSupport: 1, ehcPlans: 0 }),
      {
        ok: false,
        problem:
          'Hethersett Primary has no number on roll on its school record and no factor data yet: load its data from a file, or add its number of pupils to the school’s record',
      },
    );
  });

  test('a roll from the records smaller than the IDACI bands held is refused by name', () => {
    // The bands held add up to 89; the record says 80 on roll.
    assert.deepEqual(
      fillFromRecords('Hethersett Primary', school, { pupils: 80, senSupport: 1, ehcPlans: 0 }),
      {
        ok: false,
        problem:
          'Hethersett Primary: the number of pupils in IDACI bands A to F is 89, more than the 80 pupils on roll',
      },
    );
  });
});

describe('a row of a factor data file', () => {
  const row = {
    urn: 121_212,
    pupils: 210,
    fsmPercent: 18.5,
    idaciA: 12,
    idaciB: 15,
    idaciC: 20,
    idaciD: 18,
    idaciE: 14,
    idaciF: 10,
    lowPriorAttainment: 30,
    senSupport: 25,
    ehcPlans: 5,
    sparse: true,
  };

  test('makes a school’s data', () => {
    assert.deepEqual(factorDataOfRow(row), { ok: true, data: { ...school, sparse: true } });
  });

  test('with low prior attainment above the roll is refused on that column', () => {
    assert.deepEqual(factorDataOfRow({ ...row, lowPriorAttainment: 211 }), {
      ok: false,
      problems: [
        {
          column: 'lowPriorAttainment',
          problem: 'low prior attainment is 211, more than the 210 pupils on roll',
        },
      ],
    });
  });

  const reference = {
    startsOn: '2026-09-01',
    inScope: (urn: number) => (urn === 121_212 ? { id: 'school-1' } : undefined),
    onRegister: (urn: number) => (urn === 131_313 ? { name: 'Chapel Green School' } : undefined),
  };

  test('names a school that is not in a cluster on the year’s first day, and a URN not on the register', () => {
    assert.deepEqual(schoolForUrn(121_212, reference), { ok: true, id: 'school-1' });
    assert.deepEqual(schoolForUrn(131_313, reference), {
      ok: false,
      problem:
        '131313 is Chapel Green School, which is not in a cluster on 1 September 2026; put it in a cluster first, or take its row out',
    });
    assert.deepEqual(schoolForUrn(999_999, reference), {
      ok: false,
      problem: '999999 is not the URN of a school on your register; check it against GIAS',
    });
  });
});
