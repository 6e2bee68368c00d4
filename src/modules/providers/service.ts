import type { Database } from '../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../platform/db/tenancy.ts';
import { type FieldError, HttpProblem, notFound, unprocessable } from '../../platform/http/problem.ts';
import { parseOrThrow } from '../../platform/http/validation.ts';
import { isUuid } from '../../platform/kernel/ids.ts';
import { type Actor, audit, authorise, tenantOf } from './actor.ts';
import { membershipsOf } from './cluster-repo.ts';
import { isCurrent, type Membership } from './domain/clusters.ts';
import { checkGridPoint } from './domain/coordinates.ts';
import {
  type Designation,
  type EstablishmentFields,
  establishmentProblems,
  fieldLabels,
  giasFields,
} from './domain/establishment.ts';
import { searchableName } from './domain/names.ts';
import { placeLinesOf, type StoredPlaceLine } from './places/repo.ts';
import * as repo from './repo.ts';
import {
  type EstablishmentPatchInput,
  establishmentPatchSchema,
  type NewEstablishmentInput,
  newEstablishmentSchema,
  type SchoolSearchInput,
  schoolSearchSchema,
} from './schemas.ts';

export interface SchoolDetail extends repo.EstablishmentRecord {
  designations: Designation[];
  placeLines: StoredPlaceLine[];
  memberships: Membership[];
  currentMembership: Membership | null;
}

/** An edit made from a version that is no longer the saved one; carries the saved record. */
export class StaleEdit extends HttpProblem {
  constructor(
    readonly current: SchoolDetail,
    sentVersion: number,
  ) {
    super(
      409,
      'Conflict',
      `This school was changed by someone else after version ${sentVersion}: it is now version ${current.version}. Read it again, re-apply your change and send version ${current.version}.`,
      [
        {
          field: 'version',
          message: `version ${sentVersion} is out of date; the school is at version ${current.version}`,
        },
      ],
    );
  }
}

export async function searchSchools(
  database: Database,
  actor: Actor,
  input: SchoolSearchInput,
  today: string,
) {
  const query = parseOrThrow(schoolSearchSchema, input);
  authorise(actor, 'providers:read');
  const q = query.q?.trim() ?? '';
  const urn = /^\d{6}$/.test(q) ? Number(q) : undefined;
  const result = await inTenant(database.db, tenantOf(actor), (tx) =>
    repo.searchEstablishments(tx, {
      laCode: actor.laCode,
      q: urn === undefined && q ? searchableName(q) : undefined,
      urn,
      phase: query.phase,
      special: query.special,
      srb: query.srb,
      status: query.status,
      today,
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
    }),
  );
  return { ...result, query };
}

async function loadDetail(
  tx: Tx,
  id: string,
  today: string,
  forUpdate = false,
): Promise<SchoolDetail | undefined> {
  const record = await repo.findEstablishment(tx, id, { forUpdate });
  if (!record) return undefined;
  const designations = (await repo.designationsOf(tx, [id])).get(id) ?? [];
  const placeLines = (await placeLinesOf(tx, [id])).get(id) ?? [];
  const memberships = await membershipsOf(tx, id);
  return {
    ...record,
    designations,
    placeLines,
    memberships,
    currentMembership: memberships.find((m) => isCurrent(m, today)) ?? null,
  };
}

/** A school by its id, or by its URN (a URN it had before a successor took over finds it too). */
export async function getSchool(
  database: Database,
  actor: Actor,
  ref: string,
  today: string,
): Promise<SchoolDetail> {
  authorise(actor, 'providers:read');
  const detail = await inTenant(database.db, tenantOf(actor), async (tx) => {
    const id = isUuid(ref)
      ? ref
      : /^\d{6}$/.test(ref)
        ? await repo.establishmentIdByUrn(tx, Number(ref))
        : undefined;
    return id ? loadDetail(tx, id, today) : undefined;
  });
  if (!detail)
    throw notFound(
      /^\d{6}$/.test(ref)
        ? `There is no school with URN ${ref} in your LA.`
        : 'There is no such school in your LA.',
    );
  return detail;
}

const emptyFields: EstablishmentFields = {
  urn: null,
  ukprn: null,
  name: '',
  settingKind: 'school',
  typeCode: null,
  typeName: null,
  typeGroup: null,
  phase: null,
  giasLaCode: null,
  status: 'open',
  openedOn: null,
  closedOn: null,
  street: null,
  locality: null,
  address3: null,
  town: null,
  postcode: null,
  district: null,
  easting: null,
  northing: null,
  latitude: null,
  longitude: null,
  statutoryLowAge: null,
  statutoryHighAge: null,
  capacity: null,
  pupils: null,
  ofstedRating: null,
  ofstedDate: null,
  isSpecial: false,
  hasSenUnit: false,
  senUnitCapacity: null,
  hasResourcedProvision: false,
  resourcedProvisionCapacity: null,
};

type FieldInput = Partial<Omit<EstablishmentFields, 'latitude' | 'longitude'>>;

/** Applies the given fields, places the grid reference, and lists every problem with the result. */
function applyFields(base: EstablishmentFields, given: FieldInput, designations: Designation[]) {
  const merged: EstablishmentFields = { ...base };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) Object.assign(merged, { [k]: v });
  const problems: FieldError[] = establishmentProblems(merged, designations);
  if (merged.easting !== null && merged.northing !== null) {
    const p = checkGridPoint(merged.easting, merged.northing);
    if (p.ok) Object.assign(merged, p.point);
    else problems.push({ field: 'easting', message: p.problem });
  } else {
    merged.latitude = null;
    merged.longitude = null;
  }
  return { merged, problems };
}

function fieldsOf(input: Record<string, unknown>): FieldInput {
  const { designations: _d, version: _v, ...rest } = input;
  return rest as FieldInput;
}

async function checkUrnFree(tx: Tx, urn: number | null, exceptId?: string): Promise<void> {
  if (urn === null) return;
  const holder = await repo.urnHolder(tx, urn);
  if (holder && holder.id !== exceptId)
    throw unprocessable([{ field: 'urn', message: `URN ${urn} is already used by ${holder.name}` }]);
}

/** A setting GIAS does not keep for the LA: an independent provider, an out-of-county school. */
export async function createSchool(database: Database, actor: Actor, input: NewEstablishmentInput) {
  const data = parseOrThrow(newEstablishmentSchema, input);
  authorise(actor, 'providers:write');
  const designations = data.designations ?? [];
  const { merged, problems } = applyFields(emptyFields, fieldsOf(data), designations);
  if (problems.length) throw unprocessable(problems);
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    await checkUrnFree(tx, merged.urn);
    const id = await repo.insertEstablishment(tx, actor.laCode, merged, {
      nameSearch: searchableName(merged.name),
    });
    await repo.replaceDesignations(tx, actor.laCode, id, designations);
    await audit(
      tx,
      actor,
      'school.created',
      { type: 'establishment', id },
      { urn: merged.urn, name: merged.name },
    );
    return { id, version: 1 };
  });
}

const sameDesignations = (a: readonly Designation[], b: readonly Designation[]) => {
  const key = (d: Designation) => `${d.provision}:${d.senType}`;
  return a.map(key).sort().join() === b.map(key).sort().join();
};

/**
 * Edits a school. The edit carries the version it was made from; if the school has changed
 * since, it is refused with the saved record, never silently overwritten. On a school kept up
 * to date from GIAS only the LA's own fields may change.
 */
export async function updateSchool(
  database: Database,
  actor: Actor,
  id: string,
  input: EstablishmentPatchInput,
  today: string,
) {
  const data = parseOrThrow(establishmentPatchSchema, input);
  authorise(actor, 'providers:write');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const current = await loadDetail(tx, id, today, true);
    if (!current) throw notFound('There is no such school in your LA.');
    if (current.version !== data.version) throw new StaleEdit(current, data.version);
    const given = fieldsOf(data);
    if (current.giasImportedAt) {
      const locked = giasFields.filter(
        (f) =>
          f in given &&
          given[f as keyof FieldInput] !== undefined &&
          given[f as keyof FieldInput] !== current[f],
      );
      if (locked.length)
        throw unprocessable(
          locked.map((f) => ({
            field: f,
            message: `${fieldLabels[f]} comes from GIAS and is updated by each import, so it cannot be changed here`,
          })),
        );
    }
    const designations = data.designations ?? current.designations;
    const { merged, problems } = applyFields(current, given, designations);
    if (problems.length) throw unprocessable(problems);
    if (merged.urn !== current.urn) await checkUrnFree(tx, merged.urn, id);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const k of Object.keys(emptyFields) as (keyof EstablishmentFields)[])
      if (merged[k] !== current[k]) changes[k] = [current[k], merged[k]];
    const designationsChanged = !sameDesignations(designations, current.designations);
    if (designationsChanged) changes.designations = [current.designations, designations];
    if (!Object.keys(changes).length) return { id, version: current.version };
    const changed = Object.fromEntries(
      Object.keys(changes).map((k) => [k, merged[k as keyof EstablishmentFields]]),
    );
    const version = await repo.updateEstablishment(tx, id, changed, current.version, {
      ...(changes.name ? { nameSearch: searchableName(merged.name) } : {}),
    });
    if (version === undefined) throw new StaleEdit(current, data.version);
    if (designationsChanged) await repo.replaceDesignations(tx, actor.laCode, id, designations);
    await audit(tx, actor, 'school.updated', { type: 'establishment', id }, { version, changes });
    return { id, version };
  });
}
