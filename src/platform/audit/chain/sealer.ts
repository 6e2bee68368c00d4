import type { Database } from '../../db/connect.ts';
import { inTenant, withoutTenant } from '../../db/tenancy.ts';
import { listLaCodes } from '../../las/index.ts';
import { type Mark, settle } from './horizon.ts';
import { genesisHash, linkHash } from './links.ts';
import {
  chainHead,
  eventsPage,
  eventWriters,
  idsHandedOut,
  insertSeals,
  type NewSeal,
  takeChain,
} from './repo.ts';

export interface AuditSealerOptions {
  /** How long to wait between passes. */
  intervalMs?: number;
  /** Events sealed per transaction: small enough that a request on PGlite's one connection waits little. */
  batch?: number;
  log?: { error(obj: unknown, msg: string): void };
}

/** What one pass did. */
export interface SealPass {
  /** Every event id up to this one was final and is now sealed; null while a writer holds it back. */
  horizon: number | null;
  /** Events sealed, by LA. */
  sealed: Record<string, number>;
}

export interface AuditSealer {
  start(): void;
  /** Stops after the pass in hand, if any. */
  stop(): Promise<void>;
  /** Runs a pass now (after the one in hand), for tests, benchmarks and the CLI. */
  sealNow(): Promise<SealPass>;
}

/**
 * Seals each LA's audit events into its hash chain in the background, a few seconds behind the
 * requests that record them, so that recording an event never waits on another request.
 * See horizon.ts for why it never skips one. Any number of app processes may run a sealer: each
 * LA's chain is sealed by one at a time (the others pass it by), and the chain's primary key
 * would refuse a second seal for the same place.
 */
export function createAuditSealer(database: Database, options: AuditSealerOptions = {}): AuditSealer {
  const intervalMs = options.intervalMs ?? 3000;
  const batch = options.batch ?? 2000;
  let marks: Mark[] = [];
  // The horizon each LA was last sealed up to: a pass that brings no new horizon has nothing to seal.
  const sealedTo = new Map<string, number>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inHand: Promise<SealPass> = Promise.resolve({ horizon: null, sealed: {} });

  async function horizonNow(): Promise<number | null> {
    const mark = await withoutTenant(database.db, async (tx) => {
      // In this order: the ids first, then their possible writers (horizon.ts).
      const handedOut = await idsHandedOut(tx);
      return { handedOut, writers: await eventWriters(tx) };
    });
    const runningNow = new Set(await withoutTenant(database.db, (tx) => eventWriters(tx)));
    const settled = settle([...marks, mark], runningNow);
    marks = settled.waiting;
    return settled.horizon;
  }

  /** Seals the LA's events up to the horizon, a batch per transaction. */
  async function sealLa(laCode: string, horizon: number): Promise<number> {
    let sealed = 0;
    for (;;) {
      const n = await inTenant(database.db, { laCode, userId: null }, async (tx) => {
        if (!(await takeChain(tx, laCode))) return -1;
        const head = await chainHead(tx, laCode);
        const events = await eventsPage(tx, laCode, head?.eventId ?? 0, horizon, batch);
        let previous = head?.hash ?? genesisHash;
        let seq = head?.seq ?? 0;
        const seals: NewSeal[] = events.map((e) => {
          const hash = linkHash(previous, e.text);
          const seal = { laCode, seq: ++seq, eventId: e.id, prevHash: previous, hash };
          previous = hash;
          return seal;
        });
        await insertSeals(tx, seals);
        return seals.length;
      });
      if (n < 0) return sealed;
      sealed += n;
      if (n < batch) {
        sealedTo.set(laCode, horizon);
        return sealed;
      }
      // Between batches, requests waiting for PGlite's one connection get their turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async function pass(): Promise<SealPass> {
    const horizon = await horizonNow();
    const sealed: Record<string, number> = {};
    if (horizon === null) return { horizon, sealed };
    for (const laCode of await listLaCodes(database)) {
      if (sealedTo.get(laCode) === horizon) continue;
      const n = await sealLa(laCode, horizon);
      if (n) sealed[laCode] = n;
    }
    return { horizon, sealed };
  }

  function next(): Promise<SealPass> {
    inHand = inHand.catch(() => undefined).then(pass);
    return inHand;
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(async () => {
      try {
        await next();
      } catch (err) {
        options.log?.error({ err }, 'the audit sealer could not seal');
      }
      schedule();
    }, intervalMs);
    // Sealing alone never keeps the process running: the server or the command does that.
    timer.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inHand.catch(() => undefined);
    },
    sealNow: next,
  };
}
