/**
 * Seeded random numbers for the forecasts, so a forecast is the same on every machine given its
 * seed. Two kinds: a stream (sfc32) for draws taken in a fixed order, and keyed draws (a 32-bit
 * hash of a key) for draws that must not depend on the order in which they are taken, which is
 * what lets a scenario reuse the base forecast's random numbers state by state and joiner by
 * joiner.
 */

/** A 32-bit hash with good avalanche (Chris Wellons's lowbias32). */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A key made of up to five 32-bit parts, each hashed into the last so that (a, b) and (b, a)
 * differ. Fixed arity, so building a key allocates nothing.
 */
export function keyOf(a: number, b = 0, c = 0, d = 0, e = 0): number {
  let h = mix32(0x5bd1e995 ^ part(a));
  h = mix32(h ^ part(b));
  h = mix32(h ^ part(c));
  h = mix32(h ^ part(d));
  return mix32(h ^ part(e));
}

/** A part's low 32 bits spread, with its high bits (a seed may be up to 2^53) folded in. */
function part(p: number): number {
  return Math.imul(p >>> 0, 0x9e3779b1) ^ Math.floor(p / 4294967296);
}

/** A uniform in [0, 1) fixed by a key and an index under it: the same pair always gives the same number. */
export function uniformAt(key: number, index: number): number {
  return mix32(key ^ Math.imul(index + 1, 0x9e3779b1)) / 4294967296;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7), to about 15 significant figures. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≤ k) for X ~ Poisson(λ), as the regularised upper incomplete gamma Q(k + 1, λ). */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  const a = k + 1;
  const x = lambda;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series for the lower P(a, x), then Q = 1 − P.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

/**
 * The Poisson(λ) quantile at u: the least k with P(X ≤ k) > u. One uniform in, one count out, and
 * larger λ never gives fewer: a scenario that scales λ changes the count only by what it adds.
 * The walk starts at the mode, so it takes a few standard deviations of steps, not λ.
 */
export function poissonQuantile(u: number, lambda: number): number {
  // At u = 0 the quantile is 0 exactly; walking down to it would only add up rounding.
  if (!(lambda > 0) || u <= 0) return 0;
  let k = Math.floor(lambda);
  let cdf = poissonCdf(k, lambda);
  let pmf = Math.exp(k * Math.log(lambda) - lambda - logGamma(k + 1));
  if (cdf > u) {
    // Step down while the count below still covers u.
    while (k > 0 && cdf - pmf > u) {
      cdf -= pmf;
      pmf *= k / lambda;
      k--;
    }
    return k;
  }
  while (cdf <= u) {
    k++;
    pmf *= lambda / k;
    cdf += pmf;
    if (pmf < 1e-300 && k > lambda) break;
  }
  return k;
}

/**
 * The Binomial(n, p) quantile at u: the least k with P(X ≤ k) > u, walking from the nearer end, so
 * it costs about n · min(p, 1 − p) steps. One uniform in, one count out, and one more trial never
 * gives fewer, so states with a child more or fewer in a scenario still draw almost alike. Where
 * the end's probability would underflow (n · min(p, 1 − p) in the hundreds) the normal
 * approximation, then exact to well under one count, is used instead.
 */
export function binomialQuantile(u: number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialQuantile(1 - u, n, 1 - p);
  const q = 1 - p;
  // One trial is the common case (a state with one child): no power needed.
  if (n === 1) return u < q ? 0 : 1;
  let pmf = q;
  if (n <= 16) for (let i = 1; i < n; i++) pmf *= q;
  else pmf = q ** n;
  if (pmf < 1e-280) {
    const mean = n * p;
    const sd = Math.sqrt(mean * q);
    return Math.min(n, Math.max(0, Math.floor(mean + sd * normalQuantile(u) + 0.5)));
  }
  const ratio = p / q;
  let cdf = pmf;
  let k = 0;
  while (u >= cdf && k < n) {
    pmf *= (ratio * (n - k)) / (k + 1);
    k++;
    cdf += pmf;
  }
  return k;
}

/** The standard normal quantile (Acklam's rational approximation, relative error under 1.2e-9). */
export function normalQuantile(u: number): number {
  const p = Math.min(1 - 1e-16, Math.max(1e-16, u));
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** Draws from the common distributions, on top of a source of uniforms. */
export abstract class Draws {
  protected spare: number | null = null;

  /** A uniform in [0, 1). */
  abstract next(): number;

  /** A standard normal (polar method; the second of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const x = 2 * this.next() - 1;
      const y = 2 * this.next() - 1;
      const r = x * x + y * y;
      if (r > 0 && r < 1) {
        const f = Math.sqrt((-2 * Math.log(r)) / r);
        this.spare = y * f;
        return x * f;
      }
    }
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang, boosted for shapes under 1. */
  gamma(shape: number): number {
    if (!(shape > 0)) return 0;
    if (shape < 1) {
      const u = this.next();
      return this.gamma(shape + 1) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x + y > 0 ? x / (x + y) : a / (a + b);
  }

  /** A draw from Dirichlet(alphas[from … from + count − 1]) written into out[0 … count − 1]; zero alphas get zero. */
  dirichlet(alphas: ArrayLike<number>, out: Float64Array, from = 0, count = alphas.length - from): void {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const g = this.gamma(alphas[from + i] as number);
      out[i] = g;
      sum += g;
    }
    if (sum <= 0) {
      // Every gamma underflowed (tiny alphas): fall back to the Dirichlet's mean.
      let total = 0;
      for (let i = 0; i < count; i++) total += alphas[from + i] as number;
      for (let i = 0; i < count; i++) out[i] = total > 0 ? (alphas[from + i] as number) / total : 0;
      return;
    }
    for (let i = 0; i < count; i++) out[i] = (out[i] as number) / sum;
  }

  poisson(lambda: number): number {
    return poissonQuantile(this.next(), lambda);
  }

  /**
   * Binomial(n, p), exactly: halved by a beta draw (the i-th of n uniforms) until n is small, then
   * by inversion (Devroye, Non-Uniform Random Variate Generation, X.4), so a draw costs about
   * log₂ n beta draws however large n is.
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    let k = 0;
    let m = n;
    let q = p;
    while (m > 48) {
      const i = (m + 1) >> 1;
      const x = this.beta(i, m + 1 - i);
      if (x <= q) {
        k += i;
        m -= i;
        q = (q - x) / (1 - x);
      } else {
        m = i - 1;
        q /= x;
      }
      if (q <= 0) return k;
      if (q >= 1) return k + m;
    }
    // Inversion from 0, on the smaller tail so the walk stays short.
    const flip = q > 0.5;
    const pp = flip ? 1 - q : q;
    const ratio = pp / (1 - pp);
    let pmf = (1 - pp) ** m;
    let cdf = pmf;
    const u = this.next();
    let x = 0;
    while (u > cdf && x < m) {
      pmf *= (ratio * (m - x)) / (x + 1);
      x++;
      cdf += pmf;
    }
    return k + (flip ? m - x : x);
  }
}

/** A seeded stream of draws (sfc32 underneath), for draws taken in a fixed order. */
export class RandomStream extends Draws {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(a: number, b = 0, c = 0, d = 0, e = 0) {
    super();
    this.reseed(keyOf(a, b, c, d, e));
  }

  /** Starts the stream afresh from a key, as a new stream with that key would: no allocation. */
  reseed(key: number): void {
    this.a = mix32(key ^ 0x9e3779b9);
    this.b = mix32(key ^ 0x243f6a88);
    this.c = mix32(key ^ 0xb7e15162);
    this.d = key;
    this.spare = null;
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
}

/**
 * Draws keyed by a key and a counter: the i-th uniform under a key is uniformAt(key, i), so
 * starting afresh costs nothing, which suits many short sequences each tied to its own key.
 */
export class KeyedDraws extends Draws {
  private key = 0;
  private counter = 0;

  /** Starts again from the first uniform under `key`. */
  reseed(key: number): void {
    this.key = key;
    this.counter = 0;
    this.spare = null;
  }

  next(): number {
    return uniformAt(this.key, this.counter++);
  }
}
