import type { Database } from '../../db/connect.ts';
import { inTenant, type Tx } from '../../db/tenancy.ts';
import { insertAuditEvent } from '../repo.ts';
import { type ChainVerdict, checkChain, type RecordedHead, type Seal } from './check.ts';
import type { EventText } from './links.ts';
import { chainHead, eventsPage, sealsPage, unsealedEvents } from './repo.ts';

/** Where an LA's chain ends: the hash to write down and keep somewhere outside OpenSEND. */
export interface ChainHead {
  seq: number;
  eventId: number;
  hash: string;
  /** ISO 8601. */
  sealedAt: string;
}

/** How far the sealer is behind. */
export interface SealingLag {
  unsealed: number;
  /** ISO 8601; null when every event is sealed. */
  oldestUnsealedAt: string | null;
}

export interface ChainState {
  laCode: string;
  head: ChainHead | null;
  lag: SealingLag;
}

/** A check of an LA's chain, as the CLI prints it and a job keeps it (plain JSON). */
export interface ChainReport extends ChainState {
  /** ISO 8601. */
  checkedAt: string;
  verdict: ChainVerdict;
  /** A head recorded earlier that the check was asked to find in the chain. */
  recorded: RecordedHead | null;
}

// Pages of this size keep each transaction to a few hundred milliseconds on PGlite, whose one
// connection requests share, while a million events still take only a hundred or so round trips.
const pageSize = 10_000;

async function stateIn(tx: Tx, laCode: string): Promise<ChainState> {
  const head = await chainHead(tx, laCode);
  const unsealed = await unsealedEvents(tx, laCode, head?.eventId ?? 0);
  return {
    laCode,
    head: head ? { ...head, sealedAt: head.sealedAt.toISOString() } : null,
    lag: { unsealed: unsealed.count, oldestUnsealedAt: unsealed.oldestAt?.toISOString() ?? null },
  };
}

async function* empty<T>(): AsyncGenerator<T> {}

/**
 * Page after page from a keyset page source. The next page is asked for before this one is handed
 * on, so on PostgreSQL the database reads it while the check hashes this one.
 */
async function* keysetPages<T>(
  page: (after: number) => Promise<T[]>,
  keyOf: (row: T) => number,
  size: number,
): AsyncGenerator<T[]> {
  let next = page(0);
  for (;;) {
    const rows = await next;
    const last = rows[rows.length - 1];
    const more = last !== undefined && rows.length === size;
    if (last !== undefined && more) {
      next = page(keyOf(last));
      // A check that stops at a broken link never awaits this page: if it fails then, that must not
      // end the process as an unhandled rejection. A check that goes on still sees the failure.
      next.catch(() => undefined);
    }
    if (rows.length) yield rows;
    if (!more) return;
  }
}

/** The LA's chain head and sealing lag, read without checking the chain. */
export function chainState(database: Database, laCode: string): Promise<ChainState> {
  return inTenant(database.db, { laCode, userId: null }, (tx) => stateIn(tx, laCode));
}

export interface VerifyOptions {
  recorded?: RecordedHead | undefined;
  /** Links checked so far, of `total`. */
  progress?: (done: number, total: number) => Promise<void> | void;
  /** Events (and seals) read per page. */
  pageSize?: number;
}

/**
 * Recomputes the LA's chain from its first seal to the newest one there was when the check began,
 * reading events in id order and seals in chain order a page at a time, each page in its own
 * short transaction. Later events and seals only ever come after that head, so pages read at
 * different moments still fit together.
 */
export async function verifyChain(
  database: Database,
  laCode: string,
  options: VerifyOptions = {},
): Promise<ChainReport> {
  const state = await chainState(database, laCode);
  const inLa = <T>(work: (tx: Tx) => Promise<T>) => inTenant(database.db, { laCode, userId: null }, work);
  const head = state.head;
  const size = options.pageSize ?? pageSize;
  const seals = head
    ? keysetPages(
        (after) => inLa((tx) => sealsPage(tx, laCode, after, head.seq, size)),
        (s) => s.seq,
        size,
      )
    : empty<Seal[]>();
  const events = head
    ? keysetPages(
        (after) => inLa((tx) => eventsPage(tx, laCode, after, head.eventId, size)),
        (e) => e.id,
        size,
      )
    : empty<EventText[]>();
  const { progress } = options;
  const verdict = await checkChain(seals, events, {
    recorded: options.recorded,
    progress: progress && head ? (done) => progress(done, head.seq) : undefined,
  });
  return {
    ...state,
    checkedAt: new Date().toISOString(),
    verdict,
    recorded: options.recorded ?? null,
  };
}

/** One line for people: what the check found. */
export function verdictLine(report: ChainReport): string {
  const { verdict, head } = report;
  if (!verdict.intact) return `Broken at seal ${verdict.break.seq}: ${verdict.break.what}`;
  if (!head) return 'Nothing sealed yet: the chain has no events in it.';
  return `Intact: ${verdict.links.toLocaleString('en-GB')} events, last sealed at ${head.sealedAt}.`;
}

/**
 * Records that the chain was checked and what was found, as the person who asked (none from the
 * command line). The event is about the audit log, not about any child.
 */
export function recordCheck(
  database: Database,
  report: ChainReport,
  by: { userId: string | null; requestId: string | null },
): Promise<void> {
  const { verdict } = report;
  return inTenant(database.db, { laCode: report.laCode, userId: by.userId }, (tx) =>
    insertAuditEvent(tx, {
      laCode: report.laCode,
      userId: by.userId,
      action: 'audit.chain.verified',
      entityType: 'audit-log',
      requestId: by.requestId,
      detail: {
        intact: verdict.intact,
        links: verdict.links,
        ...(report.head ? { headSeq: report.head.seq, headHash: report.head.hash } : {}),
        ...(verdict.intact ? {} : { brokenAt: verdict.break.seq, kind: verdict.break.kind }),
        ...(report.recorded ? { recordedSeq: report.recorded.seq } : {}),
      },
    }),
  );
}
