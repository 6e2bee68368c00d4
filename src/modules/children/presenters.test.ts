import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pagination, senTypeOptions } from './presenters.ts';

const href = (p: number) => `/children?page=${p}`;

test('one page of results needs no pagination links', () => {
  const p = pagination(12, 1, 20, href);
  assert.deepEqual([p.items, p.previous, p.next], [[], undefined, undefined]);
});

test('pages show the first, the last and the neighbours of the current one, with gaps marked', () => {
  const p = pagination(200, 5, 20, href);
  assert.deepEqual(
    p.items.map((i) => ('ellipsis' in i ? '…' : i.current ? `[${i.number}]` : i.number)),
    ['1', '…', '4', '[5]', '6', '…', '10'],
  );
  assert.equal(p.previous?.href, '/children?page=4');
  assert.equal(p.next?.href, '/children?page=6');
  assert.equal(pagination(200, 10, 20, href).next, undefined);
});

test('SEN need options show the SEN2 code and can be left empty', () => {
  const o = senTypeOptions('ASD');
  assert.deepEqual(o[0], { value: '', text: 'None', selected: false });
  assert.ok(o.some((x) => x.value === 'ASD' && x.selected && x.text === 'Autistic spectrum disorder (ASD)'));
  assert.ok(o.some((x) => x.value === 'DS'));
});
