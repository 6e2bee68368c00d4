import type { FastifyInstance } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { errorSummary, parse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { needLabel } from '../places/presenters.ts';
import { forecastRefusal } from './api.ts';
import { forecastChart } from './chart.ts';
import { ageBands } from './domain/ages.ts';
import type { CohortForecastRow } from './domain/cohort.ts';
import { forecastQuerySchema } from './query.ts';
import { getForecast, type SettingGroup, settingGroupLabels, settingGroups } from './service.ts';

/** The five-year forecast of EHC plans: /sufficiency/forecast. */

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const range = (r: CohortForecastRow) => `${n(r.p10)} to ${n(r.p90)}`;
const ageLabel = (key: string | null) =>
  key === null ? 'Every age' : (ageBands.find((b) => b.key === key)?.label ?? `Age ${key}`);
const groupLabel = (g: string | null) =>
  g === null ? 'Every setting' : (settingGroupLabels[g as SettingGroup] ?? g);

const exportTable = (origin: number): ExportTable<CohortForecastRow> => ({
  fileStem: `ehc-plan-forecast-from-january-${origin}`,
  sheetTitle: 'Forecast',
  columns: [
    { heading: 'January', kind: 'integer', value: (r) => r.year },
    { heading: 'Years ahead', kind: 'integer', value: (r) => r.horizon },
    { heading: 'Age', kind: 'text', value: (r) => ageLabel(r.age) },
    {
      heading: 'Primary need',
      kind: 'text',
      width: 36,
      value: (r) => (r.need === null ? 'Every need' : needLabel(r.need)),
    },
    { heading: 'Setting group', kind: 'text', width: 36, value: (r) => groupLabel(r.group) },
    { heading: 'Median', kind: 'integer', value: (r) => Math.round(r.median) },
    { heading: '80% interval from', kind: 'integer', value: (r) => Math.round(r.p10) },
    { heading: '80% interval to', kind: 'integer', value: (r) => Math.round(r.p90) },
  ],
});

export async function forecastPages(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/sufficiency/forecast', { config: { access: 'sufficiency:read' } }, async (request, reply) => {
    const ctx = sufficiencyContext(request, deps.database, deps.clock);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const parsed = parse(forecastQuerySchema, {
      years: query.years,
      by: query.by,
      simulations: query.simulations,
    });
    if (!parsed.ok)
      return reply.code(400).page('sufficiency/forecast.njk', {
        pageTitle: 'Forecast of EHC plans',
        errors: errorSummary(parsed.errors).map((e) => ({ ...e, href: '#main-content' })),
      });
    let f: Awaited<ReturnType<typeof getForecast>>;
    try {
      f = await getForecast(ctx, {
        years: parsed.data.years,
        simulations: parsed.data.simulations,
        ageBasis: parsed.data.by,
      });
    } catch (err) {
      const refusal = forecastRefusal(err);
      if (!refusal) throw err;
      return reply
        .code(422)
        .page('sufficiency/forecast.njk', { pageTitle: 'Forecast of EHC plans', refusal: refusal.detail });
    }
    const format = requestedFormat(query);
    if (format)
      return sendExport(reply, {
        format,
        today: ctx.today,
        table: exportTable(f.origin),
        pages: async () => ({ rows: f.rows }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'sufficiency.forecast.exported',
          entityType: 'sufficiency',
          filters: parsed.data,
        },
      });
    const totals = f.rows.filter((r) => r.age === null && r.need === null && r.group === null);
    const originCount = f.fit.childrenAtOrigin;
    const last = totals[totals.length - 1];
    const cellsFor = (
      pick: (r: CohortForecastRow) => boolean,
      label: (r: CohortForecastRow) => string,
      keys: string[],
    ) =>
      keys.map((k) => {
        const rows = f.rows.filter((r) => pick(r) && label(r) === k);
        return [
          { text: k },
          ...totals.map((t) => {
            const r = rows.find((x) => x.year === t.year);
            return { text: r ? `${n(r.median)} (${range(r)})` : '0', format: 'numeric' };
          }),
        ];
      });
    const head = (first: string) => [
      { text: first },
      ...totals.map((t) => ({ text: `Jan ${t.year}`, format: 'numeric' })),
    ];
    const byGroup = (r: CohortForecastRow) => r.age === null && r.need === null && r.group !== null;
    const byAge = (r: CohortForecastRow) => r.age !== null && r.need === null && r.group === null;
    const byNeed = (r: CohortForecastRow) => r.age === null && r.need !== null && r.group === null;
    return reply.page('sufficiency/forecast.njk', {
      pageTitle: 'Forecast of EHC plans',
      f,
      originCount,
      last,
      lastRange: last ? range(last) : '',
      chart: forecastChart(
        { year: f.origin, count: originCount },
        totals.map((t) => ({ year: t.year, median: t.median, p10: t.p10, p90: t.p90 })),
      ),
      totalsHead: [
        { text: 'January' },
        { text: 'Median', format: 'numeric' },
        { text: '80% interval', format: 'numeric' },
      ],
      totalsRows: [
        [
          { text: `${f.origin} (the records)` },
          { text: n(originCount), format: 'numeric' },
          { text: '', format: 'numeric' },
        ],
        ...totals.map((t) => [
          { text: String(t.year) },
          { text: n(t.median), format: 'numeric' },
          { text: range(t), format: 'numeric' },
        ]),
      ],
      groupHead: head('Setting group'),
      groupRows: cellsFor(
        byGroup,
        (r) => groupLabel(r.group),
        settingGroups.map((g) => settingGroupLabels[g]),
      ).filter((row) => row.slice(1).some((c) => c.text !== '0')),
      ageHead: head('Age'),
      ageRows: cellsFor(byAge, (r) => ageLabel(r.age), [
        ...new Set(f.rows.filter(byAge).map((r) => ageLabel(r.age))),
      ]),
      needHead: head('Primary need'),
      needRows: cellsFor(byNeed, (r) => needLabel(r.need), [
        ...new Set(f.rows.filter(byNeed).map((r) => needLabel(r.need))),
      ]),
      downloads: downloadLinks(`/sufficiency/forecast?years=${parsed.data.years}&by=${parsed.data.by}`),
    });
  });
}
