import { type EventText, genesisHash, linkHash } from './links.ts';

/** A seal as the chain check reads it; hashes in lower-case hex. */
export interface Seal {
  seq: number;
  eventId: number;
  prevHash: string;
  hash: string;
}

/**
 * What the first broken link shows:
 * - `changed-event`: the event no longer hashes to its seal (a field was edited);
 * - `missing-event`: a seal names an event the log no longer holds (it was deleted, or moved to another LA);
 * - `added-event`: the log holds an event among sealed ones that no seal names (slipped in afterwards);
 * - `reordered`: seals name events out of their order;
 * - `forged-seal`: a seal was edited or made up: it does not link to the seal before it, or its hash was altered;
 * - `missing-seal`: a seal was removed from the middle of the chain;
 * - `rewritten`: the chain no longer passes through a head someone recorded earlier.
 */
export type BreakKind =
  | 'changed-event'
  | 'missing-event'
  | 'added-event'
  | 'reordered'
  | 'forged-seal'
  | 'missing-seal'
  | 'rewritten';

export interface ChainBreak {
  kind: BreakKind;
  /** The seal where the chain stops holding. */
  seq: number;
  /** The event concerned, where there is one. */
  eventId: number | null;
  /** What differs, in a sentence. */
  what: string;
}

/** A chain head written down earlier, to show the chain still passes through it. */
export interface RecordedHead {
  seq: number;
  hash: string;
}

export type ChainVerdict =
  | { intact: true; links: number }
  | { intact: false /** Links found good before the break. */; links: number; break: ChainBreak };

export interface CheckOptions {
  recorded?: RecordedHead | undefined;
  /** Told every `progressEvery` links how many have been checked. */
  progress?: (links: number) => Promise<void> | void;
  progressEvery?: number;
}

/**
 * Reads page after page, an item at a time. A million events are a million steps: only the step
 * that finishes a page waits for the next one, the others are plain array reads.
 */
function cursor<T>(pages: AsyncIterable<readonly T[]>) {
  const it = pages[Symbol.asyncIterator]();
  let page: readonly T[] = [];
  let at = 0;
  let ended = false;
  return {
    /** Whether the next page must be read before `current` can be looked at. */
    get empty() {
      return at >= page.length && !ended;
    },
    async read(): Promise<void> {
      while (at >= page.length && !ended) {
        const r = await it.next();
        if (r.done) ended = true;
        else {
          page = r.value;
          at = 0;
        }
      }
    },
    /** The item at the cursor, or undefined at the end (once read). */
    get current(): T | undefined {
      return page[at];
    },
    advance() {
      at++;
    },
  };
}

/**
 * Walks an LA's seals in chain order beside its events in id order and reports the first link
 * that does not hold. `events` must hold every event up to the last seal's and none after it.
 * The seal after the one being checked is looked at too: that is what tells an altered seal from
 * an altered event, and a swap of two events from one slipped in.
 */
export async function checkChain(
  seals: AsyncIterable<readonly Seal[]>,
  events: AsyncIterable<readonly EventText[]>,
  options: CheckOptions = {},
): Promise<ChainVerdict> {
  const sealsAt = cursor(seals);
  const eventsAt = cursor(events);
  const { recorded, progress, progressEvery = 10_000 } = options;
  let previous = genesisHash;
  let lastEventId = 0;
  let links = 0;
  const broken = (kind: BreakKind, seq: number, eventId: number | null, what: string): ChainVerdict => ({
    intact: false,
    links,
    break: { kind, seq, eventId, what },
  });

  for (;;) {
    if (sealsAt.empty) await sealsAt.read();
    const seal = sealsAt.current;
    if (!seal) break;
    sealsAt.advance();
    if (sealsAt.empty) await sealsAt.read();
    const next = sealsAt.current;
    if (eventsAt.empty) await eventsAt.read();
    const event = eventsAt.current;
    const stray = event && event.id < seal.eventId ? event.id : null;
    const expected = links + 1;
    if (seal.seq !== expected)
      return broken(
        'missing-seal',
        expected,
        stray,
        `Seal ${expected} is missing: the chain goes from seal ${expected - 1} to seal ${seal.seq}${stray === null ? '' : `, and event ${stray} between them is no longer sealed`}.`,
      );
    if (seal.prevHash !== previous)
      return broken(
        'forged-seal',
        seal.seq,
        seal.eventId,
        seal.seq === 1
          ? 'Seal 1 has been altered: the first seal must link to no earlier seal.'
          : `Seal ${seal.seq} does not link to seal ${seal.seq - 1}: it has been altered or made up.`,
      );
    if (seal.eventId <= lastEventId)
      return broken(
        'reordered',
        seal.seq,
        seal.eventId,
        `Seal ${seal.seq} names event ${seal.eventId}, which comes before event ${lastEventId} sealed at seal ${seal.seq - 1}: the chain's order has been changed.`,
      );
    if (stray !== null) {
      if (next?.eventId === stray)
        return broken(
          'reordered',
          seal.seq,
          stray,
          `Event ${stray} is sealed at seal ${next.seq}, after event ${seal.eventId} at seal ${seal.seq}, though it comes first: the chain's order has been changed.`,
        );
      return broken(
        'added-event',
        seal.seq,
        stray,
        `Event ${stray} is in the log ${lastEventId ? `between sealed events ${lastEventId} and ${seal.eventId}` : `before the first sealed event, ${seal.eventId}`} but is in no seal: it was added after they were sealed.`,
      );
    }
    if (!event || event.id !== seal.eventId)
      return broken(
        'missing-event',
        seal.seq,
        seal.eventId,
        `Event ${seal.eventId}, sealed at seal ${seal.seq}, is no longer in the log: it has been deleted or moved to another LA.`,
      );
    eventsAt.advance();
    const hex = linkHash(previous, event.text);
    if (hex !== seal.hash) {
      if (next?.seq === seal.seq + 1 && next.prevHash === hex)
        return broken(
          'forged-seal',
          seal.seq,
          seal.eventId,
          `Seal ${seal.seq} has been altered: event ${seal.eventId} still matches the hash seal ${next.seq} links to, but not the one seal ${seal.seq} now holds.`,
        );
      return broken(
        'changed-event',
        seal.seq,
        seal.eventId,
        next
          ? `Event ${seal.eventId} has been changed since it was sealed at seal ${seal.seq}.`
          : `Event ${seal.eventId} no longer matches seal ${seal.seq}, the newest seal: the event has been changed since it was sealed, or the seal has been altered.`,
      );
    }
    if (recorded && seal.seq === recorded.seq && hex !== recorded.hash)
      return broken(
        'rewritten',
        seal.seq,
        seal.eventId,
        `Seal ${seal.seq}'s hash is ${hex}, not ${recorded.hash} as recorded: unless the hash was copied wrongly, the log has been rewritten from seal ${seal.seq} or earlier, chain and all.`,
      );
    previous = hex;
    lastEventId = seal.eventId;
    links = seal.seq;
    if (progress && links % progressEvery === 0) await progress(links);
  }
  if (recorded && recorded.seq > links)
    return broken(
      'rewritten',
      links + 1,
      null,
      `The chain ends at seal ${links}, before seal ${recorded.seq} as recorded: unless the seal number was copied wrongly, events and their seals have been removed from the end.`,
    );
  return { intact: true, links };
}
