import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { senTypeCodes } from './codes.ts';
import { rankSenNeeds, senNeedsFromRankSlots, senNeedsProblems } from './sen-needs.ts';

test('needs are ranked in the order given, the first the primary need', () => {
  assert.deepEqual(rankSenNeeds(['ASD', 'SLCN']), [
    { rank: 1, senType: 'ASD', label: 'Autistic spectrum disorder' },
    { rank: 2, senType: 'SLCN', label: 'Speech, language and communication needs' },
  ]);
});

test('Down syndrome (DS, from SEN2 2025) is a type of need', () => {
  assert.deepEqual(senNeedsProblems(['DS']), []);
});

test('an unknown code and a need given twice are refused, naming which one', () => {
  assert.deepEqual(senNeedsProblems(['ASD', 'XYZ', 'ASD']), [
    {
      field: 'senNeeds.1',
      message:
        'SEN need must be an SEN2 type of need: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH',
    },
    { field: 'senNeeds.2', message: 'Autistic spectrum disorder is already given as a higher-ranked need' },
  ]);
  assert.match(senNeedsProblems(['NSA'])[0]?.message ?? '', /SEN2 type of need/);
});

test('no more than five needs', () => {
  assert.deepEqual(senNeedsProblems(['ASD', 'SLCN', 'MLD', 'HI', 'VI', 'PD'])[0], {
    field: 'senNeeds',
    message: 'Give at most 5 SEN needs',
  });
});

test('on a page, a need may not follow an empty rank', () => {
  assert.deepEqual(senNeedsFromRankSlots(['', '', '']), { ok: true, codes: [] });
  assert.deepEqual(senNeedsFromRankSlots(['ASD', 'SLCN', '']), { ok: true, codes: ['ASD', 'SLCN'] });
  assert.deepEqual(senNeedsFromRankSlots(['', 'SLCN', '']), {
    ok: false,
    problems: [{ field: 'senNeeds.0', message: 'Select the primary need, or move the needs below it up' }],
  });
});

test('property: distinct known codes are always accepted, in their order', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.constantFrom(...senTypeCodes), { maxLength: 5 }), (codes) => {
      const ranked = rankSenNeeds(codes);
      return (
        senNeedsProblems(codes).length === 0 &&
        ranked.every((n, i) => n.rank === i + 1 && n.senType === codes[i])
      );
    }),
  );
});
