import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal } from './principal.ts';
import { PrincipalCache } from './token-cache.ts';

const principal: Principal = {
  userId: 'u1',
  laCode: '926',
  laName: 'Norfolk',
  email: 'a@example.org',
  name: 'A',
  roles: ['administrator'],
  via: 'token',
};
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s));
const later = at(3600).getTime();

test('a checked credential is remembered for 30 seconds, then checked again', () => {
  const cache = new PrincipalCache(30_000);
  cache.set('h', principal, 't1', later, at(0));
  assert.equal(cache.get('h', at(29)), principal);
  assert.equal(cache.get('h', at(30)), undefined);
});

test('a credential is never remembered past its own expiry', () => {
  const cache = new PrincipalCache(30_000);
  cache.set('h', principal, 't1', at(10).getTime(), at(0));
  assert.equal(cache.get('h', at(10)), undefined);
});

test('revoking a token, ending a session or changing the owner forgets it at once', () => {
  const cache = new PrincipalCache(30_000);
  cache.set('h1', principal, 't1', later, at(0));
  cache.set('h2', principal, 't2', later, at(0));
  cache.forgetCredential('t1');
  assert.equal(cache.get('h1', at(1)), undefined);
  assert.equal(cache.get('h2', at(1)), principal);
  cache.forgetUser('u1');
  assert.equal(cache.get('h2', at(1)), undefined);
});

test('the cache stays bounded', () => {
  const cache = new PrincipalCache(30_000, 2);
  for (const h of ['a', 'b', 'c']) cache.set(h, principal, h, later, at(0));
  assert.equal(cache.get('a', at(1)), undefined);
  assert.equal(cache.get('c', at(1)), principal);
});
