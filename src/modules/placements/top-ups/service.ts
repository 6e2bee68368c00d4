import { z } from 'zod';
import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, HttpProblem, notFound } from '../../../platform/http/problem.ts';
import { isoDateField } from '../../../platform/kernel/fields.ts';
import { fyEnd, fyLabel, fyStart } from '../../../platform/kernel/financial-years.ts';
import { childIdentities } from '../../children/index.ts';
import { audit, authorise, type PlacementsContext, transaction } from '../context.ts';
import { schemeOn, settingGroupOf } from '../domain/costs.ts';
import { topUpScenario } from '../domain/top-up-scenario.ts';
import { type PlacementType, settingGroups, type TopUpScheme } from '../domain/types.ts';
import * as placementsRepo from '../records/repo.ts';
import { horizonFy, recomputePlacementCosts } from '../records/service.ts';
import * as repo from './repo.ts';

/**
 * Top-up band schemes: each version in force from a date once a finance approver adopts it. A
 * proposed scheme is a scenario: what it would cost against the scheme in force, child by child,
 * before anyone adopts it. Adopting one reprices every banded top-up from its date.
 */

/** The most a band may be worth a year: more is a slip of the keyboard, not a top-up. */
export const maxBandAnnualPence = 50_000_000;

export const newSchemeSchema = z
  .object({
    name: z
      .string({ error: 'Enter a name for the scheme' })
      .trim()
      .min(1, 'Enter a name for the scheme')
      .max(100, 'name must be 100 characters or fewer'),
    effectiveFrom: isoDateField(
      'effectiveFrom: enter the date the scheme would take effect',
      'effectiveFrom',
    ),
    bands: z
      .array(
        z.object({
          settingGroup: z.enum(settingGroups, {
            error: `settingGroup must be one of ${settingGroups.join(', ')}`,
          }),
          band: z
            .string()
            .trim()
            .min(1, 'band must not be empty')
            .max(20, 'band must be 20 characters or fewer'),
          label: z
            .string()
            .trim()
            .min(1, 'label must not be empty')
            .max(100, 'label must be 100 characters or fewer'),
          annualPence: z
            .number({ error: 'annualPence must be a whole number of pence' })
            .int('annualPence must be a whole number of pence')
            .min(0, 'annualPence must be 0 or more')
            .max(maxBandAnnualPence, 'annualPence must be £500,000 a year or less'),
        }),
      )
      .min(1, 'A scheme needs at least one band')
      .max(200, 'A scheme can have at most 200 bands'),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.bands.forEach((b, i) => {
      const key = `${b.settingGroup}/${b.band}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'band'],
          message: `Band ${b.band} is given twice for ${b.settingGroup.replaceAll('_', ' ')} settings`,
        });
      seen.add(key);
    });
  });
export type NewSchemeInput = z.output<typeof newSchemeSchema>;

export interface SchemeRecord extends repo.SchemeRow {
  bands: Omit<repo.BandRow, 'schemeId'>[];
}

const withBands = (schemes: repo.SchemeRow[], bands: repo.BandRow[]): SchemeRecord[] =>
  schemes.map((s) => ({
    ...s,
    bands: bands.filter((b) => b.schemeId === s.id).map(({ schemeId: _s, ...b }) => b),
  }));

const noSuchScheme = () => notFound('There is no top-up scheme with this ID in your LA.');

/** A scheme with its bands, as every use case answers with it. */
async function schemeRecord(tx: Tx, laCode: string, id: string): Promise<SchemeRecord> {
  const scheme = await repo.findScheme(tx, laCode, id);
  if (!scheme) throw noSuchScheme();
  const [record] = withBands([scheme], await repo.bandsOf(tx, laCode, [id]));
  return record as SchemeRecord;
}

/** A proposed scheme locked for a decision, still at the version the person read. */
async function lockedProposal(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  decision: string,
  after = '',
) {
  const scheme = await repo.findScheme(tx, laCode, id, true);
  if (!scheme) throw noSuchScheme();
  if (scheme.version !== version) throw stale(scheme.version);
  if (scheme.status !== 'proposed')
    throw new HttpProblem(
      409,
      'Conflict',
      `This scheme is ${scheme.status}: only a proposed scheme can be ${decision}.${after}`,
    );
  return scheme;
}

export function listSchemes(ctx: PlacementsContext): Promise<SchemeRecord[]> {
  authorise(ctx, 'finance:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const schemes = await repo.listSchemes(tx, laCode);
    return withBands(
      schemes,
      await repo.bandsOf(
        tx,
        laCode,
        schemes.map((s) => s.id),
      ),
    );
  });
}

export function getScheme(ctx: PlacementsContext, id: string): Promise<SchemeRecord> {
  authorise(ctx, 'finance:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, (tx) => schemeRecord(tx, laCode, id));
}

export function proposeScheme(ctx: PlacementsContext, input: NewSchemeInput): Promise<SchemeRecord> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const id = await repo.insertScheme(tx, laCode, input, ctx.principal.userId);
    await audit(tx, ctx, {
      action: 'top-up-scheme.proposed',
      entityType: 'top-up-scheme',
      entityId: id,
      childId: null,
      detail: { name: input.name, effectiveFrom: input.effectiveFrom, bands: input.bands.length },
    });
    return schemeRecord(tx, laCode, id);
  });
}

const asDomainScheme = (s: SchemeRecord): TopUpScheme => ({
  effectiveFrom: s.effectiveFrom,
  bands: s.bands.map((b) => ({ settingGroup: b.settingGroup, band: b.band, annualPence: b.annualPence })),
});

export interface ScenarioRow {
  placementId: string;
  childId: string;
  childName: string;
  settingGroup: string;
  band: string;
  fullYearCurrentPence: number;
  /** Null where the proposed scheme lacks the line's band: unknown, not nothing. */
  fullYearProposedPence: number | null;
  fullYearDifferencePence: number | null;
  inYearCurrentPence: number;
  inYearProposedPence: number | null;
  inYearDifferencePence: number | null;
}

export interface Scenario {
  scheme: SchemeRecord;
  fy: number;
  fyLabel: string;
  /** The adopted scheme it is compared with: the one in force on the proposed scheme's first day. */
  currentName: string | null;
  /** Whether the rows name each child; for those who see aggregates only, there are no rows. */
  childByChild: boolean;
  rows: ScenarioRow[];
  totals: {
    [K in keyof Omit<ScenarioRow, 'placementId' | 'childId' | 'childName' | 'settingGroup' | 'band'>]: number;
  };
  missingBands: { scheme: 'current' | 'proposed'; settingGroup: string; band: string; lines: number }[];
}

/**
 * What a scheme costs against the one in force, for every banded child in a financial year. With
 * `childByChild` false, or for someone who may not read placements (the programme sees the high
 * needs budget only as aggregates), only the totals and missing bands come back: no child is
 * named or read.
 */
export function schemeScenario(
  ctx: PlacementsContext,
  id: string,
  fy: number,
  { childByChild = true }: { childByChild?: boolean } = {},
): Promise<Scenario> {
  authorise(ctx, 'finance:read');
  const laCode = ctx.principal.laCode;
  const named = childByChild && can(ctx.principal.roles, 'placements:read');
  return transaction(ctx, async (tx) => {
    const found = await repo.findScheme(tx, laCode, id);
    if (!found) throw noSuchScheme();
    const all = await repo.listSchemes(tx, laCode);
    const bands = await repo.bandsOf(
      tx,
      laCode,
      all.map((s) => s.id),
    );
    const records = withBands(all, bands);
    const scheme = records.find((s) => s.id === id) as SchemeRecord;
    const adopted = records.filter((s) => s.status === 'adopted' && s.id !== id).reverse();
    const current = schemeOn(adopted.map(asDomainScheme), scheme.effectiveFrom);
    const currentRecord = adopted.find((s) => s.effectiveFrom === current?.effectiveFrom) ?? null;
    const lines = (await repo.bandedLinesBetween(tx, laCode, fyStart(fy), fyEnd(fy))).flatMap((l) => {
      const group = settingGroupOf(l.placementType as PlacementType);
      return group ? [{ ...l, group }] : [];
    });
    const result = topUpScenario({
      fy,
      proposedFrom: scheme.effectiveFrom,
      current,
      proposed: asDomainScheme(scheme),
      lines: lines.map((l) => ({
        placementId: l.placementId,
        childId: l.childId,
        group: l.group,
        band: l.band,
        from: l.from,
        to: l.to,
      })),
    });
    const children = named
      ? await childIdentities(tx, laCode, [...new Set(lines.map((l) => l.childId))])
      : [];
    const names = new Map(children.map((c) => [c.id, `${c.forename} ${c.surname}`]));
    await audit(tx, ctx, {
      action: 'top-up-scheme.scenario.viewed',
      entityType: 'top-up-scheme',
      entityId: id,
      childId: null,
      childIds: [...names.keys()],
      detail: { fy: fyLabel(fy), ...(named ? {} : { totalsOnly: true }) },
    });
    return {
      scheme,
      fy,
      fyLabel: fyLabel(fy),
      currentName: currentRecord?.name ?? null,
      childByChild: named,
      rows: (named ? result.rows : []).map((r) => ({
        placementId: r.placementId,
        childId: r.childId,
        childName: names.get(r.childId) ?? '',
        settingGroup: r.group,
        band: r.band,
        fullYearCurrentPence: r.fullYearCurrent,
        fullYearProposedPence: r.fullYearProposed,
        fullYearDifferencePence: r.fullYearDifference,
        inYearCurrentPence: r.inYearCurrent,
        inYearProposedPence: r.inYearProposed,
        inYearDifferencePence: r.inYearDifference,
      })),
      totals: {
        fullYearCurrentPence: result.totals.fullYearCurrent,
        fullYearProposedPence: result.totals.fullYearProposed,
        fullYearDifferencePence: result.totals.fullYearDifference,
        inYearCurrentPence: result.totals.inYearCurrent,
        inYearProposedPence: result.totals.inYearProposed,
        inYearDifferencePence: result.totals.inYearDifference,
      },
      missingBands: result.missingBands,
    };
  });
}

const stale = (version: number) =>
  new HttpProblem(
    409,
    'Conflict',
    `Someone changed this scheme since you read it (it is now at version ${version}). Read it again.`,
    [{ field: 'version', message: `The scheme is now at version ${version}` }],
  );

/**
 * Puts a proposed scheme in force from its date: every banded top-up is worked out again from then.
 * A band the scheme lacks that a placement uses would leave that child's top-up unpriced: refused.
 */
export function adoptScheme(ctx: PlacementsContext, id: string, version: number): Promise<SchemeRecord> {
  authorise(ctx, 'finance:adopt');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const scheme = await lockedProposal(tx, laCode, id, version, 'adopted');
    if (await repo.adoptedOn(tx, laCode, scheme.effectiveFrom))
      throw new HttpProblem(409, 'Conflict', undefined, [
        {
          field: 'effectiveFrom',
          message: `Another adopted scheme already takes effect on ${scheme.effectiveFrom}: propose this one from another date`,
        },
      ]);
    const bands = await repo.bandsOf(tx, laCode, [id]);
    const used = await repo.bandedLinesBetween(tx, laCode, scheme.effectiveFrom, '9999-12-31');
    const missing: FieldError[] = [];
    for (const l of used) {
      const group = settingGroupOf(l.placementType as PlacementType);
      if (group && !bands.some((b) => b.settingGroup === group && b.band === l.band)) {
        const message = `Placements use band ${l.band} for ${group.replaceAll('_', ' ')} settings, which this scheme does not have: add it to a new proposal, or move those placements to another band first`;
        if (!missing.some((m) => m.message === message)) missing.push({ field: 'bands', message });
      }
    }
    if (missing.length) throw new HttpProblem(409, 'Conflict', missing[0]?.message, missing);
    await repo.setSchemeStatus(tx, laCode, id, version, 'adopted', ctx.principal.userId, ctx.now);
    const repriced = await repo.placementsBandedFrom(tx, laCode, scheme.effectiveFrom);
    await recomputePlacementCosts(tx, laCode, repriced, horizonFy(ctx.today));
    await audit(tx, ctx, {
      action: 'top-up-scheme.adopted',
      entityType: 'top-up-scheme',
      entityId: id,
      childId: null,
      detail: { name: scheme.name, effectiveFrom: scheme.effectiveFrom, placementsRepriced: repriced.length },
    });
    return schemeRecord(tx, laCode, id);
  });
}

export function withdrawScheme(ctx: PlacementsContext, id: string, version: number): Promise<SchemeRecord> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const scheme = await lockedProposal(
      tx,
      laCode,
      id,
      version,
      'withdrawn',
      ' To change an adopted scheme, propose a new one from a later date.',
    );
    await repo.setSchemeStatus(tx, laCode, id, version, 'withdrawn', ctx.principal.userId, ctx.now);
    await audit(tx, ctx, {
      action: 'top-up-scheme.withdrawn',
      entityType: 'top-up-scheme',
      entityId: id,
      childId: null,
      detail: { name: scheme.name },
    });
    return schemeRecord(tx, laCode, id);
  });
}

/** The bands a placement of this type may be given, from the scheme in force on a day. */
export async function bandsFor(
  ctx: PlacementsContext,
  type: PlacementType,
  on: string,
): Promise<{ band: string; label: string; annualPence: number }[]> {
  const group = settingGroupOf(type);
  if (!group) return [];
  return transaction(ctx, async (tx) => {
    const schemes = await placementsRepo.adoptedSchemes(tx, ctx.principal.laCode);
    const scheme = schemeOn(schemes, on) ?? schemes.at(-1) ?? null;
    const all = await repo.listSchemes(tx, ctx.principal.laCode);
    const id = all.find((s) => s.status === 'adopted' && s.effectiveFrom === scheme?.effectiveFrom)?.id;
    const bands = id ? await repo.bandsOf(tx, ctx.principal.laCode, [id]) : [];
    return bands
      .filter((b) => b.settingGroup === group)
      .map(({ band, label, annualPence }) => ({ band, label, annualPence }));
  });
}
