import assert from 'node:assert/strict';
import { test } from 'node:test';
import { can, isAccess, isRole, permissions, roles } from './roles.ts';

test('only administrators read the audit log', () => {
  for (const role of roles) assert.equal(can([role], 'audit:read'), role === 'administrator', role);
});

test('parents, carers and young people cannot create API tokens', () => {
  assert.equal(can(['parent_carer'], 'api:tokens'), false);
  assert.equal(can(['young_person'], 'api:tokens'), false);
  assert.equal(can(['ehc_coordinator'], 'api:tokens'), true);
});

test('a person with no roles may do nothing', () => {
  for (const p of permissions) assert.equal(can([], p), false, p);
});

test('a role outside the list grants nothing', () => {
  assert.equal(isRole('superuser'), false);
  for (const p of permissions) assert.equal(can(['superuser'], p), false);
});

test('access rules are public, signed-in or a known permission', () => {
  assert.ok(isAccess('public'));
  assert.ok(isAccess('signed-in'));
  assert.ok(isAccess('audit:read'));
  assert.equal(isAccess('audit:write'), false);
  assert.equal(isAccess(undefined), false);
});
