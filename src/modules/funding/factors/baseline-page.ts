import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { wholeNumber } from '../../../platform/kernel/numbers.ts';
import { fundingContext } from '../api.ts';
import { potYearLabel, potYearText } from '../pots/domain/years.ts';
import { sendRows } from '../pots/exports.ts';
import { baselineTable } from './exports.ts';
import { baselineRows } from './presenters.ts';
import type { LastYearAllocations } from './read.ts';
import { getBaseline } from './service.ts';

/** A pot's last year's allocation to each school in scope: where the figures come from, and loading them where they come from a file. */

function sourceText(last: LastYearAllocations, lastYear: string): string {
  switch (last.from) {
    case 'adopted':
      return `These are the allocations of ${last.potName}’s adopted scenario, ${last.scenarioName}: they come with it, so there is nothing to load.`;
    case 'baselines':
      return `These were loaded from a file${last.previousPotName ? `, as ${last.previousPotName} has no adopted scenario` : ''}. Load another file to replace them.`;
    case 'none':
      return last.previousPotName
        ? `${last.previousPotName}, the previous pot, has no adopted scenario, so ${lastYear}’s allocations are not here: load them from a file.`
        : `The pot has no previous pot here, so ${lastYear}’s allocations are not here: load them from a file.`;
  }
}

export async function baselinePage(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  app.get('/funding/pots/:potId/baseline', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = fundingContext(request, deps.database, deps.clock);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const format = requestedFormat(query);
    const b = await getBaseline(ctx, (request.params as { potId: string }).potId);
    if (format)
      return sendRows(
        reply,
        ctx,
        format,
        baselineTable,
        b.schools.map((school) => ({ school, pence: b.lastYear.pence.get(school.id) ?? null })),
        { action: 'funding.baseline.exported', filters: { potId: b.pot.id } },
      );
    const lastYear = potYearLabel(b.pot.year - 1);
    const missing = b.schools.filter((s) => !b.lastYear.pence.has(s.id)).length;
    const loaded =
      typeof query.schools === 'string' && /^\d{1,6}$/.test(query.schools) ? Number(query.schools) : null;
    return reply.page('funding/factors/baseline.njk', {
      pageTitle: `${lastYear} allocations for ${b.pot.name}`,
      pot: b.pot,
      yearText: potYearText(b.pot.yearKind, b.pot.year),
      source: sourceText(b.lastYear, lastYear),
      fromFile: b.lastYear.from !== 'adopted',
      canManage: can(ctx.principal.roles, 'finance:manage'),
      missing,
      rows: b.schools.length ? baselineRows(b.schools, b.lastYear.pence) : [],
      downloads: downloadLinks(request.url),
      flash:
        query.done === 'imported' && loaded !== null
          ? `Last year’s allocations loaded for ${wholeNumber(loaded)} ${loaded === 1 ? 'school' : 'schools'}.`
          : undefined,
    });
  });
}
