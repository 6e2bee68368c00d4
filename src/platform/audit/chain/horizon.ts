/**
 * How far the sealer may seal without ever skipping an event.
 *
 * Event ids come from a sequence when the INSERT runs, but become visible only when the request's
 * transaction commits, and transactions commit in any order: the one that took id 10 may commit
 * after the one that took id 11. A sealer that sealed 11 as soon as it saw it would pass over 10
 * for good, since it seals in id order. So it seals only up to a horizon: an id at or below which
 * every event has either committed or will never exist.
 *
 * A horizon comes from a mark: the sequence's last value (every id handed out so far, visible or
 * not), read first, then the transactions that hold a lock on audit_events that lets them write
 * to it, read after. Any transaction holding an id at or below the mark took that id after taking
 * its lock (an INSERT locks the table before it draws its id), so before the mark was read, so it
 * was among the writers read after. Once every one of those writers has ended, every id up to
 * the mark is final, and the mark is a horizon.
 *
 * Why not a time margin (seal only events older than N seconds): a transaction may stay open
 * longer than any N (a large import), and an event would be skipped. Why not the snapshot's
 * xmin: the INSERT draws the id a moment before the transaction is given an xid, so for that
 * moment nothing in a snapshot shows it. The lock is taken before either.
 *
 * A long transaction that wrote an event holds every mark taken while it runs; sealing waits for
 * it (the lag shows on the verify page), and then catches up at once.
 */

/** The sequence's last value, and the writers of audit_events (virtual transaction ids) read after it. */
export interface Mark {
  handedOut: number;
  writers: readonly string[];
}

/** Marks kept while their writers run; older ones are only ever overtaken by newer ones. */
const keep = 10;

/**
 * Given the marks not yet settled (oldest first) and the writers running now, the newest mark
 * whose writers have all ended (its handedOut is the horizon) and the marks still to wait for.
 * A mark settles only when every earlier one can: a writer of an earlier mark that is still
 * running held its lock when the later mark was taken, so it is among the later mark's writers.
 */
export function settle(
  marks: readonly Mark[],
  running: ReadonlySet<string>,
): { horizon: number | null; waiting: Mark[] } {
  let settled = -1;
  marks.forEach((m, i) => {
    if (m.writers.every((w) => !running.has(w))) settled = i;
  });
  const horizon = settled >= 0 ? (marks[settled]?.handedOut ?? null) : null;
  return { horizon, waiting: marks.slice(settled + 1).slice(-keep) };
}
