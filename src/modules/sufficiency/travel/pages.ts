import type { FastifyInstance } from 'fastify';
import { auditListing } from '../../../platform/audit/index.ts';
import { can } from '../../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { childIdentities } from '../../children/index.ts';
import { type SufficiencyContext, sufficiencyContext, transaction } from '../context.ts';
import { needLabel } from '../places/presenters.ts';
import { sendTravelExport, type TravelTable, travelTables } from './export.ts';
import { minutesText, phaseLabels, settingTypeLabels, travelHead, travelRows } from './presenters.ts';
import { getTravel, type SettingType, type TravelFigures } from './service.ts';

/** How far children travel today: /sufficiency/travel. */

const labels: Record<TravelTable, { first: string; label: (k: string) => string }> = {
  need: { first: 'Primary need', label: (k) => needLabel(k === '' ? null : (k as never)) },
  phase: { first: 'Phase', label: (k) => phaseLabels[k] ?? k },
  'setting-type': { first: 'Type of setting', label: (k) => settingTypeLabels[k as SettingType] ?? k },
  district: { first: 'District of the setting', label: (k) => (k === '' ? 'Not recorded' : k) },
};

/** The first homes without a location, named for those who may see children, the listing recorded. */
async function unlocatedNamed(ctx: SufficiencyContext, t: TravelFigures) {
  if (!can(ctx.principal.roles, 'sufficiency:children') || !t.unlocated.length) return [];
  const first = t.unlocated.slice(0, 100);
  return transaction(ctx, async (tx) => {
    const who = await childIdentities(
      tx,
      ctx.principal.laCode,
      first.map((u) => u.childId),
    );
    await auditListing(tx, ctx, {
      action: 'sufficiency.travel.unlocated.listed',
      entityType: 'child',
      childIds: who.map((c) => c.id),
    });
    const postcode = new Map(first.map((u) => [u.childId, u.postcode]));
    return who.map((c) => [
      {
        html: `<a class="govuk-link" href="/children/${c.id}">${escapeHtml(`${c.forename} ${c.surname}`)}</a>`,
      },
      { text: postcode.get(c.id) ?? 'None recorded' },
    ]);
  });
}

export async function travelPages(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/sufficiency/travel', { config: { access: 'sufficiency:read' } }, async (request, reply) => {
    const ctx = sufficiencyContext(request, deps.database, deps.clock);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const format = requestedFormat(query);
    const t = await getTravel(ctx, ctx.today);
    if (format) {
      const which = typeof query.table === 'string' ? query.table : '';
      if (!(travelTables as readonly string[]).includes(which))
        return reply.code(400).page('sufficiency/travel.njk', {
          pageTitle: 'How far children travel',
          errors: [{ text: `Choose a table to download: ${travelTables.join(', ')}`, href: '#main-content' }],
        });
      return sendTravelExport(reply, ctx, t, which as TravelTable, format, labels);
    }
    const links = (which: TravelTable) => downloadLinks(`/sufficiency/travel?table=${which}`);
    return reply.page('sufficiency/travel.njk', {
      pageTitle: 'How far children travel',
      todayText: longDate(t.day),
      t,
      mean: minutesText(t.all.meanMinutes),
      p90: minutesText(t.all.p90Minutes),
      tables: travelTables.map((which) => ({
        id: `by-${which}`,
        caption: `Journeys by ${labels[which].first.toLowerCase()}, ${longDate(t.day)}`,
        head: travelHead(labels[which].first),
        rows: travelRows(
          { need: t.byNeed, phase: t.byPhase, 'setting-type': t.bySettingType, district: t.byDistrict }[
            which
          ],
          labels[which].label,
        ),
        links: links(which),
      })),
      unlocatedRows: await unlocatedNamed(ctx, t),
      canPlan: can(ctx.principal.roles, 'sufficiency:plan'),
    });
  });
}
