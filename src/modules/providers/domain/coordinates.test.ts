import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkGridPoint, gridToLatLong, isInGreatBritain } from './coordinates.ts';

/** Metres between two nearby points, on a sphere: plenty for a 10 m check. */
function metresApart(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const dy = (a.latitude - b.latitude) * rad * 6_371_000;
  const dx = (a.longitude - b.longitude) * rad * 6_371_000 * Math.cos(a.latitude * rad);
  return Math.hypot(dx, dy);
}

// Ordnance Survey's own OSTN15 test points (OSGB36 grid ↔ ETRS89, which is WGS84 to well under a metre
// for this purpose), from St Mary's on Scilly to Shetland; and the Caister water tower worked example.
const osPoints = [
  {
    name: "TP01 St Mary's, Scilly",
    e: 91492.146,
    n: 11318.804,
    latitude: 49.9222639373,
    longitude: -6.29977752014,
  },
  {
    name: 'TP05 former OS headquarters',
    e: 438710.92,
    n: 114792.25,
    latitude: 50.9312793791,
    longitude: -1.450514337,
  },
  {
    name: 'TP07 North Foreland',
    e: 639821.835,
    n: 169565.858,
    latitude: 51.3744702555,
    longitude: 1.44454730409,
  },
  { name: 'TP09 Lambeth', e: 530624.974, n: 178388.464, latitude: 51.4893656495, longitude: -0.1199255718 },
  { name: "TP14 King's Lynn", e: 562180.547, n: 319784.995, latitude: 52.75136687, longitude: 0.40153547 },
  { name: 'TP20', e: 422242.186, n: 433818.701, latitude: 53.8002151963, longitude: -1.66379168242 },
  {
    name: 'TP30 Inverness',
    e: 267056.768,
    n: 846176.972,
    latitude: 57.4862500072,
    longitude: -4.21926398555,
  },
  {
    name: 'TP40 Shetland',
    e: 395999.668,
    n: 1138728.951,
    latitude: 60.1330809166,
    longitude: -2.07382822798,
  },
  {
    name: 'Caister water tower',
    e: 651409.804,
    n: 313177.45,
    latitude: 52.658007833,
    longitude: 1.716073973,
  },
];

for (const p of osPoints) {
  test(`${p.name}: the grid reference converts to within 10 m of OS's own answer`, () => {
    const got = gridToLatLong(p.e, p.n);
    const off = metresApart(got, p);
    assert.ok(off < 10, `${off.toFixed(1)} m from OS's answer`);
  });
}

test('a school in central Norwich lands in Norwich', () => {
  const p = gridToLatLong(622900, 310200);
  assert.ok(
    Math.abs(p.latitude - 52.6437) < 0.001 && Math.abs(p.longitude - 1.2933) < 0.001,
    JSON.stringify(p),
  );
});

// Great Britain on the grid: England, Wales and southern Scotland; the Highlands and the Western
// Isles; Orkney and Shetland. Each box's corners are checked by hand above; the property checks inside.
const britain = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 660_000 }), fc.integer({ min: 0, max: 700_000 })),
  fc.tuple(fc.integer({ min: 0, max: 480_000 }), fc.integer({ min: 700_000, max: 1_000_000 })),
  fc.tuple(fc.integer({ min: 300_000, max: 480_000 }), fc.integer({ min: 1_000_000, max: 1_230_000 })),
);

test('every grid reference in Great Britain converts to a point inside its bounds', () => {
  fc.assert(
    fc.property(britain, ([e, n]) => {
      const r = checkGridPoint(e, n);
      return r.ok && isInGreatBritain(r.point);
    }),
    { numRuns: 3000 },
  );
});

test('whatever it is given, the check never throws and never gives a point outside Great Britain', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.double()), fc.oneof(fc.integer(), fc.double()), (e, n) => {
      const r = checkGridPoint(e, n);
      return !r.ok || isInGreatBritain(r.point);
    }),
  );
});

test('going north on the grid goes north on the globe', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 100_000, max: 650_000 }),
      fc.integer({ min: 0, max: 990_000 }),
      fc.integer({ min: 100, max: 10_000 }),
      (e, n, step) => gridToLatLong(e, n + step).latitude > gridToLatLong(e, n).latitude,
    ),
  );
});

test('points off the grid, or off Great Britain, are refused with a message naming the field', () => {
  assert.deepEqual(checkGridPoint(-1, 300000), {
    ok: false,
    problem: 'Easting must be a whole number of metres from 0 to 700000',
  });
  assert.deepEqual(checkGridPoint(622900.5, 310200), {
    ok: false,
    problem: 'Easting must be a whole number of metres from 0 to 700000',
  });
  assert.deepEqual(checkGridPoint(500000, 1_400_000), {
    ok: false,
    problem: 'Northing must be a whole number of metres from 0 to 1300000',
  });
  // The grid's north-west corner is in the Atlantic, west of anything British.
  assert.deepEqual(checkGridPoint(0, 1_300_000), {
    ok: false,
    problem: 'Easting and northing must be a point in Great Britain',
  });
});
