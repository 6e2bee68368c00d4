import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { roles } from '../../../platform/auth/roles.ts';
import { contactsVisible, resolveScope, scopeRuleFor } from './scope.ts';

const facts = {
  staffEstablishmentIds: ['school-a'],
  clusterEstablishmentIds: ['school-a', 'school-b'],
  linkedChildIds: ['child-1'],
};

test('coordinators, managers and finance officers see every child in their LA', () => {
  for (const role of ['ehc_coordinator', 'send_team_manager', 'finance_officer'])
    assert.deepEqual(resolveScope(scopeRuleFor([role]), facts), { kind: 'la' }, role);
});

test("a SENCo sees their own school's pupils only", () => {
  assert.deepEqual(resolveScope(scopeRuleFor(['senco']), facts), {
    kind: 'some',
    establishmentIds: ['school-a'],
    childIds: [],
  });
});

test("a cluster host who is also a SENCo sees the cluster's schools, each once", () => {
  assert.deepEqual(resolveScope(scopeRuleFor(['senco', 'cluster_host']), facts), {
    kind: 'some',
    establishmentIds: ['school-a', 'school-b'],
    childIds: [],
  });
});

test('a parent, carer or young person sees only the children linked to them', () => {
  for (const role of ['parent_carer', 'young_person'])
    assert.deepEqual(resolveScope(scopeRuleFor([role]), facts), {
      kind: 'some',
      establishmentIds: [],
      childIds: ['child-1'],
    });
});

test('advisers, programme managers and administrators see no children (yet)', () => {
  for (const role of ['adviser', 'programme_manager', 'administrator'])
    assert.deepEqual(resolveScope(scopeRuleFor([role]), facts), { kind: 'none' }, role);
});

test('a SENCo at no school, or a parent linked to no child, sees none', () => {
  const empty = { staffEstablishmentIds: [], clusterEstablishmentIds: [], linkedChildIds: [] };
  assert.deepEqual(resolveScope(scopeRuleFor(['senco', 'parent_carer']), empty), { kind: 'none' });
});

test("school staff see every parent's contact details; a linked parent only their own", () => {
  const school = resolveScope(scopeRuleFor(['senco']), facts);
  assert.equal(contactsVisible(school, { establishmentId: 'school-a' }), 'all');
  const parent = resolveScope(scopeRuleFor(['parent_carer']), facts);
  assert.equal(contactsVisible(parent, { establishmentId: 'school-a' }), 'own');
  assert.equal(contactsVisible({ kind: 'la' }, { establishmentId: null }), 'all');
});

test('property: adding a role never narrows what a person sees', () => {
  const someRoles = fc.subarray([...roles]);
  fc.assert(
    fc.property(someRoles, fc.constantFrom(...roles), (held, extra) => {
      const before = resolveScope(scopeRuleFor(held), facts);
      const after = resolveScope(scopeRuleFor([...held, extra]), facts);
      if (before.kind === 'none' || after.kind === 'la') return true;
      if (before.kind === 'la') return false;
      return (
        after.kind === 'some' &&
        before.establishmentIds.every((id) => after.establishmentIds.includes(id)) &&
        before.childIds.every((id) => after.childIds.includes(id))
      );
    }),
  );
});
