import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkChain, type Seal } from './check.ts';
import { type EventText, genesisHash, linkHash } from './links.ts';

/** The text of an event of LA 926, as the database writes it. */
const textOf = (id: number, action = 'child.viewed') =>
  `[${id},"2026-03-02T09:00:00.000000Z","926",null,"${action}","child",null,null,null,null,null,null]`;

/** Ten events of one LA, with ids 10, 20 … 100 as another LA's events fall between them. */
function events(): EventText[] {
  return Array.from({ length: 10 }, (_, i) => ({ id: (i + 1) * 10, text: textOf((i + 1) * 10) }));
}

function sealsOf(list: EventText[]): Seal[] {
  let previous = genesisHash;
  return list.map((e, i) => {
    const hash = linkHash(previous, e.text);
    const seal = { seq: i + 1, eventId: e.id, prevHash: previous, hash };
    previous = hash;
    return seal;
  });
}

/** In pages of three, so that links are checked across the ends of pages. */
async function* pages<T>(items: T[]) {
  for (let i = 0; i < items.length; i += 3) yield items.slice(i, i + 3);
}

const check = (seals: Seal[], list: EventText[], recorded?: { seq: number; hash: string }) =>
  checkChain(pages(seals), pages(list), { recorded });

const at = <T>(list: T[], i: number): T => {
  const v = list[i];
  assert.ok(v);
  return v;
};

describe('checking a chain', () => {
  test('an untouched chain is intact, with every link counted', async () => {
    const list = events();
    assert.deepEqual(await check(sealsOf(list), list), { intact: true, links: 10 });
    assert.deepEqual(await check([], []), { intact: true, links: 0 });
  });

  test('an edited event breaks the chain at its own seal; the links before it hold', async () => {
    const list = events();
    const seals = sealsOf(list);
    at(list, 4).text = textOf(50, 'child.updated'); // the 5th event
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId, v.links], ['changed-event', 5, 50, 4]);
  });

  test('the newest event edited cannot be told from its seal edited, and the message says so', async () => {
    const list = events();
    const seals = sealsOf(list);
    at(list, 9).text = textOf(100, 'changed');
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.equal(v.break.kind, 'changed-event');
    assert.equal(v.break.seq, 10);
    assert.match(v.break.what, /or the seal has been altered/);
  });

  test('a deleted event is missing at its seal', async () => {
    const list = events();
    const seals = sealsOf(list);
    list.splice(6, 1); // id 70, sealed at 7
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['missing-event', 7, 70]);
  });

  test('the newest event deleted is missing too', async () => {
    const list = events();
    const seals = sealsOf(list);
    list.pop();
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['missing-event', 10, 100]);
  });

  test('an event slipped in among sealed ones is found before the seal that follows it', async () => {
    const list = events();
    const seals = sealsOf(list);
    list.splice(3, 0, { id: 35, text: textOf(35) }); // between 30 (seal 3) and 40 (seal 4)
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId, v.links], ['added-event', 4, 35, 3]);
    assert.match(v.break.what, /between sealed events 30 and 40/);
  });

  test('an event slipped in before the first is found at seal 1', async () => {
    const list = events();
    const seals = sealsOf(list);
    list.unshift({ id: 5, text: textOf(5) });
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['added-event', 1, 5]);
  });

  test('a seal whose hash was edited is told from an edited event by the next seal’s link', async () => {
    const list = events();
    const seals = sealsOf(list);
    at(seals, 5).hash = 'f'.repeat(64); // seal 6
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['forged-seal', 6, 60]);
  });

  test('a seal that does not link to the one before it is forged', async () => {
    const list = events();
    const seals = sealsOf(list);
    at(seals, 5).prevHash = '0'.repeat(64);
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['forged-seal', 6, 60]);
  });

  test('a seal removed from the middle leaves a gap in the numbers, and its event unsealed', async () => {
    const list = events();
    const seals = sealsOf(list);
    seals.splice(3, 1); // seal 4, of event 40
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['missing-seal', 4, 40]);
  });

  test('two seals swapped are a change of order, found at the first of them', async () => {
    const list = events();
    const seals = sealsOf(list);
    const [s8, s9] = [at(seals, 7), at(seals, 8)];
    [s8.eventId, s9.eventId] = [s9.eventId, s8.eventId];
    const v = await check(seals, list);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['reordered', 8, 80]);
  });

  test('a chain rebuilt after an edit holds together, but not through the head recorded before', async () => {
    const list = events();
    const recorded = { seq: 10, hash: at(sealsOf(list), 9).hash };
    assert.deepEqual(await check(sealsOf(list), list, recorded), { intact: true, links: 10 });
    at(list, 4).text = textOf(50, 'child.updated');
    const rebuilt = sealsOf(list);
    assert.deepEqual(await check(rebuilt, list), { intact: true, links: 10 });
    const v = await check(rebuilt, list, recorded);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq, v.break.eventId], ['rewritten', 10, 100]);
  });

  test('a chain cut back before a recorded head is rewritten', async () => {
    const list = events();
    const seals = sealsOf(list);
    const recorded = { seq: 10, hash: at(seals, 9).hash };
    const v = await check(seals.slice(0, 8), list.slice(0, 8), recorded);
    assert.ok(!v.intact);
    assert.deepEqual([v.break.kind, v.break.seq], ['rewritten', 9]);
  });
});
