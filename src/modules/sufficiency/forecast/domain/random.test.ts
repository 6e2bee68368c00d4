import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  binomialQuantile,
  KeyedDraws,
  keyOf,
  logGamma,
  normalQuantile,
  poissonCdf,
  poissonQuantile,
  RandomStream,
  uniformAt,
} from './random.ts';

const meanOf = (n: number, draw: () => number) => {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  return sum / n;
};

describe('seeded draws', () => {
  test('the same seed gives the same stream, another seed another', () => {
    const a = new RandomStream(7, 1);
    const b = new RandomStream(7, 1);
    const c = new RandomStream(7, 2);
    const first = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      first,
      Array.from({ length: 5 }, () => b.next()),
    );
    assert.notDeepEqual(
      first,
      Array.from({ length: 5 }, () => c.next()),
    );
  });

  test('reseeding a stream starts it as a new stream with that key', () => {
    const a = new RandomStream(3, 4);
    a.next();
    a.reseed(keyOf(9, 9));
    const b = new RandomStream(9, 9);
    assert.equal(a.next(), b.next());
  });

  test('keyed uniforms depend only on the key and index, and keys on the order of their parts', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(1_000_000), (key, index) => {
        const u = uniformAt(key, index);
        return u >= 0 && u < 1 && u === uniformAt(key, index);
      }),
    );
    assert.notEqual(keyOf(1, 2), keyOf(2, 1));
    const keyed = new KeyedDraws();
    keyed.reseed(5);
    assert.equal(keyed.next(), uniformAt(5, 0));
    assert.equal(keyed.next(), uniformAt(5, 1));
  });

  test('draws have the means they should (20,000 each, within four standard errors)', () => {
    const rng = new RandomStream(11);
    const n = 20_000;
    const near = (value: number, expected: number, sd: number) =>
      assert.ok(Math.abs(value - expected) < (4 * sd) / Math.sqrt(n), `${value} should be near ${expected}`);
    near(
      meanOf(n, () => rng.next()),
      0.5,
      Math.sqrt(1 / 12),
    );
    near(
      meanOf(n, () => rng.normal()),
      0,
      1,
    );
    near(
      meanOf(n, () => rng.gamma(0.4)),
      0.4,
      Math.sqrt(0.4),
    );
    near(
      meanOf(n, () => rng.gamma(7)),
      7,
      Math.sqrt(7),
    );
    near(
      meanOf(n, () => rng.beta(2, 6)),
      0.25,
      Math.sqrt((2 * 6) / (64 * 9)),
    );
    near(
      meanOf(n, () => rng.poisson(3.5)),
      3.5,
      Math.sqrt(3.5),
    );
    // Large n goes through the beta halving; small n through inversion.
    near(
      meanOf(n, () => rng.binomial(5_000, 0.3)),
      1_500,
      Math.sqrt(5_000 * 0.3 * 0.7),
    );
    near(
      meanOf(n, () => rng.binomial(20, 0.9)),
      18,
      Math.sqrt(20 * 0.9 * 0.1),
    );
  });

  test('a Dirichlet draw adds up to 1 and gives nothing where its parameter is 0', () => {
    const rng = new RandomStream(5);
    const out = new Float64Array(4);
    rng.dirichlet([2, 0, 0.5, 9], out);
    assert.equal(out[1], 0);
    assert.ok(Math.abs(out.reduce((s, x) => s + x, 0) - 1) < 1e-12);
  });
});

describe('quantile functions', () => {
  test('ln Γ and the Poisson CDF match direct sums', () => {
    assert.ok(Math.abs(logGamma(5) - Math.log(24)) < 1e-12);
    assert.ok(Math.abs(logGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-12);
    for (const lambda of [0.3, 4, 25]) {
      let pmf = Math.exp(-lambda);
      let cdf = pmf;
      for (let k = 0; k < 40; k++) {
        assert.ok(Math.abs(poissonCdf(k, lambda) - cdf) < 1e-10, `P(X ≤ ${k}) for λ = ${lambda}`);
        pmf *= lambda / (k + 1);
        cdf += pmf;
      }
    }
  });

  test('the Poisson quantile is the least k whose CDF passes u, and never falls as λ rises', () => {
    // λ = 2: P(X ≤ 0) = e⁻² = 0.1353, P(X ≤ 1) = 3e⁻² = 0.4060, P(X ≤ 2) = 5e⁻² = 0.6767.
    assert.equal(poissonQuantile(0.1, 2), 0);
    assert.equal(poissonQuantile(0.2, 2), 1);
    assert.equal(poissonQuantile(0.5, 2), 2);
    assert.equal(poissonQuantile(0.5, 0), 0);
    // Uniforms as the simulations make them: whole multiples of 2⁻³², 0 included.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: 0, max: 3_000, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (word, lambda, more) => {
          const u = word / 2 ** 32;
          return poissonQuantile(u, lambda + more) >= poissonQuantile(u, lambda);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('the binomial quantile stays in 0..n, never falls with one more trial, and has the right mean', () => {
    // n = 2, p = ½: P(X ≤ 0) = ¼, P(X ≤ 1) = ¾.
    assert.equal(binomialQuantile(0.2, 2, 0.5), 0);
    assert.equal(binomialQuantile(0.5, 2, 0.5), 1);
    assert.equal(binomialQuantile(0.8, 2, 0.5), 2);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (word, n, p) => {
          const u = word / 2 ** 32;
          const k = binomialQuantile(u, n, p);
          return k >= 0 && k <= n && binomialQuantile(u, n + 1, p) >= k;
        },
      ),
      { numRuns: 500 },
    );
    const n = 4_000;
    const rng = new RandomStream(3);
    // 20,000 trials at p = 0.4 go through the normal approximation: its mean is still n·p.
    const mean = meanOf(n, () => binomialQuantile(rng.next(), 20_000, 0.4));
    assert.ok(Math.abs(mean - 8_000) < 4 * Math.sqrt((20_000 * 0.24) / n));
  });

  test('the normal quantile', () => {
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
    assert.ok(Math.abs(normalQuantile(0.1) + 1.281552) < 1e-6);
    assert.equal(normalQuantile(0.5), 0);
  });
});
