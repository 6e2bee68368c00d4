import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settingsMap } from './map.ts';

test('each setting is drawn, its name escaped, larger for more places, and the picture says what it shows', () => {
  const svg = settingsMap(
    [
      { name: 'Oak <School>', latitude: 52.6, longitude: 1.3, places: 100, status: 'over' },
      { name: 'Elm', latitude: 52.7, longitude: 1.1, places: 25, status: 'room' },
    ],
    'Specialist settings',
  );
  assert.equal((svg.match(/<circle /g) ?? []).length, 2);
  assert.match(svg, /Oak &lt;School&gt;: 100 places, over its places/);
  // Radius 4 + 10 × √(places ÷ most places): 14 for 100 places, 9 for 25.
  assert.match(svg, /r="14"/);
  assert.match(svg, /r="9"/);
  assert.match(svg, /1 over their places \(red\), 0 full \(orange\), 1 with room \(green\)/);
  assert.equal(settingsMap([], 'Nothing'), '');
});
