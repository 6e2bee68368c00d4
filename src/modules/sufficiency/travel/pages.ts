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
import { areaCentres, type Flow, travelFlows } from './domain/flows.ts';
import { sendTravelExport, summaryOf, type TravelTable, travelTables } from './export.ts';
import { journeysMap, type MapFlow } from './map.ts';
import { minutesText, phaseLabels, settingTypeLabels, travelHead, travelRows } from './presenters.ts';
import { getTravel, type SettingType, type TravelFigures } from './service.ts';

/** How far children travel today: /sufficiency/travel. */

type SummaryTable = Exclude<TravelTable, 'flows'>;
const summaryTables = travelTables.filter((t): t is SummaryTable => t !== 'flows');

const labels: Record<SummaryTable, { first: string; label: (k: string) => string }> = {
  need: { first: 'Primary need', label: (k) => needLabel(k === '' ? null : (k as never)) },
  phase: { first: 'Phase', label: (k) => phaseLabels[k] ?? k },
  'setting-type': { first: 'Type of setting', label: (k) => settingTypeLabels[k as SettingType] ?? k },
  district: { first: 'District of the setting', label: (k) => (k === '' ? 'Not recorded' : k) },
  'home-area': { first: 'Home postcode district', label: (k) => (k === '' ? 'No postcode' : k) },
};

/** As many flows as a map can show clearly; the download has them all. */
const flowsDrawn = 30;

function flowsOnMap(t: TravelFigures, flows: readonly Flow[]): MapFlow[] {
  return flows
    .flatMap((f) => {
      const s = t.settings.get(f.settingId);
      return f.area && s ? [{ ...f, settingName: s.name, setting: s }] : [];
    })
    .slice(0, flowsDrawn);
}

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
    // Worked out here, not with the figures: the API and the downloads of the other tables need none of it.
    const flows = travelFlows(t.trips);
    const drawn = flowsOnMap(t, flows);
    return reply.page('sufficiency/travel.njk', {
      pageTitle: 'How far children travel',
      todayText: longDate(t.day),
      t,
      mean: minutesText(t.all.meanMinutes),
      p90: minutesText(t.all.p90Minutes),
      tables: summaryTables
        .filter((w) => w !== 'home-area')
        .map((which) => ({
          id: `by-${which}`,
          caption: `Journeys by ${labels[which].first.toLowerCase()}, ${longDate(t.day)}`,
          head: travelHead(labels[which].first),
          rows: travelRows(summaryOf(t, which), labels[which].label),
          links: links(which),
        })),
      map: journeysMap(
        areaCentres(t.trips),
        drawn,
        `Where children with plans live and where they travel, ${longDate(t.day)}`,
      ),
      areaTable: {
        caption: `Children by home postcode district, ${longDate(t.day)}`,
        head: travelHead(labels['home-area'].first),
        rows: travelRows(t.byHomeArea, labels['home-area'].label),
        links: links('home-area'),
      },
      flowTable: {
        caption:
          drawn.length === flows.length
            ? `Flows from home to setting, ${longDate(t.day)}`
            : `The ${drawn.length.toLocaleString('en-GB')} largest flows from home to setting, ${longDate(t.day)}`,
        head: [
          { text: 'Home postcode district' },
          { text: 'Setting' },
          { text: 'Children', format: 'numeric' },
          { text: 'Average minutes', format: 'numeric' },
        ],
        rows: drawn.map((f) => [
          { text: f.area },
          { text: f.settingName },
          { text: f.children.toLocaleString('en-GB'), format: 'numeric' },
          { text: minutesText(f.meanMinutes), format: 'numeric' },
        ]),
        links: links('flows'),
        total: flows.length,
      },
      unlocatedRows: await unlocatedNamed(ctx, t),
      canPlan: can(ctx.principal.roles, 'sufficiency:plan'),
    });
  });
}
