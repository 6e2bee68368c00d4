import { type Summary, summarise } from './report.ts';

/** Runs `work` a few times to warm up, then `n` times, and summarises how long each took. */
export async function time(n: number, work: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < Math.min(20, n); i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}
