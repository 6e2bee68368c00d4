import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import { longDate } from '../../platform/kernel/dates.ts';
import { addDays } from '../../platform/kernel/days.ts';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { consultationList } from './consultations/service.ts';
import { engagementContext } from './context.ts';
import { eventList } from './events/service.ts';
import { sheetList, sheetsForMySchools } from './mi-sheets/service.ts';

/**
 * On the home page: for the officers who run events, consultations and MI sheets, what needs them
 * next; for a school's SENCo, head or cluster host, the MI sheets their school has yet to answer.
 */
export function engagementPanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async home(request: FastifyRequest): Promise<Panel | null> {
      const roles = request.principal?.roles ?? [];
      const ctx = engagementContext(request, deps.database, deps.clock);
      if (can(roles, 'engagement:manage')) {
        const [events, consultations, sheets] = await Promise.all([
          eventList(ctx),
          consultationList(ctx),
          sheetList(ctx),
        ]);
        const soon = addDays(ctx.today, 28);
        const coming = events.filter(
          (v) =>
            (v.state === 'open' || v.state === 'full') && v.event.startsAt.toISOString().slice(0, 10) <= soon,
        );
        const open = consultations
          .filter((c) => c.state === 'open')
          .sort((a, b) => a.consultation.closesOn.localeCompare(b.consultation.closesOn));
        return {
          template: 'engagement/home-panel.njk',
          data: {
            coming: coming.length,
            full: coming.filter((v) => v.state === 'full').length,
            unrecorded: events.filter(
              (v) => v.state === 'started' && v.event.booked > 0 && v.event.attended === 0,
            ).length,
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
          },
        };
      }
      if (can(roles, 'engagement:school')) {
        const mine = (await sheetsForMySchools(ctx)).filter((s) => s.state !== 'done');
        if (mine.length === 0) return null;
        const due = mine
          .map((s) => s.sheet.completeBy)
          .filter((d): d is NonNullable<typeof d> => d !== null)
          .sort()[0];
        return {
          template: 'engagement/school-panel.njk',
          data: {
            todo: mine.length,
            overdue: mine.filter((s) => s.state === 'overdue').length,
            due: due ? longDate(due) : '',
          },
        };
      }
      return null;
    },
  };
}
