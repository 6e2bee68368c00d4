import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specialistTypeOf } from './specialist-settings.ts';

test('a setting on the register is the specialist placement it offers, or none for mainstream alone', () => {
  const school = {
    isSpecial: false,
    settingKind: 'school',
    typeGroup: 'Local authority maintained schools',
    hasUnit: false,
  };
  assert.equal(specialistTypeOf(school), null);
  assert.equal(specialistTypeOf({ ...school, hasUnit: true }), 'mainstream_unit');
  assert.equal(specialistTypeOf({ ...school, isSpecial: true }), 'maintained_special');
  assert.equal(specialistTypeOf({ ...school, isSpecial: true, typeGroup: 'Academies' }), 'academy_special');
  assert.equal(
    specialistTypeOf({ ...school, isSpecial: true, typeGroup: 'Free Schools' }),
    'academy_special',
  );
  assert.equal(specialistTypeOf({ ...school, settingKind: 'independent' }), 'independent_special');
  assert.equal(specialistTypeOf({ ...school, settingKind: 'post_16' }), 'specialist_post_16');
});
