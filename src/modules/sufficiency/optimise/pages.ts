import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { childIdentities } from '../../children/index.ts';
import { type SufficiencyContext, sufficiencyContext, transaction } from '../context.ts';
import { type NamedRow as Row, runView } from './presenters.ts';
import { getOptimisation, type OptimiseResult, recentOptimisations, startOptimisation } from './service.ts';

/** Proposing places for the children waiting: start a run, watch it, read and download its proposal. */

const proposalTable = (r: OptimiseResult): ExportTable<Row> => ({
  fileStem: `placement-proposal-${r.day}`,
  sheetTitle: 'Placement proposal',
  columns: [
    { heading: 'Child', kind: 'text', width: 30, value: (x) => x.name },
    { heading: 'Child ID', kind: 'text', width: 38, value: (x) => x.childId },
    { heading: 'Primary need', kind: 'text', value: (x) => x.senType },
    { heading: 'Waiting since', kind: 'date', value: (x) => x.waitingSince },
    { heading: 'Placement fixed by the panel', kind: 'text', value: (x) => (x.fixed ? 'Yes' : 'No') },
    {
      heading: 'Proposed setting',
      kind: 'text',
      width: 40,
      value: (x) => (x.proposedSettingId ? r.settingNames[x.proposedSettingId] : 'No place'),
    },
    { heading: 'Proposed journey (minutes)', kind: 'decimal', value: (x) => x.proposedMinutes },
    {
      heading: 'Nearest free place, first come first served',
      kind: 'text',
      width: 40,
      value: (x) => (x.baselineSettingId ? r.settingNames[x.baselineSettingId] : 'No place'),
    },
    { heading: 'That journey (minutes)', kind: 'decimal', value: (x) => x.baselineMinutes },
  ],
  childIdsOf: (x) => [x.childId],
});

async function named(ctx: SufficiencyContext, r: OptimiseResult): Promise<Row[]> {
  const who = await transaction(ctx, (tx) =>
    childIdentities(
      tx,
      ctx.principal.laCode,
      r.rows.map((x) => x.childId),
    ),
  );
  const name = new Map(who.map((c) => [c.id, `${c.forename} ${c.surname}`]));
  return r.rows.map((x) => ({ ...x, name: name.get(x.childId) ?? 'Not known' }));
}

export async function optimisePages(app: FastifyInstance, deps: ModuleDeps) {
  const access = { config: { access: 'sufficiency:children' as const } };
  const context = (request: Parameters<typeof sufficiencyContext>[0]) =>
    sufficiencyContext(request, deps.database, deps.clock);

  app.get('/sufficiency/optimise', access, async (request, reply) => {
    const runs = await recentOptimisations(context(request));
    return reply.page('sufficiency/optimise.njk', {
      pageTitle: 'Propose places for the children waiting',
      runs: runs.map((j) => ({ id: j.id, status: j.status, message: j.message, at: j.createdAt })),
    });
  });

  app.post('/sufficiency/optimise', access, async (request, reply: FastifyReply) => {
    const { id } = await startOptimisation(context(request), {});
    return reply.redirect(`/sufficiency/optimise/${id}`, 303);
  });

  app.get('/sufficiency/optimise/:id', access, async (request, reply) => {
    const ctx = context(request);
    const { job, result } = await getOptimisation(ctx, (request.params as { id: string }).id);
    const format = requestedFormat(request.query);
    if (format && result) {
      const rows = await named(ctx, result);
      return sendExport(reply, {
        format,
        today: ctx.today,
        table: proposalTable(result),
        pages: async () => ({ rows }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'sufficiency.optimise.exported',
          entityType: 'job',
          filters: { job: job.id },
        },
      });
    }
    const rows = result ? await named(ctx, result) : [];
    return reply.page('sufficiency/optimise-run.njk', {
      pageTitle: result
        ? 'Proposed places for the children waiting'
        : 'Working out places for the children waiting',
      job,
      result,
      ...(result ? runView(result, rows) : {}),
      downloads: downloadLinks(`/sufficiency/optimise/${job.id}`),
    });
  });
}
