import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../../platform/auth/roles.ts';
import type { Clock } from '../../../../platform/clock.ts';
import type { Database } from '../../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { escapeHtml } from '../../../../platform/http/html.ts';
import { HttpProblem } from '../../../../platform/http/problem.ts';
import { fundingContext } from '../../api.ts';
import { type Comparison, compareScenario } from '../comparison-service.ts';
import { distribution, winnersAndLosers } from '../domain/compare.ts';
import { distributionChart } from './chart.ts';
import { comparisonTables, isComparisonTable, sendComparisonExport, topMoved } from './comparison-export.ts';
import {
  allocatedSchools,
  clusterRows,
  columnsOf,
  comparisonHead,
  formulaRows,
  movedRows,
  movementSummary,
  schoolRows,
  statusLabels,
  toDos,
} from './comparison-presenters.ts';
import { tableHtml } from './table-html.ts';

/**
 * A scenario side by side with last year and the pot's other drafts (the person chooses which):
 * who gains and loses, the spread of changes as a chart with its table, each cluster and each
 * school, every table downloadable; and what is left to do with it.
 */

const flashes: Record<string, string> = {
  created: 'The draft scenario has been saved.',
  changed: 'Your changes have been saved.',
  withdrawn: 'The scenario has been withdrawn.',
  adopted: 'The scenario has been adopted. Its allocations are stored and it can no longer be changed.',
  published: 'The statements have been published. Each school and cluster can now read its own.',
};

const tableNames = Object.keys(comparisonTables).join(', ');
const big = { captionClasses: 'govuk-visually-hidden', classes: 'govuk-table--small-text-until-tablet' };

/** The drafts chosen with `?with=`, or null for the page's own choice when the form was not sent. */
function chosenDrafts(query: Record<string, unknown>): string[] | null {
  if (query.chosen === undefined && query.with === undefined) return null;
  const raw = query.with;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );
}

function problemItems(c: Comparison) {
  return c.problems.map((p) => p.message);
}

export async function comparisonPage(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  app.get(
    '/funding/scenarios/:id',
    { config: { access: 'finance:read' } },
    async (request: FastifyRequest, reply) => {
      const ctx = fundingContext(request, deps.database, deps.clock);
      const id = (request.params as { id?: string }).id ?? '';
      const query = (request.query ?? {}) as Record<string, unknown>;
      const chosen = chosenDrafts(query);
      const format = requestedFormat(query);
      if (format) {
        if (!isComparisonTable(query.table)) {
          const message = `table must be one of: ${tableNames}`;
          throw new HttpProblem(400, 'There is no such table', message, [{ field: 'table', message }]);
        }
        return sendComparisonExport(reply, ctx, id, chosen, query.table, format);
      }
      const c = await compareScenario(ctx, id, chosen);
      const roles = ctx.principal.roles;
      const may = { manage: can(roles, 'finance:manage'), adopt: can(roles, 'finance:adopt') };
      const schools = allocatedSchools(c);
      const moved = c.schools ? winnersAndLosers(schools, topMoved) : null;
      const bands = c.schools ? distribution(schools) : [];
      const search = new URLSearchParams();
      if (chosen !== null) {
        search.set('chosen', '1');
        for (const d of c.drafts.filter((x) => x.chosen)) search.append('with', d.id);
      }
      const downloads = Object.fromEntries(
        Object.keys(comparisonTables).map((table) => {
          const params = new URLSearchParams(search);
          params.set('table', table);
          return [table, downloadLinks(`/funding/scenarios/${c.scenario.id}?${params}`)];
        }),
      );
      const done =
        typeof query.done === 'string' && Object.hasOwn(flashes, query.done)
          ? flashes[query.done]
          : undefined;
      const s = c.scenario;
      return reply.page('funding/scenarios/comparison.njk', {
        pageTitle: s.name,
        c,
        s,
        status: statusLabels[s.status],
        formulaRows: formulaRows(s),
        todos: toDos(c, may, ctx.today),
        may,
        draftItems: c.drafts.map((d) => ({ value: d.id, text: d.name, checked: d.chosen })),
        columns: columnsOf(c),
        refusedDrafts: c.compared.filter((d) => d.problems.length),
        problems: problemItems(c),
        movement: moved ? movementSummary(moved) : null,
        gainRows: moved ? movedRows(moved.gains) : [],
        lossRows: moved ? movedRows(moved.losses) : [],
        topMoved,
        bandRows: bands.map((b) => [{ text: b.label }, { text: String(b.count), format: 'numeric' }]),
        chart: distributionChart(bands, `Schools by change from last year under ${s.name}`, 'bands'),
        schoolTable: tableHtml({
          ...big,
          caption: 'By school',
          head: comparisonHead(c, 'school'),
          rows: schoolRows(c),
        }),
        clusterTable: tableHtml({
          ...big,
          caption: 'By cluster',
          head: comparisonHead(c, 'cluster'),
          rows: clusterRows(c),
        }),
        missingRows: c.missing.map((m) => [
          { text: m.name },
          { text: m.urn === null ? 'None' : String(m.urn) },
          { text: m.clusterName },
        ]),
        factorsHref: `/funding/pots/${s.pot.id}/factors`,
        potHtml: `<a class="govuk-link" href="/funding/pots/${escapeHtml(s.pot.id)}">${escapeHtml(`${s.pot.name} ${s.pot.label}`)}</a>`,
        downloads,
        flash: done,
      });
    },
  );
}
