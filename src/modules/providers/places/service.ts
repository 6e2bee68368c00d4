import type { Database } from '../../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../../platform/db/tenancy.ts';
import {
  conflict,
  type FieldError,
  HttpProblem,
  notFound,
  unprocessable,
} from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { type Actor, audit, authorise, tenantOf } from '../actor.ts';
import { provisionsOf } from '../domain/establishment.ts';
import * as establishments from '../repo.ts';
import { overlapMessage, overlaps, type PlaceLine, placeLineProblems } from './domain/places.ts';
import * as repo from './repo.ts';
import { placeLineChangeSchema, placeLineRemoveSchema, placeLineSchema } from './schemas.ts';

/** Adding, changing and removing a setting's lines of designated places. */

export interface SettingPlaces {
  establishment: { id: string; name: string; urn: number | null; version: number };
  lines: repo.StoredPlaceLine[];
}

const noSuchSetting = () => notFound('There is no such school or setting in your LA.');
export const noSuchLine = () => notFound('There is no such line of places at this setting.');

async function settingFor(tx: Tx, id: string, forUpdate: boolean) {
  const e = isUuid(id) ? await establishments.findEstablishment(tx, id, { forUpdate }) : undefined;
  if (!e) throw noSuchSetting();
  return e;
}

export async function getSettingPlaces(database: Database, actor: Actor, id: string): Promise<SettingPlaces> {
  authorise(actor, 'providers:read');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const e = await settingFor(tx, id, false);
    const lines = (await repo.placeLinesOf(tx, [e.id])).get(e.id) ?? [];
    return { establishment: { id: e.id, name: e.name, urn: e.urn, version: e.version }, lines };
  });
}

const provisionHeld: Record<PlaceLine['provision'], string> = {
  special_school: 'a special school',
  sen_unit: 'having a SEN unit',
  resourced_provision: 'having resourced provision',
};

/** Problems with a line at this setting: its own, the setting's provision and location, and clashes. */
function settingProblems(
  e: Awaited<ReturnType<typeof settingFor>>,
  line: PlaceLine,
  others: readonly repo.StoredPlaceLine[],
): FieldError[] {
  const problems: FieldError[] = placeLineProblems(line).map((p) => ({ field: p.field, message: p.message }));
  if (!provisionsOf(e).includes(line.provision))
    problems.push({
      field: 'provision',
      message: `${e.name} is not recorded as ${provisionHeld[line.provision]}: change its details first, or choose another provision`,
    });
  if (line.places > 0 && (e.latitude === null || e.longitude === null))
    problems.push({
      field: 'places',
      message: `${e.name} has no location, so children's journeys to its places cannot be worked out: give it a postcode or grid reference first`,
    });
  const clash = others.find((o) => overlaps(o, line));
  if (clash && !problems.length) problems.push({ field: 'startsOn', message: overlapMessage(clash) });
  return problems;
}

/** The database refuses two lines in force together too: a clash two people made at once. */
function isClash(err: unknown): boolean {
  return (err as { code?: string }).code === '23P01';
}

const clashProblem = () =>
  conflict(
    'Another line for this need and phase was saved at the same time and is in force on some of the same days. Read the places again and change that line instead.',
  );

export async function addPlaceLine(
  database: Database,
  actor: Actor,
  establishmentId: string,
  input: unknown,
) {
  const data = parseOrThrow(placeLineSchema, input);
  authorise(actor, 'providers:write');
  const line = { ...data, endsOn: data.endsOn ?? null, note: data.note ?? null };
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const e = await settingFor(tx, establishmentId, true);
    const others = (await repo.placeLinesOf(tx, [e.id])).get(e.id) ?? [];
    const problems = settingProblems(e, line, others);
    if (problems.length) throw unprocessable(problems);
    let id: string;
    try {
      id = await repo.insertPlaceLine(tx, actor.laCode, e.id, line, actor.userId);
    } catch (err) {
      if (isClash(err)) throw clashProblem();
      throw err;
    }
    await audit(
      tx,
      actor,
      'school.places.added',
      { type: 'establishment', id: e.id },
      { line: { id, ...line } },
    );
    return { id, version: 1 };
  });
}

export async function changePlaceLine(
  database: Database,
  actor: Actor,
  establishmentId: string,
  lineId: string,
  input: unknown,
) {
  const data = parseOrThrow(placeLineChangeSchema, input);
  authorise(actor, 'providers:write');
  const { version, ...rest } = data;
  const line = { ...rest, endsOn: rest.endsOn ?? null, note: rest.note ?? null };
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const e = await settingFor(tx, establishmentId, true);
    const all = (await repo.placeLinesOf(tx, [e.id])).get(e.id) ?? [];
    const current = all.find((l) => l.id === lineId);
    if (!current) throw noSuchLine();
    if (current.version !== version) throw staleLine(current.version, version);
    const problems = settingProblems(
      e,
      line,
      all.filter((l) => l.id !== lineId),
    );
    if (problems.length) throw unprocessable(problems);
    let saved: boolean;
    try {
      saved = await repo.updatePlaceLine(tx, lineId, version, line, actor.userId);
    } catch (err) {
      if (isClash(err)) throw clashProblem();
      throw err;
    }
    if (!saved) throw staleLine(current.version + 1, version);
    const { id: _id, establishmentId: _e, version: _v, ...before } = current;
    await audit(
      tx,
      actor,
      'school.places.changed',
      { type: 'establishment', id: e.id },
      { line: lineId, before, after: line },
    );
    return { id: lineId, version: version + 1 };
  });
}

export async function removePlaceLine(
  database: Database,
  actor: Actor,
  establishmentId: string,
  lineId: string,
  input: unknown,
) {
  const { version } = parseOrThrow(placeLineRemoveSchema, input);
  authorise(actor, 'providers:write');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const e = await settingFor(tx, establishmentId, true);
    const current = ((await repo.placeLinesOf(tx, [e.id])).get(e.id) ?? []).find((l) => l.id === lineId);
    if (!current) throw noSuchLine();
    if (current.version !== version || !(await repo.deletePlaceLine(tx, lineId, version)))
      throw staleLine(current.version, version);
    const { id: _id, establishmentId: _e, version: _v, ...before } = current;
    await audit(
      tx,
      actor,
      'school.places.removed',
      { type: 'establishment', id: e.id },
      { line: lineId, before },
    );
  });
}

function staleLine(now: number, sent: number) {
  return new HttpProblem(
    409,
    'Conflict',
    `These places were changed by someone else after version ${sent}: they are now version ${now}. Read them again and re-apply your change.`,
    [{ field: 'version', message: `version ${sent} is out of date; the line is at version ${now}` }],
  );
}
