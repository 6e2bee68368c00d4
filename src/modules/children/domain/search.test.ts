import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anyOfTrigrams, interpretSearchText, trigramsEveryMatchShares } from './search.ts';

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

test('a search keeps all but ⌈0.3·n⌉ − 1 of its n trigrams, leaving out single-letter word starts first', () => {
  const hannah = [
    '  h',
    '  s',
    ' ha',
    ' sp',
    'ah ',
    'ann',
    'han',
    'ink',
    'ks ',
    'nah',
    'nks',
    'nna',
    'pin',
    'spi',
  ];
  const kept = trigramsEveryMatchShares(hannah);
  assert.equal(kept.length, 14 - 5 + 1);
  assert.ok(!kept.includes('  h') && !kept.includes('  s'));
  assert.deepEqual(trigramsEveryMatchShares(['  j', ' jo', 'jo ']), ['jo ', ' jo', '  j']);
  assert.deepEqual(trigramsEveryMatchShares([]), []);
});

test('trigrams become a text-search query of alternatives, quoted as lexemes', () => {
  assert.equal(anyOfTrigrams(['  h', 'ann']), "'  h' | 'ann'");
  assert.equal(anyOfTrigrams(["o'b", 'a\\b']), "'o''b' | 'a\\\\b'");
});
