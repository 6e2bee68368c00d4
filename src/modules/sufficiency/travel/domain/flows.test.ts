import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { areaCentres, type FlowTrip, outwardCode, travelFlows } from './flows.ts';

const trip = (homeArea: string, lat: number, lon: number, settingId: string, minutes: number): FlowTrip => ({
  homeArea,
  home: { latitude: lat, longitude: lon },
  settingId,
  minutes,
});

test('a postcode district is the outward code of a well-formed postcode, or nothing', () => {
  assert.equal(outwardCode('nr14 7ab'), 'NR14');
  assert.equal(outwardCode('NR147AB'), 'NR14');
  assert.equal(outwardCode('PE30 1AA'), 'PE30');
  assert.equal(outwardCode(null), '');
  assert.equal(outwardCode('not a postcode'), '');
});

test('each district sits at the middle of its homes, districts in natural order, no postcode left out', () => {
  const centres = areaCentres([
    trip('NR14', 52.5, 1.3, 'a', 20),
    trip('NR14', 52.7, 1.5, 'b', 30),
    trip('NR2', 52.6, 1.2, 'a', 10),
    trip('', 52.0, 1.0, 'a', 40),
  ]);
  // NR2 before NR14 (2 < 14); NR14's centre is the mean of (52.5, 1.3) and (52.7, 1.5) = (52.6, 1.4).
  assert.deepEqual(
    centres.map((c) => c.area),
    ['NR2', 'NR14'],
  );
  const nr14 = centres[1];
  assert.equal(nr14?.children, 2);
  assert.ok(Math.abs((nr14?.centre.latitude ?? 0) - 52.6) < 1e-9);
  assert.ok(Math.abs((nr14?.centre.longitude ?? 0) - 1.4) < 1e-9);
});

test('flows count the children from each district to each setting, the largest and then the longest first', () => {
  const flows = travelFlows([
    trip('NR14', 52.5, 1.3, 'oak', 20),
    trip('NR14', 52.5, 1.3, 'oak', 30),
    trip('NR2', 52.6, 1.2, 'oak', 10),
    trip('NR2', 52.6, 1.2, 'elm', 50),
  ]);
  // NR14 → oak: 2 children, (20 + 30) ÷ 2 = 25 minutes. The two one-child flows: elm's 50 minutes
  // before oak's 10.
  assert.deepEqual(flows, [
    { area: 'NR14', settingId: 'oak', children: 2, meanMinutes: 25 },
    { area: 'NR2', settingId: 'elm', children: 1, meanMinutes: 50 },
    { area: 'NR2', settingId: 'oak', children: 1, meanMinutes: 10 },
  ]);
});

test('flows and districts account for every child once, whatever the order', () => {
  const arb = fc.array(
    fc.record({
      homeArea: fc.constantFrom('', 'NR1', 'NR14', 'PE30'),
      home: fc.record({
        latitude: fc.double({ min: 52, max: 53, noNaN: true }),
        longitude: fc.double({ min: 0, max: 2, noNaN: true }),
      }),
      settingId: fc.constantFrom('a', 'b', 'c'),
      minutes: fc.double({ min: 5, max: 120, noNaN: true }),
    }),
  );
  fc.assert(
    fc.property(arb, (trips) => {
      const flows = travelFlows(trips);
      assert.equal(
        flows.reduce((s, f) => s + f.children, 0),
        trips.length,
      );
      assert.equal(
        areaCentres(trips).reduce((s, a) => s + a.children, 0),
        trips.filter((t) => t.homeArea).length,
      );
      // Means summed in another order may differ in the last bit; who goes where may not.
      const shape = (fs: typeof flows) => fs.map((f) => `${f.area}>${f.settingId}:${f.children}`).sort();
      assert.deepEqual(shape(travelFlows([...trips].reverse())), shape(flows));
    }),
  );
});
