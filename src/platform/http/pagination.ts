/**
 * Numbered pages as GOV.UK pagination shows them: first, last, and the neighbours of the current
 * one. A page past the last (an old link to a list that has shrunk) offers no previous page, as
 * that would be past the last too.
 */
export function pagination(total: number, page: number, pageSize: number, hrefFor: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: ({ number: string; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((p, i) => {
    const before = shown[i - 1];
    if (before !== undefined && p - before > 1) items.push({ ellipsis: true });
    items.push({ number: String(p), href: hrefFor(p), current: p === page });
  });
  return {
    pages,
    items: pages > 1 ? items : [],
    previous: page > 1 && page <= pages ? { href: hrefFor(page - 1) } : undefined,
    next: page < pages ? { href: hrefFor(page + 1) } : undefined,
  };
}
