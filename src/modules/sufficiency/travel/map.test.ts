import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journeysMap } from './map.ts';

test('each district, flow and setting is drawn, names escaped, and the picture says what it shows', () => {
  const svg = journeysMap(
    [
      { area: 'NR14', children: 36, centre: { latitude: 52.55, longitude: 1.35 } },
      { area: 'NR2', children: 9, centre: { latitude: 52.63, longitude: 1.28 } },
    ],
    [
      {
        area: 'NR14',
        settingId: 's1',
        children: 4,
        meanMinutes: 31.25,
        settingName: 'Oak <School>',
        setting: { latitude: 52.6, longitude: 1.3 },
      },
      {
        area: 'NR2',
        settingId: 's1',
        children: 1,
        meanMinutes: 12,
        settingName: 'Oak <School>',
        setting: { latitude: 52.6, longitude: 1.3 },
      },
    ],
    'Where children live',
  );
  assert.equal((svg.match(/<circle /g) ?? []).length, 2);
  assert.equal((svg.match(/<line /g) ?? []).length, 2);
  // One setting at the end of both flows: one square.
  assert.equal((svg.match(/<rect x="(?!0\.5)/g) ?? []).length, 1);
  assert.match(svg, /NR14 to Oak &lt;School&gt;: 4 children, 31.3 minutes on average/);
  // Radius 2 + 9 × √(children ÷ most): 11 for NR14's 36, 2 + 9 × √(9 ÷ 36) = 6.5 for NR2's 9.
  assert.match(svg, /r="11"/);
  assert.match(svg, /r="6.5"/);
  // Line width 1 + 5 × √(children ÷ largest flow): 6 for 4 children, 1 + 5 × √(1 ÷ 4) = 3.5 for 1.
  assert.match(svg, /stroke-width="6"/);
  assert.match(svg, /stroke-width="3.5"/);
  assert.match(svg, /2 postcode districts .* \(45 in all\); the 2 largest flows .* to 1 setting drawn/);
  assert.equal(journeysMap([], [], 'Nothing'), '');
});
