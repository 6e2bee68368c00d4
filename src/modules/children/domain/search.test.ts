import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpretSearchText } from './search.ts';

test('one search box: a UPN, a date of birth or a name', () => {
  assert.deepEqual(interpretSearchText(''), { kind: 'all' });
  assert.deepEqual(interpretSearchText(' d926 1234 0100 1 '), { kind: 'upn', upn: 'D926123401001' });
  assert.deepEqual(interpretSearchText('27/3/2015'), { kind: 'dateOfBirth', dateOfBirth: '2015-03-27' });
  assert.deepEqual(interpretSearchText('27 March 2015'), { kind: 'dateOfBirth', dateOfBirth: '2015-03-27' });
  assert.deepEqual(interpretSearchText('Zoë Brontë'), { kind: 'name', name: 'zoe bronte' });
});

test('a UPN with a wrong check letter, or a date that is not real, is explained', () => {
  assert.deepEqual(interpretSearchText('A926123401001'), {
    kind: 'problem',
    message: 'UPN check letter is wrong: for 926123401001 it should start with D',
  });
  assert.deepEqual(interpretSearchText('31/2/2015'), {
    kind: 'problem',
    message: 'Enter a date of birth as a real date, like 27/3/2015',
  });
});
