import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalEvent, canonicalJson, genesisHash, linkHash, type SealedFields } from './links.ts';

const first: SealedFields = [
  1,
  '2026-03-02T09:00:00.123456Z',
  '926',
  null,
  'child.viewed',
  'child',
  'c1',
  null,
  null,
  '10.0.0.1',
  'req-1',
  { b: 2, a: [1, { d: 'x', c: null }] },
];
const second: SealedFields = [
  2,
  '2026-03-02T09:00:01.000000Z',
  '926',
  '11111111-1111-4111-8111-111111111111',
  'child.viewed',
  'child',
  null,
  '22222222-2222-4222-8222-222222222222',
  null,
  null,
  null,
  null,
];

test('canonical JSON sorts every object’s keys and leaves arrays in their order', () => {
  assert.equal(
    canonicalJson({ b: 2, a: [3, 1, { z: true, y: 'é' }] }),
    '{"a":[3,1,{"y":"é","z":true}],"b":2}',
  );
  // Keys that look like numbers sort as text ("10" before "9"), not as JavaScript orders them.
  assert.equal(canonicalJson({ 9: 'nine', 10: 'ten' }), '{"10":"ten","9":"nine"}');
  assert.equal(canonicalJson(null), 'null');
  assert.equal(canonicalJson('a "quoted"\nline'), '"a \\"quoted\\"\\nline"');
});

test('an event reads as a JSON array of its twelve fields in order, detail canonical', () => {
  assert.equal(
    canonicalEvent(first),
    '[1,"2026-03-02T09:00:00.123456Z","926",null,"child.viewed","child","c1",null,null,"10.0.0.1","req-1",{"a":[1,{"c":null,"d":"x"}],"b":2}]',
  );
});

test('each link is SHA-256 of the previous hash and the event, as worked out apart from this code', () => {
  // Worked out with Python's hashlib over the literal texts above:
  //   h1 = sha256(b'\0' * 32 + text1) ; h2 = sha256(bytes.fromhex(h1) + text2)
  const h1 = linkHash(genesisHash, first);
  assert.equal(h1.toString('hex'), 'f256a871f39be369ee8b86a4a0945d3dbf856a4d36559d95d060bce6709b6fa2');
  assert.equal(
    linkHash(h1, second).toString('hex'),
    '476c50b6a8f1e8128342aad9fd99b7f1705724e60dcb6639ec669630c6ee6fb7',
  );
});

test('a change to any one field, or the same detail stored with its keys the other way round, is told apart', () => {
  const h = linkHash(genesisHash, first).toString('hex');
  const reordered: SealedFields = [...first];
  reordered[11] = { a: [1, { c: null, d: 'x' }], b: 2 };
  assert.equal(linkHash(genesisHash, reordered).toString('hex'), h, 'key order is not a change');
  for (let i = 0; i < first.length; i++) {
    const changed: SealedFields = [...first];
    (changed as unknown[])[i] = i === 0 ? 99 : i === 8 ? ['33333333-3333-4333-8333-333333333333'] : 'changed';
    assert.notEqual(linkHash(genesisHash, changed).toString('hex'), h, `field ${i}`);
  }
  // Two fields' text run together would read the same without JSON's quoting.
  const a: SealedFields = [...second];
  a[4] = 'child.view';
  a[5] = 'edchild';
  const b: SealedFields = [...second];
  b[4] = 'child.viewed';
  b[5] = 'child';
  assert.notEqual(canonicalEvent(a), canonicalEvent(b));
});
