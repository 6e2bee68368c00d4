import { checkGridPoint } from './coordinates.ts';
import { fromGiasDate } from './dates.ts';
import type { Designation, EstablishmentFields, OfstedRating, SenType } from './establishment.ts';
import {
  designationsFromGias,
  isSpecialSchoolType,
  ofstedRatingFromGias,
  resourcedProvisionFromGias,
  senTypeFromGias,
  settingKindOfType,
  statusFromGias,
} from './gias-codes.ts';
import { normalisePostcode } from './postcode.ts';

/** The GIAS columns the import reads, named exactly as in `edubasealldataYYYYMMDD.csv`. */
export const giasColumns = {
  urn: 'URN',
  laCode: 'LA (code)',
  name: 'EstablishmentName',
  typeCode: 'TypeOfEstablishment (code)',
  typeName: 'TypeOfEstablishment (name)',
  typeGroup: 'EstablishmentTypeGroup (name)',
  status: 'EstablishmentStatus (name)',
  openDate: 'OpenDate',
  closeDate: 'CloseDate',
  phase: 'PhaseOfEducation (name)',
  lowAge: 'StatutoryLowAge',
  highAge: 'StatutoryHighAge',
  capacity: 'SchoolCapacity',
  pupils: 'NumberOfPupils',
  ukprn: 'UKPRN',
  street: 'Street',
  locality: 'Locality',
  address3: 'Address3',
  town: 'Town',
  postcode: 'Postcode',
  district: 'DistrictAdministrative (name)',
  easting: 'Easting',
  northing: 'Northing',
  resourcedProvision: 'TypeOfResourcedProvision (name)',
  resourcedProvisionCapacity: 'ResourcedProvisionCapacity',
  senUnitCapacity: 'SenUnitCapacity',
} as const;

export const giasSenColumns = Array.from({ length: 13 }, (_, i) => `SEN${i + 1} (name)`);

/** Carried by GIAS files until Ofsted's single-word grades ended in 2024; read when present. */
export const giasOfstedColumns = { rating: 'OfstedRating (name)', date: 'OfstedLastInsp' } as const;

export const requiredGiasColumns: readonly string[] = [...Object.values(giasColumns), ...giasSenColumns];

export interface RowProblem {
  row: number;
  column: string;
  problem: string;
}

export type GiasFields = Omit<EstablishmentFields, 'ofstedRating' | 'ofstedDate'> & { urn: number };

/** One school as a GIAS row describes it. */
export interface GiasEstablishment {
  row: number;
  fields: GiasFields;
  /** Present only when the file has the Ofsted columns; otherwise the LA's record is kept. */
  ofsted?: { rating: OfstedRating | null; date: string | null };
  designations: Designation[];
}

export type RowResult =
  | { ok: true; value: GiasEstablishment; warnings: RowProblem[] }
  | { ok: false; problems: RowProblem[] };

// SEND covers ages 0 to 25. GIAS records some colleges as 16 to 99, meaning "any age".
const maxAge = 25;

/**
 * Where GIAS has no real district for a setting (one overseas, online, or never placed), it writes
 * ONS's pseudo-area, like "(pseudo) Wales", or a placeholder such as "Not applicable": neither is a
 * district to count the setting under.
 */
const noDistrict = /^(not applicable|not recorded|does not apply|unknown)$|\(pseudo\)/i;

function districtOf(name: string | null): string | null {
  return name === null || noDistrict.test(name) ? null : name;
}

/** Reads, checks and maps one GIAS row. `cell` gives a column's value ('' when absent). */
export function giasRowToEstablishment(
  cell: (column: string) => string,
  row: number,
  options: { hasOfsted: boolean },
): RowResult {
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const problem = (column: string, text: string) => problems.push({ row, column, problem: text });
  const text = (column: string, max = 200): string | null => {
    const v = cell(column).trim();
    if (v === '') return null;
    if (v.length > max) {
      problem(column, `is longer than ${max} characters`);
      return null;
    }
    return v;
  };
  const whole = (column: string, min: number, max: number): number | null => {
    const v = cell(column).trim();
    if (v === '') return null;
    if (!/^-?\d+$/.test(v)) {
      problem(column, `"${v}" is not a whole number`);
      return null;
    }
    const n = Number(v);
    if (n < min || n > max) {
      problem(column, `${n} is not between ${min} and ${max}`);
      return null;
    }
    return n;
  };
  const date = (column: string): string | null => {
    const v = cell(column).trim();
    if (v === '') return null;
    const iso = fromGiasDate(v);
    if (!iso) problem(column, `"${v}" is not a date written dd-mm-yyyy`);
    return iso ?? null;
  };
  const age = (column: string): number | null => {
    const v = cell(column).trim();
    if (/^\d+$/.test(v) && Number(v) > maxAge) {
      warnings.push({
        row,
        column,
        problem: `${v} is older than SEND covers (${maxAge}), so it was left blank`,
      });
      return null;
    }
    return whole(column, 0, maxAge);
  };

  const c = giasColumns;
  const urnText = cell(c.urn).trim();
  const urn = /^\d{6}$/.test(urnText) && Number(urnText) >= 100000 ? Number(urnText) : null;
  if (urn === null) problem(c.urn, urnText ? `"${urnText}" is not a URN (6 digits)` : 'is empty');
  const laCode = cell(c.laCode).trim();
  if (!/^\d{3}$/.test(laCode))
    problem(c.laCode, laCode ? `"${laCode}" is not a 3-digit LA code` : 'is empty');
  const name = text(c.name);
  if (name === null && !problems.some((p) => p.column === c.name)) problem(c.name, 'is empty');
  const typeCode = whole(c.typeCode, 1, 999);
  if (typeCode === null && !problems.some((p) => p.column === c.typeCode)) problem(c.typeCode, 'is empty');
  const statusText = cell(c.status).trim();
  const status = statusFromGias(statusText);
  if (!status)
    problem(
      c.status,
      statusText
        ? `"${statusText}" is not a GIAS status (Open; Closed; Open, but proposed to close; Proposed to open)`
        : 'is empty',
    );

  const ukprnText = cell(c.ukprn).trim();
  let ukprn: number | null = null;
  if (ukprnText !== '') {
    if (/^1\d{7}$/.test(ukprnText)) ukprn = Number(ukprnText);
    else problem(c.ukprn, `"${ukprnText}" is not a UKPRN (8 digits starting with 1)`);
  }

  const postcodeText = cell(c.postcode).trim();
  const postcode = postcodeText ? normalisePostcode(postcodeText) : null;
  if (postcodeText && !postcode) problem(c.postcode, `"${postcodeText}" is not a UK postcode`);

  const easting = whole(c.easting, 0, 700_000);
  const northing = whole(c.northing, 0, 1_300_000);
  let location: { easting: number; northing: number; latitude: number; longitude: number } | null = null;
  // GIAS writes 0 (or nothing) where it has no location.
  if (easting && northing) {
    const p = checkGridPoint(easting, northing);
    if (p.ok) location = { easting, northing, ...p.point };
    else problem(c.easting, `${easting}, ${northing} is not a point in Great Britain`);
  }

  const lowAge = age(c.lowAge);
  const highAge = age(c.highAge);
  if (lowAge !== null && highAge !== null && lowAge > highAge)
    problem(c.highAge, `${highAge} is below ${c.lowAge} ${lowAge}`);

  const rpText = cell(c.resourcedProvision);
  const rp = resourcedProvisionFromGias(rpText);
  if (!rp) problem(c.resourcedProvision, `"${rpText.trim()}" is not a GIAS type of resourced provision`);

  const senTypes: SenType[] = [];
  for (const column of giasSenColumns) {
    const v = cell(column);
    const t = senTypeFromGias(v);
    if (t === undefined) problem(column, `"${v.trim()}" is not a GIAS type of SEN provision`);
    else if (t) senTypes.push(t);
  }

  let ofsted: GiasEstablishment['ofsted'];
  if (options.hasOfsted) {
    const ratingText = cell(giasOfstedColumns.rating);
    const rating = ofstedRatingFromGias(ratingText);
    if (rating === undefined)
      problem(giasOfstedColumns.rating, `"${ratingText.trim()}" is not an Ofsted rating`);
    ofsted = { rating: rating ?? null, date: date(giasOfstedColumns.date) };
  }

  const fields = {
    ukprn,
    typeName: text(c.typeName),
    typeGroup: text(c.typeGroup),
    phase: text(c.phase, 50),
    openedOn: date(c.openDate),
    closedOn: date(c.closeDate),
    street: text(c.street),
    locality: text(c.locality),
    address3: text(c.address3),
    town: text(c.town),
    district: districtOf(text(c.district, 100)),
    capacity: whole(c.capacity, 0, 100_000),
    pupils: whole(c.pupils, 0, 100_000),
    resourcedProvisionCapacity: whole(c.resourcedProvisionCapacity, 0, 10_000),
    senUnitCapacity: whole(c.senUnitCapacity, 0, 10_000),
  };

  if (problems.length || urn === null || name === null || typeCode === null || !status || !rp)
    return { ok: false, problems };
  const isSpecial = isSpecialSchoolType(typeCode);
  return {
    ok: true,
    warnings,
    value: {
      row,
      fields: {
        ...fields,
        urn,
        name,
        settingKind: settingKindOfType(typeCode),
        typeCode,
        giasLaCode: laCode,
        status,
        postcode,
        easting: location?.easting ?? null,
        northing: location?.northing ?? null,
        latitude: location?.latitude ?? null,
        longitude: location?.longitude ?? null,
        statutoryLowAge: lowAge,
        statutoryHighAge: highAge,
        isSpecial,
        hasSenUnit: rp.hasSenUnit,
        hasResourcedProvision: rp.hasResourcedProvision,
      },
      ...(ofsted ? { ofsted } : {}),
      designations: designationsFromGias({ isSpecial, ...rp }, senTypes),
    },
  };
}
