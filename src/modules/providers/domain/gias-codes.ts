import type {
  Designation,
  EstablishmentStatus,
  OfstedRating,
  Provision,
  SenType,
  SettingKind,
} from './establishment.ts';

/** GIAS TypeOfEstablishment codes of special schools: community, foundation, non-maintained, independent, academy (sponsor led, converter), free school. */
export const specialSchoolTypeCodes: ReadonlySet<number> = new Set([7, 12, 8, 10, 33, 44, 36]);
/** Pupil referral units, academy alternative provision (converter, sponsor led), free school AP. */
export const alternativeProvisionTypeCodes: ReadonlySet<number> = new Set([14, 42, 43, 38]);
const independentTypeCodes: ReadonlySet<number> = new Set([10, 11]);
const post16TypeCodes: ReadonlySet<number> = new Set([18, 31, 32, 39, 45, 46, 57]);
const earlyYearsTypeCodes: ReadonlySet<number> = new Set([15]);
const otherTypeCodes: ReadonlySet<number> = new Set([24, 25, 26, 27, 29, 30, 37, 49, 56]);

export function isSpecialSchoolType(typeCode: number): boolean {
  return specialSchoolTypeCodes.has(typeCode);
}

export function settingKindOfType(typeCode: number): SettingKind {
  if (alternativeProvisionTypeCodes.has(typeCode)) return 'alternative_provision';
  if (independentTypeCodes.has(typeCode)) return 'independent';
  if (post16TypeCodes.has(typeCode)) return 'post_16';
  if (earlyYearsTypeCodes.has(typeCode)) return 'early_years';
  if (otherTypeCodes.has(typeCode)) return 'other';
  return 'school';
}

const statusNames: Record<string, EstablishmentStatus> = {
  open: 'open',
  closed: 'closed',
  'open, but proposed to close': 'proposed_to_close',
  'proposed to open': 'proposed_to_open',
};

/** GIAS `EstablishmentStatus (name)` → status; undefined when GIAS has a name we do not know. */
export function statusFromGias(name: string): EstablishmentStatus | undefined {
  return statusNames[name.trim().toLowerCase()];
}

const senCodes: Record<string, SenType> = {
  SPLD: 'SPLD',
  MLD: 'MLD',
  SLD: 'SLD',
  PMLD: 'PMLD',
  SEMH: 'SEMH',
  // GIAS still carries the name SEMH replaced in the 2014 Code of Practice.
  BESD: 'SEMH',
  SLCN: 'SLCN',
  HI: 'HI',
  VI: 'VI',
  MSI: 'MSI',
  PD: 'PD',
  ASD: 'ASD',
  DS: 'DS',
  OTH: 'OTH',
};

/**
 * GIAS `SENn (name)`, like "ASD - Autistic Spectrum Disorder", → SEN2 type of need. Null for an
 * empty cell or "Not Applicable"; undefined for a value GIAS does not use.
 */
export function senTypeFromGias(name: string): SenType | null | undefined {
  const value = name.trim();
  if (value === '' || /^not applicable$/i.test(value)) return null;
  const code = /^([A-Za-z]+)\s+-\s+/.exec(value)?.[1]?.toUpperCase();
  return code ? senCodes[code] : undefined;
}

export interface ResourcedProvisionFlags {
  hasSenUnit: boolean;
  hasResourcedProvision: boolean;
}

/** GIAS `TypeOfResourcedProvision (name)` → which of a unit and resourced provision the school has. */
export function resourcedProvisionFromGias(name: string): ResourcedProvisionFlags | undefined {
  switch (name.trim().toLowerCase()) {
    case '':
    case 'not applicable':
    case 'not recorded':
      return { hasSenUnit: false, hasResourcedProvision: false };
    case 'resourced provision':
      return { hasSenUnit: false, hasResourcedProvision: true };
    case 'sen unit':
      return { hasSenUnit: true, hasResourcedProvision: false };
    case 'resourced provision and sen unit':
      return { hasSenUnit: true, hasResourcedProvision: true };
    default:
      return undefined;
  }
}

const ofstedNames: Record<string, OfstedRating> = {
  outstanding: 'outstanding',
  good: 'good',
  'requires improvement': 'requires_improvement',
  satisfactory: 'requires_improvement',
  inadequate: 'inadequate',
  'serious weaknesses': 'inadequate',
  'special measures': 'inadequate',
};

/** Older GIAS files carry `OfstedRating (name)`; newer ones do not, and the LA records it. */
export function ofstedRatingFromGias(name: string): OfstedRating | null | undefined {
  const value = name.trim().toLowerCase();
  if (value === '' || value === 'not applicable') return null;
  return ofstedNames[value];
}

/**
 * The designations GIAS implies: each type of need it lists, for each provision the school has
 * (the special school itself, its unit, its resourced provision). The places are the LA's to record.
 */
export function designationsFromGias(
  flags: { isSpecial: boolean } & ResourcedProvisionFlags,
  senTypes: readonly SenType[],
): Designation[] {
  const provisions: Provision[] = [];
  if (flags.isSpecial) provisions.push('special_school');
  if (flags.hasSenUnit) provisions.push('sen_unit');
  if (flags.hasResourcedProvision) provisions.push('resourced_provision');
  const unique = [...new Set(senTypes)];
  return provisions.flatMap((provision) => unique.map((senType) => ({ provision, senType })));
}
