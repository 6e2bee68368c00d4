import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  downloadLinks,
  type ExportFormat,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type SufficiencyContext, sufficiencyContext } from '../context.ts';
import { forecastRefusal } from './api.ts';
import { readScenarioForm, type ScenarioValues } from './scenario-form.ts';
import {
  costExport,
  placesExport,
  type ScenarioExport,
  scenarioExports,
  scenarioTables,
} from './scenario-presenters.ts';
import {
  type CostedScenario,
  getScenario,
  placeCostsFromPlacements,
  settingGroupLabels,
  settingGroups,
} from './service.ts';

/**
 * "Move 10% of new special-school joiners to SRBs from 2027": one redirect of new plans between
 * groups of setting, with what a place costs a year in each group, against the forecast. Its
 * tables download with the same question asked.
 */

function sendScenarioExport(
  reply: FastifyReply,
  ctx: SufficiencyContext,
  c: CostedScenario,
  values: ScenarioValues,
  which: ScenarioExport,
  format: ExportFormat,
) {
  const audit = {
    database: ctx.database,
    actor: ctx,
    action: 'sufficiency.forecast.exported',
    entityType: 'sufficiency',
    filters: { table: `scenario-${which}`, from: values.from, to: values.to },
  };
  const send = <Row>(e: { table: ExportTable<Row>; rows: Row[] }) =>
    sendExport(reply, {
      format,
      today: ctx.today,
      table: e.table,
      pages: async () => ({ rows: e.rows }),
      audit,
    });
  return which === 'cost' ? send(costExport(c)) : send(placesExport(c, values));
}

export async function scenarioPage(app: FastifyInstance, deps: ModuleDeps) {
  app.get(
    '/sufficiency/forecast/scenario',
    { config: { access: 'sufficiency:read' } },
    async (request, reply) => {
      const ctx = sufficiencyContext(request, deps.database, deps.clock);
      const q = (request.query ?? {}) as Record<string, unknown>;
      const format = requestedFormat(q);
      const known = new Map((await placeCostsFromPlacements(ctx)).map((c) => [c.group, c]));
      const form = readScenarioForm(q, known);
      const { values } = form;
      const groupItems = (chosen: string) =>
        settingGroups.map((g) => ({ value: g, text: settingGroupLabels[g], selected: g === chosen }));
      const show = (status: number, errors: FieldError[], result?: Record<string, unknown>) =>
        reply.code(status).page('sufficiency/forecast-scenario.njk', {
          pageTitle: 'Try a change to the forecast',
          values,
          fromItems: groupItems(values.from),
          toItems: groupItems(values.to),
          groups: settingGroups.map((g) => {
            const k = known.get(g);
            return {
              key: g,
              label: settingGroupLabels[g],
              hint: k
                ? `${penceText(k.meanPence)} on average over ${k.placements.toLocaleString('en-GB')} ${k.placements === 1 ? 'placement' : 'placements'} held since 1 April`
                : 'No placement held since 1 April has a cost here',
            };
          }),
          errors: errorSummary(errors),
          fieldError: (f: string) => errorFor(errors, f),
          ...result,
        });
      if (!form.asked) return show(200, []);
      if (!form.input) return show(400, form.errors);
      const which = typeof q.table === 'string' ? q.table : 'places';
      if (format && !(scenarioExports as readonly string[]).includes(which))
        return show(400, [
          { field: 'share', message: `Choose a table to download: ${scenarioExports.join(', ')}` },
        ]);
      try {
        const c = await getScenario(ctx, form.input);
        if (format) return sendScenarioExport(reply, ctx, c, values, which as ScenarioExport, format);
        const asked = new URLSearchParams({
          from: values.from,
          to: values.to,
          share: values.share,
          fromYear: values.fromYear,
          ...Object.fromEntries(settingGroups.map((g) => [`cost-${g}`, values.costs[g]])),
        });
        const links = (table: ScenarioExport) =>
          downloadLinks(`/sufficiency/forecast/scenario?${asked}&table=${table}`);
        return show(200, [], {
          c,
          ...scenarioTables(c, values),
          links: { places: links('places'), cost: links('cost') },
        });
      } catch (err) {
        const refusal = forecastRefusal(err);
        if (!refusal) throw err;
        return show(
          422,
          refusal.errors.length
            ? refusal.errors.map((e) => ({
                field: e.field.includes('fromYear') ? 'fromYear' : 'share',
                message: e.message,
              }))
            : [{ field: 'share', message: refusal.detail ?? 'The scenario cannot be run' }],
        );
      }
    },
  );
}
