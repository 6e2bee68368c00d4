import type { AuditActor } from './audit/index.ts';
import type { Tx } from './db/tenancy.ts';
import type { IsoDate } from './kernel/dates.ts';

/**
 * What a module tells others from inside one of its use cases, so that what follows from it is
 * done in the same transaction (all of it, or none), while the module that tells knows nothing of
 * who follows. A module names what it tells by adding to this interface where it defines it:
 *
 *   declare module '../../platform/hooks.ts' { interface HookEvents { 'ehc.plan-placement': … } }
 *
 * and a module that follows hands the app a handler for it (AppModule.hooks). The module that
 * follows depends on the one that tells, never the other way round.
 */
// biome-ignore lint/suspicious/noEmptyInterface: each module that tells something adds its event here.
export interface HookEvents {}

/** Who did what a hook follows, and on what day: the follower's changes are theirs in the audit log. */
export interface HookActor extends AuditActor {
  today: IsoDate;
}

export type HookHandler<K extends keyof HookEvents> = (
  tx: Tx,
  event: HookEvents[K],
  actor: HookActor,
) => Promise<void>;

/** A module's handlers, by the event each follows. */
export type HookHandlers = { [K in keyof HookEvents]?: HookHandler<K> };

export interface Hooks {
  /** Runs every module's handler for the event, in module order, in the caller's transaction. */
  run<K extends keyof HookEvents>(tx: Tx, name: K, event: HookEvents[K], actor: HookActor): Promise<void>;
}

export function hooksOf(handlers: readonly HookHandlers[]): Hooks {
  return {
    async run(tx, name, event, actor) {
      for (const h of handlers) {
        const handler = h[name] as HookHandler<typeof name> | undefined;
        if (handler) await handler(tx, event, actor);
      }
    },
  };
}
