import type { IsoDate } from '../platform/kernel/dates.ts';
import { addDays, daysBetween } from '../platform/kernel/days.ts';
import { fyOf } from '../platform/kernel/financial-years.ts';
import { ethnicityWeights } from './catalogue.ts';
import { adultName } from './names.ts';
import type { Prng } from './prng.ts';

/**
 * The demo's SEND transformation programme, exactly as Norfolk County Council's programme page
 * lists it (seed 004): £120m, a board and a programme manager, the five workstreams each led by a
 * head of service, and 15 projects holding every item the page lists, "Work in progress" and
 * "In plan – not started" as it says. The page gives no project names or dates, so the items are
 * grouped into projects by what they deliver, and the dates are set as the page reads: the
 * programme some eight months in, its first projects running and the rest planned to start as
 * their priority and what they wait for allow. People are invented; their roles are the page's.
 */

type Status = 'not_started' | 'in_progress';

interface ProjectPlan {
  key: string;
  workstream: number;
  name: string;
  purpose: string;
  priority: number;
  rag: 'red' | 'amber' | 'green';
  ragReason: string;
  /** Days from the programme's start to the planned start, and the planned length in days. */
  startDay: number;
  days: number;
  /** Items as the page lists them, with their status there. */
  items: [string, Status][];
  milestones: [string, number][];
}

const wip = (title: string): [string, Status] => [title, 'in_progress'];
const planned = (title: string): [string, Status] => [title, 'not_started'];

const workstreams = [
  {
    name: 'SEND Support and inclusion',
    purpose:
      "Helping mainstream schools to meet more children's needs locally by working with mainstream schools to support and challenge them to provide the best possible inclusion education for their local children.",
    lead: 'Head of SEND Support and Inclusion',
  },
  {
    name: 'EHCP performance improvement',
    purpose:
      'Investing in our specialist education team to speed up assessments for Education, Health and Care (EHC) plans.',
    lead: 'Head of SEN Services',
  },
  {
    name: 'Infrastructure and new provision',
    purpose:
      'Improving and expanding current special schools, building three new special schools and creating new 170 specialist resource base (SRB) places.',
    lead: 'Head of Education Infrastructure',
  },
  {
    name: 'Alternative provision and inclusion',
    purpose:
      "Ensuring that when children and young people require 'alternative education', it is provided promptly, it reduces exclusions and supports re-integration back to mainstream school.",
    lead: 'Head of Inclusion and Alternative Provision',
  },
  {
    name: 'SEND finance recovery plan',
    purpose:
      "Reviewing how we currently spend the £80 million for SEND in Norfolk, within the 'high needs block', to live within our means and target support where it is needed most.",
    lead: 'Head of Education Finance',
  },
];

const projects: ProjectPlan[] = [
  {
    key: 'top-up',
    workstream: 0,
    name: 'Top-up funding and SEN Support monitoring',
    purpose:
      'A revised top-up scheme and a way to see that the provision expected at SEN Support is in place.',
    priority: 1,
    rag: 'green',
    ragReason: 'The revised scheme is drafted and schools have been consulted on time.',
    startDay: 20,
    days: 500,
    items: [
      wip('Revised Top-Up Funding Scheme'),
      wip("Monitoring mechanism for the 'provision expected' at SEN Support (and quality of teaching)"),
      planned('Point of service charging review'),
    ],
    milestones: [['Revised top-up scheme adopted', 300]],
  },
  {
    key: 'training',
    workstream: 0,
    name: 'Inclusion training, advice and guidance',
    purpose: 'Training, advice and a helpline that help mainstream schools include more children.',
    priority: 2,
    rag: 'amber',
    ragReason: 'The training offer is late: two trainers are still to be recruited.',
    startDay: 40,
    days: 540,
    items: [
      wip('Improving the training offer to schools (info, advice, guidance)'),
      wip("Re-branding of the Inclusion helpline to 'Inclusion support and advice line'"),
      planned('Further development of SEND Forum for sharing best practice'),
      planned('Clarification of roles and responsibilities'),
    ],
    milestones: [['Inclusion support and advice line opens', 200]],
  },
  {
    key: 'access',
    workstream: 0,
    name: 'Single Point of Access and the Local Offer',
    purpose: 'One way in for families and schools, and a Local Offer website they can use.',
    priority: 2,
    rag: 'green',
    ragReason: 'Not started; planned to start once roles and responsibilities are clear.',
    startDay: 600,
    days: 450,
    items: [planned('Single Point of Access for SEND'), planned('Improved local offer website')],
    milestones: [['Single Point of Access opens', 1000]],
  },
  {
    key: 'nurture',
    workstream: 0,
    name: 'Nurture provision',
    purpose: 'Nurture groups in mainstream schools, funded through the revised top-up scheme.',
    priority: 3,
    rag: 'green',
    ragReason: 'Not started; waits for the revised top-up scheme.',
    startDay: 540,
    days: 365,
    items: [planned('Nurture provision')],
    milestones: [],
  },
  {
    key: 'twenty-week',
    workstream: 1,
    name: 'The 20-week process and its systems',
    purpose: 'A mapped 20-week process, the system to run it and coordinators trained to use it.',
    priority: 1,
    rag: 'green',
    ragReason: 'Process mapped, system configured, training prepared: on track for go-live.',
    startDay: 0,
    days: 330,
    items: [
      wip('Improved 20-week process mapping and information technology to support this work'),
      wip('Preparation of EHCP coordinator training for the new 20-week process'),
      wip('Go-live planning for August 2019'),
    ],
    milestones: [
      ['Coordinators trained in the new process', 290],
      ['New 20-week process goes live', 320],
    ],
  },
  {
    key: 'backlog',
    workstream: 1,
    name: '20-week backlog reduction',
    purpose: 'Clear the assessments already past 20 weeks, once the new process runs.',
    priority: 1,
    rag: 'amber',
    ragReason: 'Was to start last month; waits for the new process to go live.',
    startDay: 225,
    days: 270,
    items: [planned('Planning to reduce the 20-week backlog')],
    milestones: [['No assessment over 30 weeks', 480]],
  },
  {
    key: 'reviews',
    workstream: 1,
    name: 'Annual and phase review improvements',
    purpose: 'Reviews held on time and phase transfers agreed by 15 February.',
    priority: 2,
    rag: 'green',
    ragReason: 'Not started; follows the 20-week process.',
    startDay: 360,
    days: 365,
    items: [planned('Phase Review process improvements'), planned('Annual Review process improvements')],
    milestones: [['Phase transfers amended by 15 February', 620]],
  },
  {
    key: 'special-schools',
    workstream: 2,
    name: 'New special schools',
    purpose:
      'Up to four new special schools, for social, emotional and mental health and for cognition and learning.',
    priority: 1,
    rag: 'red',
    ragReason:
      'No sponsor yet for the social, emotional and mental health school; the free school bid window closes soon.',
    startDay: 10,
    days: 1300,
    items: [
      wip('Special school specifications and consulting events completed'),
      wip('Design stages underway'),
      wip(
        'Sponsor engagement events for Social Emotional Mental Health school and Cognition and learning school held',
      ),
    ],
    milestones: [
      ['Sponsors chosen', 260],
      ['First new school opens', 1250],
    ],
  },
  {
    key: 'srb',
    workstream: 2,
    name: 'Specialist resource bases: 170 places',
    purpose: 'An extra 170 places in specialist resource bases hosted by mainstream schools.',
    priority: 1,
    rag: 'amber',
    ragReason: 'Expressions of interest so far would give 110 of the 170 places.',
    startDay: 30,
    days: 900,
    items: [
      wip('SRB consulting events completed'),
      wip('Communication issued to gather expressions of interest for having an SRB'),
    ],
    milestones: [
      ['Expressions of interest close', 210],
      ['First SRBs open', 520],
    ],
  },
  {
    key: 'expansion',
    workstream: 2,
    name: 'Expansion and refurbishment of existing special schools',
    purpose: 'More places in the special schools Norfolk has, and buildings fit for them.',
    priority: 2,
    rag: 'green',
    ragReason: 'Project mandate in draft, to the board next month.',
    startDay: 150,
    days: 1000,
    items: [
      wip('Project mandate is being developed for the expansion/refurbishment of existing special schools'),
    ],
    milestones: [['Project mandate agreed', 270]],
  },
  {
    key: 'hubs-build',
    workstream: 2,
    name: 'Student Support Hubs: premises',
    purpose: 'Premises for the Student Support Hubs the alternative provision workstream defines.',
    priority: 3,
    rag: 'amber',
    ragReason: 'Scoping started before the hubs are defined: the design may change.',
    startDay: 180,
    days: 700,
    items: [wip('Student Support Hubs project and dependencies being scoped')],
    milestones: [],
  },
  {
    key: 'ap-offer',
    workstream: 3,
    name: 'Alternative provision offer',
    purpose: 'A new offer of alternative provision, with a way in and a way back to mainstream school.',
    priority: 1,
    rag: 'green',
    ragReason: 'Mandate drafted and reviewed; timescales agreed.',
    startDay: 60,
    days: 600,
    items: [
      wip('A detailed draft Project Mandate has been produced'),
      wip('Meeting held to review the proposed mandate'),
      wip('Proposed timescales documented'),
      planned('Map existing registered provision and non-registered Alternative Provision (AP)'),
      planned('Define new AP offer for Norfolk'),
      planned('Produce operating model for AP entry and exit of pupils'),
    ],
    milestones: [['New AP offer agreed', 420]],
  },
  {
    key: 'hubs-model',
    workstream: 3,
    name: 'Student Support Hubs: the operating model',
    purpose: 'What the hubs are for and how pupils come to them and leave.',
    priority: 2,
    rag: 'green',
    ragReason: 'Not started; follows the new alternative provision offer.',
    startDay: 670,
    days: 300,
    items: [
      planned('Define Student Support Hubs'),
      planned('Produce an Operating Model for Student Support Hubs'),
    ],
    milestones: [['Hubs operating model agreed', 930]],
  },
  {
    key: 'finance-model',
    workstream: 4,
    name: 'Programme financial model and cost-benefit tracker',
    purpose:
      'One financial model of the programme, and a tracker of its capital and revenue costs against its benefits.',
    priority: 1,
    rag: 'green',
    ragReason: 'Model reset with the other workstreams’ dates.',
    startDay: 15,
    days: 700,
    items: [
      wip(
        'The Programme financial model has been updated/reset with current delivery dates from other workstreams',
      ),
      planned('Creating a cost (Capital and Revenue) benefit tracker for the programme'),
    ],
    milestones: [['Cost-benefit tracker in use', 400]],
  },
  {
    key: 'placement-tracking',
    workstream: 4,
    name: 'Live financial child placement tracking',
    purpose: 'Every placement and its cost known the day it is made.',
    priority: 1,
    rag: 'green',
    ragReason: 'A source has been shown to the team; choosing it next.',
    startDay: 90,
    days: 400,
    items: [
      wip('A potential source for live financial child placement tracking has been demonstrated to the team'),
      planned('Creating/configuring the live financial child placement solution'),
    ],
    milestones: [['Placements tracked live', 450]],
  },
];

/** What waits for what: the later project cannot start until the earlier finishes. */
const waits: [string, string][] = [
  ['twenty-week', 'backlog'],
  ['twenty-week', 'reviews'],
  ['training', 'access'],
  ['top-up', 'nurture'],
  ['ap-offer', 'hubs-model'],
  ['hubs-model', 'hubs-build'],
];

export interface ProgrammeSeedInput {
  laCode: string;
  today: IsoDate;
  /** The live figures on the programme's first day, for the baselines of the benefits it measures. */
  baselines: {
    independentPlacements: number;
    srbPlaces: number;
    specialistPlaces: number;
    /** Percent of new plans issued within 20 weeks, excluding exceptions, in the year before. */
    timeliness: number;
  };
}

export interface GeneratedProgramme {
  programmes: Record<string, unknown>[];
  board: Record<string, unknown>[];
  workstreams: Record<string, unknown>[];
  projects: Record<string, unknown>[];
  workItems: Record<string, unknown>[];
  milestones: Record<string, unknown>[];
  links: Record<string, unknown>[];
  risks: Record<string, unknown>[];
  costs: Record<string, unknown>[];
  benefits: Record<string, unknown>[];
  benefitProjects: Record<string, unknown>[];
  benefitYears: Record<string, unknown>[];
  decisions: Record<string, unknown>[];
}

/** Capital and revenue a project spends over its life, in pounds: £120m in all. */
const spend: Record<string, { capital: number; revenue: number }> = {
  'top-up': { capital: 0, revenue: 600_000 },
  training: { capital: 0, revenue: 1_500_000 },
  access: { capital: 300_000, revenue: 900_000 },
  nurture: { capital: 0, revenue: 1_000_000 },
  'twenty-week': { capital: 400_000, revenue: 2_000_000 },
  backlog: { capital: 0, revenue: 1_200_000 },
  reviews: { capital: 0, revenue: 800_000 },
  'special-schools': { capital: 72_000_000, revenue: 0 },
  srb: { capital: 17_000_000, revenue: 0 },
  expansion: { capital: 14_000_000, revenue: 0 },
  'hubs-build': { capital: 4_400_000, revenue: 0 },
  'ap-offer': { capital: 0, revenue: 1_500_000 },
  'hubs-model': { capital: 0, revenue: 500_000 },
  'finance-model': { capital: 0, revenue: 400_000 },
  'placement-tracking': { capital: 600_000, revenue: 900_000 },
};

/** The page's risks as a programme board would log them; the likelihood and impact are invented. */
const riskPlans: {
  kind: 'risk' | 'issue';
  project: string | null;
  title: string;
  l: number;
  i: number;
  mitigation: string;
  escalated: boolean;
}[] = [
  {
    kind: 'risk',
    project: 'special-schools',
    title: 'No sponsor found for the social, emotional and mental health school',
    l: 4,
    i: 5,
    mitigation: 'Second round of sponsor engagement events; the DfE asked to re-open the free school route',
    escalated: true,
  },
  {
    kind: 'risk',
    project: 'special-schools',
    title: 'Build costs rise above the capital allocation',
    l: 3,
    i: 4,
    mitigation: 'Designs held to the specification; quantity surveyor reviews at each design stage',
    escalated: false,
  },
  {
    kind: 'risk',
    project: 'srb',
    title: 'Too few schools offer to host an SRB for the 170 places',
    l: 3,
    i: 5,
    mitigation: 'Expressions of interest re-opened; heads’ briefings in each cluster',
    escalated: false,
  },
  {
    kind: 'risk',
    project: 'twenty-week',
    title: 'Coordinators not trained in time for go-live',
    l: 2,
    i: 4,
    mitigation: 'Training dates booked; cover agreed for the weeks of training',
    escalated: false,
  },
  {
    kind: 'issue',
    project: 'backlog',
    title: 'Assessments past 20 weeks grew over the summer',
    l: 5,
    i: 3,
    mitigation: 'Temporary coordinators to clear the oldest first; weekly report to the programme manager',
    escalated: true,
  },
  {
    kind: 'risk',
    project: 'placement-tracking',
    title: 'Placement records not complete enough for live tracking',
    l: 3,
    i: 3,
    mitigation: 'Finance and SEND teams reconcile placements monthly before go-live',
    escalated: false,
  },
  {
    kind: 'risk',
    project: 'ap-offer',
    title: 'Exclusions rise before the new alternative provision offer is ready',
    l: 3,
    i: 3,
    mitigation: 'Interim places commissioned; inclusion support and advice line promoted to heads',
    escalated: false,
  },
  {
    kind: 'risk',
    project: null,
    title: 'High needs spending grows faster than the recovery plan allows',
    l: 4,
    i: 4,
    mitigation: 'Monthly high needs position to the board; top-up scheme revised',
    escalated: true,
  },
];

export function generateProgramme(input: ProgrammeSeedInput, rng: Prng): GeneratedProgramme {
  const { laCode, today } = input;
  const start = addDays(today, -240);
  const person = () => {
    const n = adultName(rng.weighted(ethnicityWeights), rng);
    return `${n.forename} ${n.surname}`;
  };
  const programmeId = rng.uuid();
  const programme = {
    id: programmeId,
    la_code: laCode,
    name: 'SEND transformation programme',
    purpose:
      'A £120 million programme so that all children and young people with SEND reach their potential and thrive, and parents are confident there is enough good quality local SEND provision: up to four new special schools, 170 more places in specialist resource bases, more inclusive mainstream schools and shorter journeys to school.',
    budget_pence: 12_000_000_000,
    manager_name: person(),
    starts_on: start,
    ends_on: addDays(start, 4 * 365),
  };
  const board = [
    'Chair, Executive Director of Children’s Services',
    'Assistant Director, Education High Needs and SEND',
    'Head of Education Finance',
    'Parent carer forum representative',
    'Headteacher representative',
    'Clinical Commissioning Group representative',
  ].map((title, position) => {
    const [role] = title.split(', ').slice(-1);
    return { la_code: laCode, programme_id: programmeId, name: person(), role: role ?? title, position };
  });
  const workstreamIds = workstreams.map(() => rng.uuid());
  const workstreamRows = workstreams.map((w, position) => ({
    id: workstreamIds[position],
    la_code: laCode,
    programme_id: programmeId,
    name: w.name,
    purpose: w.purpose,
    lead_name: `${person()} (${w.lead})`,
    team: 'a specialist team of officers from across the service',
    position,
  }));
  const ids = new Map(projects.map((p) => [p.key, rng.uuid()]));
  const projectRows = projects.map((p) => {
    const running = p.items.some(([, s]) => s === 'in_progress');
    const plannedStart = addDays(start, p.startDay);
    return {
      id: ids.get(p.key),
      la_code: laCode,
      programme_id: programmeId,
      workstream_id: workstreamIds[p.workstream],
      name: p.name,
      purpose: p.purpose,
      lead_name: person(),
      status: running ? 'in_progress' : 'not_started',
      priority: p.priority,
      rag: p.rag,
      rag_reason: p.ragReason,
      planned_start: plannedStart,
      planned_end: addDays(plannedStart, p.days - 1),
      // A running project started within a fortnight of its plan, never after today.
      actual_start: running ? minDay(addDays(plannedStart, rng.int(0, 14)), today) : null,
      actual_end: null,
    };
  });
  // What the page calls work in progress is due in the coming months; what is in plan, at its
  // share of the project's planned days, and not before next month.
  const workItems = projects.flatMap((p) =>
    p.items.map(([title, status], position) => {
      const share = addDays(start, p.startDay + Math.round(((position + 1) * p.days) / (p.items.length + 1)));
      return {
        id: rng.uuid(),
        la_code: laCode,
        project_id: ids.get(p.key),
        title,
        status,
        due_on:
          status === 'in_progress' ? addDays(today, rng.int(20, 150)) : maxDay(share, addDays(today, 30)),
        done_on: null,
        position,
      };
    }),
  );
  // Milestones already passed were met, a few days either side of their date; one is not: the
  // closing date for SRB expressions of interest, kept open for want of enough of them.
  const milestones = projects.flatMap((p) =>
    p.milestones.map(([name, day]) => {
      const due = addDays(start, day);
      const met = due < today && p.key !== 'srb';
      return {
        id: rng.uuid(),
        la_code: laCode,
        programme_id: programmeId,
        project_id: ids.get(p.key),
        name,
        due_on: due,
        achieved_on: met ? minDay(addDays(due, rng.int(-5, 10)), today) : null,
      };
    }),
  );
  const links = waits.map(([before, after]) => ({
    la_code: laCode,
    programme_id: programmeId,
    before_id: ids.get(before),
    after_id: ids.get(after),
  }));
  const risks = riskPlans.map((r) => ({
    id: rng.uuid(),
    la_code: laCode,
    programme_id: programmeId,
    project_id: r.project ? ids.get(r.project) : null,
    kind: r.kind,
    title: r.title,
    likelihood: r.l,
    impact: r.i,
    owner_name: person(),
    mitigation: r.mitigation,
    // Reviewed monthly: most next month, one a few days overdue.
    review_on: addDays(today, r.title.startsWith('Coordinators') ? -4 : rng.int(7, 40)),
    escalated_on: r.escalated ? addDays(today, -rng.int(10, 90)) : null,
    status: 'open',
  }));
  // Each project's spend shared over the financial years it runs in, by its days in each; the
  // year now running has spent about its share to date, a little over or under.
  const firstYear = fyOf(start);
  const thisYear = fyOf(today);
  const costs = projects.flatMap((p) => {
    const from = addDays(start, p.startDay);
    const to = addDays(from, p.days - 1);
    const years: { year: number; days: number }[] = [];
    for (let y = fyOf(from); y <= fyOf(to); y++) {
      const a = maxDay(from, `${y}-04-01`);
      const b = minDay(to, `${y + 1}-03-31`);
      years.push({ year: y, days: daysBetween(a, b) + 1 });
    }
    return (['capital', 'revenue'] as const).flatMap((kind) => {
      const total = spend[p.key]?.[kind] ?? 0;
      if (!total) return [];
      return years.map(({ year, days }) => {
        // Rounded on the running total, so a project's years add up to its spend to the penny.
        const before = years.filter((x) => x.year < year).reduce((n, x) => n + x.days, 0);
        const planned =
          (Math.round((total * (before + days)) / p.days) - Math.round((total * before) / p.days)) * 100;
        const elapsed =
          year === thisYear ? Math.max(0, daysBetween(maxDay(from, `${year}-04-01`), today) + 1) / days : 0;
        const running = p.items.some(([, st]) => st === 'in_progress');
        return {
          id: rng.uuid(),
          la_code: laCode,
          programme_id: programmeId,
          project_id: ids.get(p.key),
          kind,
          year,
          planned_pence: planned,
          actual_pence:
            year < thisYear || (year === thisYear && running)
              ? Math.round(planned * Math.min(1, elapsed) * (0.9 + rng.next() * 0.25))
              : null,
        };
      });
    });
  });
  const b = input.baselines;
  const benefitPlans = [
    {
      name: 'Fewer children in independent special schools',
      measure: 'Children placed in independent and non-maintained special schools at the end of the year',
      unit: 'count',
      direction: 'decrease',
      cashable: true,
      baseline: b.independentPlacements,
      // The 490 new local places (170 in SRBs, four schools of about 80) bring back two in five.
      target: Math.round(b.independentPlacements * 0.6),
      live: 'independent_placements',
      projects: ['special-schools', 'srb', 'expansion'],
      // Each child placed locally instead saves about £35,000 a year: £60,000 against £25,000.
      saving: (y: number) =>
        Math.round(b.independentPlacements * 0.4 * Math.min(1, (y - firstYear) / 3)) * 3_500_000,
    },
    {
      name: 'More places in specialist resource bases',
      measure: 'Designated places in SRBs and SEN units',
      unit: 'places',
      direction: 'increase',
      cashable: false,
      baseline: b.srbPlaces,
      target: b.srbPlaces + 170,
      live: 'srb_places',
      projects: ['srb'],
      saving: null,
    },
    {
      name: 'More specialist places in Norfolk',
      measure: 'Designated places in special schools, SEN units and SRBs',
      unit: 'places',
      direction: 'increase',
      cashable: false,
      baseline: b.specialistPlaces,
      target: b.specialistPlaces + 170 + 4 * 80,
      live: 'specialist_places',
      projects: ['special-schools', 'srb', 'expansion'],
      saving: null,
    },
    {
      name: 'EHC plans issued within 20 weeks',
      measure: 'New EHC plans issued within 20 weeks in the year, excluding exceptions',
      unit: 'percent',
      direction: 'increase',
      cashable: false,
      baseline: b.timeliness,
      target: Math.max(b.timeliness, 80),
      live: 'twenty_week_timeliness',
      projects: ['twenty-week', 'backlog'],
      saving: null,
    },
    {
      name: 'Shorter journeys to school',
      measure: 'Average estimated journey from home to setting of children with plans, in minutes',
      unit: 'minutes',
      direction: 'decrease',
      cashable: false,
      baseline: 32,
      target: 28,
      live: null,
      projects: ['special-schools', 'srb'],
      saving: null,
    },
  ] as const;
  const lastYear = firstYear + 3;
  const benefits = benefitPlans.map((x) => ({
    id: rng.uuid(),
    la_code: laCode,
    programme_id: programmeId,
    name: x.name,
    measure: x.measure,
    unit: x.unit,
    direction: x.direction,
    cashable: x.cashable,
    baseline: x.baseline,
    baseline_year: firstYear,
    target: x.target,
    target_year: lastYear,
    live_measure: x.live,
    owner_name: person(),
  }));
  const benefitProjects = benefitPlans.flatMap((x, i) =>
    x.projects.map((key) => ({
      la_code: laCode,
      programme_id: programmeId,
      benefit_id: benefits[i]?.id,
      project_id: ids.get(key),
    })),
  );
  // Savings planned from the year after the first; the one benefit not read live has this year's
  // figure so far recorded by its owner.
  const benefitYears = benefitPlans.flatMap((x, i) => {
    const rows = [];
    // Savings run on after the programme, over the 15 years a business case for new schools counts.
    for (let year = firstYear; year <= (x.saving ? firstYear + 15 : lastYear); year++)
      rows.push({
        la_code: laCode,
        benefit_id: benefits[i]?.id,
        year,
        planned: null,
        actual: x.live === null && year === thisYear ? 31.6 : null,
        planned_pence: x.saving && year > firstYear ? x.saving(year) : null,
        actual_pence: null,
      });
    return rows;
  });
  // Questions for the next board meeting; one was needed before it and is overdue.
  const decisions = (
    [
      [
        'special-schools',
        'Approve a second round of sponsor engagement for the social, emotional and mental health school',
        20,
      ],
      ['top-up', 'Agree the revised top-up funding scheme for consultation with schools', 35],
      ['srb', 'Release the capital for the first six SRBs from the expressions of interest received', -3],
    ] as const
  ).map(([key, question, days]) => ({
    id: rng.uuid(),
    la_code: laCode,
    programme_id: programmeId,
    project_id: ids.get(key),
    question,
    needed_by: addDays(today, days),
  }));
  return {
    programmes: [programme],
    board,
    workstreams: workstreamRows,
    projects: projectRows,
    workItems,
    milestones,
    links,
    risks,
    costs,
    benefits,
    benefitProjects,
    benefitYears,
    decisions,
  };
}

const minDay = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const maxDay = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
