import type { IsoDate } from '../../../platform/kernel/dates.ts';

export type { IsoDate };

/**
 * Where a child is educated, in the words finance teams and the SEN2 return use. A financial
 * year is named by the calendar year it starts in: 2026 is 1 April 2026 to 31 March 2027 ("2026-27").
 */
export const placementTypes = [
  'mainstream',
  'mainstream_unit',
  'maintained_special',
  'academy_special',
  'non_maintained_special',
  'independent_special',
  'fe_college',
  'specialist_post_16',
  'alternative_provision',
  'eotas',
  'elective_home_education',
  'hospital_education',
  'out_of_county',
] as const;
export type PlacementType = (typeof placementTypes)[number];

export const costKinds = ['place_funding', 'top_up', 'fee', 'transport', 'other'] as const;
export type CostKind = (typeof costKinds)[number];

/** The period an agreed amount is for. */
export const periods = ['year', 'term', 'week', 'day'] as const;
export type Per = (typeof periods)[number];

/** Place funding comes from the LA's high needs block, or from the ESFA straight to the provider. */
export type Funder = 'la' | 'esfa';

/**
 * Who bears a cost: the LA's high needs block; the ESFA directly (outside the LA's own budget);
 * health's or social care's share; or home-to-school transport (the council's general fund).
 */
export const payers = ['high_needs', 'esfa_direct', 'health', 'social_care', 'transport'] as const;
export type Payer = (typeof payers)[number];

/** The settings a top-up band's value is set for. */
export const settingGroups = ['mainstream', 'unit', 'special', 'post_16', 'alternative_provision'] as const;
export type SettingGroup = (typeof settingGroups)[number];

/** The high needs block's budget lines a cost is counted against. */
export const budgetLineCodes = [
  'mainstream_top_ups',
  'special_schools',
  'independent',
  'post_16',
  'alternative_provision',
  'central_services',
] as const;
export type BudgetLineCode = (typeof budgetLineCodes)[number];

/** One cost line as agreed: an amount per period, or a band of whichever top-up scheme is in force. */
export interface CostLine {
  kind: CostKind;
  /** Per `per`; null for a band top-up. */
  amountPence: number | null;
  per: Per | null;
  /** Weeks (per week) or days (per day) charged in a year; null otherwise. */
  unitsPerYear: number | null;
  topUpBand: string | null;
  funder: Funder;
  effectiveFrom: IsoDate;
  /** The last day it applies; null runs to the placement's end. */
  effectiveTo: IsoDate | null;
  /** Hundredths of a per cent (2,500 = 25%). */
  healthShareBp: number;
  socialCareShareBp: number;
}

export interface PlacementFacts {
  type: PlacementType;
  startOn: IsoDate;
  /** The last day attended, once it has ended. */
  endOn: IsoDate | null;
  expectedEndOn: IsoDate | null;
  fte: number;
  costLines: CostLine[];
}

/** An adopted top-up scheme: in force from its date until the next adopted one. */
export interface TopUpScheme {
  effectiveFrom: IsoDate;
  bands: { settingGroup: SettingGroup; band: string; annualPence: number }[];
}

/** A placement's cost in one financial year, for one budget line and payer. */
export interface CostShare {
  fy: number;
  budgetLine: BudgetLineCode | 'transport';
  payer: Payer;
  pence: number;
}
