import type { FastifyInstance, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { dateFromParts } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { isRealIsoDate } from '../../../../platform/kernel/dates.ts';
import { fyLabel, fyOf, parseFyLabel } from '../../../../platform/kernel/financial-years.ts';
import type { ModuleDeps } from '../../../../platform/module.ts';
import { placementsContext } from '../../context.ts';
import { approvalLabels, placementTypeLabels } from '../../domain/labels.ts';
import { placementTypes } from '../../domain/types.ts';
import { sendPlacementsExport } from '../export.ts';
import {
  type Approval,
  fyOptions,
  isPlacementType,
  options,
  pageErrors,
  pagination,
  placementListRow,
} from '../presenters.ts';
import { approvalWork, listPlacements, placementCostYears, placementsToConfirm } from '../service.ts';
import { may } from './common.ts';
import { hrefOf } from './forms.ts';

/**
 * The LA's placements, newest first, with filters, the cost in a financial year and downloads;
 * above them, what is waiting on approvals for the person looking.
 */

const pageSize = 20;
const filterNames = [
  'type',
  'status',
  'fy',
  'activeOn-day',
  'activeOn-month',
  'activeOn-year',
  'mine',
  'plan',
  'page',
];

const planLabels = { 'to-confirm': 'Made from EHC plans, with something to confirm' } as const;

const mineLabels = {
  approve: 'Waiting for your approval',
  entered: 'Entered by you, waiting for someone else to approve',
} as const;

const flashes: Record<string, string> = {
  deleted: 'The placement has been removed. What it was stays in the audit log.',
};

/** What was asked for, as text; anything but a string (a repeated parameter) reads as nothing. */
function asked(request: FastifyRequest): Record<string, string> {
  const raw = request.query as Record<string, unknown>;
  return Object.fromEntries(
    filterNames.map((n) => [n, typeof raw[n] === 'string' ? (raw[n] as string).slice(0, 100).trim() : '']),
  );
}

interface Filters {
  type?: (typeof placementTypes)[number];
  approval?: Approval;
  fy: number;
  activeOn?: string;
  enteredBy?: string;
  notEnteredBy?: string;
  toConfirm?: boolean;
  page: number;
}

function filtersFrom(
  q: Record<string, string>,
  who: { userId: string; canApprove: boolean; canWrite: boolean },
  thisFy: number,
): { filters: Filters; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const filters: Filters = { fy: thisFy, page: 1 };
  const type = q.type ?? '';
  if (isPlacementType(type)) filters.type = type;
  else if (type)
    problems.push({ field: 'type', message: `type must be one of ${placementTypes.join(', ')}` });
  const status = q.status ?? '';
  if (Object.hasOwn(approvalLabels, status)) filters.approval = status as Approval;
  else if (status)
    problems.push({ field: 'status', message: 'status must be not_needed, awaiting, approved or rejected' });
  if (q.fy) {
    const fy = parseFyLabel(q.fy);
    if (fy === null) problems.push({ field: 'fy', message: 'fy must be a financial year like 2026-27' });
    else filters.fy = fy;
  }
  const on = dateFromParts(
    'The date placements run on',
    q['activeOn-day'] ?? '',
    q['activeOn-month'] ?? '',
    q['activeOn-year'] ?? '',
  );
  if (!on.ok) problems.push({ field: 'activeOn', message: on.message });
  else if (on.value && !isRealIsoDate(on.value))
    problems.push({ field: 'activeOn', message: 'The date placements run on must be a real date' });
  else if (on.value) filters.activeOn = on.value;
  if (q.mine === 'approve' && who.canApprove) {
    filters.approval = 'awaiting';
    filters.notEnteredBy = who.userId;
  } else if (q.mine === 'entered' && who.canWrite) {
    filters.approval = 'awaiting';
    filters.enteredBy = who.userId;
  } else if (q.mine) {
    const offered = [...(who.canApprove ? ['approve'] : []), ...(who.canWrite ? ['entered'] : [])];
    problems.push({
      field: 'mine',
      message: offered.length
        ? `mine must be ${offered.join(' or ')}`
        : 'mine is only for people who enter or approve placements',
    });
  }
  if (q.plan === 'to-confirm') filters.toConfirm = true;
  else if (q.plan) problems.push({ field: 'plan', message: 'plan must be to-confirm, or left out' });
  if (q.page) {
    const page = Number(q.page);
    if (!Number.isInteger(page) || page < 1 || page > 5000)
      problems.push({ field: 'page', message: 'page must be a whole number from 1 to 5000' });
    else filters.page = page;
  }
  return { filters, problems };
}

export async function listPage(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/placements', { config: { access: 'placements:read' } }, async (request, reply) => {
    const c = placementsContext(request, deps.database, deps.clock);
    const q = asked(request);
    const who = {
      userId: c.principal.userId,
      canApprove: may(request, 'placements:approve'),
      canWrite: may(request, 'placements:write'),
    };
    const thisFy = fyOf(c.today);
    const { filters, problems } = filtersFrom(q, who, thisFy);
    const years = await placementCostYears(c);
    const mineOptions = Object.entries(mineLabels).filter(([k]) =>
      k === 'approve' ? who.canApprove : who.canWrite,
    );
    const common = {
      pageTitle: 'Placements',
      values: q,
      canWrite: who.canWrite,
      typeOptions: options(placementTypeLabels, q.type ?? '', 'Any type'),
      statusOptions: options(approvalLabels, q.status ?? '', 'Any status'),
      fyOptions: fyOptions(years, thisFy, filters.fy),
      mineOptions: mineOptions.length
        ? options(Object.fromEntries(mineOptions), q.mine ?? '', 'Everyone’s')
        : null,
      planOptions: options(planLabels, q.plan ?? '', 'Any'),
      filtered: filterNames.some((n) => n !== 'page' && q[n]),
      fyText: fyLabel(filters.fy),
      flash: flashes[String((request.query as { saved?: unknown }).saved)],
    };
    if (problems.length)
      return reply.code(400).page('placements/list.njk', {
        ...common,
        ...pageErrors(problems, hrefOf(['activeOn'])),
      });
    const { page, ...search } = filters;
    const format = requestedFormat(request.query);
    if (format) return sendPlacementsExport(reply, c, search, format);
    const found = await listPlacements(c, { ...search, limit: pageSize, offset: (page - 1) * pageSize });
    const work = await approvalWork(c, thisFy);
    const toConfirm = await placementsToConfirm(c);
    const hrefFor = (p: number) => {
      const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => v && k !== 'page'));
      params.set('page', String(p));
      return `/placements?${params}`;
    };
    const paged = pagination(found.total, page, pageSize, hrefFor);
    // Past the last page the list has no rows to count from, so it cannot say how many there are.
    const pastEnd = page > 1 && found.items.length === 0;
    return reply.code(pastEnd ? 404 : 200).page('placements/list.njk', {
      ...common,
      ...pageErrors([], String),
      rows: found.items.map(placementListRow),
      total: found.total,
      from: found.offset + 1,
      to: found.offset + found.items.length,
      page,
      pastEnd,
      firstPage: hrefFor(1),
      pagination: paged,
      downloads: downloadLinks(request.url),
      waitingForYou: work.waitingForYou,
      toConfirm,
      enteredByYou: work.enteredByYou.map(placementListRow),
    });
  });
}
