import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  childFormAfterStaleEdit,
  childFormFromDetails,
  childInputFromForm,
  childPageFieldId,
  dateFromParts,
  formValues,
  mergeProblems,
  parentCarerFormFromDetails,
  parentCarerInputFromForm,
} from './forms.ts';

test('a GOV.UK date input becomes an ISO date, or says which box is empty', () => {
  assert.deepEqual(dateFromParts('Date of birth', '7', '3', '2015'), { ok: true, value: '2015-03-07' });
  assert.deepEqual(dateFromParts('Date of birth', '', '', ''), { ok: true, value: undefined });
  assert.deepEqual(dateFromParts('Date of birth', '7', '', '2015'), {
    ok: false,
    message: 'Date of birth must include a month',
  });
  assert.deepEqual(dateFromParts('Date of birth', '', '', '2015'), {
    ok: false,
    message: 'Date of birth must include a day and month',
  });
  assert.deepEqual(dateFromParts('Date of birth', 'x', '3', '15'), {
    ok: false,
    message: 'Date of birth must be a real date',
  });
});

test('the child form becomes the API input, with needs in rank order', () => {
  const v = formValues(
    {
      forename: 'Zoë',
      surname: 'Brontë',
      'dateOfBirth-day': '27',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '2015',
      sex: 'F',
      senNeed1: 'ASD',
      senNeed2: 'SLCN',
      _csrf: 'x',
    },
    [
      'forename',
      'surname',
      'dateOfBirth-day',
      'dateOfBirth-month',
      'dateOfBirth-year',
      'sex',
      'senNeed1',
      'senNeed2',
      'senNeed3',
    ],
  );
  const { input, problems } = childInputFromForm(v);
  assert.deepEqual(problems, []);
  assert.equal(input.dateOfBirth, '2015-03-27');
  assert.deepEqual(input.senNeeds, ['ASD', 'SLCN']);
  assert.equal(input.sex, 'F');
  assert.ok(!('_csrf' in v));
});

test('a secondary need without a primary need is a page problem', () => {
  const { problems } = childInputFromForm({ senNeed2: 'ASD' });
  assert.deepEqual(problems, [
    { field: 'senNeeds.0', message: 'Select the primary need, or move the needs below it up' },
  ]);
});

test('a record fills the form it is changed on, and back again', () => {
  const details = {
    forename: 'Zoë',
    surname: 'Brontë',
    dateOfBirth: '2015-03-07',
    sex: 'F' as const,
    ethnicity: null,
    homePostcode: 'NR1 2DH',
    upn: null,
    upnUnknownReason: 'UN1' as const,
    uln: null,
    establishmentId: null,
    senNeeds: ['ASD' as const],
  };
  const form = childFormFromDetails(details, 4);
  assert.equal(form['dateOfBirth-day'], '7');
  assert.equal(form['dateOfBirth-month'], '3');
  assert.equal(form.senNeed1, 'ASD');
  assert.equal(form.senNeed2, '');
  assert.equal(form.version, '4');
  const { input } = childInputFromForm(form);
  assert.equal(input.dateOfBirth, '2015-03-07');
  assert.deepEqual(input.senNeeds, ['ASD']);
});

test('after a stale edit the changed fields show their new values; the rest keep what was typed', () => {
  const submitted = { surname: 'Bronte', 'dateOfBirth-day': '1', senNeed1: 'MLD', homePostcode: 'NR2 1AA' };
  const current = {
    surname: 'Brontë-Smith',
    'dateOfBirth-day': '7',
    senNeed1: 'ASD',
    homePostcode: 'NR1 2DH',
  };
  assert.deepEqual(childFormAfterStaleEdit(submitted, current, ['dateOfBirth', 'senNeeds']), {
    surname: 'Bronte',
    'dateOfBirth-day': '7',
    senNeed1: 'ASD',
    homePostcode: 'NR2 1AA',
  });
});

test('errors link to the box a person should go to', () => {
  assert.equal(childPageFieldId('dateOfBirth'), 'dateOfBirth-day');
  assert.equal(childPageFieldId('senNeeds.1'), 'senNeed2');
  assert.equal(childPageFieldId('upn'), 'upn');
});

test('page problems win over the schema for the same field, and all come in form order', () => {
  assert.deepEqual(
    mergeProblems(
      [{ field: 'dateOfBirth', message: 'Date of birth must include a month' }],
      [
        { field: 'upn', message: 'bad UPN' },
        { field: 'dateOfBirth', message: "Enter the child's date of birth" },
        { field: 'forename', message: 'Enter a first name' },
      ],
    ).map((p) => p.message),
    ['Enter a first name', 'Date of birth must include a month', 'bad UPN'],
  );
});

test('a parent or carer form round-trips, with yes and no for the questions', () => {
  const details = {
    forename: 'Ann',
    surname: 'Brontë',
    relationship: 'mother' as const,
    parentalResponsibility: true,
    livesWith: false,
    mainContact: true,
    email: 'ann@example.org',
    phone: null,
    address: null,
    postcode: null,
    preferredContact: 'email' as const,
    preferredLanguage: 'English',
    needsInterpreter: false,
    communicationNeeds: null,
  };
  const form = parentCarerFormFromDetails(details, 2);
  assert.equal(form.livesWith, 'no');
  const input = parentCarerInputFromForm(form);
  assert.equal(input.version, '2');
  assert.equal(input.phone, '');
  assert.equal(parentCarerInputFromForm({ ...form, relationship: '' }).relationship, undefined);
});
