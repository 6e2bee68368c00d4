import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { foldName, nameSearchFor } from './names.ts';

test('accents, case and punctuation are folded away for search', () => {
  assert.equal(nameSearchFor('Zoë', 'Brontë'), 'zoe bronte');
  assert.equal(foldName("Siobhán O'Brien-Smith"), 'siobhan obrien smith');
  assert.equal(foldName('Łukasz Żółć'), 'lukasz zolc');
  assert.equal(foldName('Søren Ærø'), 'soren aero');
  assert.equal(foldName('Straße'), 'strasse');
  assert.equal(foldName('  Anne   Marie  '), 'anne marie');
});

test('a name typed with a composed or a decomposed accent folds the same', () => {
  assert.equal(foldName('Zo\u00eb'), foldName('Zoe\u0308'));
});

test('property: folding is idempotent and leaves no capitals or accents', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      const once = foldName(s);
      return foldName(once) === once && !/\p{M}/u.test(once) && once === once.toLowerCase();
    }),
  );
});
