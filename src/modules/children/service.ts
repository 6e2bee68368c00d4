import { auditListing } from '../../platform/audit/index.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { type EstablishmentSummary, establishmentSummaries } from '../providers/index.ts';
import type { Decisions } from './capacity.ts';
import {
  audit,
  type ChildrenContext,
  findVisible,
  noSuchChild,
  requireWrite,
  scopeOf,
  transaction,
} from './context.ts';
import { changedFields, staleEdit, staleEditMessage } from './domain/changes.ts';
import {
  applyChildPatch,
  type ChildDetails,
  type ChildPatchInput,
  childDetailFields,
  childFieldLabels,
  childRuleProblems,
  type NewChildInput,
  newChildDetails,
} from './domain/child-input.ts';
import type { SenType, UpnUnknownReason } from './domain/codes.ts';
import type { IsoDate } from './domain/dates.ts';
import {
  compulsorySchoolAgeEnds,
  decisionMakerOn,
  decisionsPassToYoungPersonOn,
} from './domain/decisions.ts';
import { nameSearchFor } from './domain/names.ts';
import { type NcYear, ncYearOn } from './domain/nc-year.ts';
import type { FieldProblem } from './domain/problems.ts';
import { type ChildScope, contactsVisible } from './domain/scope.ts';
import { type RankedSenNeed, rankSenNeeds } from './domain/sen-needs.ts';
import * as repo from './repo.ts';

// ── Search ──────────────────────────────────────────────────────────────────────────────

/** What a search asks for: any of a name, a UPN and a date of birth, or nothing for everyone. */
export interface ChildCriteria {
  /** A name, already folded for search. */
  name?: string | undefined;
  upn?: string | undefined;
  dateOfBirth?: string | undefined;
}

export interface ChildSearch extends ChildCriteria {
  limit: number;
  offset: number;
}

export interface ChildListItem {
  id: string;
  forename: string;
  surname: string;
  dateOfBirth: IsoDate;
  ncYear: NcYear;
  upn: string | null;
  setting: { id: string; name: string } | null;
  primaryNeed: RankedSenNeed | null;
}

export interface ChildSearchPage {
  items: ChildListItem[];
  total: number;
  limit: number;
  offset: number;
}

/** The criteria given, as the audit log records them. */
export function criteriaOf(c: ChildCriteria): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ name: c.name, upn: c.upn, dateOfBirth: c.dateOfBirth }).filter(
      (e): e is [string, string] => !!e[1],
    ),
  );
}

/** A page of the children the person may see that match, as a list shows them, and the number matching. */
async function findChildren(
  tx: Tx,
  ctx: ChildrenContext,
  search: ChildSearch,
): Promise<{ items: ChildListItem[]; total: number | undefined }> {
  const scope = await scopeOf(tx, ctx);
  const options = { trigramOperators: ctx.database.kind === 'postgresql' };
  const rows = await repo.searchChildren(tx, ctx.principal.laCode, scope, search, search, options);
  const settings = await settingsById(
    tx,
    rows.map((r) => r.establishmentId),
  );
  return {
    total: rows[0]?.total,
    items: rows.map((r) => {
      const setting = r.establishmentId ? settings.get(r.establishmentId) : undefined;
      return {
        id: r.id,
        forename: r.forename,
        surname: r.surname,
        dateOfBirth: r.dateOfBirth,
        ncYear: ncYearOn(r.dateOfBirth, ctx.today),
        upn: r.upn,
        setting: setting ? { id: setting.id, name: setting.name } : null,
        primaryNeed: r.primaryNeed ? (rankSenNeeds([r.primaryNeed as SenType])[0] ?? null) : null,
      };
    }),
  };
}

/**
 * Finds children the person may see. The search is one event in the audit log naming every
 * child listed (a list shows names, dates of birth and UPNs), even when it finds nobody.
 */
export function searchChildren(ctx: ChildrenContext, search: ChildSearch): Promise<ChildSearchPage> {
  return transaction(ctx, async (tx) => {
    const found = await findChildren(tx, ctx, search);
    // Past the last page there is no row to carry the count, so ask for the first one.
    const total =
      found.total ??
      (search.offset > 0
        ? ((await findChildren(tx, ctx, { ...search, limit: 1, offset: 0 })).total ?? 0)
        : 0);
    await auditListing(tx, ctx, {
      action: 'children.searched',
      entityType: 'children',
      childIds: found.items.map((c) => c.id),
      detail: { criteria: criteriaOf(search), total, offset: search.offset },
    });
    return { total, limit: search.limit, offset: search.offset, items: found.items };
  });
}

/**
 * One page of a download of the children a search matches, in its own transaction. Not audited
 * here: the export records one event for every page (see sendExport).
 */
export function childrenExportPage(
  ctx: ChildrenContext,
  criteria: ChildCriteria,
  offset: number,
  limit: number,
): Promise<{ rows: ChildListItem[]; next: number | undefined }> {
  return transaction(ctx, async (tx) => {
    const { items } = await findChildren(tx, ctx, { ...criteria, limit, offset });
    return { rows: items, next: items.length === limit ? offset + limit : undefined };
  });
}

async function settingsById(tx: Tx, ids: (string | null)[]): Promise<Map<string, EstablishmentSummary>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const found = await establishmentSummaries(tx, wanted);
  return new Map(found.map((s) => [s.id, s]));
}

// ── One child ───────────────────────────────────────────────────────────────────────────

export interface ChildRecord {
  id: string;
  version: number;
  details: ChildDetails;
  ncYear: NcYear;
  senProvision: string;
  senNeeds: RankedSenNeed[];
  setting: EstablishmentSummary | null;
  parentCarers: repo.ParentCarerRow[];
  /** Whether the parents and carers listed are all of them, or only the person asking. */
  parentCarersShown: 'all' | 'own' | 'none';
  /** Who makes decisions: the end of compulsory school age, and any record that they lack capacity. */
  decisions: Omit<Decisions, 'child' | 'people'> & { actingName: string | null };
  updatedAt: Date;
}

function detailsOf(row: repo.ChildRow): ChildDetails {
  return {
    upn: row.upn,
    upnUnknownReason: row.upnUnknownReason as UpnUnknownReason | null,
    uln: row.uln,
    forename: row.forename,
    surname: row.surname,
    dateOfBirth: row.dateOfBirth,
    sex: row.sex as ChildDetails['sex'],
    ethnicity: row.ethnicity,
    homePostcode: row.homePostcode,
    establishmentId: row.establishmentId,
    senNeeds: row.senNeeds as SenType[],
  };
}

async function loadRecord(
  tx: Tx,
  ctx: ChildrenContext,
  scope: ChildScope,
  row: repo.ChildRow,
): Promise<ChildRecord> {
  const { laCode, userId } = ctx.principal;
  const details = detailsOf(row);
  const shown = contactsVisible(scope, row);
  const setting = row.establishmentId
    ? ((await establishmentSummaries(tx, [row.establishmentId]))[0] ?? null)
    : null;
  const capacity = (await repo.capacityOf(tx, laCode, row.id)) ?? null;
  const acting = capacity?.lacksCapacity
    ? (await repo.parentCarersOf(tx, laCode, row.id)).find((p) => p.id === capacity.actingPersonId)
    : undefined;
  return {
    id: row.id,
    version: row.version,
    details,
    ncYear: ncYearOn(row.dateOfBirth, ctx.today),
    senProvision: row.senProvision,
    senNeeds: rankSenNeeds(details.senNeeds),
    setting,
    parentCarers:
      shown === 'none'
        ? []
        : await repo.parentCarersOf(tx, laCode, row.id, shown === 'own' ? userId : undefined),
    parentCarersShown: shown,
    decisions: {
      compulsorySchoolAgeEnds: compulsorySchoolAgeEnds(row.dateOfBirth),
      passesToYoungPersonOn: decisionsPassToYoungPersonOn(row.dateOfBirth),
      capacity,
      today: decisionMakerOn(row.dateOfBirth, ctx.today, capacity),
      actingName: acting ? `${acting.forename} ${acting.surname}` : null,
    },
    updatedAt: row.updatedAt,
  };
}

/** One child's record, if the person may see it; a child outside their scope is simply not found. */
export function getChild(
  ctx: ChildrenContext,
  id: string,
  purpose: 'view' | 'edit' = 'view',
): Promise<ChildRecord> {
  return transaction(ctx, async (tx) => {
    const { scope, row } = await findVisible(tx, ctx, id);
    const record = await loadRecord(tx, ctx, scope, row);
    await audit(tx, ctx, {
      action: 'child.viewed',
      entityType: 'child',
      entityId: id,
      childId: id,
      detail: { purpose },
    });
    return record;
  });
}

// ── Create and change ───────────────────────────────────────────────────────────────────

export type ChildChange =
  | { ok: true; child: ChildRecord }
  | { ok: false; kind: 'invalid' | 'duplicate'; errors: FieldProblem[] }
  | { ok: false; kind: 'stale'; message: string; changedFields: string[]; child: ChildRecord };

const invalid = (errors: FieldProblem[]): ChildChange => ({ ok: false, kind: 'invalid', errors });
const unknownSetting = [
  { field: 'establishmentId', message: 'There is no school or setting with this ID in your LA' },
];

/**
 * Refuses a UPN another child has. The answer tells the person that child exists, so it is
 * audited against that child, and against the child being changed, if any.
 */
async function duplicateUpn(
  tx: Tx,
  ctx: ChildrenContext,
  upn: string,
  holder: string | undefined,
  changing: string | null,
): Promise<ChildChange> {
  const holders = holder ? [holder] : [];
  await audit(tx, ctx, {
    action: changing ? 'child.change.refused' : 'child.add.refused',
    entityType: 'child',
    entityId: changing,
    childId: changing ?? holder ?? null,
    childIds: [...holders, ...(changing ? [changing] : [])],
    detail: { reason: 'duplicate UPN' },
  });
  return {
    ok: false,
    kind: 'duplicate',
    errors: [{ field: 'upn', message: `Another child in this LA has UPN ${upn}` }],
  };
}

/**
 * Refuses a change to a child's record. Whatever the reason, the answer speaks of the record as
 * it is now (its version, the fields changed since, whether it has a UPN), so it is audited.
 */
async function refusedChange(
  tx: Tx,
  ctx: ChildrenContext,
  id: string,
  refusal: Exclude<ChildChange, { ok: true }>,
): Promise<ChildChange> {
  await audit(tx, ctx, {
    action: 'child.change.refused',
    entityType: 'child',
    entityId: id,
    childId: id,
    detail:
      refusal.kind === 'stale'
        ? { reason: 'stale', version: refusal.child.version, fields: refusal.changedFields }
        : { reason: refusal.kind, fields: refusal.errors.map((e) => e.field) },
  });
  return refusal;
}

function isUniqueUpnViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  return (
    err?.code === '23505' &&
    (err.constraint === 'children_upn_idx' || /children_upn_idx/.test(err.message ?? ''))
  );
}

/**
 * Two people saving the same UPN at once both pass the check; the unique index catches the
 * second, whose transaction is gone, so the refusal is audited in a new one.
 */
async function refusingDuplicateUpn(
  ctx: ChildrenContext,
  upn: string | null | undefined,
  changing: string | null,
  work: () => Promise<ChildChange>,
) {
  try {
    return await work();
  } catch (e) {
    if (upn && isUniqueUpnViolation(e))
      return transaction(ctx, async (tx) =>
        duplicateUpn(tx, ctx, upn, await repo.childWithUpn(tx, ctx.principal.laCode, upn), changing),
      );
    throw e;
  }
}

async function settingExists(tx: Tx, id: string | null): Promise<boolean> {
  return !id || (await establishmentSummaries(tx, [id])).length === 1;
}

export async function createChild(ctx: ChildrenContext, input: NewChildInput): Promise<ChildChange> {
  requireWrite(ctx);
  const details = newChildDetails(input);
  const problems = childRuleProblems(details, null, ctx.today);
  if (problems.length) return invalid(problems);
  const { laCode, userId } = ctx.principal;
  return refusingDuplicateUpn(ctx, details.upn, null, () =>
    transaction(ctx, async (tx) => {
      const holder = details.upn ? await repo.childWithUpn(tx, laCode, details.upn) : undefined;
      if (details.upn && holder) return duplicateUpn(tx, ctx, details.upn, holder, null);
      if (!(await settingExists(tx, details.establishmentId))) return invalid(unknownSetting);
      const id = await repo.insertChild(
        tx,
        laCode,
        details,
        nameSearchFor(details.forename, details.surname),
        userId,
      );
      await repo.replaceSenNeeds(tx, laCode, id, details.senNeeds);
      await audit(tx, ctx, {
        action: 'child.created',
        entityType: 'child',
        entityId: id,
        childId: id,
        detail: { version: 1 },
      });
      const scope = await scopeOf(tx, ctx);
      const row = await repo.findChild(tx, laCode, scope, id);
      if (!row) throw noSuchChild();
      return { ok: true, child: await loadRecord(tx, ctx, scope, row) };
    }),
  );
}

/**
 * Changes a child's details from the version the person read. A stale version is refused with
 * the fields changed since; only changed fields are saved, and the change is recorded by name.
 * Every answer carries the record, so each is audited: a change as a change, nothing to change
 * as a view, a refusal as a refusal.
 */
export async function editChild(
  ctx: ChildrenContext,
  id: string,
  patch: ChildPatchInput,
): Promise<ChildChange> {
  requireWrite(ctx);
  const { laCode, userId } = ctx.principal;
  return refusingDuplicateUpn(ctx, patch.upn, id, () =>
    transaction(ctx, async (tx) => {
      const { scope, row } = await findVisible(tx, ctx, id, true);
      if (patch.version !== row.version) {
        const changes = await repo.changesSince(tx, laCode, 'child', id, patch.version);
        const check = staleEdit(patch.version, { version: row.version, changes }, childDetailFields);
        const fields = check.stale ? check.changedFields : [];
        return refusedChange(tx, ctx, id, {
          ok: false,
          kind: 'stale',
          changedFields: fields,
          message: staleEditMessage(fields, childFieldLabels),
          child: await loadRecord(tx, ctx, scope, row),
        });
      }
      const before = detailsOf(row);
      const after = applyChildPatch(before, patch);
      const problems = childRuleProblems(after, before, ctx.today);
      if (problems.length)
        return refusedChange(tx, ctx, id, { ok: false, kind: 'invalid', errors: problems });
      const changed = changedFields(before, after, childDetailFields);
      if (changed.length) {
        if (changed.includes('upn') && after.upn) {
          const holder = await repo.childWithUpn(tx, laCode, after.upn);
          if (holder && holder !== id) return duplicateUpn(tx, ctx, after.upn, holder, id);
        }
        if (changed.includes('establishmentId') && !(await settingExists(tx, after.establishmentId)))
          return refusedChange(tx, ctx, id, { ok: false, kind: 'invalid', errors: unknownSetting });
        const saved = await repo.updateChild(
          tx,
          laCode,
          id,
          row.version,
          after,
          nameSearchFor(after.forename, after.surname),
          userId,
          { postcodeChanged: changed.includes('homePostcode') },
        );
        if (!saved) throw new Error(`child ${id} changed while locked`);
        if (changed.includes('senNeeds')) await repo.replaceSenNeeds(tx, laCode, id, after.senNeeds);
        const version = row.version + 1;
        await repo.recordChange(tx, {
          laCode,
          recordType: 'child',
          recordId: id,
          version,
          fields: changed,
          userId,
        });
        await audit(tx, ctx, {
          action: 'child.changed',
          entityType: 'child',
          entityId: id,
          childId: id,
          detail: { version, fields: changed },
        });
      } else
        await audit(tx, ctx, {
          action: 'child.viewed',
          entityType: 'child',
          entityId: id,
          childId: id,
          detail: { purpose: 'change with nothing to change' },
        });
      const current = await repo.findChild(tx, laCode, scope, id);
      if (!current) throw noSuchChild();
      return { ok: true, child: await loadRecord(tx, ctx, scope, current) };
    }),
  );
}
