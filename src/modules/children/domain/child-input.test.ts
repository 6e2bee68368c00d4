import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { z } from 'zod';
import {
  applyChildPatch,
  type ChildDetails,
  childPatchSchema,
  childRuleProblems,
  newChildDetails,
  newChildSchema,
} from './child-input.ts';

const valid = {
  forename: 'Zoë',
  surname: 'Brontë',
  dateOfBirth: '2015-03-27',
  sex: 'F',
  upn: 'd926 1234 0100 1',
  uln: '1234567899',
  homePostcode: 'nr12dh',
  ethnicity: 'wbri',
  senNeeds: ['asd', 'SLCN'],
};

function problems(schema: z.ZodType, input: unknown) {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

test('a valid child is cleaned: UPN, postcode and codes normalised', () => {
  const child = newChildSchema.parse(valid);
  assert.equal(child.upn, 'D926123401001');
  assert.equal(child.homePostcode, 'NR1 2DH');
  assert.equal(child.ethnicity, 'WBRI');
  assert.deepEqual(child.senNeeds, ['ASD', 'SLCN']);
  assert.equal(child.forename, 'Zoë');
});

test('empty optional fields are cleared, not refused', () => {
  const child = newChildDetails(
    newChildSchema.parse({ ...valid, upn: '', uln: null, homePostcode: ' ', senNeeds: undefined }),
  );
  assert.equal(child.upn, null);
  assert.equal(child.uln, null);
  assert.equal(child.homePostcode, null);
  assert.deepEqual(child.senNeeds, []);
});

test('each bad field is named with a message saying how to fix it', () => {
  assert.deepEqual(
    problems(newChildSchema, {
      ...valid,
      forename: ' ',
      upn: 'A926123401001',
      uln: '1234567890',
      homePostcode: 'NR1',
      dateOfBirth: '2015-02-30',
      sex: 'X',
      ethnicity: 'WHITE',
      senNeeds: ['ASD', 'NSA'],
    }),
    [
      { field: 'upn', message: 'UPN check letter is wrong: for 926123401001 it should start with D' },
      { field: 'uln', message: 'ULN check digit is wrong: for 123456789 it should end with 9' },
      { field: 'forename', message: "Enter the child's first name" },
      { field: 'dateOfBirth', message: 'Date of birth must be a real date' },
      { field: 'sex', message: 'Sex must be F, M or U' },
      { field: 'ethnicity', message: 'Ethnicity must be a CBDS ethnicity code, like WBRI' },
      { field: 'homePostcode', message: 'Enter a real UK postcode, like NR1 2DH' },
      {
        field: 'senNeeds.1',
        message:
          'SEN need must be an SEN2 type of need: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH',
      },
    ],
  );
});

test('missing required fields are asked for', () => {
  const fields = problems(newChildSchema, {}).map((p) => p.field);
  assert.deepEqual(fields, ['forename', 'surname', 'dateOfBirth', 'sex']);
  assert.deepEqual(problems(newChildSchema, { ...valid, sex: undefined })[0], {
    field: 'sex',
    message: "Select the child's sex",
  });
});

test('unknown properties are refused rather than silently ignored', () => {
  assert.match(JSON.stringify(problems(newChildSchema, { ...valid, upm: 'x' })), /Unrecognized key/);
});

test('a patch needs the version it was read at, and changes only what it names', () => {
  assert.deepEqual(problems(childPatchSchema, { surname: 'Smith' })[0]?.field, 'version');
  const current = newChildDetails(newChildSchema.parse(valid));
  const patch = childPatchSchema.parse({ version: 2, surname: 'Smith', homePostcode: null });
  const next: ChildDetails = applyChildPatch(current, patch);
  assert.equal(next.surname, 'Smith');
  assert.equal(next.homePostcode, null);
  assert.equal(next.forename, 'Zoë');
  assert.deepEqual(next.senNeeds, ['ASD', 'SLCN']);
});

test('the date of birth rule applies to new records and changed dates only', () => {
  const old = { ...newChildDetails(newChildSchema.parse(valid)), dateOfBirth: '2000-01-01' };
  assert.deepEqual(childRuleProblems(old, null, '2026-03-02')[0]?.field, 'dateOfBirth');
  assert.deepEqual(childRuleProblems({ ...old, surname: 'Smith' }, old, '2026-03-02'), []);
  assert.match(
    childRuleProblems({ ...old, dateOfBirth: '2026-04-01' }, old, '2026-03-02')[0]?.message ?? '',
    /today or in the past/,
  );
});

test('a UPN and a reason it is not known cannot both be given', () => {
  const child = newChildDetails(newChildSchema.parse({ ...valid, upnUnknownReason: 'UN1' }));
  assert.deepEqual(childRuleProblems(child, null, '2026-03-02'), [
    {
      field: 'upnUnknownReason',
      message: 'Leave the reason the UPN is not known empty when you give the UPN',
    },
  ]);
});
