import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat, sendExport } from '../../../platform/exports/index.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { programmeAttention } from '../domain/attention.ts';
import { statusLabels } from '../domain/structure.ts';
import {
  byWorkstream,
  projectHref,
  projectLines,
  projectRows,
  projectsHead,
  projectsTable,
} from './presenters.ts';
import { getProgramme } from './service.ts';

/** The programme at a glance: what needs doing, then its workstreams and their projects. */
export async function overviewPages(app: FastifyInstance, deps: ModuleDeps) {
  const access = { config: { access: 'programme:read' as const } };

  app.get('/programme', access, async (request, reply) => {
    const ctx = programmeContext(request, deps.database, deps.clock);
    const v = await getProgramme(ctx);
    if (v) return reply.redirect(`/programme/${v.programme.id}`, 303);
    return reply.page('programme/none.njk', {
      pageTitle: 'Transformation programme',
      canManage: can(ctx.principal.roles, 'programme:manage'),
    });
  });

  app.get('/programme/:id', access, async (request, reply) => {
    const ctx = programmeContext(request, deps.database, deps.clock);
    const v = await getProgramme(ctx, (request.params as { id: string }).id);
    if (!v) return reply.redirect('/programme', 303);
    const lines = projectLines(v);
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        today: ctx.today,
        table: projectsTable,
        pages: async () => ({ rows: lines }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'programme.projects.exported',
          entityType: 'programme',
          filters: { programme: v.programme.id },
        },
      });
    const attention = programmeAttention(
      v.projects,
      v.schedule?.tasks ?? null,
      v.workItems,
      v.milestones,
      ctx.today,
    );
    const counts = Object.entries(statusLabels)
      .map(([status, label]) => ({ label, n: v.projects.filter((p) => p.status === status).length }))
      .filter((c) => c.n > 0);
    return reply.page('programme/overview.njk', {
      pageTitle: v.programme.name,
      v,
      todayText: longDate(ctx.today),
      budget: penceText(v.programme.budgetPence),
      runs: `${longDate(v.programme.startsOn)}${v.programme.endsOn ? ` to ${longDate(v.programme.endsOn)}` : ' onwards'}`,
      finish: v.schedule?.finish ? longDate(v.schedule.finish) : null,
      counts,
      attention: attention.map((a) => ({
        ...a,
        href: projectHref(v.programme.id, a.projectId),
        dayText: a.day ? longDate(a.day) : null,
      })),
      workstreams: byWorkstream(v.workstreams, lines).map((w) => ({
        ...w,
        head: projectsHead,
        rows: projectRows(v.programme.id, w.lines),
      })),
      downloads: downloadLinks(`/programme/${v.programme.id}`),
      canManage: can(ctx.principal.roles, 'programme:manage'),
    });
  });
}
