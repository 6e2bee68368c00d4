/**
 * Rendered public pages, kept in the process: a service's page is the same for every reader until
 * an editor publishes or withdraws something, which empties the LA's pages. Bounded, oldest out
 * first, so a crawler walking every search cannot grow it without end. One process's cache: a
 * second process behind the same address keeps its own and may show a change up to its next clear.
 */
export class PageCache {
  private readonly pages = new Map<string, string>();
  constructor(private readonly limit: number) {}

  get(laCode: string, key: string): string | undefined {
    const k = `${laCode} ${key}`;
    const page = this.pages.get(k);
    if (page !== undefined) {
      // Read again: the most recently used stay longest.
      this.pages.delete(k);
      this.pages.set(k, page);
    }
    return page;
  }

  set(laCode: string, key: string, page: string): void {
    const k = `${laCode} ${key}`;
    this.pages.delete(k);
    this.pages.set(k, page);
    while (this.pages.size > this.limit) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }

  clear(laCode: string): void {
    for (const k of [...this.pages.keys()]) if (k.startsWith(`${laCode} `)) this.pages.delete(k);
  }

  get size(): number {
    return this.pages.size;
  }
}

export const publicCache = new PageCache(5_000);
