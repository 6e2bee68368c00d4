import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fitsLine, overlaps, type PlaceLine, placeLineProblems, placesOn } from './places.ts';

const line = (over: Partial<PlaceLine> = {}): PlaceLine => ({
  provision: 'special_school',
  senType: 'ASD',
  phase: 'primary',
  lowAge: 4,
  highAge: 11,
  places: 24,
  startsOn: '2020-09-01',
  endsOn: null,
  ...over,
});

describe('designated places', () => {
  test('a "4 to 11" line takes children aged 4 (reception) to 10 (Year 6) on 31 August, of its need', () => {
    const l = line();
    assert.equal(fitsLine(l, { senType: 'ASD', ageOn31August: 3 }), false);
    assert.equal(fitsLine(l, { senType: 'ASD', ageOn31August: 4 }), true);
    assert.equal(fitsLine(l, { senType: 'ASD', ageOn31August: 10 }), true);
    assert.equal(fitsLine(l, { senType: 'ASD', ageOn31August: 11 }), false, 'Year 7 has left');
    assert.equal(fitsLine(l, { senType: 'SEMH', ageOn31August: 7 }), false);
  });

  test('the places on a day are the lines in force that day, a new line counting from its first day', () => {
    // 24 places to 31 August 2027, then 30 from 1 September 2027, and a new SRB's 8 from then too.
    const lines = [
      line({ endsOn: '2027-08-31' }),
      line({ places: 30, startsOn: '2027-09-01' }),
      line({ provision: 'resourced_provision', places: 8, startsOn: '2027-09-01' }),
    ];
    assert.equal(placesOn(lines, '2020-08-31'), 0);
    assert.equal(placesOn(lines, '2027-08-31'), 24);
    assert.equal(placesOn(lines, '2027-09-01'), 30 + 8);
  });

  test('two lines overlap only for the same provision, need and phase on a shared day', () => {
    const a = line({ endsOn: '2027-08-31' });
    assert.equal(overlaps(a, line({ startsOn: '2027-08-31' })), true, 'the last day is shared');
    assert.equal(overlaps(a, line({ startsOn: '2027-09-01' })), false);
    assert.equal(overlaps(a, line({ senType: 'SEMH' })), false);
    assert.equal(overlaps(a, line({ phase: 'secondary', lowAge: 11, highAge: 16 })), false);
  });

  test('bad lines are refused naming the field', () => {
    const fields = (l: PlaceLine) => placeLineProblems(l).map((p) => p.field);
    assert.deepEqual(fields(line()), []);
    assert.deepEqual(fields(line({ places: -1 })), ['places']);
    assert.deepEqual(fields(line({ places: 2.5 })), ['places']);
    assert.deepEqual(fields(line({ lowAge: 11, highAge: 11 })), ['highAge']);
    assert.deepEqual(fields(line({ lowAge: 4, highAge: 16 })), ['lowAge'], 'primary ends at 11');
    assert.deepEqual(fields(line({ startsOn: '2027-02-30' })), ['startsOn']);
    assert.deepEqual(fields(line({ startsOn: '2027-09-01', endsOn: '2027-08-31' })), ['endsOn']);
  });

  test('the places on a day never exceed the sum of every line, nor fall below 0', () => {
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.array(fc.record({ places: fc.nat(100), start: day, length: fc.option(fc.nat(2000)) })),
        day,
        (specs, on) => {
          const lines = specs.map((s) =>
            line({
              places: s.places,
              startsOn: s.start,
              endsOn:
                s.length === null
                  ? null
                  : new Date(Date.parse(s.start) + s.length * 86_400_000).toISOString().slice(0, 10),
            }),
          );
          const total = lines.reduce((sum, l) => sum + l.places, 0);
          const n = placesOn(lines, on);
          return n >= 0 && n <= total;
        },
      ),
    );
  });
});
