import { sql } from 'kysely';
import {
  addMember,
  insertOrganization,
  type LocalOfferContext,
  publish,
  type ServiceRecordInput,
  saveDraft,
  savePage,
  suggestChange,
} from '../modules/local-offer/index.ts';
import { gridToLatLong } from '../modules/providers/index.ts';
import { auditAs } from '../platform/audit/index.ts';
import type { Principal } from '../platform/auth/principal.ts';
import type { Database } from '../platform/db/connect.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';
import { norfolkPlaces } from './catalogue.ts';
import { postcodeIn } from './identifiers.ts';
import { Prng } from './prng.ts';

/**
 * The demo's Local Offer: about 300 invented services and 40 information pages under every Local
 * Offer heading, the services run by
 * invented organisations in the demo's towns, written by the same use cases an editor uses (drafted,
 * then published) inside the demo's one transaction. A few wait for an editor: drafts in review, a
 * provider's suggestion, and services not checked with their provider for over a year. The places'
 * postcodes are added to the LA's postcode directory, as an LA loading the ONS directory would have.
 */

type Heading = NonNullable<ServiceRecordInput['headings']>[number];
type Category = NonNullable<ServiceRecordInput['categories']>[number];
type Need = NonNullable<ServiceRecordInput['needs']>[number];

interface Template {
  name: string;
  org: string;
  description: string;
  headings: Heading[];
  categories: Category[];
  needs: Need[];
  ages: [number | null, number | null];
  fees: string | null;
  /** In how many towns it runs; county-wide services (0) have no place of their own. */
  towns: number;
  days: ('MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU')[];
  hours: [string, string];
  howToAccess: string;
}

const templates: Template[] = [
  {
    name: 'Autism family support group',
    org: 'Autism Families Together',
    description:
      'A friendly monthly group for parents and carers of autistic children, with speakers and time to talk.',
    headings: ['information-advice-support', 'childcare-leisure'],
    categories: ['support-groups'],
    needs: ['ASD'],
    ages: [0, 25],
    fees: null,
    towns: 12,
    days: ['TH'],
    hours: ['10:00', '12:00'],
    howToAccess: 'Come along: no referral needed.',
  },
  {
    name: 'Inclusive swimming sessions',
    org: 'Active Norfolk Leisure',
    description: 'Quiet swimming sessions with fewer people, calmer lighting and trained staff in the water.',
    headings: ['childcare-leisure'],
    categories: ['leisure'],
    needs: [],
    ages: [4, 25],
    fees: '£3.50 a session; carers swim free',
    towns: 10,
    days: ['SA'],
    hours: ['08:00', '09:30'],
    howToAccess: 'Book at the leisure centre desk or by phone.',
  },
  {
    name: 'Speech and language therapy drop-in',
    org: 'Norfolk Children’s Therapy Service',
    description:
      'Advice for parents worried about their child’s talking, listening or understanding. A therapist sees you without an appointment.',
    headings: ['health-care', 'identifying-needs'],
    categories: ['health'],
    needs: ['SLCN'],
    ages: [0, 5],
    fees: null,
    towns: 12,
    days: ['TU'],
    hours: ['09:30', '11:30'],
    howToAccess: 'Drop in; bring your child’s red book if you have it.',
  },
  {
    name: 'Occupational therapy for children',
    org: 'Norfolk Children’s Therapy Service',
    description:
      'Assessment and therapy for children who find everyday tasks, handwriting or coordination hard.',
    headings: ['health-care'],
    categories: ['health'],
    needs: ['PD', 'SPLD'],
    ages: [0, 18],
    fees: null,
    towns: 6,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Your GP, health visitor or school SENCo refers you.',
  },
  {
    name: 'Short breaks activity club',
    org: 'Short Breaks Norfolk',
    description:
      'Weekend and holiday clubs so disabled children and young people can have fun while their families have a break.',
    headings: ['social-care', 'childcare-leisure'],
    categories: ['social-care', 'leisure'],
    needs: [],
    ages: [5, 18],
    fees: 'Free with a short breaks assessment; otherwise £15 a day',
    towns: 10,
    days: ['SA'],
    hours: ['10:00', '15:00'],
    howToAccess: 'Ask for a short breaks assessment through the children’s services front door.',
  },
  {
    name: 'Youth club for young people with SEND',
    org: 'Norfolk Youth Inclusion',
    description:
      'A weekly youth club with games, cooking and trips, for young people who may find other youth clubs hard.',
    headings: ['childcare-leisure', 'preparing-for-adulthood'],
    categories: ['leisure'],
    needs: [],
    ages: [11, 25],
    fees: '£2 a session',
    towns: 12,
    days: ['WE'],
    hours: ['18:00', '20:00'],
    howToAccess: 'Ring the youth worker first to have a chat.',
  },
  {
    name: 'Supported internship',
    org: 'Norfolk Further Education Partnership',
    description:
      'A year learning at work, with a job coach, for young people with an EHC plan who want to move into paid work.',
    headings: ['education-training', 'preparing-for-adulthood'],
    categories: ['employment', 'education'],
    needs: [],
    ages: [16, 24],
    fees: null,
    towns: 6,
    days: ['MO', 'TU', 'WE', 'TH'],
    hours: ['09:00', '15:00'],
    howToAccess: 'Apply through your college or ask your EHC coordinator.',
  },
  {
    name: 'Travel training',
    org: 'Norfolk Travel Independence Team',
    description:
      'One-to-one training so young people can travel to school, college or work on their own, safely.',
    headings: ['travel', 'preparing-for-adulthood'],
    categories: ['transport'],
    needs: [],
    ages: [11, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['08:00', '17:00'],
    howToAccess: 'Your school, college or social worker refers you.',
  },
  {
    name: 'School and college travel assistance',
    org: 'Norfolk County Council Travel Team',
    description:
      'How to apply for help with travel to school or college, and the travel policies that decide who gets it.',
    headings: ['travel'],
    categories: ['transport'],
    needs: [],
    ages: [4, 25],
    fees: 'Free for those eligible; post-16 contributions apply',
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Apply online once a school or college place is offered.',
  },
  {
    name: 'SEND information, advice and support',
    org: 'Norfolk SENDIASS',
    description:
      'Free, impartial and confidential advice about special educational needs and disabilities for parents, children and young people.',
    headings: ['information-advice-support', 'disagreements'],
    categories: ['advice'],
    needs: [],
    ages: [0, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '16:30'],
    howToAccess: 'Phone, email or use the website’s contact form.',
  },
  {
    name: 'Parent carer forum',
    org: 'Norfolk Parent Carer Forum',
    description:
      'The independent forum of parents and carers, working with the council and the NHS to improve services.',
    headings: ['involving-families', 'information-advice-support'],
    categories: ['support-groups', 'advice'],
    needs: [],
    ages: [0, 25],
    fees: null,
    towns: 4,
    days: ['WE'],
    hours: ['10:00', '12:00'],
    howToAccess: 'Join for free online or at a coffee morning.',
  },
  {
    name: 'Asking for an EHC needs assessment',
    org: 'Norfolk County Council SEND Service',
    description:
      'What an EHC needs assessment is, who can ask for one, and the 20 weeks it takes. You can ask online.',
    headings: ['identifying-needs'],
    categories: ['advice', 'education'],
    needs: [],
    ages: [0, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Ask online through the single point of access, or ask your school.',
  },
  {
    name: 'Cluster SEND funding explained',
    org: 'Norfolk County Council SEND Service',
    description:
      'How the council shares SEND funding with clusters of schools by a formula, and how schools agree to use it.',
    headings: ['funding'],
    categories: ['education', 'advice'],
    needs: [],
    ages: [4, 16],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Read the published formula, or ask your school’s SENCo.',
  },
  {
    name: 'Specialist resource base',
    org: 'Norfolk Schools',
    description:
      'A small class in a mainstream school for pupils whose EHC plan names it, with specialist staff and time in mainstream lessons.',
    headings: ['provision-in-area'],
    categories: ['education'],
    needs: ['ASD', 'SEMH', 'SLCN', 'HI', 'MLD'],
    ages: [4, 16],
    fees: null,
    towns: 14,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['08:45', '15:15'],
    howToAccess: 'Places are named in an EHC plan after consultation with the school.',
  },
  {
    name: 'Hearing support team',
    org: 'Norfolk Sensory Support',
    description:
      'Qualified teachers of the deaf support children, families and schools from diagnosis to adulthood.',
    headings: ['provision-in-area', 'health-care'],
    categories: ['education', 'health'],
    needs: ['HI', 'MSI'],
    ages: [0, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['08:30', '17:00'],
    howToAccess: 'Your audiologist or school refers you.',
  },
  {
    name: 'Vision support team',
    org: 'Norfolk Sensory Support',
    description:
      'Qualified teachers of the visually impaired and habilitation specialists for children and young people.',
    headings: ['provision-in-area', 'health-care'],
    categories: ['education', 'health'],
    needs: ['VI', 'MSI'],
    ages: [0, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['08:30', '17:00'],
    howToAccess: 'Your eye clinic or school refers you.',
  },
  {
    name: 'Residential special school outside Norfolk',
    org: 'Independent Specialist Providers',
    description:
      'Specialist schools outside the county that Norfolk children attend when their EHC plan names them.',
    headings: ['provision-outside-area'],
    categories: ['education'],
    needs: ['ASD', 'SEMH', 'SLD', 'PMLD'],
    ages: [5, 19],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['08:30', '15:30'],
    howToAccess: 'Named in an EHC plan where no local school can meet the needs.',
  },
  {
    name: 'Holiday activities and food',
    org: 'Norfolk Holiday Fun',
    description:
      'Free holiday clubs with activities and a healthy meal, with places adapted for children with SEND.',
    headings: ['childcare-leisure'],
    categories: ['leisure', 'childcare'],
    needs: [],
    ages: [5, 16],
    fees: 'Free for children on benefits-related free school meals',
    towns: 12,
    days: ['MO', 'TU', 'WE', 'TH'],
    hours: ['10:00', '14:00'],
    howToAccess: 'Book online with the code from your school.',
  },
  {
    name: 'Inclusive childminding',
    org: 'Norfolk Early Years Network',
    description:
      'Registered childminders with SEND training and experience, including funded places for two-year-olds.',
    headings: ['childcare-leisure', 'provision-in-area'],
    categories: ['childcare'],
    needs: [],
    ages: [0, 11],
    fees: 'Childminder’s own rates; funded hours available',
    towns: 10,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['07:30', '18:00'],
    howToAccess: 'Contact the childminder directly.',
  },
  {
    name: 'Personal budgets and direct payments',
    org: 'Norfolk County Council SEND Service',
    description:
      'How a personal budget works with an EHC plan, and how direct payments can pay for care or activities.',
    headings: ['personal-budgets'],
    categories: ['advice', 'social-care'],
    needs: [],
    ages: [0, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Ask your EHC coordinator at a review or when a plan is drafted.',
  },
  {
    name: 'Mediation and disagreement resolution',
    org: 'Independent Mediation East',
    description:
      'Free, independent mediation about EHC needs assessments and plans, before or instead of an appeal.',
    headings: ['disagreements'],
    categories: ['advice'],
    needs: [],
    ages: [0, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Ring within two months of the LA’s decision to get a mediation certificate.',
  },
  {
    name: 'Complaints about the Local Offer',
    org: 'Norfolk County Council SEND Service',
    description:
      'How to tell us something in the Local Offer is wrong or missing, or complain about a service in it.',
    headings: ['complaints'],
    categories: ['advice'],
    needs: [],
    ages: [0, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Use the feedback on any page, or the council’s complaints form.',
  },
  {
    name: 'Schools’ SEN information reports',
    org: 'Norfolk Schools',
    description:
      'Every school publishes how it supports pupils with SEND. Find each school’s report from its page here.',
    headings: ['sen-information-reports'],
    categories: ['education'],
    needs: [],
    ages: [4, 19],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['08:30', '16:00'],
    howToAccess: 'Read it on the school’s website.',
  },
  {
    name: 'Mental health support team in schools',
    org: 'Norfolk Children’s Wellbeing Service',
    description:
      'Practitioners in schools who help pupils with anxiety, low mood and worries, and advise staff.',
    headings: ['health-care', 'provision-in-area'],
    categories: ['health'],
    needs: ['SEMH'],
    ages: [5, 18],
    fees: null,
    towns: 8,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '16:00'],
    howToAccess: 'Speak to your school’s mental health lead.',
  },
  {
    name: 'Housing and independent living advice',
    org: 'Norfolk Adult Transitions Team',
    description: 'Help for young people planning where to live as adults, including supported living.',
    headings: ['preparing-for-adulthood'],
    categories: ['housing', 'advice'],
    needs: [],
    ages: [14, 25],
    fees: null,
    towns: 0,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    hours: ['09:00', '17:00'],
    howToAccess: 'Ask at your Year 9 review or contact the team.',
  },
  {
    name: 'Coffee morning for SEND families',
    org: 'Community Family Hubs',
    description:
      'An informal coffee morning at the family hub, with a SENCo or health visitor there to answer questions.',
    headings: ['involving-families', 'information-advice-support'],
    categories: ['support-groups'],
    needs: [],
    ages: [0, 11],
    fees: null,
    towns: 14,
    days: ['FR'],
    hours: ['09:30', '11:00'],
    howToAccess: 'Just come along.',
  },
];

/** The demo's information pages: two or three under each Local Offer heading. */
const infoPages: [Heading, string, string][] = [
  [
    'provision-in-area',
    'What schools offer for pupils with SEND',
    'The help every school gives, and what more is available.',
  ],
  [
    'provision-in-area',
    'Specialist resource bases',
    'Small classes in mainstream schools, and how a place is offered.',
  ],
  [
    'provision-in-area',
    'Special schools in the county',
    'What special schools offer and how places are named in a plan.',
  ],
  [
    'provision-outside-area',
    'Schools and colleges outside the county',
    'When a child’s plan names a school or college elsewhere.',
  ],
  [
    'provision-outside-area',
    'Independent and non-maintained special schools',
    'What they are, and when the LA places children there.',
  ],
  ['identifying-needs', 'SEN Support in school', 'The assess, plan, do, review cycle and who to talk to.'],
  [
    'identifying-needs',
    'Asking for an EHC needs assessment',
    'Who can ask, how, and the 20 weeks that follow.',
  ],
  [
    'identifying-needs',
    'What happens in an EHC needs assessment',
    'The advice gathered, the decisions and their dates.',
  ],
  [
    'involving-families',
    'Having your say',
    'How families shape services: the forum, surveys and focus groups.',
  ],
  ['involving-families', 'Young people’s voice', 'How young people with SEND are heard by the council.'],
  ['funding', 'How SEND funding works', 'Notional SEND budgets, top-up funding and high needs.'],
  [
    'funding',
    'Funding shared with school clusters',
    'The formula that shares SEND funding between clusters of schools.',
  ],
  ['health-care', 'Therapies for children', 'Speech and language, occupational therapy and physiotherapy.'],
  [
    'health-care',
    'Neurodevelopmental assessments',
    'Assessments for autism and ADHD, and support while you wait.',
  ],
  ['health-care', 'Children’s mental health', 'Where to get help early, and in a crisis.'],
  ['social-care', 'Short breaks', 'Breaks for families of disabled children, and how to get them.'],
  [
    'social-care',
    'The children with disabilities team',
    'Social work support for disabled children and their families.',
  ],
  ['education-training', 'Supported internships', 'A year learning at work with a job coach.'],
  [
    'education-training',
    'Apprenticeships and traineeships',
    'Paid work with training, and support to get there.',
  ],
  ['education-training', 'Colleges and post-16 options', 'Choosing what comes after school.'],
  ['travel', 'Travel to school', 'Who gets help with travel to school, and how to apply.'],
  ['travel', 'Travel to college', 'Post-16 travel help and what it costs.'],
  ['travel', 'Travel training', 'Learning to travel on your own.'],
  [
    'preparing-for-adulthood',
    'Preparing for adulthood from Year 9',
    'Reviews that plan for work, living, friends and health.',
  ],
  ['preparing-for-adulthood', 'Moving to adult services', 'What changes at 18 in health and social care.'],
  ['preparing-for-adulthood', 'Housing and independent living', 'Options for where to live as an adult.'],
  ['childcare-leisure', 'Finding inclusive childcare', 'Funded hours, childminders and holiday clubs.'],
  ['childcare-leisure', 'Things to do', 'Clubs, sport and activities that welcome children with SEND.'],
  [
    'sen-information-reports',
    'Schools’ SEN information reports',
    'What each school must publish about its SEND support.',
  ],
  ['sen-information-reports', 'Choosing a school', 'Questions to ask when you visit.'],
  ['information-advice-support', 'SENDIASS', 'Free, impartial advice for families and young people.'],
  [
    'information-advice-support',
    'The parent carer forum',
    'Parents and carers working with the council and the NHS.',
  ],
  ['information-advice-support', 'Support groups', 'Groups for parents, carers, siblings and young people.'],
  ['personal-budgets', 'Personal budgets', 'What a personal budget is and how to ask for one.'],
  ['personal-budgets', 'Direct payments', 'Paying for care and activities yourself.'],
  ['disagreements', 'When you disagree', 'Talking it through, disagreement resolution and mediation.'],
  ['disagreements', 'Appealing to the tribunal', 'When you can appeal and the dates that matter.'],
  ['complaints', 'Complaining about the Local Offer', 'How to tell us something is wrong.'],
  ['complaints', 'Complaints about schools, health and social care', 'Who to complain to, and how.'],
  ['information-advice-support', 'Words we use', 'A glossary of SEND terms in plain English.'],
];

const pageBody = (title: string, summary: string) =>
  `${summary}

# What this means for you

This page of the demo explains ${title.toLowerCase()} in plain English. ` +
  `It is invented for the demo, like every name in it.

# What to do next

- Talk to your child’s school or setting first
` +
  `- Ask SENDIASS for free, impartial advice
- Search the Local Offer for services near you

# If you need help

` +
  'Phone the SEND team, or use the feedback at the foot of this page to tell us what is missing.';

const orgDescription = (name: string) =>
  `${name} works with children, young people and families across the county. (An invented organisation of the demo.)`;

/** A fair shuffle (Fisher–Yates) with the demo's own generator, so the demo is the same every time. */
function shuffled<T>(items: readonly T[], rng: Prng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// The templates' town counts, scaled to the demo's 50 places: about 300 services in all.
const townsPerUnit = 2.2;

export async function seedLocalOfferDemo(
  tx: Tx,
  database: Database,
  people: { editor: Principal; provider: Principal },
  today: IsoDate,
  now: Date,
  seed: number,
): Promise<{ services: number; pages: number; waiting: number }> {
  const { laCode } = people.editor;
  const rng = new Prng(seed);
  const ctxOf = (principal: Principal): LocalOfferContext => ({
    database,
    principal,
    today,
    now,
    ip: null,
    requestId: 'demo',
    shared: { tx, events: [] },
  });
  const editor = ctxOf(people.editor);
  const provider = ctxOf(people.provider);

  const orgIds = new Map<string, string>();
  for (const name of new Set(templates.map((t) => t.org)))
    orgIds.set(
      name,
      await insertOrganization(tx, laCode, {
        name: `${name} (demo)`,
        description: orgDescription(name),
        email: `hello@${name
          .toLowerCase()
          .replace(/[^a-z]+/g, '-')
          .replace(/^-|-$/g, '')}.example.org`,
        website: `https://${name
          .toLowerCase()
          .replace(/[^a-z]+/g, '-')
          .replace(/^-|-$/g, '')}.example.org`,
        establishmentId: null,
        senInformationReport: null,
      }),
    );

  const centroids: { postcode: string; latitude: number; longitude: number }[] = [];
  const published: string[] = [];
  for (const t of templates) {
    const organizationId = orgIds.get(t.org) ?? '';
    const towns = t.towns
      ? shuffled(norfolkPlaces, rng).slice(
          0,
          Math.min(norfolkPlaces.length, Math.round(t.towns * townsPerUnit)),
        )
      : [null];
    for (const town of towns) {
      const postcode = town ? postcodeIn(town.postcode, rng) : null;
      if (town && postcode) {
        // Within about a kilometre of the town's middle.
        const at = gridToLatLong(town.e + rng.int(-800, 800), town.n + rng.int(-800, 800));
        centroids.push({
          postcode: postcode.replace(' ', ''),
          latitude: at.latitude,
          longitude: at.longitude,
        });
      }
      const record: ServiceRecordInput = {
        organizationId,
        name: town ? `${t.name}: ${town.name}` : t.name,
        description: t.description,
        url: `https://services.example.org/${t.name.toLowerCase().replace(/[^a-z]+/g, '-')}`,
        email: '',
        phone: `01603 ${rng.int(200000, 899999)}`,
        status: rng.chance(0.03) ? 'temporarily closed' : 'active',
        minimumAge: t.ages[0],
        maximumAge: t.ages[1],
        eligibility: town
          ? `Children, young people and families in and around ${town.name}.`
          : 'Anyone in the county.',
        free: t.fees === null,
        fees: t.fees ?? '',
        accessibility:
          'Step-free access, an accessible toilet and a quiet room. Tell us what else would help.',
        howToAccess: t.howToAccess,
        headings: t.headings,
        categories: t.categories,
        needs: t.needs,
        locations:
          town && postcode
            ? [
                {
                  name: `${town.name} ${t.categories.includes('leisure') ? 'leisure centre' : 'family hub'}`,
                  address1: `${rng.int(1, 120)} ${rng.pick(['High Street', 'Market Place', 'Church Lane', 'Station Road', 'London Road'])}`,
                  city: town.name,
                  postcode,
                  accessibility: 'Parking outside, with two disabled bays.',
                },
              ]
            : [],
        schedules: [{ days: t.days, opensAt: t.hours[0], closesAt: t.hours[1], description: '' }],
      };
      const draft = await saveDraft(editor, null, record);
      if (!draft.ok) throw new Error(`demo service ${record.name}: ${JSON.stringify(draft.errors)}`);
      published.push(draft.value.serviceId);
      // Placed where the postcode directory already has them: loaded before the first publication.
      await sql`INSERT INTO postcode_centroids (la_code, postcode, latitude, longitude)
        SELECT ${laCode}, c.postcode, c.latitude, c.longitude
        FROM jsonb_to_recordset(${JSON.stringify(centroids.splice(0))}::jsonb) AS c (postcode text, latitude float8, longitude float8)
        ON CONFLICT DO NOTHING`.execute(tx);
      const out = await publish(editor, draft.value.versionId);
      if (!out.ok) throw new Error(`demo service ${record.name}: ${JSON.stringify(out.errors)}`);
    }
  }

  for (const [heading, title, summary] of infoPages) {
    const saved = await savePage(editor, null, {
      title,
      summary,
      body: pageBody(title, summary),
      heading,
      published: 'yes',
    });
    if (!saved.ok) throw new Error(`demo page ${title}: ${JSON.stringify(saved.errors)}`);
  }

  // Work waiting for the editor: two drafts in review, the provider's suggestion, and a tenth of the
  // services not checked with their provider for over a year.
  let waiting = 0;
  for (const id of published.slice(0, 2)) {
    const change = await saveDraft(editor, id, {
      ...(await recordOf(tx, laCode, id)),
      description: 'Updated for the new school year: times and places have changed.',
    });
    if (change.ok) waiting++;
  }
  const providerOrg = orgIds.get('Autism Families Together') ?? '';
  await addMember(tx, laCode, providerOrg, people.provider.userId);
  const theirs = (
    await sql<{
      id: string;
    }>`SELECT id FROM lo_services WHERE organization_id = ${providerOrg} ORDER BY name LIMIT 1`.execute(tx)
  ).rows[0]?.id;
  if (theirs) {
    const s = await suggestChange(
      provider,
      theirs,
      {
        ...(await recordOf(tx, laCode, theirs)),
        description: 'We now meet every fortnight, with a sibling group alongside.',
      },
      'From January we meet fortnightly.',
    );
    if (s.ok) waiting++;
  }
  await sql`UPDATE lo_services SET reviewed_on = ${today}::date - 400
    WHERE la_code = ${laCode} AND id IN (SELECT id FROM lo_services WHERE la_code = ${laCode} ORDER BY md5(id::text) LIMIT ${Math.round(published.length / 10)})`.execute(
    tx,
  );
  for (const ctx of [editor, provider])
    if (ctx.shared?.events.length) await auditAs(tx, ctx, ctx.shared.events);
  return { services: published.length, pages: infoPages.length, waiting };
}

async function recordOf(tx: Tx, laCode: string, serviceId: string): Promise<ServiceRecordInput> {
  const r = await sql<{ content: ServiceRecordInput }>`SELECT content FROM lo_service_versions
    WHERE la_code = ${laCode} AND service_id = ${serviceId} AND state = 'published' ORDER BY decided_at DESC LIMIT 1`.execute(
    tx,
  );
  const content = r.rows[0]?.content;
  if (!content) throw new Error('a published demo service has its published version');
  return content;
}
