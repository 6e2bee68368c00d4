import {
  type Choice,
  choice,
  column,
  date,
  integer,
  text,
  type ValuesOf,
} from '../../../../platform/imports/index.ts';
import { type SenType, senTypeLabels, senTypes } from '../../../../platform/kernel/sen2.ts';
import { type Provision, provisionLabels } from '../../domain/establishment.ts';
import { type PlacePhase, placePhaseLabels } from './places.ts';

/**
 * The columns of a file of designated places, as a sufficiency lead keeps them: a row a line, the
 * setting by URN, its provision, need, phase and ages, and the places from a date.
 */

const provisionChoices: Choice<Provision>[] = [
  { value: 'special_school', label: provisionLabels.special_school, codes: ['Special', 'Special school'] },
  { value: 'sen_unit', label: provisionLabels.sen_unit, codes: ['Unit', 'SEN unit'] },
  {
    value: 'resourced_provision',
    label: provisionLabels.resourced_provision,
    codes: ['SRB', 'Specialist resource base', 'Resource base', 'RP'],
  },
];

const needChoices: Choice<SenType>[] = senTypes.map((value) => ({
  value,
  label: value,
  codes: [senTypeLabels[value]],
}));

const phaseChoices: Choice<PlacePhase>[] = (Object.entries(placePhaseLabels) as [PlacePhase, string][]).map(
  ([value, label]) => ({
    value,
    label,
    codes:
      value === 'early_years' ? ['EY', 'Nursery'] : value === 'post_16' ? ['16 plus', 'Post 16', 'FE'] : [],
  }),
);

export const placeColumns = [
  column({
    key: 'urn',
    header: 'URN',
    aliases: ['Unique reference number', 'School URN'],
    required: true,
    description: 'The setting’s unique reference number, 6 figures, as GIAS gives it.',
    ...integer({ min: 100_000, max: 999_999, example: 121_212 }),
  }),
  column({
    key: 'provision',
    header: 'Provision',
    aliases: ['Type of provision'],
    required: true,
    description: 'Special school, SEN unit, or Resourced provision (SRB).',
    ...choice(provisionChoices),
  }),
  column({
    key: 'senType',
    header: 'Need',
    aliases: ['Type of need', 'Primary need', 'SEN type', 'Designation'],
    required: true,
    description: 'The type of need as its SEN2 code, such as ASD, SEMH or SLD.',
    ...choice(needChoices),
  }),
  column({
    key: 'phase',
    header: 'Phase',
    required: true,
    description: 'Early years, Primary, Secondary, Post-16 or All-through.',
    ...choice(phaseChoices),
  }),
  column({
    key: 'lowAge',
    header: 'Youngest age',
    aliases: ['Low age', 'Age from'],
    required: true,
    description: 'The youngest age, on 31 August before the school year.',
    ...integer({ min: 0, max: 25, example: 4 }),
  }),
  column({
    key: 'highAge',
    header: 'Oldest age',
    aliases: ['High age', 'Age to'],
    required: true,
    description: 'The oldest age, on 31 August before the school year.',
    ...integer({ min: 0, max: 25, example: 11 }),
  }),
  column({
    key: 'places',
    header: 'Places',
    aliases: ['Designated places', 'Commissioned places'],
    required: true,
    description: 'The number of places, 0 or more.',
    ...integer({ min: 0, max: 10_000, example: 12 }),
  }),
  column({
    key: 'startsOn',
    header: 'Starts on',
    aliases: ['Start date', 'From'],
    required: true,
    description: 'The first day the places are in force; a new school’s or SRB’s opening day.',
    ...date(),
  }),
  column({
    key: 'endsOn',
    header: 'Last day',
    aliases: ['End date', 'To', 'Ends on'],
    required: false,
    description: 'The last day the places are in force; blank while they run on.',
    ...date({ optional: true }),
  }),
  column({
    key: 'note',
    header: 'Note',
    required: false,
    description: 'Anything to keep with the line, up to 500 characters.',
    ...text({ max: 500, optional: true, example: 'Commissioned by Cabinet, March 2026' }),
  }),
] as const;

export type PlaceRowValues = ValuesOf<typeof placeColumns>;
