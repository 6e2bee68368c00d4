import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchableName } from './names.ts';

test('accents, ligatures, apostrophes and case do not matter to search', () => {
  assert.equal(
    searchableName("St Ædan's Church of England Primary School"),
    'st aedans church of england primary school',
  );
  assert.equal(searchableName('Café Lane Academy'), 'cafe lane academy');
  assert.equal(searchableName('  Ysgol   Gymraeg Llundain '), 'ysgol gymraeg llundain');
  assert.equal(searchableName('St Mary’s'), 'st marys');
});
