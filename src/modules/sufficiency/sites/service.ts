import type { Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, HttpProblem, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { planningSettings } from '../../providers/index.ts';
import { audit, authorise, type SufficiencyContext, transaction } from '../context.ts';
import { checkInEngland } from '../travel/domain/england.ts';
import * as repo from './repo.ts';
import { type SiteInput, siteChangeSchema, siteSchema, versionQuerySchema } from './schemas.ts';

/**
 * Candidate sites for new specialist places, kept by those who plan them: a school's expression of
 * interest in an SRB, where the school is, or a site for a new special school, given on the
 * British National Grid. A site outside England is refused, as the site-selection model would.
 */

const noSuchSite = () => notFound('There is no such candidate site in your LA.');

/** The order the form asks in, so a page's error summary follows it. */
const fieldOrder = ['kind', 'urn', 'name', 'easting', 'northing', 'places', 'capitalCostPence', 'opensOn'];
const rank = (field: string) => {
  const i = fieldOrder.findIndex((f) => field === f || field.startsWith(`${f}.`));
  return i === -1 ? fieldOrder.length : i;
};

export async function listCandidateSites(ctx: SufficiencyContext): Promise<repo.SiteRow[]> {
  authorise(ctx, 'sufficiency:plan');
  return transaction(ctx, (tx) => repo.listSites(tx, ctx.principal.laCode));
}

export async function getCandidateSite(ctx: SufficiencyContext, id: string): Promise<repo.SiteRow> {
  authorise(ctx, 'sufficiency:plan');
  const site = isUuid(id)
    ? await transaction(ctx, (tx) => repo.findSite(tx, ctx.principal.laCode, id))
    : undefined;
  if (!site) throw noSuchSite();
  return site;
}

/** Where the site is and what it is called, from the register or as given; refused outside England. */
async function valuesOf(
  tx: Tx,
  ctx: SufficiencyContext,
  data: SiteInput,
  ownId: string | null,
): Promise<repo.SiteValues> {
  const problems: FieldError[] = [];
  let place: { name: string; establishmentId: string | null; easting: number; northing: number } | null =
    null;
  let latLon = { latitude: 0, longitude: 0 };
  if (data.kind === 'srb_interest') {
    const school = (await planningSettings(tx)).find((s) => s.urn === data.urn);
    const where =
      school?.latitude != null && school.longitude != null
        ? checkInEngland({ latitude: school.latitude, longitude: school.longitude })
        : null;
    const refuse = (message: string) => problems.push({ field: 'urn', message });
    if (!school)
      refuse(
        `No school or setting on your register has the URN ${data.urn}: check it, or add the school first`,
      );
    else if (school.status === 'closed') refuse(`${school.name} is closed`);
    else if (school.isSpecial)
      refuse(`${school.name} is a special school: an SRB is resourced provision in a mainstream school`);
    else if (!where)
      refuse(`${school.name} has no location on the register, so its journeys cannot be worked out`);
    else if (!where.ok) refuse(`${school.name} ${where.message}`);
    else {
      place = {
        name: school.name,
        establishmentId: school.id,
        easting: Math.round(where.grid.easting),
        northing: Math.round(where.grid.northing),
      };
      latLon = where.latLon;
    }
  } else {
    const name = data.name ?? '';
    const where = checkInEngland({
      easting: data.easting ?? Number.NaN,
      northing: data.northing ?? Number.NaN,
    });
    if (!where.ok) problems.push({ field: 'easting', message: `${name} ${where.message}` });
    else {
      place = { name, establishmentId: null, easting: data.easting ?? 0, northing: data.northing ?? 0 };
      latLon = where.latLon;
    }
  }
  if (place) {
    const same = await repo.siteNamed(tx, ctx.principal.laCode, place.name);
    if (same && same.id !== ownId)
      problems.push(
        data.kind === 'srb_interest'
          ? {
              field: 'urn',
              message: `${place.name} has already expressed interest: change that site instead`,
            }
          : { field: 'name', message: `There is already a candidate site called ${place.name}` },
      );
  }
  if (data.receivedOn && data.receivedOn > ctx.today)
    problems.push({ field: 'receivedOn', message: 'Received on must be today or earlier' });
  if (problems.length || !place) throw unprocessable(problems.sort((a, b) => rank(a.field) - rank(b.field)));
  return {
    kind: data.kind,
    ...place,
    ...latLon,
    capitalCostPence: data.capitalCostPence ?? null,
    opensOn: data.opensOn ?? null,
    receivedOn: data.receivedOn ?? null,
    note: data.note ?? null,
    places: data.places,
  };
}

/** What the audit log keeps of a site: what it is, where, and what it would add. */
const recorded = (v: repo.SiteValues) => ({
  kind: v.kind,
  name: v.name,
  establishmentId: v.establishmentId,
  easting: v.easting,
  northing: v.northing,
  capitalCostPence: v.capitalCostPence,
  opensOn: v.opensOn,
  receivedOn: v.receivedOn,
  note: v.note,
  places: v.places,
});

export async function addCandidateSite(
  ctx: SufficiencyContext,
  input: unknown,
): Promise<{ id: string; version: number }> {
  const data = parseOrThrow(siteSchema, input);
  authorise(ctx, 'sufficiency:plan');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const values = await valuesOf(tx, ctx, data, null);
    const id = await repo.insertSite(tx, laCode, values, ctx.principal.userId);
    await audit(tx, ctx, {
      action: 'sufficiency.site.added',
      entityType: 'candidate_site',
      entityId: id,
      childId: null,
      detail: { site: recorded(values) },
    });
    return { id, version: 1 };
  });
}

function staleSite(now: number, sent: number) {
  return new HttpProblem(
    409,
    'Conflict',
    `This candidate site was changed by someone else after version ${sent}: it is now version ${now}. Read it again and re-apply your change.`,
    [{ field: 'version', message: `version ${sent} is out of date; the site is at version ${now}` }],
  );
}

export async function changeCandidateSite(
  ctx: SufficiencyContext,
  id: string,
  input: unknown,
): Promise<{ id: string; version: number }> {
  const { version, ...data } = parseOrThrow(siteChangeSchema, input);
  authorise(ctx, 'sufficiency:plan');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const current = isUuid(id) ? await repo.findSite(tx, laCode, id) : undefined;
    if (!current) throw noSuchSite();
    if (current.version !== version) throw staleSite(current.version, version);
    const values = await valuesOf(tx, ctx, data, id);
    if (!(await repo.updateSite(tx, laCode, id, version, values)))
      throw staleSite(current.version + 1, version);
    await audit(tx, ctx, {
      action: 'sufficiency.site.changed',
      entityType: 'candidate_site',
      entityId: id,
      childId: null,
      detail: { before: recorded(current), after: recorded(values) },
    });
    return { id, version: version + 1 };
  });
}

export async function removeCandidateSite(
  ctx: SufficiencyContext,
  id: string,
  input: unknown,
): Promise<void> {
  const { version } = parseOrThrow(versionQuerySchema, input);
  authorise(ctx, 'sufficiency:plan');
  const laCode = ctx.principal.laCode;
  await transaction(ctx, async (tx) => {
    const current = isUuid(id) ? await repo.findSite(tx, laCode, id) : undefined;
    if (!current) throw noSuchSite();
    if (current.version !== version || !(await repo.deleteSite(tx, laCode, id, version)))
      throw staleSite(current.version, version);
    await audit(tx, ctx, {
      action: 'sufficiency.site.removed',
      entityType: 'candidate_site',
      entityId: id,
      childId: null,
      detail: { before: recorded(current) },
    });
  });
}
