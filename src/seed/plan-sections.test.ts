import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type PlanChild, planSectionsFor } from './plan-sections.ts';
import { Prng } from './prng.ts';

const plan = (writtenOn: string) => ({
  laCode: '926',
  planId: 'plan-1',
  writtenOn,
  complete: true,
  writers: { coordinator: 'casey', manager: 'morgan' },
});
const child = (facts: Partial<PlanChild> = {}): PlanChild => ({
  forename: 'Maisie',
  sex: 'F',
  dateOfBirth: '2016-05-10',
  needs: ['ASD'],
  setting: 'mainstream',
  ...facts,
});
const sections = (facts: Partial<PlanChild> = {}, writtenOn = '2024-11-15', seed = 1) =>
  new Map(
    planSectionsFor(plan(writtenOn), child(facts), new Prng(seed))
      .filter((s) => s.version === 1)
      .map((s) => [s.section, s.content]),
  );
const paragraphs = (text: string | undefined) => (text ?? '').split('\n\n').length;

test('a plan has every section but I, and A, B, E and F run to several paragraphs', () => {
  for (const seed of [1, 2, 3]) {
    const s = sections({}, '2024-11-15', seed);
    assert.deepEqual([...s.keys()], ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'J', 'K']);
    for (const section of ['A', 'B', 'E', 'F']) assert.ok(paragraphs(s.get(section)) >= 3, section);
  }
});

test('outcomes are dated past the first review, when the steps towards them fall due', () => {
  // Born 10 May 2016, Maisie is 8 on 31 August 2024, so in Year 4 in 2024/25, Year 5 in 2025/26
  // and Year 6, the last of Key Stage 2, in 2026/27: it ends in July 2027. The steps run a year
  // from the plan, written in November 2024: to November 2025.
  const e = sections().get('E') ?? '';
  assert.match(e, /By the end of Key Stage 2 \(July 2027\), Maisie will /);
  assert.match(e, /Steps by November 2025:\n- /);
  assert.doesNotMatch(e, /July 2025/);
});

test('a plan speaks of the child by name, with their pronouns', () => {
  const girl = [...sections().values()].join('\n');
  assert.match(girl, /Maisie/);
  assert.doesNotMatch(girl, /\b(he|him|his|himself)\b/i);
  const boy = [...sections({ forename: 'Jack', sex: 'M' }).values()].join('\n');
  assert.doesNotMatch(boy, /\b(she|her|herself)\b/i);
  assert.doesNotMatch(boy, /\{|\}/, 'every gap is filled');
});

test("section B names the child's needs, primary first, under the Code of Practice's areas", () => {
  const b = sections({ needs: ['SLCN', 'SEMH'] }).get('B') ?? '';
  assert.match(b, /Communication and interaction\n\n.*(speech|language)/);
  assert.match(
    b,
    /Social, emotional and mental health\n\nMaisie also has social, emotional and mental health needs/,
  );
  assert.ok(b.indexOf('Communication and interaction') < b.indexOf('Social, emotional and mental health'));
});

test('section F says who provides what and how often', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const f = sections({}, '2024-11-15', seed).get('F') ?? '';
    assert.match(f, /- /, 'provision is listed');
    assert.match(f, /\b(a week|a day|daily|each term|once a|twice a|each half term)\b/, 'and how often');
  }
});

test('a young child, or one with profound needs, has their views gathered by watching; others speak for themselves', () => {
  const nursery = sections({ dateOfBirth: '2021-06-01', setting: 'earlyYears' }).get('A') ?? '';
  assert.doesNotMatch(nursery, /told us: “/);
  const pmld = sections({ needs: ['PMLD'], setting: 'special' }).get('A') ?? '';
  assert.doesNotMatch(pmld, /told us: “/);
  assert.match(sections().get('A') ?? '', /Maisie told us: “/);
});

test('from Year 9 a plan prepares for adulthood; at 18 and over the young person speaks for themselves', () => {
  // Born 1 March 2006: 18 on 31 August 2024, in Year 14 in 2024/25.
  const adult = sections({ dateOfBirth: '2006-03-01', setting: 'college' });
  assert.match(adult.get('E') ?? '', /Preparing for adulthood/);
  assert.match(adult.get('F') ?? '', /Preparing for adulthood/);
  assert.match(adult.get('A') ?? '', /Maisie would like to /);
  assert.match(adult.get('H1') ?? '', /over 18/);
  const primary = sections();
  assert.doesNotMatch(primary.get('E') ?? '', /Preparing for adulthood/);
});

test('the same seed writes the same plan; two children with the same needs rarely read alike', () => {
  assert.deepEqual(sections(), sections());
  const seen = new Set<string>();
  for (let seed = 1; seed <= 200; seed++) {
    const s = sections({}, '2024-11-15', seed);
    seen.add(`${s.get('A')}${s.get('B')}${s.get('E')}${s.get('F')}`);
  }
  assert.equal(seen.size, 200);
});

test('the coordinator writes the plan, and a revision is recorded as a second version', () => {
  const all = Array.from({ length: 20 }, (_, i) =>
    planSectionsFor(plan('2024-11-15'), child(), new Prng(i + 1)),
  ).flat();
  assert.ok(all.filter((s) => s.version === 1).every((s) => s.written_by === 'casey'));
  const revised = all.filter((s) => s.version === 2);
  assert.ok(revised.length > 0 && revised.every((s) => ['casey', 'morgan'].includes(s.written_by ?? '')));
});
