import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal } from './principal.ts';
import { TokenCache } from './token-cache.ts';

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

test('a checked token is remembered for 30 seconds, then checked again', () => {
  const cache = new TokenCache(30_000);
  cache.set('h', { principal, tokenId: 't1', tokenExpiresAt: at(3600).getTime() }, at(0));
  assert.equal(cache.get('h', at(29)), principal);
  assert.equal(cache.get('h', at(30)), undefined);
});

test('a token is never remembered past its own expiry', () => {
  const cache = new TokenCache(30_000);
  cache.set('h', { principal, tokenId: 't1', tokenExpiresAt: at(10).getTime() }, at(0));
  assert.equal(cache.get('h', at(10)), undefined);
});

test('revoking a token, or changing its owner, forgets it at once', () => {
  const cache = new TokenCache(30_000);
  cache.set('h1', { principal, tokenId: 't1', tokenExpiresAt: at(3600).getTime() }, at(0));
  cache.set('h2', { principal, tokenId: 't2', tokenExpiresAt: at(3600).getTime() }, at(0));
  cache.forgetToken('t1');
  assert.equal(cache.get('h1', at(1)), undefined);
  assert.equal(cache.get('h2', at(1)), principal);
  cache.forgetUser('u1');
  assert.equal(cache.get('h2', at(1)), undefined);
});

test('the cache stays bounded', () => {
  const cache = new TokenCache(30_000, 2);
  for (const h of ['a', 'b', 'c'])
    cache.set(h, { principal, tokenId: h, tokenExpiresAt: at(3600).getTime() }, at(0));
  assert.equal(cache.get('a', at(1)), undefined);
  assert.equal(cache.get('c', at(1)), principal);
});
