import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parentCarerDetails, parentCarerEditSchema, parentCarerSchema } from './parent-carer.ts';

const valid = {
  forename: 'Ann',
  surname: 'Brontë',
  relationship: 'mother',
  parentalResponsibility: true,
  livesWith: true,
  mainContact: true,
  email: 'Ann@Example.org',
  phone: '07700 900 982',
  address: '1 Market Place, Norwich',
  postcode: 'nr2 1aa',
  preferredContact: 'email',
  preferredLanguage: 'English',
  needsInterpreter: false,
  communicationNeeds: '',
};

function fieldsOf(input: unknown, schema = parentCarerSchema) {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

test('a parent or carer with contact details and preferences is accepted and cleaned', () => {
  const p = parentCarerDetails(parentCarerSchema.parse(valid));
  assert.equal(p.email, 'ann@example.org');
  assert.equal(p.postcode, 'NR2 1AA');
  assert.equal(p.communicationNeeds, null);
});

test('yes and no from a page are read as true and false', () => {
  const p = parentCarerSchema.parse({
    ...valid,
    parentalResponsibility: 'yes',
    livesWith: 'no',
    mainContact: 'no',
    needsInterpreter: 'yes',
  });
  assert.equal(p.parentalResponsibility, true);
  assert.equal(p.livesWith, false);
  assert.equal(p.needsInterpreter, true);
});

test('bad contact details are named', () => {
  assert.deepEqual(fieldsOf({ ...valid, email: 'ann@', phone: '12', postcode: 'XX' }), [
    'email: Enter an email address in the correct format, like name@example.org',
    'phone: Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
    'postcode: Enter a real UK postcode, like NR1 2DH',
  ]);
});

test('the preferred way to contact them needs the details for it', () => {
  assert.deepEqual(fieldsOf({ ...valid, email: '' }), [
    'email: Enter an email address, as email is how they prefer to be contacted',
  ]);
  assert.deepEqual(fieldsOf({ ...valid, preferredContact: 'text', phone: null }), [
    'phone: Enter a telephone number, as that is how they prefer to be contacted',
  ]);
  assert.deepEqual(fieldsOf({ ...valid, preferredContact: 'post', address: '', postcode: '' }), [
    'address: Enter an address, as post is how they prefer to be contacted',
    'postcode: Enter a postcode, as post is how they prefer to be contacted',
  ]);
});

test('an edit carries the version it was read at', () => {
  assert.deepEqual(fieldsOf(valid, parentCarerEditSchema), [
    'version: version must be the version number of the record you read',
  ]);
  assert.equal(parentCarerEditSchema.parse({ ...valid, version: '3' }).version, 3);
});
