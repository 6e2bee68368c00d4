import { nameSearchFor } from '../modules/children/index.ts';
import {
  type PanelOutcome,
  type PlanLineKind,
  type PotYear,
  potYear,
  returnDueOn,
  toolkitFigures,
  type YearKind,
} from '../modules/funding/index.ts';
import { recordAuditEvents } from '../platform/audit/index.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';
import { addDays, daysBetween } from '../platform/kernel/days.ts';
import { splitByShares } from '../platform/kernel/money.ts';
import { ethnicityWeights } from './catalogue.ts';
import { adultName } from './names.ts';
import type { Prng } from './prng.ts';
import { bulkInsert, insertUsers } from './repo.ts';
import type { StaffRow } from './staff.ts';

/**
 * The cluster toolkits of a generated LA, as its cluster hosts would have kept them: for each
 * cluster's allocation from each pot, a spending plan (named pupils' support, interventions,
 * shared staff), the panel's decisions with the heads present, spend through the year up to today
 * and, once a pot's year has ended, the end-of-year return: most accepted, a few still with the
 * LA, and one sent back. A pot whose year is still running (or still to come) has its plan and the
 * panel's decisions so far. Heads are the LA's head teachers where it has them; a school without
 * one gets an invented head teacher (a user with no known password), so every panel has heads.
 */

export interface ToolkitSeedInput {
  laCode: string;
  today: IsoDate;
  pots: readonly { id: string; yearKind: YearKind; year: number }[];
  /** Each cluster's allocation from each pot's adopted scenario. */
  allocations: readonly { clusterId: string; potId: string; pence: number }[];
  memberships: readonly { cluster_id: string; establishment_id: string }[];
  establishments: readonly { id: string; urn: number | null; name: string }[];
  children: readonly { id: string; establishment_id: string | null }[];
  /** The LA's people linked to schools as head teacher. */
  heads: readonly { userId: string; establishmentId: string }[];
  /** The user who hosts each cluster, where the host has an account: who recorded its toolkit. */
  hostUsers: ReadonlyMap<string, string>;
  /** The finance officer who answers returns; null reads as answered before anyone signed in. */
  financeOfficer: string | null;
}

export interface PlanLineRow {
  id: string;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  kind: PlanLineKind;
  child_id: string | null;
  description: string;
  planned_pence: number;
  starts_on: IsoDate;
  ends_on: IsoDate;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LineSchoolRow {
  la_code: string;
  plan_line_id: string;
  establishment_id: string;
}

export interface DecisionRow {
  id: string;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  held_on: IsoDate;
  establishment_id: string;
  child_id: string | null;
  purpose: string;
  asked_pence: number;
  outcome: PanelOutcome;
  agreed_pence: number | null;
  reasons: string;
  heads_in_cluster: number;
  plan_line_id: string | null;
  follows_decision_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface PanelHeadRow {
  la_code: string;
  decision_id: string;
  user_id: string;
}

export interface SpendRow {
  id: string;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  plan_line_id: string;
  establishment_id: string;
  spent_on: IsoDate;
  amount_pence: number;
  description: string;
  recorded_by: string | null;
  recorded_at: string;
}

export interface ReturnRow {
  id: string;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  status: 'submitted' | 'accepted' | 'returned';
  allocation_pence: number;
  planned_pence: number;
  agreed_pence: number;
  spent_pence: number;
  carry_forward_pence: number;
  commentary: string;
  impact: string;
  submitted_by: string | null;
  submitted_on: IsoDate;
  decided_by: string | null;
  decided_on: IsoDate | null;
  returned_reason: string | null;
  version: number;
}

export interface ReturnEventRow {
  la_code: string;
  return_id: string;
  kind: 'submitted' | 'accepted' | 'returned';
  happened_on: IsoDate;
  by_user: string | null;
  reason: string | null;
  recorded_at: string;
}

export interface GeneratedToolkit {
  /** Head teachers invented for schools with none, to be made users with no known password. */
  headTeachers: StaffRow[];
  headLinks: { la_code: string; user_id: string; establishment_id: string; role: 'headteacher' }[];
  planLines: PlanLineRow[];
  lineSchools: LineSchoolRow[];
  decisions: DecisionRow[];
  panelHeads: PanelHeadRow[];
  spend: SpendRow[];
  returns: ReturnRow[];
  returnEvents: ReturnEventRow[];
}

const pupilSupport = [
  'One-to-one teaching assistant support, 10 hours a week',
  'Small-group support for social communication, 3 sessions a week',
  'Speech and language therapy, a block of 12 sessions',
  'Specialist teacher outreach for literacy, a morning a week',
  'Emotional literacy support, 2 sessions a week',
  'Occupational therapy programme and equipment',
];
const interventions = [
  'Reading recovery across the schools',
  'Nurture group, four afternoons a week',
  'Precision teaching for number',
  'Lego-based therapy groups',
  'Talk Boost language groups',
  'Zones of Regulation training and resources',
];
const sharedStaff = [
  'Cluster family support worker',
  'Shared specialist teaching assistant',
  'Cluster SENCo time, a day a week',
  'Shared speech and language assistant',
];
const other = ['Training day for teaching assistants', 'Assessment resources', 'Sensory room equipment'];
const requests = [
  'Support for a pupil at risk of exclusion',
  'Additional teaching assistant hours for a Year 2 class',
  'Speech and language assessment and programme',
  'Transition support to secondary school',
  'Specialist equipment for a pupil with a physical disability',
  'Therapy sessions for a pupil with anxiety',
];
const reasonsFor: Record<PanelOutcome, string[]> = {
  agreed: [
    'The evidence shows the need and the plan is costed',
    'Meets the cluster’s criteria; review at the next panel',
  ],
  agreed_different_amount: [
    'Agreed for two terms; the third to be reviewed',
    'Agreed at the cluster’s usual hourly rate',
  ],
  declined: [
    'The school’s own notional SEN budget should meet this',
    'Already provided by the LA’s specialist services',
  ],
  deferred: [
    'More evidence needed: bring the assessment to the next panel',
    'To be reconsidered with the spring budget',
  ],
};
const commentaries = [
  'The plan was delivered largely as agreed. The shared worker started a term late, which left money to carry forward.',
  'Most support went to named pupils this year. Two requests were deferred while assessments were completed.',
  'The interventions ran in every school. Spend on equipment was lower than planned.',
];
const impacts = [
  'Pupils in the reading programme gained on average 14 months in reading age.',
  'No pupil supported by the cluster was permanently excluded; attendance of the pupils supported rose.',
  'Seven pupils moved from SEN Support to meeting age-related expectations in at least one subject.',
];

const pounds = (rng: Prng, from: number, to: number, step = 50) =>
  rng.int(Math.ceil(from / step), Math.floor(to / step)) * step * 100;
const at = (day: IsoDate, hour = 10) => `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
const dayBetween = (rng: Prng, from: IsoDate, to: IsoDate) =>
  to <= from ? from : addDays(from, rng.int(0, daysBetween(from, to)));
const minDay = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const maxDay = (a: IsoDate, b: IsoDate) => (a < b ? b : a);

/** Some of the items, in a random order: at least `min` (or all there are), at most all. */
function some<T>(rng: Prng, items: readonly T[], min: number): T[] {
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
  }
  return shuffled.slice(0, rng.int(Math.min(min, items.length), items.length));
}

export function generateToolkits(input: ToolkitSeedInput, rng: Prng): GeneratedToolkit {
  const { laCode, today } = input;
  const out: GeneratedToolkit = {
    headTeachers: [],
    headLinks: [],
    planLines: [],
    lineSchools: [],
    decisions: [],
    panelHeads: [],
    spend: [],
    returns: [],
    returnEvents: [],
  };
  const establishment = new Map(input.establishments.map((e) => [e.id, e]));
  const pupilsAt = new Map<string, string[]>();
  for (const c of input.children)
    if (c.establishment_id)
      pupilsAt.set(c.establishment_id, [...(pupilsAt.get(c.establishment_id) ?? []), c.id]);
  const schoolsOf = new Map<string, string[]>();
  for (const m of input.memberships)
    schoolsOf.set(m.cluster_id, [...(schoolsOf.get(m.cluster_id) ?? []), m.establishment_id]);

  // Every allocated cluster's school has a head teacher: the LA's, or one invented for the demo.
  const headOf = new Map<string, string[]>();
  for (const h of input.heads)
    headOf.set(h.establishmentId, [...(headOf.get(h.establishmentId) ?? []), h.userId]);
  const allocated = new Set(input.allocations.map((a) => a.clusterId));
  for (const clusterId of [...allocated].sort())
    for (const schoolId of schoolsOf.get(clusterId) ?? []) {
      if (headOf.has(schoolId)) continue;
      const { forename, surname } = adultName(rng.weighted(ethnicityWeights), rng);
      const school = establishment.get(schoolId);
      const local = `${nameSearchFor(forename, '').replace(/[^a-z]/g, '')}.${nameSearchFor('', surname).replace(/[^a-z]/g, '')}`;
      const head: StaffRow = {
        id: rng.uuid(),
        la_code: laCode,
        email: `head.${local}.${school?.urn ?? out.headTeachers.length + 1}@la${laCode}.demo.opensend.test`,
        name: `${forename} ${surname} (demo)`,
        roles: ['head_teacher'],
      };
      out.headTeachers.push(head);
      out.headLinks.push({
        la_code: laCode,
        user_id: head.id,
        establishment_id: schoolId,
        role: 'headteacher',
      });
      headOf.set(schoolId, [head.id]);
    }

  const pots = new Map(input.pots.map((p) => [p.id, potYear(p.yearKind, p.year)]));
  const ended: { clusterId: string; potId: string; year: PotYear; allocation: number }[] = [];
  const sorted = [...input.allocations].sort(
    (a, b) => a.potId.localeCompare(b.potId) || a.clusterId.localeCompare(b.clusterId),
  );
  for (const a of sorted) {
    const year = pots.get(a.potId);
    const schools = schoolsOf.get(a.clusterId) ?? [];
    if (!year || !schools.length) continue;
    cluster(a.clusterId, a.potId, year, a.pence, schools);
    if (today > year.endsOn)
      ended.push({ clusterId: a.clusterId, potId: a.potId, year, allocation: a.pence });
  }
  returns();
  return out;

  function cluster(clusterId: string, potId: string, year: PotYear, allocation: number, schools: string[]) {
    const by = input.hostUsers.get(clusterId) ?? null;
    const heads = [...new Set(schools.flatMap((s) => headOf.get(s) ?? []))];
    // Plans are written in the summer before the year starts; the panel meets through the year.
    const plannedOn = addDays(year.startsOn, -rng.int(10, 60));
    if (plannedOn > today) return;
    const lastDay = minDay(today, year.endsOn);
    const addLine = (
      l: Omit<
        PlanLineRow,
        'id' | 'la_code' | 'cluster_id' | 'pot_id' | 'created_by' | 'updated_by' | 'created_at' | 'updated_at'
      >,
      lineSchools: string[],
      on: IsoDate,
    ) => {
      const id = rng.uuid();
      out.planLines.push({
        id,
        la_code: laCode,
        cluster_id: clusterId,
        pot_id: potId,
        ...l,
        created_by: by,
        updated_by: by,
        created_at: at(on),
        updated_at: at(on),
      });
      for (const s of lineSchools)
        out.lineSchools.push({ la_code: laCode, plan_line_id: id, establishment_id: s });
      return id;
    };

    // The plan: named pupils' support at fixed amounts, the rest of about the allocation shared
    // between interventions, shared staff and other spending; some clusters plan from carry-forward.
    const target = Math.round((allocation * rng.int(88, 108)) / 100 / 100) * 100;
    let named = 0;
    const pupils = some(rng, schools, 1).flatMap((s) =>
      (pupilsAt.get(s) ?? []).slice(0, 1).map((c) => ({ s, c })),
    );
    for (const { s, c } of pupils.slice(0, rng.int(1, 3))) {
      const pence = Math.min(pounds(rng, 2_000, 12_000), Math.floor(target / 4 / 100) * 100);
      named += pence;
      addLine(
        {
          kind: 'named_pupil',
          child_id: c,
          description: rng.pick(pupilSupport),
          planned_pence: pence,
          starts_on: year.startsOn,
          ends_on: year.endsOn,
        },
        [s],
        plannedOn,
      );
    }
    const rest = Math.max(0, target - named);
    const kinds: { kind: PlanLineKind; text: string; weight: number }[] = [
      { kind: 'intervention', text: rng.pick(interventions), weight: rng.int(20, 35) },
      { kind: 'shared_staff', text: rng.pick(sharedStaff), weight: rng.int(30, 45) },
      ...(rng.chance(0.6)
        ? [{ kind: 'intervention' as const, text: rng.pick(interventions), weight: rng.int(10, 25) }]
        : []),
      ...(rng.chance(0.5) ? [{ kind: 'other' as const, text: rng.pick(other), weight: rng.int(3, 8) }] : []),
    ];
    // Whole pounds: the plan is written in pounds.
    const shares = splitByShares(
      rest / 100,
      kinds.map((k) => k.weight),
    );
    for (const [i, k] of kinds.entries())
      addLine(
        {
          kind: k.kind,
          child_id: null,
          description: k.text,
          planned_pence: (shares[i] ?? 0) * 100,
          starts_on: year.startsOn,
          ends_on: year.endsOn,
        },
        k.kind === 'shared_staff' ? schools : some(rng, schools, 2),
        plannedOn,
      );

    // The panel: through the whole year once it has ended, so far while it runs.
    const panelFrom = addDays(year.startsOn, 20);
    const meetings =
      today > year.endsOn
        ? rng.int(3, 6)
        : Math.min(rng.int(1, 3), Math.max(0, Math.floor(daysBetween(panelFrom, today) / 45)));
    const deferred: DecisionRow[] = [];
    for (let m = 0; m < meetings; m++) {
      const heldOn = dayBetween(
        rng,
        addDays(panelFrom, m * 50),
        minDay(addDays(panelFrom, m * 50 + 30), lastDay),
      );
      if (heldOn > today) break;
      const school = rng.pick(schools);
      const settles = deferred.find((d) => d.establishment_id === school && d.held_on < heldOn);
      const pupil = settles
        ? settles.child_id
        : rng.chance(0.4)
          ? ((pupilsAt.get(school) ?? [])[rng.int(0, 4)] ?? null)
          : null;
      const asked = settles ? settles.asked_pence : pounds(rng, 800, 6_000);
      const outcome = rng.weighted<PanelOutcome>({
        agreed: 50,
        agreed_different_amount: 20,
        declined: 15,
        deferred: settles ? 0 : 15,
      });
      const agreed =
        outcome === 'agreed'
          ? asked
          : outcome === 'agreed_different_amount'
            ? Math.round((asked * rng.int(50, 90)) / 100 / 5000) * 5000 || 5000
            : null;
      let lineId: string | null = null;
      if (agreed !== null) {
        const existing = out.planLines.filter(
          (l) => l.cluster_id === clusterId && l.pot_id === potId && l.kind !== 'named_pupil',
        );
        if (!pupil && existing.length && rng.chance(0.4)) {
          const line = rng.pick(existing);
          line.planned_pence += agreed;
          line.updated_at = at(heldOn, 16);
          lineId = line.id;
        } else
          lineId = addLine(
            {
              kind: pupil ? 'named_pupil' : 'intervention',
              child_id: pupil,
              description: (settles?.purpose ?? rng.pick(requests)).slice(0, 500),
              planned_pence: agreed,
              starts_on: maxDay(heldOn, year.startsOn),
              ends_on: year.endsOn,
            },
            [school],
            heldOn,
          );
      }
      const present = some(rng, heads, Math.ceil(heads.length / 2));
      const decision: DecisionRow = {
        id: rng.uuid(),
        la_code: laCode,
        cluster_id: clusterId,
        pot_id: potId,
        held_on: heldOn,
        establishment_id: school,
        child_id: pupil,
        purpose: settles?.purpose ?? rng.pick(requests),
        asked_pence: asked,
        outcome,
        agreed_pence: agreed,
        reasons: rng.pick(reasonsFor[outcome]),
        heads_in_cluster: heads.length,
        plan_line_id: lineId,
        follows_decision_id: settles?.id ?? null,
        recorded_by: by,
        recorded_at: at(heldOn, 16),
      };
      if (settles) deferred.splice(deferred.indexOf(settles), 1);
      if (outcome === 'deferred') deferred.push(decision);
      out.decisions.push(decision);
      for (const u of present) out.panelHeads.push({ la_code: laCode, decision_id: decision.id, user_id: u });
    }

    // Spend: invoices through each line's period up to today, most lines near their plan by the
    // year's end, a few over it.
    for (const line of out.planLines.filter((l) => l.cluster_id === clusterId && l.pot_id === potId)) {
      if (line.starts_on > lastDay) continue;
      const lineSchools = out.lineSchools
        .filter((s) => s.plan_line_id === line.id)
        .map((s) => s.establishment_id);
      const elapsed =
        (daysBetween(line.starts_on, lastDay) + 1) / (daysBetween(line.starts_on, line.ends_on) + 1);
      const share = rng.chance(0.1) ? rng.int(101, 112) : rng.int(70, 100);
      const total = Math.floor((line.planned_pence * share * elapsed) / 100);
      const invoices = Math.max(1, Math.min(6, Math.ceil(elapsed * rng.int(3, 6))));
      if (total < invoices * 100) continue;
      const amounts = splitByShares(
        total,
        Array.from({ length: invoices }, () => rng.int(8, 12)),
      );
      amounts.forEach((amount, i) => {
        const from = addDays(
          line.starts_on,
          Math.floor((i * daysBetween(line.starts_on, lastDay)) / invoices),
        );
        const spentOn = dayBetween(rng, from, minDay(addDays(from, 30), lastDay));
        out.spend.push({
          id: rng.uuid(),
          la_code: laCode,
          cluster_id: clusterId,
          pot_id: potId,
          plan_line_id: line.id,
          establishment_id: rng.pick(lineSchools),
          spent_on: spentOn,
          amount_pence: amount,
          description: i === invoices - 1 && elapsed >= 1 ? 'Final invoice for the year' : `Invoice ${i + 1}`,
          recorded_by: by,
          recorded_at: at(spentOn, 15),
        });
      });
    }
  }

  /** The ended years' returns: the first sent back, one in ten still with the LA, the rest accepted. */
  function returns() {
    const stillWithLa = Math.max(1, Math.round(ended.length / 10));
    ended.forEach((e, i) => {
      const by = input.hostUsers.get(e.clusterId) ?? null;
      const lines = out.planLines.filter((l) => l.cluster_id === e.clusterId && l.pot_id === e.potId);
      const f = toolkitFigures(
        e.allocation,
        lines.map((l) => ({ id: l.id, plannedPence: l.planned_pence })),
        out.decisions
          .filter((d) => d.cluster_id === e.clusterId && d.pot_id === e.potId)
          .map((d) => ({
            id: d.id,
            heldOn: d.held_on,
            outcome: d.outcome,
            agreedPence: d.agreed_pence,
            planLineId: d.plan_line_id,
            followsDecisionId: d.follows_decision_id,
          })),
        out.spend
          .filter((s) => s.cluster_id === e.clusterId && s.pot_id === e.potId)
          .map((s) => ({ planLineId: s.plan_line_id, spentOn: s.spent_on, amountPence: s.amount_pence })),
      );
      const dueOn = returnDueOn(e.year);
      const submittedOn = dayBetween(
        rng,
        addDays(e.year.endsOn, 1),
        minDay(today, addDays(dueOn, rng.chance(0.1) ? 14 : 0)),
      );
      const status = i === 0 ? 'returned' : i <= stillWithLa ? 'submitted' : 'accepted';
      const decidedOn =
        status === 'submitted' ? null : dayBetween(rng, submittedOn, minDay(today, addDays(submittedOn, 21)));
      const reason = status === 'returned' ? 'Say what the shared staff achieved, school by school' : null;
      const id = rng.uuid();
      out.returns.push({
        id,
        la_code: laCode,
        cluster_id: e.clusterId,
        pot_id: e.potId,
        status,
        allocation_pence: e.allocation,
        planned_pence: f.plannedPence,
        agreed_pence: f.agreedPence,
        spent_pence: f.spentPence,
        carry_forward_pence: e.allocation - f.spentPence,
        commentary: rng.pick(commentaries),
        impact: rng.pick(impacts),
        submitted_by: by,
        submitted_on: submittedOn,
        decided_by: decidedOn ? input.financeOfficer : null,
        decided_on: decidedOn,
        returned_reason: reason,
        version: decidedOn ? 2 : 1,
      });
      out.returnEvents.push({
        la_code: laCode,
        return_id: id,
        kind: 'submitted',
        happened_on: submittedOn,
        by_user: by,
        reason: null,
        recorded_at: at(submittedOn, 11),
      });
      if (decidedOn && status !== 'submitted')
        out.returnEvents.push({
          la_code: laCode,
          return_id: id,
          kind: status,
          happened_on: decidedOn,
          by_user: input.financeOfficer,
          reason,
          recorded_at: at(decidedOn, 14),
        });
    });
  }
}

/**
 * Writes the toolkits in the LA's transaction: the invented head teachers as users with no known
 * password (`passwordHash`), their links to their schools, then the toolkits; the returns last,
 * since a submitted return freezes its toolkit.
 */
export async function loadToolkits(tx: Tx, g: GeneratedToolkit, passwordHash: string): Promise<void> {
  await insertUsers(
    tx,
    g.headTeachers.map((h) => ({ ...h, password_hash: passwordHash })),
  );
  await recordAuditEvents(
    tx,
    g.headTeachers.map((h) => ({
      laCode: h.la_code,
      userId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: h.id,
      detail: { email: h.email, roles: h.roles },
    })),
  );
  await bulkInsert(
    tx,
    'establishment_staff',
    { la_code: 'text', user_id: 'uuid', establishment_id: 'uuid', role: 'text' },
    g.headLinks,
  );
  await bulkInsert(
    tx,
    'cluster_plan_lines',
    {
      id: 'uuid',
      la_code: 'text',
      cluster_id: 'uuid',
      pot_id: 'uuid',
      kind: 'text',
      child_id: 'uuid',
      description: 'text',
      planned_pence: 'int8',
      starts_on: 'date',
      ends_on: 'date',
      created_by: 'uuid',
      updated_by: 'uuid',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    },
    g.planLines,
  );
  await bulkInsert(
    tx,
    'cluster_plan_line_schools',
    { la_code: 'text', plan_line_id: 'uuid', establishment_id: 'uuid' },
    g.lineSchools,
  );
  // A decision settling a deferred one refers to it: the deferred are written first.
  const decisions = [...g.decisions].sort(
    (a, b) => Number(a.follows_decision_id !== null) - Number(b.follows_decision_id !== null),
  );
  await bulkInsert(
    tx,
    'cluster_panel_decisions',
    {
      id: 'uuid',
      la_code: 'text',
      cluster_id: 'uuid',
      pot_id: 'uuid',
      held_on: 'date',
      establishment_id: 'uuid',
      child_id: 'uuid',
      purpose: 'text',
      asked_pence: 'int8',
      outcome: 'text',
      agreed_pence: 'int8',
      reasons: 'text',
      heads_in_cluster: 'int4',
      plan_line_id: 'uuid',
      follows_decision_id: 'uuid',
      recorded_by: 'uuid',
      recorded_at: 'timestamptz',
    },
    decisions,
  );
  await bulkInsert(
    tx,
    'cluster_panel_heads',
    { la_code: 'text', decision_id: 'uuid', user_id: 'uuid' },
    g.panelHeads,
  );
  await bulkInsert(
    tx,
    'cluster_spend',
    {
      id: 'uuid',
      la_code: 'text',
      cluster_id: 'uuid',
      pot_id: 'uuid',
      plan_line_id: 'uuid',
      establishment_id: 'uuid',
      spent_on: 'date',
      amount_pence: 'int8',
      description: 'text',
      recorded_by: 'uuid',
      recorded_at: 'timestamptz',
    },
    g.spend,
  );
  await bulkInsert(
    tx,
    'cluster_returns',
    {
      id: 'uuid',
      la_code: 'text',
      cluster_id: 'uuid',
      pot_id: 'uuid',
      status: 'text',
      allocation_pence: 'int8',
      planned_pence: 'int8',
      agreed_pence: 'int8',
      spent_pence: 'int8',
      carry_forward_pence: 'int8',
      commentary: 'text',
      impact: 'text',
      submitted_by: 'uuid',
      submitted_on: 'date',
      decided_by: 'uuid',
      decided_on: 'date',
      returned_reason: 'text',
      version: 'int4',
    },
    g.returns,
  );
  await bulkInsert(
    tx,
    'cluster_return_events',
    {
      la_code: 'text',
      return_id: 'uuid',
      kind: 'text',
      happened_on: 'date',
      by_user: 'uuid',
      reason: 'text',
      recorded_at: 'timestamptz',
    },
    g.returnEvents,
  );
}
