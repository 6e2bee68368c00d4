import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkInEngland, englandMainland, isInEngland, islesOfScilly } from './england.ts';

// Town centres (WGS84), to about 100 m.
const inEngland = {
  London: { latitude: 51.5074, longitude: -0.1278 },
  Norwich: { latitude: 52.6309, longitude: 1.2974 },
  Carlisle: { latitude: 54.8925, longitude: -2.9329 },
  'Berwick-upon-Tweed': { latitude: 55.771, longitude: -2.007 },
  Penzance: { latitude: 50.1188, longitude: -5.5371 },
  Hereford: { latitude: 52.0565, longitude: -2.716 },
  Chester: { latitude: 53.1934, longitude: -2.8931 },
  Plymouth: { latitude: 50.3755, longitude: -4.1427 },
  Dover: { latitude: 51.1279, longitude: 1.3134 },
  'Newcastle upon Tyne': { latitude: 54.9783, longitude: -1.6178 },
  Oswestry: { latitude: 52.8607, longitude: -3.0537 },
  Lowestoft: { latitude: 52.4811, longitude: 1.7534 },
  Margate: { latitude: 51.3891, longitude: 1.3865 },
  "St Mary's, Isles of Scilly": { latitude: 49.9146, longitude: -6.3153 },
  'Newport, Isle of Wight': { latitude: 50.7, longitude: -1.29 },
};

const outsideEngland = {
  Cardiff: { latitude: 51.4816, longitude: -3.1791 },
  Swansea: { latitude: 51.6214, longitude: -3.9436 },
  Edinburgh: { latitude: 55.9533, longitude: -3.1883 },
  Glasgow: { latitude: 55.8642, longitude: -4.2518 },
  Belfast: { latitude: 54.5973, longitude: -5.9301 },
  Dublin: { latitude: 53.3498, longitude: -6.2603 },
  'Douglas, Isle of Man': { latitude: 54.1523, longitude: -4.4861 },
  'Ramsey, Isle of Man': { latitude: 54.3225, longitude: -4.3813 },
  Chepstow: { latitude: 51.6415, longitude: -2.6749 },
  Gretna: { latitude: 54.9947, longitude: -3.0652 },
  Monmouth: { latitude: 51.8116, longitude: -2.7163 },
  'Hay-on-Wye': { latitude: 52.0742, longitude: -3.1256 },
  Knighton: { latitude: 52.3436, longitude: -3.0494 },
  Welshpool: { latitude: 52.6602, longitude: -3.1473 },
  Wrexham: { latitude: 53.046, longitude: -2.993 },
  Coldstream: { latitude: 55.6482, longitude: -2.2505 },
  'the North Sea off Flamborough': { latitude: 54.0, longitude: 1.5 },
  'the Channel south of the Isle of Wight': { latitude: 50.3, longitude: -1.0 },
  'the Irish Sea off Blackpool': { latitude: 53.8, longitude: -3.8 },
  'the Bristol Channel': { latitude: 51.38, longitude: -3.9 },
  'the Celtic Sea': { latitude: 50.5, longitude: -6.0 },
};

describe('in England', () => {
  for (const [place, point] of Object.entries(inEngland))
    test(place, () => {
      const outcome = checkInEngland(point);
      assert.equal(outcome.ok, true, JSON.stringify(outcome));
    });

  test('given as easting and northing too, and answered in both forms', () => {
    // Charing Cross, and Norwich Cathedral, from their OS grid references.
    for (const grid of [
      { easting: 530_040, northing: 180_380 },
      { easting: 623_400, northing: 308_900 },
    ]) {
      const outcome = checkInEngland(grid);
      assert.ok(outcome.ok);
      if (outcome.ok) {
        assert.deepEqual(outcome.grid, grid);
        assert.ok(outcome.latLon.latitude > 51 && outcome.latLon.latitude < 53);
      }
    }
  });
});

describe('not in England', () => {
  for (const [place, point] of Object.entries(outsideEngland))
    test(place, () => {
      const outcome = checkInEngland(point);
      assert.equal(outcome.ok, false);
      if (!outcome.ok) assert.equal(outcome.problem, 'outsideEngland');
    });

  test('Cardiff and Edinburgh given as easting and northing', () => {
    assert.equal(isInEngland({ easting: 318_200, northing: 176_500 }), false);
    assert.equal(isInEngland({ easting: 325_900, northing: 674_000 }), false);
  });

  test('a point off the grid, or one that is not a place, is answered as such', () => {
    assert.deepEqual(checkInEngland({ easting: -5, northing: 100 }), {
      ok: false,
      problem: 'offGrid',
      message: 'is not on the British National Grid, so not in England',
    });
    const singapore = checkInEngland({ latitude: 1.35, longitude: 103.8 });
    assert.equal(singapore.ok ? null : singapore.problem, 'offGrid');
    for (const p of [
      { latitude: 95, longitude: 0 },
      { latitude: Number.NaN, longitude: 0 },
      { easting: Number.POSITIVE_INFINITY, northing: 0 },
    ]) {
      const outcome = checkInEngland(p);
      assert.equal(outcome.ok ? null : outcome.problem, 'unreadable');
    }
  });
});

describe('the outline', () => {
  const segmentsCross = (
    [, ax, ay]: readonly [string, number, number],
    [, bx, by]: readonly [string, number, number],
    [, cx, cy]: readonly [string, number, number],
    [, dx, dy]: readonly [string, number, number],
  ) => {
    const side = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
      Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
    return (
      side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) < 0 &&
      side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) < 0
    );
  };

  for (const [name, outline] of [
    ['mainland', englandMainland],
    ['Isles of Scilly', islesOfScilly],
  ] as const)
    test(`${name}: no edge crosses another, and every vertex is named once`, () => {
      const n = outline.length;
      for (let i = 0; i < n; i++)
        for (let j = i + 2; j < n; j++) {
          if (i === 0 && j === n - 1) continue;
          const a = outline[i];
          const b = outline[(i + 1) % n];
          const c = outline[j];
          const d = outline[(j + 1) % n];
          assert.ok(a && b && c && d);
          assert.equal(segmentsCross(a, b, c, d), false, `${a[0]}–${b[0]} crosses ${c[0]}–${d[0]}`);
        }
      assert.equal(new Set(outline.map((v) => v[0])).size, n);
    });
});
