import { quoted, type RowOutcome, ukDate } from '../../../../platform/imports/index.ts';
import { isUuid } from '../../../../platform/kernel/ids.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { annualAmount, settingGroupOf } from '../../domain/costs.ts';
import { placementTypeLabels } from '../../domain/labels.ts';
import { confirmAbovePence } from '../../domain/placement-input.ts';
import type { CostLine, IsoDate, Per, PlacementType, SettingGroup } from '../../domain/types.ts';
import type { PlacementImportColumn, PlacementImportValues } from './columns.ts';

/** A child as their record has it, for finding them by a row and checking it names them. */
export interface ChildOnRecord {
  id: string;
  upn: string | null;
  forename: string;
  surname: string;
  dateOfBirth: IsoDate;
}

/**
 * What the import knows of the LA before it reads a row: its children, its register of settings,
 * who has an EHC plan in force, and the bands of its adopted top-up schemes. Ways of comparing
 * that belong to other modules (a UPN's form, a name's spelling) come in with it.
 */
export interface ImportReference {
  childByUpn(upn: string): ChildOnRecord | undefined;
  childById(id: string): ChildOnRecord | undefined;
  /** Why a UPN (upper case, no spaces) cannot be one, or null. */
  upnProblem(upn: string): string | null;
  /** Whether two spellings are the same name, as the children search compares names. */
  sameName(a: string, b: string): boolean;
  settingByUrn(urn: number): { id: string; name: string } | undefined;
  hasPlanInForce(childId: string): boolean;
  /**
   * The adopted top-up schemes, earliest first: the day each is in force from, and each group's
   * bands in it, their code by a folded spelling of their code or label.
   */
  schemes: readonly {
    effectiveFrom: IsoDate;
    bands: ReadonlyMap<SettingGroup, ReadonlyMap<string, string>>;
  }[];
}

export type ImportedSetting =
  | { establishmentId: string; providerName: null; name: string }
  | { establishmentId: null; providerName: string; name: string };

/** One row, read and checked on its own: a placement's facts and the costs the row gives it. */
export interface ImportedRow {
  childId: string;
  /** How the row names the child, for messages: "UPN D926123401001". */
  childText: string;
  setting: ImportedSetting;
  type: PlacementType;
  startOn: IsoDate;
  endOn: IsoDate | null;
  expectedEndOn: IsoDate | null;
  /** The share of full time, or null where the row leaves attendance blank (full time on a first row). */
  fte: number | null;
  residentialWeeks: number | null;
  /** Null where the row leaves it blank (named in the EHC plan, on a first row). */
  basis: 'ehc_plan' | 'interim' | null;
  topUp: { band: string } | { annualPence: number } | null;
  fee: { amountPence: number; per: Per; unitsPerYear: number | null } | null;
  transportPence: number | null;
  healthSharePercent: number;
  socialCareSharePercent: number;
  effectiveFrom: IsoDate | null;
  confirmed: boolean;
}

/** A band's name or label as rows are matched to it: case, spaces and hyphens make no difference. */
export const foldBand = (text: string) =>
  text
    .trim()
    .replace(/[\s_-]+/g, ' ')
    .toLowerCase();

const groupNames: Record<SettingGroup, string> = {
  mainstream: 'mainstream',
  unit: 'unit and SRB',
  special: 'special school',
  post_16: 'post-16',
  alternative_provision: 'alternative provision',
};

const unitsExample = { week: '38 weeks', day: '190 days' } as const;

type Problem = { column: PlacementImportColumn; problem: string };

/** The annual pence of an agreed amount, as the cost engine works it out. */
const annualOf = (amountPence: number, per: Per, unitsPerYear: number | null): number | null =>
  annualAmount({
    kind: 'fee',
    amountPence,
    per,
    unitsPerYear,
    topUpBand: null,
    funder: 'la',
    effectiveFrom: '2000-04-01',
    effectiveTo: null,
    healthShareBp: 0,
    socialCareShareBp: 0,
  } satisfies CostLine);

function findChild(
  v: PlacementImportValues,
  ref: ImportReference,
  problem: (column: PlacementImportColumn, text: string) => void,
): { child: ChildOnRecord; named: string } | null {
  const upn = v.upn === null ? null : v.upn.replace(/\s+/g, '').toUpperCase();
  let byUpn: ChildOnRecord | undefined;
  if (upn !== null) {
    const wrong = ref.upnProblem(upn);
    if (wrong) problem('upn', `${quoted(v.upn ?? '')} is not a UPN: ${wrong}`);
    else {
      byUpn = ref.childByUpn(upn);
      if (!byUpn) problem('upn', `There is no child with UPN ${upn} in your LA: check the UPN`);
    }
  }
  let byId: ChildOnRecord | undefined;
  if (v.childId !== null) {
    const id = v.childId.trim().toLowerCase();
    if (!isUuid(id))
      problem(
        'childId',
        `${quoted(v.childId)} is not an OpenSEND child ID: copy it from the address of the child’s record, like 1b4e28ba-2fa1-41d2-883f-0016d3cca427`,
      );
    else {
      byId = ref.childById(id);
      if (!byId) problem('childId', 'There is no child with this OpenSEND ID in your LA: check the ID');
    }
  }
  if (upn === null && v.childId === null)
    problem('upn', 'is blank: give the child’s UPN, or their OpenSEND child ID');
  if (byUpn && byId && byUpn.id !== byId.id) {
    problem('childId', `is another child’s, not that of the child with UPN ${upn}: check both`);
    return null;
  }
  const child = byUpn ?? byId;
  if (!child) return null;
  return { child, named: byUpn ? `UPN ${upn}` : 'this OpenSEND ID' };
}

/**
 * Reads one row as a placement's facts and the costs it gives, checking what can be checked on
 * the row alone, in the words of the file's columns: that it names a child of the LA (and the
 * child its name and date of birth say), a setting on the register or a provider's name, dates
 * in order, attendance given one way, a top-up band the schemes have, a fee with what it is for,
 * shares that add up, amounts over £500,000 a year confirmed, and costs dated within the placement.
 */
export function checkPlacementRow(v: PlacementImportValues, ref: ImportReference): RowOutcome<ImportedRow> {
  const problems: Problem[] = [];
  const problem = (column: PlacementImportColumn, text: string) => problems.push({ column, problem: text });

  const found = findChild(v, ref, problem);
  if (found) {
    const { child, named } = found;
    const recorded = `recorded as ${child.forename} ${child.surname}`;
    if (!ref.sameName(v.surname, child.surname))
      problem(
        'surname',
        `${quoted(v.surname)} is not the surname of the child with ${named}, ${recorded}: check the child and the name`,
      );
    if (!ref.sameName(v.forename, child.forename))
      problem(
        'forename',
        `${quoted(v.forename)} is not the forename of the child with ${named}, ${recorded}: check the child and the name`,
      );
    if (v.dateOfBirth !== child.dateOfBirth)
      problem(
        'dateOfBirth',
        `${ukDate(v.dateOfBirth)} is not the date of birth of the child with ${named}, recorded as born on ${ukDate(child.dateOfBirth)}: check the child and the date`,
      );
  }

  let setting: ImportedSetting | null = null;
  if (v.urn !== null) {
    const s = ref.settingByUrn(v.urn);
    if (!s)
      problem(
        'urn',
        `There is no school or setting with URN ${v.urn} on your LA’s register: check the URN, or leave it blank and give the name of a provider without one in Setting name`,
      );
    else setting = { establishmentId: s.id, providerName: null, name: s.name };
  } else if (v.settingName !== null)
    setting = { establishmentId: null, providerName: v.settingName, name: v.settingName };
  else problem('settingName', 'is blank: give the setting’s URN, or the name of a provider without a URN');

  if (v.endOn !== null && v.endOn < v.startOn)
    problem(
      'endOn',
      `${ukDate(v.endOn)} is before the start date, ${ukDate(v.startOn)}: it must be the same day or later`,
    );
  if (v.expectedEndOn !== null && v.expectedEndOn < v.startOn)
    problem(
      'expectedEndOn',
      `${ukDate(v.expectedEndOn)} is before the start date, ${ukDate(v.startOn)}: it must be the same day or later`,
    );

  if (v.daysAWeek !== null && v.fte !== null)
    problem('fte', 'is given as well as Days a week: give one of them, not both');
  // Days with at most two places, over 5, are exact in thousandths: 2.25 days is 0.45.
  const fte = v.daysAWeek !== null ? (Math.round(v.daysAWeek * 100) * 2) / 1000 : v.fte;

  if (found && (v.basis ?? 'ehc_plan') === 'ehc_plan' && !ref.hasPlanInForce(found.child.id))
    problem(
      'basis',
      `${v.basis === null ? 'is blank, which means named in the EHC plan, but' : 'says EHC plan, but'} the child has no EHC plan in force: write Interim, or issue the plan first`,
    );

  const topUp = readTopUp(v, problem, ref);
  const fee = readFee(v, problem);

  const shares = v.healthSharePercent !== null || v.socialCareSharePercent !== null;
  const health = v.healthSharePercent ?? 0;
  const socialCare = v.socialCareSharePercent ?? 0;
  if (health + socialCare > 100)
    problem(
      'socialCareSharePercent',
      `${socialCare}% with health’s ${health}% comes to more than 100%: the two shares together must be 100% or less`,
    );
  if (shares && !topUp && !fee)
    problem(
      v.healthSharePercent !== null ? 'healthSharePercent' : 'socialCareSharePercent',
      'is a share of the row’s fee and top-up, and the row has neither: give them, or leave the shares blank',
    );

  const confirmed = v.confirmed ?? false;
  const tooLarge = (column: PlacementImportColumn, annual: number | null, comesTo: boolean) => {
    if (annual !== null && annual > confirmAbovePence && !confirmed)
      problem(
        column,
        `${comesTo ? 'comes to ' : ''}${penceText(annual)} a year, more than ${penceText(confirmAbovePence)}: check the amount, and write Yes in Confirm large amount if it is right`,
      );
  };
  if (topUp && 'annualPence' in topUp) tooLarge('topUpPence', topUp.annualPence, false);
  if (fee) tooLarge('feePence', annualOf(fee.amountPence, fee.per, fee.unitsPerYear), fee.per !== 'year');
  tooLarge('transportPence', v.transportPence, false);

  if (v.effectiveFrom !== null) {
    if (!topUp && !fee && v.transportPence === null)
      problem(
        'effectiveFrom',
        'is given, but the row has no costs to take effect: give them, or leave it blank',
      );
    else if (v.effectiveFrom < v.startOn)
      problem(
        'effectiveFrom',
        `${ukDate(v.effectiveFrom)} is before the placement starts, ${ukDate(v.startOn)}: costs take effect on or after its start`,
      );
    else if (v.endOn !== null && v.effectiveFrom > v.endOn)
      problem(
        'effectiveFrom',
        `${ukDate(v.effectiveFrom)} is after the placement ends, ${ukDate(v.endOn)}: costs take effect on or before its end`,
      );
  }

  if (problems.length || !found || !setting)
    return found ? { problems, childId: found.child.id } : { problems };
  return {
    value: {
      childId: found.child.id,
      childText: found.named,
      setting,
      type: v.type,
      startOn: v.startOn,
      endOn: v.endOn,
      expectedEndOn: v.expectedEndOn,
      fte,
      residentialWeeks: v.residentialWeeks,
      basis: v.basis,
      topUp,
      fee,
      transportPence: v.transportPence,
      healthSharePercent: health,
      socialCareSharePercent: socialCare,
      effectiveFrom: v.effectiveFrom,
      confirmed,
    },
  };
}

function readTopUp(
  v: PlacementImportValues,
  problem: (column: PlacementImportColumn, text: string) => void,
  ref: ImportReference,
): ImportedRow['topUp'] {
  if (v.topUpBand !== null && v.topUpPence !== null) {
    problem('topUpPence', 'is given as well as Top-up band: give a band or an amount a year, not both');
    return null;
  }
  if (v.topUpPence !== null) return { annualPence: v.topUpPence };
  if (v.topUpBand === null) return null;
  const group = settingGroupOf(v.type);
  if (!group) {
    problem(
      'topUpBand',
      `A placement of type ${placementTypeLabels[v.type].toLowerCase()} has no top-up bands: give the agreed amount in Top-up a year instead`,
    );
    return null;
  }
  // A band is valued by whichever scheme is in force each day; one the scheme in force when the
  // costs start does not have would cost nothing until a scheme that has it.
  const from = v.effectiveFrom ?? v.startOn;
  const scheme = ref.schemes.filter((s) => s.effectiveFrom <= from).at(-1);
  if (!scheme) {
    problem(
      'topUpBand',
      `No top-up scheme is in force on ${ukDate(from)}, when the costs start: give the agreed amount in Top-up a year`,
    );
    return null;
  }
  const bands = scheme.bands.get(group);
  const band = bands?.get(foldBand(v.topUpBand));
  if (band !== undefined) return { band };
  const codes = [...new Set(bands?.values() ?? [])].sort((a, b) =>
    a.localeCompare(b, 'en-GB', { numeric: true }),
  );
  problem(
    'topUpBand',
    codes.length
      ? `The top-up scheme in force on ${ukDate(from)} has no band ${quoted(v.topUpBand)} for ${groupNames[group]} settings: use one of ${codes.join(', ')}, or give the agreed amount in Top-up a year`
      : `The top-up scheme in force on ${ukDate(from)} has no bands for ${groupNames[group]} settings: give the agreed amount in Top-up a year`,
  );
  return null;
}

function readFee(
  v: PlacementImportValues,
  problem: (column: PlacementImportColumn, text: string) => void,
): ImportedRow['fee'] {
  const { feePence: amount, feePer: per, feeUnitsPerYear: units } = v;
  const byUnit = per === 'week' || per === 'day';
  if (units !== null && !byUnit)
    problem(
      'feeUnitsPerYear',
      'is only for a fee a week or a day (Fee per Week or Day): leave it blank, or say what the fee is for',
    );
  if (amount === null) {
    if (per !== null)
      problem('feePence', 'is blank, but Fee per is given: give the fee, or leave both blank');
    return null;
  }
  if (per === null) {
    problem('feePer', 'is blank: say what the fee is for: Year, Term, Week or Day');
    return null;
  }
  if (byUnit && units === null) {
    problem(
      'feeUnitsPerYear',
      `is blank: give the ${per === 'week' ? 'weeks' : 'days'} charged in a year, like ${unitsExample[per]}`,
    );
    return null;
  }
  return { amountPence: amount, per, unitsPerYear: byUnit ? units : null };
}
