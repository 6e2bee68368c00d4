import type { Tx } from '../../platform/db/tenancy.ts';
import { type Actor, audit } from './actor.ts';
import {
  type Designation,
  type EstablishmentFields,
  giasFields,
  provisionsOf,
} from './domain/establishment.ts';
import type { GiasEstablishment } from './domain/gias-row.ts';
import type { ImportPlan, PlannedRecord } from './domain/import-plan.ts';
import { searchableName } from './domain/names.ts';
import type { PlaceLine } from './places/domain/places.ts';
import { placeLinesOf } from './places/repo.ts';
import * as repo from './repo.ts';

export interface SavedCounts {
  created: number;
  updated: number;
  unchanged: number;
  superseded: number;
  replaced: { fromUrn: number; toUrn: number; name: string }[];
}

const designationKey = (d: Designation) => `${d.provision}:${d.senType}`;
const designationsKey = (ds: readonly Designation[]) => ds.map(designationKey).sort().join();

/**
 * GIAS lists the types of need; the LA may add more. Nothing records who added a type, but place
 * lines are the LA's alone (GIAS never touches them), so they mark the types the LA commissions.
 * A type GIAS does not list stays while the setting keeps that provision and has place lines for
 * it there, ended or not, since ending places is not undesignating the type; a type without lines
 * goes, as GIAS's own types go when GIAS stops listing them.
 */
export function mergeDesignations(
  gias: GiasEstablishment,
  current: readonly Designation[],
  placeLines: readonly Pick<PlaceLine, 'provision' | 'senType'>[],
): Designation[] {
  const listed = new Set(gias.designations.map(designationKey));
  const withPlaces = new Set(placeLines.map(designationKey));
  const provisions = new Set(provisionsOf(gias.fields));
  const kept = current.filter(
    (d) => !listed.has(designationKey(d)) && withPlaces.has(designationKey(d)) && provisions.has(d.provision),
  );
  return [...gias.designations, ...kept];
}

function giasValues(p: PlannedRecord, hasOfsted: boolean): Partial<EstablishmentFields> {
  const f = p.gias.fields;
  const values: Partial<EstablishmentFields> = {};
  for (const k of giasFields) Object.assign(values, { [k]: f[k] });
  values.latitude = f.latitude;
  values.longitude = f.longitude;
  if (hasOfsted && p.gias.ofsted) {
    values.ofstedRating = p.gias.ofsted.rating;
    values.ofstedDate = p.gias.ofsted.date;
  }
  return values;
}

/** Writes an import plan in the caller's transaction, recording each change in the audit log. */
export async function saveImportPlan(
  tx: Tx,
  actor: Actor,
  plan: ImportPlan,
  options: {
    hasOfsted: boolean;
    onSaved: (done: number, total: number) => unknown;
    jobId?: string | undefined;
  },
): Promise<SavedCounts> {
  const counts: SavedCounts = {
    created: 0,
    updated: 0,
    unchanged: 0,
    superseded: plan.superseded,
    replaced: [],
  };
  const total = plan.creates.length + plan.updates.length;
  let done = 0;
  const tick = async () => {
    done++;
    if (done % 100 === 0 || done === total) await options.onSaved(done, total);
  };
  const source = { source: 'gias', ...(options.jobId ? { jobId: options.jobId } : {}) };

  for (const p of plan.creates) {
    const fields = {
      ofstedRating: null,
      ofstedDate: null,
      ...giasValues(p, options.hasOfsted),
    } as EstablishmentFields;
    const id = await repo.insertEstablishment(tx, actor.laCode, fields, {
      nameSearch: searchableName(fields.name),
      previousUrns: p.previousUrns,
      fromGias: true,
    });
    await repo.replaceDesignations(tx, actor.laCode, id, p.gias.designations);
    await audit(
      tx,
      actor,
      'school.created',
      { type: 'establishment', id },
      { ...source, urn: fields.urn, row: p.gias.row },
    );
    counts.created++;
    await tick();
  }

  const ids = plan.updates.map((u) => u.id as string);
  const current = new Map((await repo.findEstablishments(tx, ids)).map((r) => [r.id, r]));
  const designations = await repo.designationsOf(tx, ids);
  const placeLines = await placeLinesOf(tx, ids);
  for (const p of plan.updates) {
    const id = p.id as string;
    const record = current.get(id);
    if (!record) throw new Error(`Establishment ${id} disappeared during the import`);
    const values = giasValues(p, options.hasOfsted);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(values))
      if (record[k as keyof EstablishmentFields] !== v)
        changes[k] = [record[k as keyof EstablishmentFields], v];
    const nextDesignations = mergeDesignations(p.gias, designations.get(id) ?? [], placeLines.get(id) ?? []);
    const designationsChanged =
      designationsKey(nextDesignations) !== designationsKey(designations.get(id) ?? []);
    const previousChanged = [...record.previousUrns].sort().join() !== p.previousUrns.join();
    if (!Object.keys(changes).length && !designationsChanged && !previousChanged && record.giasImportedAt) {
      counts.unchanged++;
      await tick();
      continue;
    }
    const version = await repo.updateEstablishment(tx, id, values, record.version, {
      ...(changes.name ? { nameSearch: searchableName(p.gias.fields.name) } : {}),
      previousUrns: p.previousUrns,
      fromGias: true,
    });
    if (version === undefined)
      throw new Error(`${record.name} was changed by someone else during the import`);
    if (designationsChanged) await repo.replaceDesignations(tx, actor.laCode, id, nextDesignations);
    if (p.replacedUrn !== undefined)
      counts.replaced.push({ fromUrn: p.replacedUrn, toUrn: p.gias.fields.urn, name: p.gias.fields.name });
    await audit(
      tx,
      actor,
      'school.updated',
      { type: 'establishment', id },
      {
        ...source,
        version,
        row: p.gias.row,
        changes,
        ...(designationsChanged ? { designationsChanged: true } : {}),
        ...(p.replacedUrn !== undefined ? { replacedUrn: p.replacedUrn, urn: p.gias.fields.urn } : {}),
      },
    );
    counts.updated++;
    await tick();
  }
  await audit(
    tx,
    actor,
    'gias.imported',
    { type: 'job', id: options.jobId ?? 'command-line' },
    {
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      superseded: counts.superseded,
    },
  );
  return counts;
}
