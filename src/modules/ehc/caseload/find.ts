import { auditListing } from '../../../platform/audit/index.ts';
import { userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays, daysBetween } from '../../../platform/kernel/days.ts';
import { ageOn, type ChildIdentity, childIdsMatching, interpretSearchText } from '../../children/index.ts';
import { establishmentIdsMatching, establishmentSummaries } from '../../providers/index.ts';
import { type EhcContext, requirePermission, transaction } from '../context.ts';
import { referencePrefix } from '../domain/reference.ts';
import { stageLabels } from '../domain/summary.ts';
import { recomputeIfStale } from '../requests/recompute.ts';
import { caseworkersOf } from '../requests/service.ts';
import { type Urgency, urgencyOf } from './domain/dashboard.ts';
import { pageSize, type RequestListQuery } from './domain/list-query.ts';
import * as repo from './repo.ts';

/** Finding requests: the team's list, a coordinator's caseload, and their exports. */

export interface RequestListItem {
  id: string;
  child: ChildIdentity;
  /** Whole years today. */
  age: number;
  school: { id: string; name: string } | null;
  kind: string;
  receivedOn: IsoDate;
  weeksSinceRequest: number;
  stage: string;
  coordinator: { id: string; name: string } | null;
  nextDue: { on: IsoDate; step: string } | null;
  daysOverdue: number | null;
  urgency: Urgency;
  closedOn: IsoDate | null;
}

export interface RequestList {
  /** Whether stored dates are being worked out again after a change to the rules. */
  updating: boolean;
  items: RequestListItem[];
  total: number;
  limit: number;
  offset: number;
}

export type FindOutcome =
  | { ok: true; list: RequestList }
  | { ok: false; errors: { field: string; message: string }[] };

const weeksBetween = (from: IsoDate, to: IsoDate) => Math.floor(daysBetween(from, to) / 7);

/** Whose requests a list is of: everyone's the person may see, or only their own caseload. */
export type ListScope = 'team' | 'mine';

/**
 * Requests found by the person's search and filters, a page at a time (`limit` and `offset`, so
 * an export can read page after page). The listing is audited with every child it shows.
 */
export function findRequests(
  ctx: EhcContext,
  query: RequestListQuery,
  scope: ListScope,
  page: { limit: number; offset: number } = { limit: pageSize, offset: (query.page - 1) * pageSize },
): Promise<FindOutcome> {
  return read(ctx, query, scope, page, 'listing');
}

/**
 * One page of an export, in its own transaction; the export as a whole is audited once, with
 * every child in it, by the export helper.
 */
export async function requestsExportPage(
  ctx: EhcContext,
  query: RequestListQuery,
  scope: ListScope,
  offset: number,
  limit: number,
): Promise<{ rows: RequestListItem[]; next: number | undefined }> {
  const found = await read(ctx, query, scope, { limit, offset }, 'export');
  const rows = found.ok ? found.list.items : [];
  return { rows, next: rows.length === limit ? offset + limit : undefined };
}

function read(
  ctx: EhcContext,
  query: RequestListQuery,
  scope: ListScope,
  page: { limit: number; offset: number },
  purpose: 'listing' | 'export',
): Promise<FindOutcome> {
  requirePermission(ctx, 'ehc:read');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const filter = await filterOf(tx, ctx, query, scope);
    if (!filter.ok) return filter;
    const updating = await recomputeIfStale(tx, laCode);
    const rows = await repo.listRequests(tx, laCode, { ...filter.filter, ...page }, filter.childIds);
    // Past the last page no row carries the count, so ask for the first one.
    const total =
      rows[0]?.total ??
      (page.offset > 0
        ? ((
            await repo.listRequests(tx, laCode, { ...filter.filter, limit: 1, offset: 0 }, filter.childIds)
          )[0]?.total ?? 0)
        : 0);
    const [names, schools] = [
      await userNames(
        tx,
        rows.map((r) => r.coordinatorId),
      ),
      new Map(
        (
          await establishmentSummaries(tx, [
            ...new Set(rows.flatMap((r) => (r.establishmentId ? [r.establishmentId] : []))),
          ])
        ).map((e) => [e.id, e]),
      ),
    ];
    if (purpose === 'listing')
      await auditListing(tx, ctx, {
        action: 'ehc.request.listed',
        entityType: 'ehc_request',
        childIds: rows.map((r) => r.childId),
        detail: { view: scope === 'mine' ? 'caseload' : 'requests', query, total, offset: page.offset },
      });
    return {
      ok: true,
      list: {
        updating,
        total,
        limit: page.limit,
        offset: page.offset,
        items: rows.map((r) => {
          const school = r.establishmentId ? schools.get(r.establishmentId) : undefined;
          return {
            id: r.id,
            child: {
              id: r.childId,
              forename: r.forename,
              surname: r.surname,
              dateOfBirth: r.dateOfBirth,
              upn: r.upn,
              establishmentId: r.establishmentId,
            },
            age: ageOn(r.dateOfBirth, ctx.today),
            school: school ? { id: school.id, name: school.name } : null,
            kind: r.kind,
            receivedOn: r.receivedOn,
            weeksSinceRequest: weeksBetween(r.receivedOn, r.closedOn ?? ctx.today),
            stage: r.stage,
            coordinator: r.coordinatorId
              ? { id: r.coordinatorId, name: names.get(r.coordinatorId) ?? 'Unknown' }
              : null,
            nextDue: r.nextDueOn && r.nextDueStep ? { on: r.nextDueOn, step: r.nextDueStep } : null,
            daysOverdue:
              !r.closedOn && r.nextDueOn && r.nextDueOn < ctx.today
                ? daysBetween(r.nextDueOn, ctx.today)
                : null,
            urgency: r.closedOn ? 'none' : urgencyOf(r.nextDueOn, ctx.today),
            closedOn: r.closedOn,
          };
        }),
      },
    };
  });
}

/** The query as SQL can apply it: the search read as a reference, a UPN, a date of birth or a name; the school as IDs. */
async function filterOf(tx: Tx, ctx: EhcContext, query: RequestListQuery, scope: ListScope) {
  const { laCode, userId } = ctx.principal;
  const text = query.q ?? '';
  const reference = text ? referencePrefix(text) : null;
  const search = text && !reference ? interpretSearchText(text) : null;
  if (search?.kind === 'problem')
    return { ok: false as const, errors: [{ field: 'q', message: search.message }] };
  const childIds =
    search && search.kind !== 'all'
      ? await childIdsMatching(
          tx,
          laCode,
          {
            name: search.kind === 'name' ? search.name : undefined,
            upn: search.kind === 'upn' ? search.upn : undefined,
            dateOfBirth: search.kind === 'dateOfBirth' ? search.dateOfBirth : undefined,
          },
          { trigramOperators: ctx.database.kind === 'postgresql' },
        )
      : undefined;
  const people = await caseworkersOf(tx);
  if (
    query.coordinator &&
    !['me', 'none'].includes(query.coordinator) &&
    !people.some((p) => p.id === query.coordinator)
  )
    return {
      ok: false as const,
      errors: [{ field: 'coordinator', message: 'coordinator must be a caseworker of your LA' }],
    };
  const coordinatorId =
    scope === 'mine' || query.coordinator === 'me'
      ? userId
      : query.coordinator === 'none'
        ? null
        : query.coordinator;
  const stage = query.stage;
  const filter: Omit<repo.RequestFilter, 'limit' | 'offset'> = {
    referencePrefix: reference ?? undefined,
    status: stage === 'closed' ? 'closed' : stage === 'any' ? 'any' : stage === 'open' ? 'open' : 'any',
    stage: Object.hasOwn(stageLabels, stage) ? stage : undefined,
    kind: query.kind,
    coordinatorId,
    establishmentIds: query.school
      ? await establishmentIdsMatching(tx, laCode, query.school, ctx.today)
      : undefined,
    due: query.due,
    backlog: query.backlog === 'yes',
    allocatedSince: query.allocated ? addDays(ctx.today, -6) : undefined,
    sort: query.sort,
    order: query.order,
    coordinatorOrder: people.map((p) => p.id),
    today: ctx.today,
  };
  return { ok: true as const, filter, childIds };
}
