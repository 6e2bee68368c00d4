import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { AppModule } from '../../platform/module.ts';
import { providersAuditVocabulary } from './audit-vocabulary.ts';
import * as clusterRepo from './cluster-repo.ts';
import { searchableName } from './domain/names.ts';
import { giasImportJob } from './import-service.ts';
import { placesImportJob } from './places/imports.ts';
import * as repo from './repo.ts';
import { providerRoutes } from './routes.ts';

/** What other modules may ask of schools and settings. */

/** Who is linked to which school as SENCo or head teacher, and who hosts which cluster: for people administration. */
export {
  addStaffLink,
  establishmentForUrn,
  type Hosting,
  hostingsOf,
  removeStaffLink,
  type StaffLink,
  type StaffRole,
  staffLinksOf,
  staffOfEstablishment,
  staffOfEstablishments,
} from './staff-links.ts';

export interface EstablishmentSummary {
  id: string;
  urn: number | null;
  name: string;
  phase: string | null;
  typeName: string | null;
  isSpecial: boolean;
  /** school, independent, early_years, post_16, alternative_provision or other. */
  settingKind: string;
  /** GIAS's establishment type group: "Academies", "Free Schools", "Local authority maintained schools"… */
  typeGroup: string | null;
  ofstedRating: string | null;
  /** Whether it has an SEN unit or resourced provision (an SRB). */
  hasUnit: boolean;
  /** Pupils on roll, as GIAS last gave them. */
  pupils: number | null;
}

/** The establishments where this user is SENCo (or headteacher). */
export function establishmentIdsForStaff(tx: Tx, userId: string): Promise<string[]> {
  return repo.establishmentIdsForStaff(tx, userId);
}

/** The member schools, today, of the clusters this user currently hosts. */
export function establishmentIdsForClusterHost(tx: Tx, userId: string, today: string): Promise<string[]> {
  return repo.establishmentIdsForClusterHost(tx, userId, today);
}

/** The cluster each of these schools belongs to on a day; a school in none is left out. */
export function clustersOn(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
  on: string,
): Promise<{ establishmentId: string; clusterId: string; clusterName: string }[]> {
  return clusterRepo.clustersOn(tx, laCode, establishmentIds, on);
}

export function establishmentSummaries(tx: Tx, ids: string[]): Promise<EstablishmentSummary[]> {
  return repo.establishmentSummaries(tx, ids);
}

/** Every school and setting on the LA's register that has a URN: for matching a file's rows to settings. */
export function establishmentsWithUrns(tx: Tx): Promise<{ id: string; urn: number; name: string }[]> {
  return repo.establishmentsWithUrns(tx);
}

/**
 * The LA's one school or setting with this name, spelled however in case, accents and spacing:
 * where a setting named in words (an EHC plan's section I) is on the register. Undefined when
 * none is, or more than one is and the name cannot tell which.
 */
export async function establishmentNamed(tx: Tx, laCode: string, name: string): Promise<string | undefined> {
  const ids = await repo.establishmentIdsNamed(tx, laCode, searchableName(name));
  return ids.length === 1 ? ids[0] : undefined;
}

/**
 * The LA's schools and settings a person means by a typed name or URN ("Dereham", "121212"), as
 * the schools search finds them, for another module's filter.
 */
export async function establishmentIdsMatching(
  tx: Tx,
  laCode: string,
  text: string,
  today: string,
): Promise<string[]> {
  const trimmed = text.trim();
  const urn = /^\d{6}$/.test(trimmed) ? Number(trimmed) : undefined;
  const q = urn === undefined ? searchableName(trimmed) : undefined;
  if (urn === undefined && !q) return [];
  const { items } = await repo.searchEstablishments(tx, {
    laCode,
    q,
    urn,
    status: 'all',
    today,
    limit: 1000,
    offset: 0,
  });
  return items.map((i) => i.id);
}

/** Open schools and settings by name (or URN), phase and SEN provision: the Local Offer's list of them. */
export async function findSettings(
  tx: Tx,
  f: {
    laCode: string;
    text: string;
    phase?: string | undefined;
    srb?: boolean | undefined;
    special?: boolean | undefined;
    today: string;
    limit: number;
    offset: number;
  },
) {
  const trimmed = f.text.trim();
  const urn = /^\d{6}$/.test(trimmed) ? Number(trimmed) : undefined;
  return repo.searchEstablishments(tx, {
    laCode: f.laCode,
    q: urn === undefined && trimmed ? searchableName(trimmed) : undefined,
    urn,
    phase: f.phase,
    srb: f.srb,
    special: f.special,
    status: 'open',
    today: f.today,
    limit: f.limit,
    offset: f.offset,
  });
}

export { type Actor, londonToday } from './actor.ts';
export { type ClusterSchoolOn, clusterSchoolsOn, findCluster } from './cluster-repo.ts';
export { britishNationalGrid, gridToLatLong, type LatLong } from './domain/coordinates.ts';
export { phases, type SenType, senTypeLabels, senTypes } from './domain/establishment.ts';
export { searchableName } from './domain/names.ts';
export { normalisePostcode } from './domain/postcode.ts';
export { type GiasFiles, type ImportSummary, importGiasNow, summaryMessage } from './import-service.ts';
// For the sufficiency views: places in force, where settings are, and what a child fits.
export {
  fitsLine,
  inForce,
  type PlaceLine,
  type PlacePhase,
  phaseAges,
  placePhaseLabels,
  placePhases,
  placesOn,
} from './places/domain/places.ts';
export {
  type PlanningSetting,
  placeLinesFrom,
  planningSettings,
  type StoredPlaceLine,
} from './places/repo.ts';
export type { SchoolListItem } from './repo.ts';

/** Schools and settings from GIAS, special schools and SRBs with places by need, clusters and their hosts. */
export const providersModule: AppModule = {
  name: 'providers',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  navigation: [
    { href: '/schools', text: 'Schools', access: 'providers:read' },
    { href: '/clusters', text: 'Clusters', access: 'providers:read' },
  ],
  jobs: [giasImportJob, placesImportJob],
  auditVocabulary: providersAuditVocabulary,
  routes: providerRoutes,
};
