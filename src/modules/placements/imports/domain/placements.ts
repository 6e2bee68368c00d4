import { ukDate } from '../../../../platform/imports/index.ts';
import { addDays } from '../../../../platform/kernel/days.ts';
import { placeFundingRule } from '../../domain/costs.ts';
import type { CostKind, Funder, IsoDate, Per, PlacementType } from '../../domain/types.ts';
import type { PlacementImportColumn } from './columns.ts';
import type { ImportedRow } from './rows.ts';

/**
 * How a file's rows make placements. Rows for the same child, at the same setting (the same URN,
 * or the same provider's name whatever its case), of the same type and from the same start date
 * are one placement: its first row gives its facts, and each row gives cost lines from the day
 * in Costs effective from (on the first row, the start date when blank; on later rows it must be
 * given). A later row may leave the placement's facts blank, or give the same as the first row.
 * A row's top-up, fee or transport from a later date replaces the one before it from that day, so
 * the earlier line ends the day before. The placement's usual place funding (DESIGN §3.2) is added
 * from its start where its type has one. A child is in one full-time placement on any day, so
 * full-time placements in the file must not overlap.
 */

/** A cost line as the placements API takes it. */
export interface DraftCostLine {
  kind: CostKind;
  amountPence: number | null;
  per: Per | null;
  unitsPerYear: number | null;
  topUpBand: string | null;
  funder: Funder;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  healthSharePercent: number;
  socialCareSharePercent: number;
}

/** One placement the file asks for, in the placements API's terms, with the rows it came from. */
export interface DraftPlacement {
  /** Its rows, the first (which gives its facts) first. */
  rows: number[];
  childText: string;
  settingName: string;
  input: {
    childId: string;
    establishmentId: string | null;
    providerName: string | null;
    type: PlacementType;
    startOn: IsoDate;
    endOn: IsoDate | null;
    expectedEndOn: IsoDate | null;
    fte: number;
    residentialWeeks: number | null;
    basis: 'ehc_plan' | 'interim';
    costLines: DraftCostLine[];
    confirmLargeAmounts: boolean;
  };
  /** The row and column each cost line came from, by the line's place in `costLines`. */
  lineSources: { row: number; column: PlacementImportColumn }[];
}

export interface GroupProblem {
  row: number;
  /** A column's key, or null for the whole row. */
  column: PlacementImportColumn | null;
  problem: string;
  /** The child the row is about. */
  childId: string;
}

const placementKey = (r: ImportedRow) =>
  [
    r.childId,
    r.setting.establishmentId ??
      `provider:${r.setting.providerName.trim().replace(/\s+/g, ' ').toLowerCase()}`,
    r.type,
    r.startOn,
  ].join('|');

const kindWords = { top_up: 'a top-up', fee: 'a fee', transport: 'transport' } as const;
type RowKind = keyof typeof kindWords;

/** The column a row's line of this kind was read from. */
const columnOf = (kind: RowKind, line: DraftCostLine): PlacementImportColumn =>
  kind === 'fee'
    ? 'feePence'
    : kind === 'transport'
      ? 'transportPence'
      : line.topUpBand !== null
        ? 'topUpBand'
        : 'topUpPence';

const byDate = (a: IsoDate, b: IsoDate) => (a < b ? -1 : a > b ? 1 : 0);

/** Adds to the list kept under a key. */
function addTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const shown = (value: string | number | null, dated = false) =>
  value === null ? 'blank' : dated ? ukDate(String(value)) : String(value);

const basisWords = { ehc_plan: 'EHC plan', interim: 'Interim' } as const;

/** The lines a row gives, each from its kind's column. */
function rowLines(r: ImportedRow, from: IsoDate): { kind: RowKind; line: DraftCostLine }[] {
  const base = {
    funder: 'la' as const,
    effectiveFrom: from,
    effectiveTo: null,
    healthSharePercent: r.healthSharePercent,
    socialCareSharePercent: r.socialCareSharePercent,
  };
  const lines: { kind: RowKind; line: DraftCostLine }[] = [];
  if (r.topUp)
    lines.push({
      kind: 'top_up',
      line: {
        ...base,
        kind: 'top_up',
        ...('band' in r.topUp
          ? { amountPence: null, per: null, unitsPerYear: null, topUpBand: r.topUp.band }
          : { amountPence: r.topUp.annualPence, per: 'year', unitsPerYear: null, topUpBand: null }),
      },
    });
  if (r.fee)
    lines.push({
      kind: 'fee',
      line: {
        ...base,
        kind: 'fee',
        amountPence: r.fee.amountPence,
        per: r.fee.per,
        unitsPerYear: r.fee.unitsPerYear,
        topUpBand: null,
      },
    });
  if (r.transportPence !== null)
    lines.push({
      kind: 'transport',
      line: {
        ...base,
        kind: 'transport',
        amountPence: r.transportPence,
        per: 'year',
        unitsPerYear: null,
        topUpBand: null,
        healthSharePercent: 0,
        socialCareSharePercent: 0,
      },
    });
  return lines;
}

/** Problems where a later row gives a placement's facts differently from its first row. */
function disagreements(
  first: { row: number; value: ImportedRow },
  later: { row: number; value: ImportedRow },
) {
  const a = first.value;
  const b = later.value;
  const out: GroupProblem[] = [];
  const differs = (column: PlacementImportColumn, theirs: string, ours: string) =>
    out.push({
      row: later.row,
      column,
      problem: `is ${ours} here but ${theirs} on row ${first.row}, this placement’s first row: give the same, or leave it blank`,
      childId: b.childId,
    });
  if (b.endOn !== null && b.endOn !== a.endOn) differs('endOn', shown(a.endOn, true), shown(b.endOn, true));
  if (b.expectedEndOn !== null && b.expectedEndOn !== a.expectedEndOn)
    differs('expectedEndOn', shown(a.expectedEndOn, true), shown(b.expectedEndOn, true));
  if (b.fte !== null && b.fte !== (a.fte ?? 1))
    differs('fte', `${a.fte ?? 1} of full time`, `${b.fte} of full time`);
  if (b.residentialWeeks !== null && b.residentialWeeks !== a.residentialWeeks)
    differs('residentialWeeks', shown(a.residentialWeeks), shown(b.residentialWeeks));
  if (b.basis !== null && b.basis !== (a.basis ?? 'ehc_plan'))
    differs('basis', basisWords[a.basis ?? 'ehc_plan'], basisWords[b.basis]);
  return out;
}

/** One placement from its rows, or what is wrong with how they go together. */
function draftOf(rows: readonly { row: number; value: ImportedRow }[]): {
  draft: DraftPlacement;
  problems: GroupProblem[];
} {
  const first = rows[0] as { row: number; value: ImportedRow };
  const f = first.value;
  const problems: GroupProblem[] = [];
  const byKind = new Map<RowKind, { row: number; line: DraftCostLine }[]>();
  for (const r of rows) {
    const isFirst = r === first;
    if (!isFirst) {
      problems.push(...disagreements(first, r));
      if (r.value.effectiveFrom === null) {
        if (r.value.topUp || r.value.fee || r.value.transportPence !== null)
          problems.push({
            row: r.row,
            column: 'effectiveFrom',
            problem: `is blank: row ${first.row} is this placement’s first row, so the costs on a later row need the day they take effect`,
            childId: f.childId,
          });
        else
          problems.push({
            row: r.row,
            column: null,
            problem: `adds no costs to the placement on row ${first.row}: give the costs it adds, or remove the row`,
            childId: f.childId,
          });
        continue;
      }
    }
    for (const { kind, line } of rowLines(r.value, r.value.effectiveFrom ?? f.startOn))
      addTo(byKind, kind, { row: r.row, line });
  }

  const costLines: DraftCostLine[] = [];
  const lineSources: DraftPlacement['lineSources'] = [];
  const rule = placeFundingRule(f.type);
  if (rule) {
    costLines.push({
      kind: 'place_funding',
      amountPence: rule.annualPence,
      per: 'year',
      unitsPerYear: null,
      topUpBand: null,
      funder: rule.funder,
      effectiveFrom: f.startOn,
      effectiveTo: null,
      healthSharePercent: 0,
      socialCareSharePercent: 0,
    });
    lineSources.push({ row: first.row, column: 'type' });
  }
  for (const [kind, lines] of byKind) {
    // Stable: rows with the same date keep their order, so the second is the one named.
    const dated = [...lines].sort((x, y) => byDate(x.line.effectiveFrom, y.line.effectiveFrom));
    dated.forEach((d, i) => {
      const next = dated[i + 1];
      const previous = dated[i - 1];
      if (previous && previous.line.effectiveFrom === d.line.effectiveFrom) {
        problems.push({
          row: Math.max(d.row, previous.row),
          column: columnOf(kind, d.line),
          problem: `gives ${kindWords[kind]} from ${ukDate(d.line.effectiveFrom)}, which row ${Math.min(d.row, previous.row)} gives this placement already: a change needs a later date in Costs effective from`,
          childId: f.childId,
        });
        return;
      }
      costLines.push({ ...d.line, effectiveTo: next ? addDays(next.line.effectiveFrom, -1) : null });
      lineSources.push({ row: d.row, column: columnOf(kind, d.line) });
    });
  }

  return {
    problems,
    draft: {
      rows: rows.map((r) => r.row),
      childText: f.childText,
      settingName: f.setting.name,
      input: {
        childId: f.childId,
        establishmentId: f.setting.establishmentId,
        providerName: f.setting.providerName,
        type: f.type,
        startOn: f.startOn,
        endOn: f.endOn,
        expectedEndOn: f.expectedEndOn,
        fte: f.fte ?? 1,
        residentialWeeks: f.residentialWeeks,
        basis: f.basis ?? 'ehc_plan',
        costLines,
        confirmLargeAmounts: rows.some((r) => r.value.confirmed),
      },
      lineSources,
    },
  };
}

/**
 * Full-time placements in the file that overlap another of the same child's, each named on its
 * first row against the one starting earlier. A placement not ended runs on, as the database's
 * constraint has it: an expected end does not stop it overlapping.
 */
function overlapsInFile(drafts: readonly DraftPlacement[]): GroupProblem[] {
  const byChild = new Map<string, DraftPlacement[]>();
  for (const d of drafts) if (d.input.fte === 1) addTo(byChild, d.input.childId, d);
  const problems: GroupProblem[] = [];
  for (const mine of byChild.values()) {
    const sorted = [...mine].sort(
      (a, b) => byDate(a.input.startOn, b.input.startOn) || (a.rows[0] ?? 0) - (b.rows[0] ?? 0),
    );
    sorted.forEach((d, i) => {
      const clash = sorted
        .slice(0, i)
        .find((e) => e.input.endOn === null || e.input.endOn >= d.input.startOn);
      if (!clash) return;
      const until = clash.input.endOn ? `to ${ukDate(clash.input.endOn)}` : 'with no end date';
      problems.push({
        row: d.rows[0] ?? 0,
        column: 'startOn',
        problem: `overlaps the full-time placement on row ${clash.rows[0]} (at ${clash.settingName} from ${ukDate(clash.input.startOn)} ${until}): a child is in one full-time placement on any day, so give that one an end date, or record this one as part time`,
        childId: d.input.childId,
      });
    });
  }
  return problems;
}

/** The placements a file's checked rows make, or every problem with how they go together. */
export function placementsFromRows(
  rows: readonly { row: number; value: ImportedRow }[],
): { ok: true; drafts: DraftPlacement[] } | { ok: false; problems: GroupProblem[] } {
  const groups = new Map<string, { row: number; value: ImportedRow }[]>();
  for (const r of rows) addTo(groups, placementKey(r.value), r);
  const drafts: DraftPlacement[] = [];
  const problems: GroupProblem[] = [];
  for (const group of groups.values()) {
    const made = draftOf(group);
    drafts.push(made.draft);
    problems.push(...made.problems);
  }
  problems.push(...overlapsInFile(drafts));
  return problems.length ? { ok: false, problems } : { ok: true, drafts };
}
