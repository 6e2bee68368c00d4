import { isoDateInLondon, longDate } from '../../platform/kernel/dates.ts';
import { addDays } from '../../platform/kernel/days.ts';
import { consultationList } from './consultations/service.ts';
import type { EngagementContext } from './context.ts';
import { eventList } from './events/service.ts';
import { sheetList } from './mi-sheets/service.ts';

/** What needs the officers who run events, consultations and MI sheets: for their home page and /engagement. */
export interface EngagementSummary {
  /** Events open for booking in the next four weeks, and those of them full with people waiting. */
  coming: number;
  full: number;
  /** Events held with places booked and nobody recorded as coming. */
  unrecorded: number;
  open: number;
  /** The day the first open consultation closes, in words. */
  closing: string;
  /** Action sheets past their date with schools yet to act. */
  overdueSheets: number;
  drafts: number;
}

export async function engagementSummary(ctx: EngagementContext): Promise<EngagementSummary> {
  // One after another: on PGlite the service has one connection, and each reads in its own transaction.
  const events = await eventList(ctx);
  const consultations = await consultationList(ctx);
  const sheets = await sheetList(ctx);
  const soon = addDays(ctx.today, 28);
  const coming = events.filter(
    (v) => (v.state === 'open' || v.state === 'full') && isoDateInLondon(v.event.startsAt) <= soon,
  );
  const open = consultations
    .filter((c) => c.state === 'open')
    .sort((a, b) => a.consultation.closesOn.localeCompare(b.consultation.closesOn));
  return {
    coming: coming.length,
    full: coming.filter((v) => v.state === 'full').length,
    unrecorded: events.filter((v) => v.state === 'started' && v.event.booked > 0 && v.event.attended === 0)
      .length,
    open: open.length,
    closing: open[0] ? longDate(open[0].consultation.closesOn) : '',
    overdueSheets: sheets.filter(
      (s) =>
        s.kind === 'action' &&
        s.status === 'published' &&
        s.completeBy !== null &&
        s.completeBy < ctx.today &&
        s.completed < s.schools,
    ).length,
    drafts: sheets.filter((s) => s.status === 'draft').length,
  };
}
