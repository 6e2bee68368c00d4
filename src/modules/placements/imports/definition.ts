import { inTenant } from '../../../platform/db/tenancy.ts';
import {
  importJob,
  type RowProblem,
  rowsRejected,
  type SpreadsheetImport,
  wholeRow,
} from '../../../platform/imports/index.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { everyChildIdentity, foldName, upnProblem } from '../../children/index.ts';
import { ehcPlansInForce } from '../../ehc/index.ts';
import { establishmentsWithUrns } from '../../providers/index.ts';
import type { PlacementType, SettingGroup } from '../domain/types.ts';
import { addPlacements, type BulkRefusal } from '../records/bulk.ts';
import * as repo from '../records/repo.ts';
import {
  type PlacementImportColumn,
  type PlacementImportValues,
  placementImportColumns,
} from './domain/columns.ts';
import { type DraftPlacement, placementsFromRows } from './domain/placements.ts';
import { checkPlacementRow, foldBand, type ImportedRow, type ImportReference } from './domain/rows.ts';

/**
 * Placements and their cost lines from a finance team's spreadsheet, all or nothing: every row
 * is read and checked against the LA's children, register and top-up schemes, the rows are made
 * into placements, and those are added through the placements service's own checks in one
 * transaction, or the report names each row, column and problem and nothing is written.
 */

export const placementsImportKind = 'placements.placements-import';

export interface PlacementsImportSummary {
  rowsRead: number;
  /** The placements the rows make, whether added or already held. */
  placements: number;
  created: number;
  awaitingApproval: number;
  alreadyHeld: number;
  costLines: number;
  children: number;
  byType: { type: PlacementType; created: number; awaitingApproval: number }[];
  /** The financial year the import was made in, and what the placements added commit in it. */
  fy: number;
  thisYearPence: number;
  approvalThresholdPence: number;
  fileWarnings: string[];
}

interface Context {
  reference: ImportReference;
}

const n = (x: number) => x.toLocaleString('en-GB');
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

export function summaryMessage(s: PlacementsImportSummary): string {
  const parts = [plural(s.created, 'placement added', 'placements added')];
  if (s.awaitingApproval) parts.push(`${n(s.awaitingApproval)} waiting for approval`);
  if (s.alreadyHeld) parts.push(`${n(s.alreadyHeld)} already held`);
  return `Imported ${plural(s.rowsRead, 'row', 'rows')}: ${parts.join(', ')}`;
}

/** What the LA holds that rows are checked against, read once before the rows. */
async function referenceOf(tx: Parameters<typeof everyChildIdentity>[0], laCode: string) {
  const [children, settings, plans, bands] = [
    await everyChildIdentity(tx, laCode),
    await establishmentsWithUrns(tx),
    await ehcPlansInForce(tx, laCode),
    await repo.adoptedBands(tx, laCode),
  ];
  const byUpn = new Map(children.flatMap((c) => (c.upn ? [[c.upn, c] as const] : [])));
  const byId = new Map(children.map((c) => [c.id, c]));
  const byUrn = new Map(settings.map((s) => [s.urn, s]));
  const schemes = new Map<string, Map<SettingGroup, Map<string, string>>>();
  for (const b of bands) {
    const scheme = schemes.get(b.effectiveFrom) ?? new Map<SettingGroup, Map<string, string>>();
    schemes.set(b.effectiveFrom, scheme);
    if (!b.settingGroup || !b.band || !b.label) continue;
    const group = scheme.get(b.settingGroup) ?? new Map<string, string>();
    scheme.set(b.settingGroup, group);
    group.set(foldBand(b.label), b.band);
    group.set(foldBand(b.band), b.band);
  }
  const reference: ImportReference = {
    childByUpn: (upn) => byUpn.get(upn),
    childById: (id) => byId.get(id),
    upnProblem,
    sameName: (a, b) => foldName(a) === foldName(b),
    settingByUrn: (urn) => byUrn.get(urn),
    hasPlanInForce: (childId) => plans.has(childId),
    schemes: [...schemes].map(([effectiveFrom, groups]) => ({ effectiveFrom, bands: groups })),
  };
  return reference;
}

/** The column a refusal of the placements service is about, from the field it names. */
const placementFields: Record<string, PlacementImportColumn> = {
  childId: 'upn',
  establishmentId: 'urn',
  providerName: 'settingName',
  type: 'type',
  startOn: 'startOn',
  endOn: 'endOn',
  expectedEndOn: 'expectedEndOn',
  fte: 'fte',
  residentialWeeks: 'residentialWeeks',
  basis: 'basis',
  confirmLargeAmounts: 'confirmed',
};
const lineFields: Record<string, PlacementImportColumn> = {
  effectiveFrom: 'effectiveFrom',
  effectiveTo: 'effectiveFrom',
  healthSharePercent: 'healthSharePercent',
  socialCareSharePercent: 'socialCareSharePercent',
  topUpBand: 'topUpBand',
};

/** Where in the file a refusal of the placements service belongs: a line's own row, else the placement's first. */
function rowProblemOf(
  refusal: BulkRefusal,
  draft: DraftPlacement,
  headerOf: (key: string) => string,
): RowProblem {
  const [field = '', index, name = ''] = refusal.field.split('.');
  const source = field === 'costLines' && index !== undefined ? draft.lineSources[Number(index)] : undefined;
  const childId = draft.input.childId;
  if (source)
    return {
      row: source.row,
      column: headerOf(lineFields[name] ?? source.column),
      problem: refusal.message,
      childId,
    };
  const column = placementFields[field];
  return {
    row: draft.rows[0] ?? 0,
    column: column ? headerOf(column) : wholeRow,
    problem: refusal.message,
    childId,
  };
}

export const placementsImport: SpreadsheetImport<
  PlacementImportValues,
  ImportedRow,
  PlacementsImportSummary,
  Context
> = {
  kind: placementsImportKind,
  permission: 'placements:write',
  columns: placementImportColumns,
  formats: ['csv', 'xlsx'],
  // A finance team's sheet has columns of its own (notes, cost centres): they are left, and said so.
  unknownColumns: 'warn',
  // 50,000 rows is several times a large LA's placements; a workbook of them is well under 10 MB.
  limits: { maxBytes: 10 * 1024 * 1024, maxRows: 50_000 },
  upload: { field: 'file', missing: 'Select a spreadsheet of placements (Excel or CSV)' },
  queuedAction: 'placement.import.queued',
  async prepare({ database, actor }) {
    return {
      reference: await inTenant(database.db, { laCode: actor.laCode, userId: actor.userId }, (tx) =>
        referenceOf(tx, actor.laCode),
      ),
    };
  },
  check: (values, _facts, context) => checkPlacementRow(values, context.reference),
  async save(checked, { database, actor, jobId, upload, today }) {
    const grouped = placementsFromRows(checked.rows);
    if (!grouped.ok)
      throw rowsRejected(
        grouped.problems.map((p) => ({
          row: p.row,
          column: p.column ? checked.headerOf(p.column) : wholeRow,
          problem: p.problem,
          childId: p.childId,
        })),
        checked.rowsRead,
      );
    const { drafts } = grouped;
    const who = {
      laCode: actor.laCode,
      userId: actor.userId,
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
    };
    const add = () =>
      inTenant(database.db, who, async (tx) => {
        const result = await addPlacements(
          tx,
          who,
          today,
          drafts.map((d) => d.input),
          { action: 'placement.imported', detail: { job: jobId ?? null, fileName: upload.fileName } },
        );
        if (!result.ok)
          throw rowsRejected(
            result.refusals.map((r) =>
              rowProblemOf(r, drafts[r.index] as DraftPlacement, (key) => checked.headerOf(key)),
            ),
            checked.rowsRead,
          );
        return result.added;
      });
    // A full-time placement added through a page or the API between this import's check and its
    // write (they do not wait for an import) stops the write at the database's constraint, with
    // nothing written. Checked again, the overlap is named on its row.
    const added = await add().catch((err: unknown) => {
      if ((err as { code?: string } | null)?.code === '23P01') return add();
      throw err;
    });
    const byType = new Map<
      PlacementType,
      { type: PlacementType; created: number; awaitingApproval: number }
    >();
    for (const c of added.created) {
      const t = byType.get(c.type) ?? { type: c.type, created: 0, awaitingApproval: 0 };
      byType.set(c.type, t);
      t.created++;
      if (c.approval === 'awaiting') t.awaitingApproval++;
    }
    return {
      rowsRead: checked.rowsRead,
      placements: drafts.length,
      created: added.created.length,
      awaitingApproval: added.created.filter((c) => c.approval === 'awaiting').length,
      alreadyHeld: added.alreadyHeld.length,
      costLines: added.costLines,
      children: new Set(added.created.map((c) => c.childId)).size,
      byType: [...byType.values()].sort((a, b) => b.created - a.created),
      fy: fyOf(today),
      thisYearPence: added.thisYearPence,
      approvalThresholdPence: added.approvalThresholdPence,
      fileWarnings: checked.fileWarnings,
    };
  },
  summaryMessage,
};

export const placementsImportJob = importJob(placementsImport);
