import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sitesMap } from './map.ts';

test('the map places each site by its grid reference, north up, the chosen filled, names escaped', () => {
  const svg = sitesMap(
    [
      { label: '1', name: 'Ash <Primary>', easting: 600_000, northing: 300_000, chosen: true },
      { label: '2', name: 'Birch', easting: 620_000, northing: 310_000, chosen: false },
    ],
    'Candidate sites',
  );
  assert.match(svg, /^<svg viewBox="0 0 640 \d+"/);
  assert.match(svg, /role="img" aria-labelledby="sites-map-title sites-map-desc"/);
  assert.ok(svg.includes('Ash &lt;Primary&gt;, chosen') && !svg.includes('<Primary>'));
  const centre = (label: string) => {
    const m = new RegExp(`<title>${label}: [^<]*</title><circle cx="([\\d.]+)" cy="([\\d.]+)"`).exec(svg);
    return { x: Number(m?.[1]), y: Number(m?.[2]) };
  };
  const ash = centre('1');
  const birch = centre('2');
  assert.ok(birch.x > ash.x, 'east is to the right');
  assert.ok(birch.y < ash.y, 'north is up');
  // 20 km east and 10 km north drawn at one scale both ways.
  assert.ok(Math.abs((birch.x - ash.x) / (ash.y - birch.y) - 2) < 0.05);
  assert.match(svg, /fill="#1d70b8"/);
  assert.match(svg, />2 km</);
  const barY = Number(/<line x1="\d+" x2="[\d.]+" y1="([\d.]+)"/.exec(svg)?.[1]);
  assert.ok(barY > ash.y + 9, 'the scale bar is below every site');
});

test('no sites, no map', () => {
  assert.equal(sitesMap([], 'Candidate sites'), '');
});
