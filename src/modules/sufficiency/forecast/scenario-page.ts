import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary, parse } from '../../../platform/http/validation.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { forecastRefusal } from './api.ts';
import { scenarioSchema } from './query.ts';
import { getScenario, type SettingGroup, settingGroupLabels, settingGroups } from './service.ts';

/**
 * "Move 10% of new special-school joiners to SRBs from 2027": one redirect of new plans between
 * groups of setting, with what a place costs a year in each group, against the forecast.
 */

const text = (q: Record<string, unknown>, k: string) =>
  typeof q[k] === 'string' ? (q[k] as string).trim().slice(0, 20) : '';
const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const signed = (x: number) => (Math.round(x) > 0 ? `+${n(x)}` : n(x));

export async function scenarioPage(app: FastifyInstance, deps: ModuleDeps) {
  app.get(
    '/sufficiency/forecast/scenario',
    { config: { access: 'sufficiency:read' } },
    async (request, reply) => {
      const ctx = sufficiencyContext(request, deps.database, deps.clock);
      const q = (request.query ?? {}) as Record<string, unknown>;
      const values = {
        from: text(q, 'from') || 'special',
        to: text(q, 'to') || 'srb',
        share: text(q, 'share'),
        fromYear: text(q, 'fromYear'),
        costs: Object.fromEntries(settingGroups.map((g) => [g, text(q, `cost-${g}`)])) as Record<
          SettingGroup,
          string
        >,
      };
      const groupItems = (chosen: string) =>
        settingGroups.map((g) => ({ value: g, text: settingGroupLabels[g], selected: g === chosen }));
      const show = (status: number, errors: FieldError[], result?: Record<string, unknown>) =>
        reply.code(status).page('sufficiency/forecast-scenario.njk', {
          pageTitle: 'Try a change to the forecast',
          values,
          fromItems: groupItems(values.from),
          toItems: groupItems(values.to),
          groups: settingGroups.map((g) => ({ key: g, label: settingGroupLabels[g] })),
          errors: errorSummary(errors),
          fieldError: (f: string) => errorFor(errors, f),
          ...result,
        });
      if (!values.share && !values.fromYear) return show(200, []);
      const typing: FieldError[] = [];
      const share = /^\d{1,3}(\.\d+)?$/.test(values.share) ? Number(values.share) / 100 : Number.NaN;
      if (!(share >= 0 && share <= 1))
        typing.push({ field: 'share', message: 'Enter the share as a percentage from 0 to 100, like 10' });
      const year = /^\d{4}$/.test(values.fromYear) ? Number(values.fromYear) : Number.NaN;
      if (Number.isNaN(year))
        typing.push({ field: 'fromYear', message: 'Enter the January it starts from as a year, like 2027' });
      const costs: Partial<Record<SettingGroup, number>> = {};
      for (const g of settingGroups) {
        const v = values.costs[g].replace(/[£,]/g, '');
        if (!v) continue;
        if (/^\d+(\.\d{1,2})?$/.test(v)) costs[g] = Number(v);
        else
          typing.push({
            field: `cost-${g}`,
            message: `Enter what a place costs a year in ${settingGroupLabels[g].toLowerCase()} in pounds, like 23,000`,
          });
      }
      if (values.from === values.to)
        typing.push({
          field: 'to',
          message: 'Choose a group to move them to other than the one they come from',
        });
      if (typing.length) return show(400, typing);
      const input = {
        changes: [{ kind: 'redirect-joiners', from: values.from, to: values.to, share, fromYear: year }],
        ...(Object.keys(costs).length ? { costPerPlacePounds: costs } : {}),
      };
      const parsed = parse(scenarioSchema, input);
      if (!parsed.ok)
        return show(
          400,
          parsed.errors.map((e) => ({
            field: e.field.includes('to') ? 'to' : e.field.includes('from') ? 'from' : 'share',
            message: e.message,
          })),
        );
      try {
        const c = await getScenario(ctx, parsed.data);
        const rows = c.places.filter(
          (p) => p.group === null || p.group === values.from || p.group === values.to,
        );
        const years = [...new Set(rows.map((r) => r.year))];
        const cell = (year: number, group: string | null) =>
          rows.find((r) => r.year === year && r.group === group);
        return show(200, [], {
          c,
          head: [
            { text: 'January' },
            ...[values.from, values.to].map((g) => ({
              text: settingGroupLabels[g as SettingGroup],
              format: 'numeric',
            })),
            { text: 'Every setting', format: 'numeric' },
          ],
          rows: years.map((y) => [
            { text: String(y) },
            ...[values.from, values.to, null].map((g) => {
              const r = cell(y, g);
              return {
                text: r
                  ? `${signed(r.difference.median)} (${n(r.base.median)} → ${n(r.scenario.median)})`
                  : '0',
                format: 'numeric',
              };
            }),
          ]),
          costRows: c.cost?.map((x) => [
            { text: String(x.year) },
            { text: penceText(Math.round(x.basePence.median)), format: 'numeric' },
            { text: penceText(Math.round(x.scenarioPence.median)), format: 'numeric' },
            {
              text: `${penceText(Math.round(x.differencePence.median))} (${penceText(Math.round(x.differencePence.p10))} to ${penceText(Math.round(x.differencePence.p90))})`,
              format: 'numeric',
            },
          ]),
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
