import {
  type Choice,
  choice,
  column,
  date,
  decimal,
  integer,
  money,
  text,
  type ValuesOf,
  yesNo,
} from '../../../../platform/imports/index.ts';
import { placementTypeLabels } from '../../domain/labels.ts';
import type { Per, PlacementType } from '../../domain/types.ts';

/**
 * The columns a high-needs finance team keeps for its placements, as the import reads them: who
 * the child is (with their name and date of birth to check it is the right child), where and how
 * they are placed, and what it costs. Each row is one placement, or more cost lines for one
 * already on an earlier row (see rows.ts for how rows make placements).
 */

/** What each placement type is also called in finance teams' sheets, besides its label. */
const typeWords: Record<PlacementType, readonly string[]> = {
  mainstream: ['Mainstream'],
  mainstream_unit: [
    'SRB',
    'SEN unit',
    'Unit',
    'Mainstream unit',
    'Mainstream SRB',
    'SRB or SEN unit',
    'Specialist resource base',
    'Resourced provision',
  ],
  maintained_special: ['Maintained special', 'Special school (maintained)', 'LA maintained special school'],
  academy_special: [
    'Academy special',
    'Academy special school',
    'Special academy',
    'Free special school',
    'Special free school',
  ],
  non_maintained_special: ['Non-maintained special', 'NMSS'],
  independent_special: ['Independent special', 'Independent', 'Independent school', 'ISS'],
  fe_college: ['FE', 'Further education college', 'General FE college', 'College'],
  specialist_post_16: ['Specialist post-16', 'SPI', 'Independent specialist provider'],
  alternative_provision: ['Alternative provision', 'AP', 'PRU', 'Pupil referral unit', 'AP or PRU'],
  eotas: ['EOTAS', 'Education otherwise', 'Education otherwise than in school'],
  elective_home_education: ['EHE', 'Home education', 'Home educated'],
  hospital_education: ['Hospital', 'Hospital school'],
  out_of_county: ['Out of county placement', 'OOC', 'Out of area'],
};

export const placementTypeChoices: Choice<PlacementType>[] = (
  Object.entries(placementTypeLabels) as [PlacementType, string][]
).map(([value, label]) => ({ value, label, codes: [value, ...typeWords[value]] }));

const perChoices: Choice<Per>[] = [
  {
    value: 'year',
    label: 'Year',
    codes: ['a year', 'per year', 'annual', 'annually', 'yearly', 'per annum'],
  },
  { value: 'term', label: 'Term', codes: ['a term', 'per term', 'termly'] },
  { value: 'week', label: 'Week', codes: ['a week', 'per week', 'weekly'] },
  { value: 'day', label: 'Day', codes: ['a day', 'per day', 'daily'] },
];

const basisChoices: Choice<'ehc_plan' | 'interim'>[] = [
  {
    value: 'ehc_plan',
    label: 'EHC plan',
    codes: ['ehc_plan', 'EHCP', 'Named in EHC plan', 'Named', 'Plan', 'Yes'],
  },
  { value: 'interim', label: 'Interim', codes: ['Not named', 'No'] },
];

const blank = { csv: '', xlsx: null };
/** Costs are kept by financial year from 2000-01 (placement_costs.fy). */
const firstCostDay = '2000-04-01';
const lastStartDay = '2099-12-31';

export const placementImportColumns = [
  column({
    key: 'upn',
    header: 'UPN',
    aliases: ['Unique pupil number', 'Child UPN', 'Pupil UPN'],
    required: true,
    ...text({ optional: true, max: 20 }),
    example: { csv: 'D926123401001', xlsx: 'D926123401001' },
    description:
      'The child’s unique pupil number, like D926123401001. Leave it blank only where the row gives the OpenSEND child ID.',
  }),
  column({
    key: 'childId',
    header: 'OpenSEND child ID',
    aliases: ['Child ID', 'OpenSEND ID'],
    required: false,
    ...text({ optional: true, max: 40 }),
    example: blank,
    description:
      'The child’s ID in OpenSEND, from the address of their record, for a child without a UPN. With a UPN as well, both must be the same child’s.',
  }),
  column({
    key: 'surname',
    header: 'Surname',
    aliases: ['Last name', 'Family name'],
    required: true,
    ...text({ max: 100, example: 'Placed' }),
    description:
      'The child’s surname, as their record has it (accents and case do not matter): a check that the UPN is the right child’s.',
  }),
  column({
    key: 'forename',
    header: 'Forename',
    aliases: ['First name', 'Given name', 'Forenames'],
    required: true,
    ...text({ max: 100, example: 'Ada' }),
    description: 'The child’s forename, as their record has it: checked like the surname.',
  }),
  column({
    key: 'dateOfBirth',
    header: 'Date of birth',
    aliases: ['DOB', 'Birth date'],
    required: true,
    ...date({ min: '1990-01-01' }),
    example: { csv: '27/03/2015', xlsx: { date: '2015-03-27' }, numFmt: 'dd/mm/yyyy' },
    description: 'The child’s date of birth, as their record has it: checked like the surname.',
  }),
  column({
    key: 'urn',
    header: 'URN',
    aliases: ['Setting URN', 'School URN'],
    required: false,
    ...integer({ min: 100_000, max: 9_999_999, optional: true }),
    example: { csv: '145678', xlsx: 145_678 },
    description:
      'The URN of a school or setting on your LA’s register. Leave it blank for a provider without a URN, and give its name.',
  }),
  column({
    key: 'settingName',
    header: 'Setting name',
    aliases: ['Setting', 'Provider', 'Provider name', 'School', 'School name'],
    required: true,
    ...text({ optional: true, max: 200 }),
    example: { csv: 'Chapel Green School', xlsx: 'Chapel Green School' },
    description:
      'The provider’s name, for a provider without a URN. Where the row gives a URN, the setting is the one with that URN and this name is not read.',
  }),
  column({
    key: 'type',
    header: 'Placement type',
    aliases: ['Type', 'Type of placement'],
    required: true,
    ...choice(placementTypeChoices),
    example: { csv: 'Maintained special school', xlsx: 'Maintained special school' },
    description: `One of: ${Object.values(placementTypeLabels).join('; ')}. Common short forms are understood too, like SRB, AP, PRU, EOTAS, FE or Independent.`,
  }),
  column({
    key: 'startOn',
    header: 'Start date',
    aliases: ['Start', 'Placement start', 'Start on'],
    required: true,
    ...date({ min: firstCostDay, max: lastStartDay }),
    description:
      'The day the placement starts. Dates may be written day first (01/09/2026), year first (2026-09-01), in words (1 September 2026) or as date cells in a workbook, one way in each column; a two-digit year, a date written month first and a bare number are refused.',
  }),
  column({
    key: 'endOn',
    header: 'End date',
    aliases: ['End', 'Placement end', 'Date ended', 'Leaving date'],
    required: false,
    ...date({ optional: true, min: firstCostDay }),
    example: blank,
    description: 'The last day of a placement that has ended, or will on a known day. Blank if it runs on.',
  }),
  column({
    key: 'expectedEndOn',
    header: 'Expected end date',
    aliases: ['Expected end', 'Planned end date'],
    required: false,
    ...date({ optional: true, min: firstCostDay }),
    example: { csv: '31/07/2031', xlsx: { date: '2031-07-31' }, numFmt: 'dd/mm/yyyy' },
    description: 'When the placement is expected to end, if it has no end date yet: its costs run to it.',
  }),
  column({
    key: 'daysAWeek',
    header: 'Days a week',
    aliases: ['Days per week'],
    required: false,
    ...decimal({ min: 0, max: 5, aboveMin: true, places: 2, optional: true, example: 2.5 }),
    example: blank,
    description:
      'For a part-time placement: the days a week the child attends, like 2 or 2.5. Leave it and FTE blank for a full-time placement.',
  }),
  column({
    key: 'fte',
    header: 'FTE',
    aliases: ['Full-time equivalent', 'Share of full time'],
    required: false,
    ...decimal({ min: 0, max: 1, aboveMin: true, places: 3, optional: true, example: 0.4 }),
    example: blank,
    description:
      'Or the share of full time, like 0.4 for 2 days a week (1 is full time). Not with Days a week.',
  }),
  column({
    key: 'residentialWeeks',
    header: 'Residential weeks',
    aliases: ['Residential weeks a year', 'Weeks residential'],
    required: false,
    ...integer({ min: 1, max: 52, optional: true, example: 38 }),
    example: blank,
    description: 'For a residential placement: the weeks a year the child boards, from 1 to 52.',
  }),
  column({
    key: 'basis',
    header: 'EHC plan or interim',
    aliases: ['Named in EHC plan', 'Named in plan', 'Basis'],
    required: false,
    ...choice(basisChoices, { optional: true }),
    description:
      'EHC plan where the child’s EHC plan in force names the placement (the child must have one); Interim for a placement made before a plan names it. Blank is EHC plan.',
  }),
  column({
    key: 'topUpBand',
    header: 'Top-up band',
    aliases: ['Band', 'Banding'],
    required: false,
    ...text({ optional: true, max: 100 }),
    example: { csv: 'S2', xlsx: 'S2' },
    description:
      'A band of the LA’s top-up scheme in force when the costs start, by its code or name (like S2, or Special band 2): its value follows the scheme in force each day. Not with Top-up a year.',
  }),
  column({
    key: 'topUpPence',
    header: 'Top-up a year',
    aliases: ['Top-up amount', 'Agreed top-up', 'Annual top-up', 'Top-up'],
    required: false,
    ...money({ optional: true }),
    example: blank,
    description: 'Or an agreed top-up in pounds a year, like 12132 or £12,132.00.',
  }),
  column({
    key: 'feePence',
    header: 'Fee',
    aliases: ['Fee amount', 'Fees'],
    required: false,
    ...money({ optional: true }),
    example: blank,
    description: 'A fee the provider charges, in pounds, for the period in Fee per.',
  }),
  column({
    key: 'feePer',
    header: 'Fee per',
    aliases: ['Fee period', 'Fee frequency'],
    required: false,
    ...choice(perChoices, { optional: true }),
    example: blank,
    description: 'What the fee is for: Year, Term (three a year), Week or Day.',
  }),
  column({
    key: 'feeUnitsPerYear',
    header: 'Fee weeks or days a year',
    aliases: ['Weeks or days charged', 'Weeks or days a year', 'Fee units a year'],
    required: false,
    ...decimal({ min: 0, max: 366, aboveMin: true, places: 2, optional: true, example: 38 }),
    example: blank,
    description: 'For a fee a week or a day: the weeks or days charged in a year, like 38 weeks or 190 days.',
  }),
  column({
    key: 'transportPence',
    header: 'Transport a year',
    aliases: ['Transport', 'Transport amount', 'Annual transport', 'Transport cost'],
    required: false,
    ...money({ optional: true }),
    example: { csv: '3200.00', xlsx: 3200, numFmt: '"£"#,##0.00' },
    description:
      'Home to school transport in pounds a year: the council’s cost, outside the high needs block.',
  }),
  column({
    key: 'healthSharePercent',
    header: 'Health share %',
    aliases: ['Health share', 'Health contribution %', 'Health %'],
    required: false,
    ...decimal({ min: 0, max: 100, places: 2, percent: true, optional: true, example: 25 }),
    example: blank,
    description: 'The share of the row’s fee and top-up that health pays, like 25 or 25%.',
  }),
  column({
    key: 'socialCareSharePercent',
    header: 'Social care share %',
    aliases: ['Social care share', 'Social care contribution %', 'Social care %'],
    required: false,
    ...decimal({ min: 0, max: 100, places: 2, percent: true, optional: true, example: 25 }),
    example: blank,
    description: 'The share social care pays, likewise. Education pays the rest.',
  }),
  column({
    key: 'effectiveFrom',
    header: 'Costs effective from',
    aliases: ['Effective from', 'Effective date', 'Costs from'],
    required: false,
    ...date({ optional: true, min: firstCostDay }),
    example: blank,
    description:
      'The day the row’s costs take effect. Blank on a placement’s first row is its start date; each later row of the same placement needs one.',
  }),
  column({
    key: 'confirmed',
    header: 'Confirm large amount',
    aliases: ['Confirm over £500,000', 'Confirmed large amount'],
    required: false,
    ...yesNo({ optional: true }),
    example: blank,
    description:
      'Yes where an amount on the row comes to more than £500,000 a year and is right; without it such a row is refused as a likely slip.',
  }),
] as const;

export type PlacementImportValues = ValuesOf<typeof placementImportColumns>;
export type PlacementImportColumn = keyof PlacementImportValues;
