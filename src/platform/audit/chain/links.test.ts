import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, eventText, genesisHash, linkHash } from './links.ts';

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

test('an event’s text is its fields as the database writes them, closed by its detail in canonical JSON', () => {
  const fields =
    '[1,"2026-03-02T09:00:00.123456Z","926",null,"child.viewed","child","c1",null,null,"10.0.0.1","req-1",';
  // As jsonb writes it: shorter keys first, with spaces.
  assert.equal(
    eventText(fields, '{"b": 2, "a": [1, {"d": "x", "c": null}]}'),
    '[1,"2026-03-02T09:00:00.123456Z","926",null,"child.viewed","child","c1",null,null,"10.0.0.1","req-1",{"a":[1,{"c":null,"d":"x"}],"b":2}]',
  );
  assert.equal(eventText('[2,', 'null'), '[2,null]');
});

test('each link is SHA-256 of the previous hash and the event’s text, as worked out apart from this code', () => {
  const first =
    '[1,"2026-03-02T09:00:00.123456Z","926",null,"child.viewed","child","c1",null,null,"10.0.0.1","req-1",{"a":[1,{"c":null,"d":"x"}],"b":2}]';
  const second =
    '[2,"2026-03-02T09:00:01.000000Z","926","11111111-1111-4111-8111-111111111111","child.viewed","child",null,"22222222-2222-4222-8222-222222222222",null,null,null,null]';
  // Worked out with Python's hashlib over the literal texts above:
  //   h1 = sha256(b'\0' * 32 + first) ; h2 = sha256(bytes.fromhex(h1) + second)
  const h1 = linkHash(genesisHash, first);
  assert.equal(h1, 'f256a871f39be369ee8b86a4a0945d3dbf856a4d36559d95d060bce6709b6fa2');
  assert.equal(linkHash(h1, second), '476c50b6a8f1e8128342aad9fd99b7f1705724e60dcb6639ec669630c6ee6fb7');
});
