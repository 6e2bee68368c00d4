/**
 * A small seeded random number generator (sfc32), so the same seed always makes the same
 * demo LA: tests, screenshots and benchmarks see identical data on every machine.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    // Walked twice in key order rather than copied into an array: called millions of times.
    let total = 0;
    for (const k in weights) total += weights[k];
    let r = this.next() * total;
    let last: K | undefined;
    for (const k in weights) {
      r -= weights[k];
      if (r < 0) return k;
      last = k;
    }
    return last as K;
  }

  /**
   * A version-4-shaped UUID from this generator, so ids are reproducible too: four words of it in
   * hex, with the version digit and the variant's two bits set. Written out byte by byte from a
   * table, since the national seed makes millions of them.
   */
  uuid(): string {
    const a = this.word();
    const b = this.word();
    const c = this.word();
    const d = this.word();
    return (
      `${hexByte[a >>> 24]}${hexByte[(a >>> 16) & 255]}${hexByte[(a >>> 8) & 255]}${hexByte[a & 255]}-` +
      `${hexByte[b >>> 24]}${hexByte[(b >>> 16) & 255]}-4${hexDigit[(b >>> 8) & 15]}${hexByte[b & 255]}-` +
      `${hexDigit[8 + ((c >>> 28) & 3)]}${hexDigit[(c >>> 24) & 15]}${hexByte[(c >>> 16) & 255]}-` +
      `${hexByte[(c >>> 8) & 255]}${hexByte[c & 255]}${hexByte[d >>> 24]}${hexByte[(d >>> 16) & 255]}${hexByte[(d >>> 8) & 255]}${hexByte[d & 255]}`
    );
  }

  private word(): number {
    return (this.next() * 4294967296) >>> 0;
  }

  /** Roughly normal, by the sum of three uniforms: enough for spreading points round a town. */
  gaussian(): number {
    return (this.next() + this.next() + this.next() - 1.5) * 2;
  }
}

const hexDigit = '0123456789abcdef';
const hexByte = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
