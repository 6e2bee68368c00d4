import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { wholeNumber } from '../../../platform/kernel/numbers.ts';
import { fundingContext } from '../api.ts';
import { potYearText, startsOnText } from '../pots/domain/years.ts';
import { sendRows } from '../pots/exports.ts';
import { coverageText } from './domain/factors.ts';
import { factorsTable, missingTable } from './exports.ts';
import { factorHead, factorRows, missingRows } from './presenters.ts';
import { getFactorTable } from './service.ts';

/** A pot's schools and their factor data, and the schools still missing theirs. */

const flashes: Record<string, (n: number) => string> = {
  imported: (n) =>
    `Factor data loaded from the file for ${wholeNumber(n)} ${n === 1 ? 'school' : 'schools'}.`,
  filled: (n) =>
    `Pupils, SEN Support and EHC plans filled from your records for ${wholeNumber(n)} ${n === 1 ? 'school' : 'schools'}.`,
  carried: (n) => `Last year’s data carried for ${wholeNumber(n)} ${n === 1 ? 'school' : 'schools'}.`,
};

/** The message for a change just made: `?done=filled&schools=152`. */
export function flashOf(query: Record<string, unknown>): string | undefined {
  const done = query.done;
  const schools =
    typeof query.schools === 'string' && /^\d{1,6}$/.test(query.schools) ? Number(query.schools) : 0;
  return typeof done === 'string' && Object.hasOwn(flashes, done) ? flashes[done]?.(schools) : undefined;
}

export async function factorPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const potIdOf = (request: FastifyRequest) => (request.params as { potId: string }).potId;

  app.get('/funding/pots/:potId/factors', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = context(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const format = requestedFormat(query);
    const t = await getFactorTable(ctx, potIdOf(request));
    if (format)
      return sendRows(reply, ctx, format, factorsTable, t.schools, {
        action: 'funding.factors.exported',
        filters: { potId: t.pot.id },
      });
    const withData = t.schools.filter((s) => s.factors).length;
    return reply.page('funding/factors/factors.njk', {
      pageTitle: `Factor data for ${t.pot.name}`,
      pot: t.pot,
      yearText: potYearText(t.pot.yearKind, t.pot.year),
      startsOn: startsOnText(t.pot.yearKind, t.pot.year),
      coverage: coverageText({ inScope: t.schools.length, withData }),
      missing: t.schools.length - withData,
      canCarry: t.lastYear.size,
      adopted: t.adopted,
      canManage: can(ctx.principal.roles, 'finance:manage') && !t.adopted,
      head: factorHead,
      rows: factorRows(t.schools),
      downloads: downloadLinks(request.url),
      flash: flashOf(query),
    });
  });

  app.get(
    '/funding/pots/:potId/factors/missing',
    { config: { access: 'finance:read' } },
    async (request, reply) => {
      const ctx = context(request);
      const format = requestedFormat(request.query);
      const t = await getFactorTable(ctx, potIdOf(request));
      const missing = t.schools.filter((s) => !s.factors);
      if (format)
        return sendRows(
          reply,
          ctx,
          format,
          missingTable,
          missing.map((school) => ({ school, lastYear: t.lastYear.has(school.id) })),
          { action: 'funding.factors.missing-exported', filters: { potId: t.pot.id } },
        );
      return reply.page('funding/factors/missing.njk', {
        pageTitle: missing.length
          ? `Factor data missing for ${wholeNumber(missing.length)} ${missing.length === 1 ? 'school' : 'schools'}`
          : 'No factor data is missing',
        pot: t.pot,
        yearText: potYearText(t.pot.yearKind, t.pot.year),
        startsOn: startsOnText(t.pot.yearKind, t.pot.year),
        missing: missing.length,
        canCarry: t.lastYear.size,
        previousPot: t.previousPot,
        canManage: can(ctx.principal.roles, 'finance:manage') && !t.adopted,
        rows: missingRows(t.schools, t.lastYear),
        downloads: downloadLinks(request.url),
      });
    },
  );
}
