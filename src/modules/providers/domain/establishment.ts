/** Schools and settings, and the places they are designated for, in the DfE's own terms. */

import { type SenType, senTypeLabels, senTypes } from '../../../platform/kernel/sen2.ts';

export { type SenType, senTypeLabels, senTypes };

/** Where designated places are: the special school itself, or a unit or resourced provision in a mainstream school. */
export const provisions = ['special_school', 'sen_unit', 'resourced_provision'] as const;
export type Provision = (typeof provisions)[number];

export const provisionLabels: Record<Provision, string> = {
  special_school: 'Special school',
  sen_unit: 'SEN unit',
  resourced_provision: 'Resourced provision',
};

/** The same, within a sentence. */
export const provisionNames: Record<Provision, string> = {
  special_school: 'special school',
  sen_unit: 'SEN unit',
  resourced_provision: 'resourced provision',
};

export const settingKinds = [
  'school',
  'independent',
  'early_years',
  'post_16',
  'alternative_provision',
  'other',
] as const;
export type SettingKind = (typeof settingKinds)[number];

export const settingKindLabels: Record<SettingKind, string> = {
  school: 'School',
  independent: 'Independent school or provider',
  early_years: 'Early years setting',
  post_16: 'Post-16 setting',
  alternative_provision: 'Alternative provision',
  other: 'Other setting',
};

export const establishmentStatuses = ['open', 'proposed_to_open', 'proposed_to_close', 'closed'] as const;
export type EstablishmentStatus = (typeof establishmentStatuses)[number];

export const statusLabels: Record<EstablishmentStatus, string> = {
  open: 'Open',
  proposed_to_open: 'Proposed to open',
  proposed_to_close: 'Open, but proposed to close',
  closed: 'Closed',
};

export const ofstedRatings = [
  'outstanding',
  'good',
  'requires_improvement',
  'inadequate',
  'not_yet_inspected',
] as const;
export type OfstedRating = (typeof ofstedRatings)[number];

export const ofstedRatingLabels: Record<OfstedRating, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
  not_yet_inspected: 'Not yet inspected',
};

/** GIAS phases of education, as GIAS names them. */
export const phases = [
  'Nursery',
  'Primary',
  'Middle deemed primary',
  'Secondary',
  'Middle deemed secondary',
  '16 plus',
  'All-through',
  'Not applicable',
] as const;

/**
 * A type of need a setting's provision is designated for. GIAS lists the types; the places are
 * the LA's, kept as place lines (places/domain/places.ts) by need, phase, ages and dates.
 */
export interface Designation {
  provision: Provision;
  senType: SenType;
}

/** The fields that describe a school or setting, whoever keeps them. */
export interface EstablishmentFields {
  urn: number | null;
  ukprn: number | null;
  name: string;
  settingKind: SettingKind;
  typeCode: number | null;
  typeName: string | null;
  typeGroup: string | null;
  phase: string | null;
  giasLaCode: string | null;
  status: EstablishmentStatus;
  openedOn: string | null;
  closedOn: string | null;
  street: string | null;
  locality: string | null;
  address3: string | null;
  town: string | null;
  postcode: string | null;
  /** The local authority district it is in, as GIAS names it (DistrictAdministrative). */
  district: string | null;
  easting: number | null;
  northing: number | null;
  latitude: number | null;
  longitude: number | null;
  statutoryLowAge: number | null;
  statutoryHighAge: number | null;
  capacity: number | null;
  pupils: number | null;
  ofstedRating: OfstedRating | null;
  ofstedDate: string | null;
  isSpecial: boolean;
  hasSenUnit: boolean;
  senUnitCapacity: number | null;
  hasResourcedProvision: boolean;
  resourcedProvisionCapacity: number | null;
}

/**
 * Fields GIAS keeps for a school it lists. On a record kept up to date from GIAS they are not
 * edited by hand, since the next import would overwrite them; the LA keeps the rest.
 */
export const giasFields = [
  'urn',
  'ukprn',
  'name',
  'settingKind',
  'typeCode',
  'typeName',
  'typeGroup',
  'phase',
  'giasLaCode',
  'status',
  'openedOn',
  'closedOn',
  'street',
  'locality',
  'address3',
  'town',
  'postcode',
  'district',
  'easting',
  'northing',
  'statutoryLowAge',
  'statutoryHighAge',
  'capacity',
  'pupils',
  'isSpecial',
  'hasSenUnit',
  'senUnitCapacity',
  'hasResourcedProvision',
  'resourcedProvisionCapacity',
] as const satisfies readonly (keyof EstablishmentFields)[];

/** The provisions a setting has, so designations can be checked against them. */
export function provisionsOf(
  e: Pick<EstablishmentFields, 'isSpecial' | 'hasSenUnit' | 'hasResourcedProvision'>,
): Provision[] {
  const out: Provision[] = [];
  if (e.isSpecial) out.push('special_school');
  if (e.hasSenUnit) out.push('sen_unit');
  if (e.hasResourcedProvision) out.push('resourced_provision');
  return out;
}

/** One message per designation a setting cannot have, naming the provision it lacks. */
export function designationProblems(
  e: Pick<EstablishmentFields, 'isSpecial' | 'hasSenUnit' | 'hasResourcedProvision'>,
  designations: readonly Designation[],
): { index: number; message: string }[] {
  const has = new Set(provisionsOf(e));
  const seen = new Set<string>();
  const problems: { index: number; message: string }[] = [];
  designations.forEach((d, index) => {
    const key = `${d.provision}:${d.senType}`;
    if (seen.has(key))
      problems.push({
        index,
        message: `${provisionLabels[d.provision]} designation for ${d.senType} is given twice`,
      });
    seen.add(key);
    if (!has.has(d.provision)) {
      const needs =
        d.provision === 'special_school'
          ? 'is a special school'
          : d.provision === 'sen_unit'
            ? 'has a SEN unit'
            : 'has resourced provision';
      problems.push({
        index,
        message: `${provisionLabels[d.provision]} designation for ${d.senType} needs the setting to say it ${needs}`,
      });
    }
  });
  return problems;
}

/** What each field is called on pages, in messages and in the list of what changed. */
export const fieldLabels: Record<keyof EstablishmentFields | 'designations', string> = {
  urn: 'URN',
  ukprn: 'UKPRN',
  name: 'Name',
  settingKind: 'Kind of setting',
  typeCode: 'Type code',
  typeName: 'Type of establishment',
  typeGroup: 'Type group',
  phase: 'Phase of education',
  giasLaCode: 'LA in GIAS',
  status: 'Status',
  openedOn: 'Date it opened',
  closedOn: 'Date it closed',
  street: 'Street',
  locality: 'Locality',
  address3: 'Address line 3',
  town: 'Town or city',
  postcode: 'Postcode',
  district: 'District',
  easting: 'Easting',
  northing: 'Northing',
  latitude: 'Latitude',
  longitude: 'Longitude',
  statutoryLowAge: 'Lowest age',
  statutoryHighAge: 'Highest age',
  capacity: 'Capacity',
  pupils: 'Number of pupils',
  ofstedRating: 'Ofsted rating',
  ofstedDate: 'Date of the Ofsted inspection',
  isSpecial: 'Special school',
  hasSenUnit: 'SEN unit',
  senUnitCapacity: 'SEN unit places',
  hasResourcedProvision: 'Resourced provision',
  resourcedProvisionCapacity: 'Resourced provision places',
  designations: 'Types of need',
};

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Rules across fields, checked on the whole record as it would be saved (a new one, or the
 * saved one with an edit applied), so an edit of one field cannot break another.
 */
export function establishmentProblems(
  e: EstablishmentFields,
  designations: readonly Designation[],
): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (e.statutoryLowAge !== null && e.statutoryHighAge !== null && e.statutoryLowAge > e.statutoryHighAge)
    out.push({
      field: 'statutoryHighAge',
      message: 'Highest age must be the same as or more than the lowest age',
    });
  if ((e.easting === null) !== (e.northing === null))
    out.push({
      field: e.easting === null ? 'easting' : 'northing',
      message: 'Enter both the easting and the northing, or neither',
    });
  if (e.openedOn && e.closedOn && e.closedOn < e.openedOn)
    out.push({ field: 'closedOn', message: 'Date it closed must be on or after the date it opened' });
  if (e.status === 'closed' && !e.closedOn)
    out.push({ field: 'closedOn', message: 'Enter the date it closed' });
  if (!e.hasSenUnit && e.senUnitCapacity)
    out.push({ field: 'senUnitCapacity', message: 'SEN unit places need the setting to have a SEN unit' });
  if (!e.hasResourcedProvision && e.resourcedProvisionCapacity)
    out.push({
      field: 'resourcedProvisionCapacity',
      message: 'Resourced provision places need the setting to have resourced provision',
    });
  for (const p of designationProblems(e, designations))
    out.push({ field: `designations.${p.index}`, message: p.message });
  return out;
}
