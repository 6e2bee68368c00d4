import type { FastifyInstance } from 'fastify';
import { downloadLinks, requestedFormat, sendExport } from '../../../../platform/exports/index.ts';
import { escapeHtml } from '../../../../platform/http/html.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../../platform/http/validation.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { isUuid } from '../../../../platform/kernel/ids.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { percentText } from '../../../../platform/kernel/numbers.ts';
import { type ReturnStatus, returnStatuses } from '../domain/toolkit.ts';
import { clustersTable } from '../export.ts';
import { type ClusterFilters, type ClustersView, clustersForPot } from '../la-service.ts';
import { notAdoptedText, potTitle, returnStatusLabels, returnStatusTag, toolkitPath } from '../presenters.ts';
import { pageContext, queryText, type ToolkitDeps } from './common.ts';

/**
 * The LA's view of every cluster's toolkit for a chosen pot: allocation, planned, spent, the share
 * spent and where each end-of-year return stands, filtered and downloadable, each row leading to
 * the cluster's own pages, which the LA's finance team may read for any cluster.
 */

function readFilters(query: Record<string, string>): { filters: ClusterFilters; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const filters: ClusterFilters = { potId: null, status: null, name: null };
  if (query.potId) {
    if (isUuid(query.potId)) filters.potId = query.potId;
    else problems.push({ field: 'potId', message: 'Choose the pot from the list' });
  }
  if (query.status) {
    if ((returnStatuses as readonly string[]).includes(query.status))
      filters.status = query.status as ReturnStatus;
    else problems.push({ field: 'status', message: 'Choose the return status from the list' });
  }
  const name = query.name?.trim() ?? '';
  if (name.length > 100)
    problems.push({ field: 'name', message: 'Enter at most 100 characters of the name' });
  else if (name) filters.name = name;
  return { filters, problems };
}

const money = (pence: number) => ({ text: penceText(pence), format: 'numeric' });

function rows(view: ClustersView) {
  const potId = view.pot?.id ?? '';
  return view.rows.map((r) => [
    {
      html: `<a class="govuk-link" href="${escapeHtml(toolkitPath(r.clusterId, potId))}">${escapeHtml(r.clusterName)}</a>${
        r.hostName ? `<br><span class="govuk-body-s">Host: ${escapeHtml(r.hostName)}</span>` : ''
      }`,
    },
    money(r.allocationPence),
    money(r.plannedPence),
    money(r.spentPence),
    { text: percentText(r.percentSpent, '–'), format: 'numeric' },
    {
      html: `<strong class="govuk-tag ${returnStatusTag(r.returnStatus).classes}">${escapeHtml(returnStatusLabels[r.returnStatus])}</strong>`,
    },
  ]);
}

/** What the LA has to do: returns to check, returns overdue, allocations to adopt. */
function toDos(view: ClustersView) {
  if (!view.pot) return [];
  if (!view.pot.adoptedScenarioId)
    return [
      {
        text: `${notAdoptedText(view.pot)}: the clusters have nothing to plan against.`,
        link: { href: `/funding/pots/${view.pot.id}`, text: `Go to ${potTitle(view.pot)}` },
      },
    ];
  const count = (s: ReturnStatus) => view.all.filter((r) => r.returnStatus === s).length;
  const href = (s: ReturnStatus) =>
    `/funding/clusters?${new URLSearchParams({ potId: view.pot?.id ?? '', status: s })}`;
  const items = [];
  const submitted = count('submitted');
  if (submitted)
    items.push({
      text: `${submitted} end-of-year ${submitted === 1 ? 'return is' : 'returns are'} waiting for you to accept or send back.`,
      link: { href: href('submitted'), text: 'See the returns to check' },
    });
  const overdue = count('overdue');
  if (overdue)
    items.push({
      text: `${overdue} ${overdue === 1 ? 'cluster has' : 'clusters have'} not sent the return due by ${longDate(view.dueOn ?? '')}: chase their hosts.`,
      link: { href: href('overdue'), text: 'See the overdue returns' },
    });
  return items;
}

export async function clustersPage(app: FastifyInstance, deps: ToolkitDeps) {
  app.get('/funding/clusters', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const query = Object.fromEntries(['potId', 'status', 'name'].map((n) => [n, queryText(request, n)]));
    const { filters, problems } = readFilters(query);
    const format = requestedFormat(request.query);
    const view = await clustersForPot(
      ctx,
      problems.length ? { potId: null, status: null, name: null } : filters,
    );
    if (format && !problems.length)
      return sendExport(reply, {
        format,
        table: clustersTable(view),
        today: ctx.today,
        pages: async () => ({ rows: view.rows }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'funding.clusters.exported',
          entityType: 'cluster-funding',
          filters: { potId: view.pot?.id ?? null, status: filters.status, name: filters.name },
        },
      });
    const totals = view.rows.reduce(
      (t, r) => ({
        allocation: t.allocation + r.allocationPence,
        planned: t.planned + r.plannedPence,
        spent: t.spent + r.spentPence,
      }),
      { allocation: 0, planned: 0, spent: 0 },
    );
    const params = new URLSearchParams({
      ...(view.pot ? { potId: view.pot.id } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.name ? { name: filters.name } : {}),
    });
    return reply.code(problems.length ? 400 : 200).page('funding/toolkit/clusters.njk', {
      pageTitle: view.pot ? `Clusters’ funding: ${potTitle(view.pot)}` : 'Clusters’ funding',
      view,
      values: query,
      potItems: view.pots.map((p) => ({ value: p.id, text: potTitle(p), selected: p.id === view.pot?.id })),
      statusItems: [
        { value: '', text: 'Any' },
        ...returnStatuses.map((s) => ({
          value: s,
          text: returnStatusLabels[s],
          selected: s === filters.status,
        })),
      ],
      todos: toDos(view),
      notAdopted: view.pot && !view.pot.adoptedScenarioId ? notAdoptedText(view.pot) : null,
      dueText: view.dueOn ? longDate(view.dueOn) : '',
      head: [
        { text: 'Cluster' },
        { text: 'Allocation', format: 'numeric' },
        { text: 'Planned', format: 'numeric' },
        { text: 'Spent', format: 'numeric' },
        { text: 'Spent (%)', format: 'numeric' },
        { text: 'Return' },
      ],
      rows: [
        ...rows(view),
        ...(view.rows.length > 1
          ? [
              [
                { text: `Total of ${view.rows.length} clusters`, classes: 'govuk-!-font-weight-bold' },
                { ...money(totals.allocation), classes: 'govuk-!-font-weight-bold' },
                { ...money(totals.planned), classes: 'govuk-!-font-weight-bold' },
                { ...money(totals.spent), classes: 'govuk-!-font-weight-bold' },
                {
                  text: percentText(totals.allocation ? (totals.spent / totals.allocation) * 100 : null, '–'),
                  format: 'numeric',
                  classes: 'govuk-!-font-weight-bold',
                },
                { text: '' },
              ],
            ]
          : []),
      ],
      filtered: filters.status !== null || filters.name !== null,
      clearHref: view.pot
        ? `/funding/clusters?${new URLSearchParams({ potId: view.pot.id })}`
        : '/funding/clusters',
      downloads: downloadLinks(`/funding/clusters?${params}`),
      errors: errorSummary(problems),
      fieldError: (f: string) => errorFor(problems, f),
    });
  });
}
