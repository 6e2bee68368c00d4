import nodemailer from 'nodemailer';
import type { Database } from '../db/connect.ts';
import { claimDue, recordOutcome } from './repo.ts';

/** What the deliverer needs of a mail server: nodemailer's transport, or anything that sends alike. */
export interface Mailer {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
  close?(): void;
}

/** A mailer for an SMTP URL like smtp://user:password@mail.example.org:587 (smtps:// for TLS from the start). */
export function smtpMailer(url: string): Mailer {
  return nodemailer.createTransport(url);
}

/** Tries before a message is left failed for a person to look at: about five hours of retrying. */
export const maxAttempts = 12;

/** Seconds to wait after the nth failed try: 30 s, doubling each time, at most an hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

/** An SMTP reply in the 500s says the message will never go as it is (no such mailbox): trying again is no use. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describe(err: unknown): string {
  const e = err as { response?: unknown; code?: unknown; message?: unknown };
  return String(e.response ?? e.message ?? e.code ?? err).slice(0, 500);
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends what is due now, a batch at a time, and records each outcome. A message that fails for a
 * reason that may pass (the server down, a 4xx reply) goes back in the queue with a growing wait.
 */
export async function deliverDue(
  database: Database,
  mailer: Mailer,
  options: { from: string; now: Date; batch?: number },
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const batch = options.batch ?? 20;
  for (;;) {
    const claimed = await database.db.transaction().execute((tx) => claimDue(tx, options.now, batch, 120));
    for (const n of claimed) {
      const to = n.toName ? { name: n.toName, address: n.toEmail } : n.toEmail;
      try {
        await mailer.sendMail({ from: options.from, to: to as string, subject: n.subject, text: n.body });
        await database.db
          .transaction()
          .execute((tx) =>
            recordOutcome(tx, n.id, { status: 'sent', at: new Date(), clearBody: n.sensitive }),
          );
        report.sent++;
      } catch (err) {
        const error = describe(err);
        const giveUp = isPermanent(err) || n.attempts >= maxAttempts;
        await database.db.transaction().execute((tx) =>
          recordOutcome(
            tx,
            n.id,
            giveUp
              ? { status: 'failed', error }
              : {
                  status: 'queued',
                  error,
                  nextAttemptAt: new Date(options.now.getTime() + retryDelaySeconds(n.attempts) * 1000),
                },
          ),
        );
        if (giveUp) report.failed++;
        else report.retrying++;
      }
    }
    if (claimed.length < batch) return report;
  }
}

export interface Deliverer {
  start(): void;
  stop(): Promise<void>;
}

/** Looks for due messages every few seconds in the background; several processes may run one each. */
export function createDeliverer(
  database: Database,
  mailer: Mailer,
  options: { from: string; pollMs?: number; log?: { error(obj: unknown, msg: string): void } },
): Deliverer {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    running = deliverDue(database, mailer, { from: options.from, now: new Date() })
      .then(() => undefined)
      .catch((err) => options.log?.error({ err }, 'could not deliver notifications'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.pollMs ?? 5000);
      });
  };
  return {
    start() {
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      mailer.close?.();
    },
  };
}
