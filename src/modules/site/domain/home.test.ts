import assert from 'node:assert/strict';
import { test } from 'node:test';
import { homeCards } from './home.ts';

test('an administrator is offered the audit log; a parent is not', () => {
  assert.ok(homeCards(['administrator']).some((c) => c.href === '/admin/audit'));
  assert.ok(!homeCards(['parent_carer']).some((c) => c.href === '/admin/audit'));
});

test('everyone signed in can change their password', () => {
  assert.ok(homeCards(['parent_carer']).some((c) => c.href === '/account/password'));
});

test('whoever keeps the school term dates is led to them from home', () => {
  assert.ok(homeCards(['administrator']).some((c) => c.href === '/ehc/terms'));
  assert.ok(!homeCards(['ehc_coordinator']).some((c) => c.href === '/ehc/terms'));
});
