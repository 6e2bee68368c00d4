import { sql } from 'kysely';
import {
  addQuestion,
  addTheme,
  bookFor,
  chaseSchools,
  type EngagementContext,
  publishConsultation,
  publishSheet,
  recordAttendance,
  respondFor,
  saveConsultation,
  saveEvent,
  saveSheet,
  tagResponse,
} from '../modules/engagement/index.ts';
import type { Principal } from '../platform/auth/principal.ts';
import { bulkInsert } from '../platform/db/bulk-insert.ts';
import type { Database } from '../platform/db/connect.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';
import { addDays } from '../platform/kernel/days.ts';
import { londonInstant } from '../platform/kernel/london-time.ts';
import { adultName } from './names.ts';
import { Prng } from './prng.ts';

/**
 * The demo's engagement, written by the officers' own use cases inside the demo's one transaction:
 * the six focus groups of November and December 2011 and the two cluster host training afternoons
 * of July 2012 as Norfolk's MI sheets 248/11 and 105/12 gave them (held, with who came and what
 * they said), three events coming up (one full, with a waiting list), the 2012 Fair Funding
 * consultation and a survey open now, and ten MI sheets of this term with the answers schools gave.
 * Who booked a past event, and which schools answered a sheet, are written in bulk: thousands of
 * answers through the pages would make the first start slow for nothing a person would see.
 */

const focusGroups = [
  { venue: "King's Lynn", date: '2011-11-08', starts: '13:30', ends: '16:30' },
  { venue: 'Thetford', date: '2011-11-15', starts: '13:30', ends: '16:30' },
  { venue: 'West Runton', date: '2011-11-22', starts: '13:30', ends: '16:30' },
  { venue: 'County Hall, Norwich', date: '2011-12-02', starts: '09:30', ends: '12:30' },
  { venue: 'Great Yarmouth', date: '2011-12-08', starts: '09:30', ends: '12:30' },
  { venue: 'Dereham', date: '2011-12-14', starts: '09:30', ends: '12:30' },
] as const;

const focusGroupSummary = `Norfolk is redesigning its SEN services and proposes to delegate SEN funding to schools. Come to hear why we are doing this, our ideas so far and the next steps, to tell us what you think of them, and to ask us anything.

We would like your views on:
- Educational psychology and specialist support: what matters most to you, and what your priorities would be
- Supporting children and young people with and without statements of SEN
- Information, advice and guidance: the benefits of moving to a web-based service, and how else we should give advice to parents and professionals`;

const comments = [
  'Useful to hear the thinking before decisions are made.',
  'More time for questions, please.',
  'Clear about the funding; less clear about what happens to the EP service.',
  'Good mix of heads, SENCos and parents around the table.',
  'Please send the slides afterwards.',
  'Worried about small schools in a cluster with little money to share.',
  'Would like a session for parents in the evening.',
];

function dayOf(date: IsoDate, time: string): Date {
  return londonInstant(date, time) ?? new Date(`${date}T12:00:00Z`);
}

/** The next day on or after `from` that falls on the weekday (0 Sunday … 6 Saturday). */
function nextWeekday(from: IsoDate, weekday: number): IsoDate {
  let d = from;
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== weekday) d = addDays(d, 1);
  return d;
}

const schoolRoles = ['heads', 'sencos', 'governors'] as const;

export async function seedEngagementDemo(
  tx: Tx,
  database: Database,
  people: { officer: Principal; sencoSchoolId: string | null },
  today: IsoDate,
  now: Date,
  seed: number,
): Promise<{ events: number; consultations: number; sheets: number }> {
  const rng = new Prng(seed);
  const { laCode } = people.officer;
  const ctxOn = (day: IsoDate, at: Date = dayOf(day, '09:00')): EngagementContext => ({
    database,
    principal: people.officer,
    today: day,
    now: at,
    ip: null,
    requestId: 'demo',
    shared: { tx, events: [] },
  });
  const must = <T extends { ok: boolean }>(r: T, what: string): T & { ok: true } => {
    if (!r.ok) throw new Error(`The demo could not ${what}: ${JSON.stringify(r)}`);
    return r as T & { ok: true };
  };
  const person = () => {
    // Norfolk's people, most of them White British, as the census counts them.
    const { forename, surname } = adultName(
      rng.chance(0.9) ? 'WBRI' : rng.pick(['WIRI', 'WOTH', 'AIND', 'BAFR', 'MWBC'] as const),
      rng,
    );
    const plain = (x: string) => x.toLowerCase().replace(/[^a-z]/g, '');
    return {
      name: `${forename} ${surname}`,
      email: `${plain(forename)}.${plain(surname)}.${rng.int(1, 999)}@example.org`,
    };
  };
  let events = 0;

  // Held: written as set up beforehand, booked in bulk, then who came recorded the afternoon after.
  const held = [
    ...focusGroups.map((f) => ({
      ...f,
      kind: 'focus-group',
      title: `Reshaping Norfolk’s SEN services: focus group, ${f.venue}`,
      summary: focusGroupSummary,
      audiences: ['heads', 'sencos', 'governors', 'parents', 'professionals'],
      capacity: 30,
      setUp: '2011-10-28' as IsoDate,
    })),
    ...[
      { venue: "King's Lynn", date: '2012-07-11' as IsoDate },
      { venue: 'County Hall, Norwich', date: '2012-07-16' as IsoDate },
    ].map((f) => ({
      ...f,
      starts: '13:00',
      ends: '16:30',
      kind: 'training',
      title: `Cluster host training, ${f.venue}`,
      summary:
        'For the colleagues each cluster has nominated as its SEND host: the new process for delegated SEND funding, the SEND cluster toolkit, and how hosts support their cluster’s schools.',
      audiences: ['cluster-hosts'],
      capacity: 25,
      setUp: '2012-05-11' as IsoDate,
    })),
  ];
  for (const e of held) {
    const [year, month, day] = e.date.split('-');
    const made = must(
      await saveEvent(
        ctxOn(e.setUp),
        null,
        {
          kind: e.kind,
          title: e.title,
          summary: e.summary,
          audiences: e.audiences,
          venueName: e.venue,
          venueAddress: '',
          venuePostcode: '',
          accessibility:
            'Step-free access and an accessible toilet. Ask us for a hearing loop or an interpreter.',
          day: String(Number(day)),
          month: String(Number(month)),
          year,
          starts: e.starts,
          ends: e.ends,
          capacity: String(e.capacity),
          contact: 'Additional Needs Project Manager, 01603 222222',
          status: 'published',
        },
        undefined,
      ),
      'set up an event',
    );
    events += 1;
    const booked = e.kind === 'training' ? rng.int(14, 22) : rng.int(20, 30);
    const waiting = booked === e.capacity ? rng.int(2, 5) : 0;
    const asked = dayOf(e.setUp, '12:00');
    const rows = Array.from({ length: booked + waiting }, (_, i) => {
      const p = person();
      const audience = e.kind === 'training' ? 'cluster-hosts' : rng.pick(e.audiences);
      return {
        la_code: laCode,
        event_id: made.id,
        name: p.name,
        email: p.email,
        organisation:
          audience === 'parents'
            ? ''
            : `${rng.pick(['Fakenham', 'Diss', 'Aylsham', 'Wymondham', 'Swaffham', 'Cromer'])} ${rng.pick(['Primary', 'Junior', 'High', 'Academy'])} (demo)`,
        audience,
        status: i < booked ? 'booked' : 'waiting',
        queued_at: new Date(asked.getTime() + i * 3_600_000),
        booked_at: i < booked ? new Date(asked.getTime() + i * 3_600_000) : null,
        needs: rng.chance(0.08)
          ? rng.pick(['A hearing loop, please.', 'Vegetarian lunch.', 'I use a wheelchair.'])
          : '',
      };
    });
    await bulkInsert(
      tx,
      'eng_bookings',
      {
        la_code: 'text',
        event_id: 'uuid',
        name: 'text',
        email: 'text',
        organisation: 'text',
        audience: 'text',
        status: 'text',
        queued_at: 'timestamptz',
        booked_at: 'timestamptz',
        needs: 'text',
      },
      rows,
    );
    const places = await sql<{
      id: string;
    }>`SELECT id FROM eng_bookings WHERE event_id = ${made.id} AND status = 'booked'
      ORDER BY seq`.execute(tx);
    const came = places.rows.filter(() => rng.chance(0.87)).map((r) => r.id);
    must(
      await recordAttendance(ctxOn(e.date, dayOf(e.date, '17:00')), made.id, { attended: came }),
      'record who came',
    );
    const said = came.filter(() => rng.chance(0.6));
    if (said.length)
      await bulkInsert(
        tx,
        'eng_event_feedback',
        {
          la_code: 'text',
          event_id: 'uuid',
          booking_id: 'uuid',
          rating: 'int4',
          comment: 'text',
          received_at: 'timestamptz',
        },
        said.map((id) => ({
          la_code: laCode,
          event_id: made.id,
          booking_id: id,
          rating: Number(rng.weighted({ '5': 4, '4': 5, '3': 2, '2': 1 })),
          comment: rng.chance(0.4) ? rng.pick(comments) : '',
          received_at: dayOf(addDays(e.date, 1), '10:00'),
        })),
      );
  }

  // Coming up: booked through the officers' own form, so each person has their email and link.
  const coming = [
    {
      kind: 'focus-group',
      title: 'Parent carer focus group: our SEND strategy',
      summary:
        'Tell us what is working for your family and what is not, as we write the next SEND strategy with Family Voice Norfolk.',
      audiences: ['parents'],
      venue: 'County Hall, Norwich',
      address: 'Martineau Lane, Norwich',
      postcode: 'NR1 2DH',
      date: nextWeekday(addDays(today, 7), 2),
      starts: '10:00',
      ends: '12:00',
      capacity: 12,
      bookings: 15,
    },
    {
      kind: 'training',
      title: 'Cluster host training: the SEND cluster toolkit',
      summary: 'For new cluster hosts: the toolkit, the funding panel and the year’s timetable.',
      audiences: ['cluster-hosts'],
      venue: "King's Lynn Town Hall",
      address: 'Saturday Market Place, King’s Lynn',
      postcode: 'PE30 5DQ',
      date: nextWeekday(addDays(today, 21), 3),
      starts: '13:30',
      ends: '16:00',
      capacity: 25,
      bookings: 9,
    },
    {
      kind: 'briefing',
      title: 'Essential SENCo network briefing',
      summary:
        'The term’s changes to EHC needs assessment, the revised criteria, and questions to the SEND team.',
      audiences: ['sencos'],
      venue: 'The Forum, Norwich',
      address: 'Millennium Plain, Norwich',
      postcode: 'NR2 1TF',
      date: nextWeekday(addDays(today, 38), 4),
      starts: '09:30',
      ends: '12:30',
      capacity: 80,
      bookings: 31,
    },
  ];
  for (const e of coming) {
    const [year, month, day] = e.date.split('-');
    const ctx = ctxOn(today, now);
    const made = must(
      await saveEvent(
        ctx,
        null,
        {
          kind: e.kind,
          title: e.title,
          summary: e.summary,
          audiences: e.audiences,
          venueName: e.venue,
          venueAddress: e.address,
          venuePostcode: e.postcode,
          accessibility:
            'Step-free access, a hearing loop and an accessible toilet. Tell us when you book if you need anything else.',
          day: String(Number(day)),
          month: String(Number(month)),
          year,
          starts: e.starts,
          ends: e.ends,
          capacity: String(e.capacity),
          contact: 'SEND engagement team, 01603 222222',
          status: 'published',
        },
        undefined,
      ),
      'set up an event',
    );
    events += 1;
    for (let i = 0; i < e.bookings; i++) {
      const p = person();
      must(
        await bookFor(
          ctx,
          made.id,
          { ...p, audience: e.audiences[0], organisation: '', needs: '' },
          undefined,
        ),
        'book a place',
      );
    }
  }

  // The Fair Funding consultation of autumn 2012, closed, its answers tagged with themes.
  const fairFunding = must(
    await saveConsultation(ctxOn('2012-09-20'), null, {
      kind: 'consultation',
      title: 'Fair Funding 2012: delegating learning support funding to school clusters',
      summary:
        'We propose to delegate 75% of learning support funding (about £1.5 million) to school clusters from September 2013, and to keep 25% (about £500,000) for countywide specialist services hosted on schools’ behalf.',
      audiences: ['heads', 'sencos', 'governors'],
      opensOn: '2012-09-24',
      closesOn: '2012-11-02',
    }),
    'start a consultation',
  );
  const ffQuestions = [
    {
      kind: 'agree',
      prompt: 'Learning support funding should be delegated to school clusters',
      required: 'yes',
    },
    {
      kind: 'agree',
      prompt: 'The LA should keep a quarter for countywide specialist services',
      required: 'yes',
    },
    {
      kind: 'choice',
      prompt: 'Which countywide service matters most to your school?',
      options:
        'Access Through Technology\nDisability advice and guidance\nLooked after children advice and guidance',
      required: 'no',
    },
    { kind: 'text', prompt: 'What else should we consider?', required: 'no' },
  ];
  const ffIds: string[] = [];
  for (const q of ffQuestions)
    ffIds.push(must(await addQuestion(ctxOn('2012-09-20'), fairFunding.id, q), 'add a question').questionId);
  must(await publishConsultation(ctxOn('2012-09-21'), fairFunding.id), 'publish a consultation');
  const ffThemes = [
    'Small schools and cluster capacity',
    'Keep specialist expertise',
    'Cluster governance',
    'Timing of the change',
  ];
  const themeIds: string[] = [];
  for (const name of ffThemes)
    themeIds.push(must(await addTheme(ctxOn('2012-11-05'), fairFunding.id, { name }), 'add a theme').themeId);
  const ffWords = [
    'Small schools in our cluster will have too little to share.',
    'Please keep the specialist teachers: we cannot buy that expertise.',
    'Who decides in the cluster, and how is it checked?',
    'September 2013 is too soon for clusters to be ready.',
    'The technology service makes a real difference to our pupils.',
  ];
  for (let i = 0; i < 62; i++) {
    const on = addDays('2012-09-24', rng.int(0, 39)) as IsoDate;
    const words = rng.chance(0.55) ? rng.int(0, ffWords.length - 1) : -1;
    const r = must(
      await respondFor(ctxOn(on, dayOf(on, '15:00')), fairFunding.id, {
        respondent: rng.pick(schoolRoles),
        [`q-${ffIds[0]}`]: rng.weighted({
          'Strongly agree': 2,
          Agree: 5,
          'Neither agree nor disagree': 2,
          Disagree: 3,
          'Strongly disagree': 1,
        }),
        [`q-${ffIds[1]}`]: rng.weighted({
          'Strongly agree': 3,
          Agree: 5,
          'Neither agree nor disagree': 2,
          Disagree: 1,
          'Strongly disagree': 1,
        }),
        [`q-${ffIds[2]}`]: rng.pick([
          'Access Through Technology',
          'Disability advice and guidance',
          'Looked after children advice and guidance',
        ]),
        ...(words >= 0 ? { [`q-${ffIds[3]}`]: ffWords[words] } : {}),
      }),
      'answer a consultation',
    );
    // The last answer names two themes at once; the others, the one their words are about.
    const tags = words < 0 ? [] : words === 4 ? [themeIds[1] ?? ''] : [themeIds[words] ?? ''];
    if (tags.length)
      must(
        await tagResponse(ctxOn('2012-11-06'), fairFunding.id, r.responseId, { themes: tags }),
        'tag a response',
      );
  }

  // A survey open now, its answers still to be read.
  const survey = must(
    await saveConsultation(ctxOn(addDays(today, -14)), null, {
      kind: 'survey',
      title: 'Your Local Offer: does it help you find what you need?',
      summary:
        'Tell us how you use the Local Offer and what would make it better. It takes about five minutes.',
      audiences: ['parents', 'young-people', 'professionals'],
      opensOn: addDays(today, -12),
      closesOn: addDays(today, 18),
    }),
    'start a survey',
  );
  const sIds: string[] = [];
  for (const q of [
    {
      kind: 'choice',
      prompt: 'How did you first hear of the Local Offer?',
      options:
        'A search engine\nMy child’s school\nA health visitor or doctor\nFriends or family\nSocial media',
      required: 'no',
    },
    { kind: 'agree', prompt: 'I found what I was looking for', required: 'yes' },
    { kind: 'text', prompt: 'What should we add or change?', required: 'no' },
  ])
    sIds.push(must(await addQuestion(ctxOn(addDays(today, -14)), survey.id, q), 'add a question').questionId);
  must(await publishConsultation(ctxOn(addDays(today, -13)), survey.id), 'publish a survey');
  const surveyThemes: string[] = [];
  for (const name of ['Short breaks', 'Out-of-date entries'])
    surveyThemes.push(must(await addTheme(ctxOn(today, now), survey.id, { name }), 'add a theme').themeId);
  const sWords = [
    'More about short breaks in the school holidays, please.',
    'Two of the groups I rang had closed.',
    'A map of places near me would help.',
    'Easier to read on my phone.',
  ];
  for (let i = 0; i < 24; i++) {
    const on = addDays(today, -rng.int(0, 12)) as IsoDate;
    const words = rng.chance(0.6) ? rng.int(0, sWords.length - 1) : -1;
    const r = must(
      await respondFor(ctxOn(on, dayOf(on, '19:00')), survey.id, {
        respondent: rng.weighted({ parents: 6, 'young-people': 1, professionals: 2 }),
        [`q-${sIds[0]}`]: rng.pick([
          'A search engine',
          'My child’s school',
          'A health visitor or doctor',
          'Friends or family',
          'Social media',
        ]),
        [`q-${sIds[1]}`]: rng.weighted({
          'Strongly agree': 1,
          Agree: 4,
          'Neither agree nor disagree': 3,
          Disagree: 3,
          'Strongly disagree': 1,
        }),
        ...(words >= 0 ? { [`q-${sIds[2]}`]: sWords[words] } : {}),
      }),
      'answer a survey',
    );
    // An officer has read the first half so far.
    if (i < 12 && (words === 0 || words === 1))
      must(
        await tagResponse(ctxOn(today, now), survey.id, r.responseId, {
          themes: [surveyThemes[words] ?? ''],
        }),
        'tag a response',
      );
  }

  const sheets = await seedSheets(tx, ctxOn, must, rng, people.sencoSchoolId, today);
  return { events, consultations: 2, sheets };
}

/** Ten MI sheets of this term, issued a few weeks apart, with the answers schools have given so far. */
async function seedSheets(
  tx: Tx,
  ctxOn: (day: IsoDate, at?: Date) => EngagementContext,
  must: <T extends { ok: boolean }>(r: T, what: string) => T & { ok: true },
  rng: Prng,
  sencoSchoolId: string | null,
  today: IsoDate,
): Promise<number> {
  const sheets: {
    number: number;
    ago: number;
    title: string;
    kind: 'information' | 'action';
    days?: number;
    audiences: string[];
    body: string;
    read: number;
    done: number;
  }[] = [
    {
      number: 171,
      ago: 88,
      title: 'The SEND cluster toolkit: the autumn term update',
      kind: 'information',
      audiences: ['heads', 'sencos', 'cluster-hosts'],
      body: 'The SEND cluster toolkit has been updated for the autumn term. Clusters piloted it last year; every school now has it.\n\n- The funding panel’s terms of reference\n- The cluster’s record of pupils supported\n- A template for the cluster’s annual report',
      read: 0.97,
      done: 0,
    },
    {
      number: 172,
      ago: 86,
      title: 'Cluster host nominations for this school year',
      kind: 'action',
      days: 18,
      audiences: ['heads'],
      body: 'Clusters are asked to nominate an SEND host. Head teachers agree the nomination; please choose a colleague with leadership and communication skills, good time management, resilience, optimism and knowledge of SEND.\n\nTell us your cluster’s host by the date above.',
      read: 1,
      done: 0.98,
    },
    {
      number: 184,
      ago: 74,
      title: 'Criteria for EHC needs assessment: the revised guidance',
      kind: 'information',
      audiences: ['heads', 'sencos', 'governors'],
      body: 'Revised guidance on when the LA will carry out an EHC needs assessment takes effect from the first day of next term. It does not change the law: a request is decided within six weeks of its arrival (SEND Regulations 2014, reg 5).',
      read: 0.92,
      done: 0,
    },
    {
      number: 196,
      ago: 60,
      title: 'Reshaping Norfolk’s SEND services: invitation to focus groups',
      kind: 'action',
      days: 18,
      audiences: ['heads', 'sencos'],
      body: 'We would like heads, SENCos, governors and parents to help shape the next SEND strategy at one of our focus groups. See the events page for dates and venues, and book your places by the date above.',
      read: 0.95,
      done: 0.88,
    },
    {
      number: 203,
      ago: 53,
      title: 'Cluster SEN: frequently asked questions',
      kind: 'information',
      audiences: ['heads', 'sencos', 'business-managers'],
      body: 'Answers to the questions schools have asked most about delegated SEND funding: how the formula works, when the money arrives, and what the cluster’s panel decides.',
      read: 0.86,
      done: 0,
    },
    {
      number: 219,
      ago: 35,
      title: 'Delegation of learning support funding to school clusters',
      kind: 'information',
      audiences: ['heads', 'sencos', 'governors'],
      body: 'Following the Fair Funding consultation, 75% of learning support funding will be delegated to school clusters, and 25% kept to host countywide specialist services on schools’ behalf:\n\n- Access Through Technology\n- Disability advice and guidance\n- Looked after children advice and guidance',
      read: 0.79,
      done: 0,
    },
    {
      number: 228,
      ago: 25,
      title: 'Essential SENCo network conference: book your places',
      kind: 'action',
      days: 18,
      audiences: ['sencos'],
      body: 'The Essential SENCo Network Conference gives an overview of the finalised cluster toolkit. Please book a place for your SENCo by the date above.',
      read: 0.86,
      done: 0.72,
    },
    {
      number: 236,
      ago: 18,
      title: 'SEN information reports: send us your link for the Local Offer',
      kind: 'action',
      days: 25,
      audiences: ['heads', 'sencos', 'governors'],
      body: 'Every school publishes an SEN information report (SEND Regulations 2014, reg 51). Send us the address of yours so the Local Offer links to it.',
      read: 0.64,
      done: 0.41,
    },
    {
      number: 241,
      ago: 11,
      title: 'Reshaping Norfolk’s SEND services: an update',
      kind: 'information',
      audiences: ['heads', 'sencos', 'governors', 'business-managers'],
      body: 'Where the programme has got to: the new specialist resource bases, the EHC timeliness plan, and what comes next term.',
      read: 0.37,
      done: 0,
    },
    {
      number: 247,
      ago: 3,
      title: 'High needs top-up: the spring term window',
      kind: 'action',
      days: 14,
      audiences: ['heads', 'sencos', 'business-managers'],
      body: 'Applications for high needs top-up funding for the spring term open now. Send each pupil’s application through OpenSEND by the date above.',
      read: 0.22,
      done: 0.1,
    },
  ];
  for (const s of sheets) {
    const issued = addDays(today, -s.ago) as IsoDate;
    const completeBy = s.days ? (addDays(issued, s.days) as IsoDate) : '';
    const made = must(
      await saveSheet(ctxOn(issued), null, {
        kind: s.kind,
        title: s.title,
        audiences: s.audiences,
        completeBy,
        contact: 'SEND engagement team, 01603 222222',
        body: s.body,
      }),
      'draft an MI sheet',
    );
    must(
      await publishSheet(ctxOn(issued), made.id, undefined, { number: String(s.number) }),
      'send an MI sheet',
    );
    // Each school's answer: read within the fortnight, done (for an action sheet) by or a little after its date.
    const schools = await sql<{ establishmentId: string; userId: string | null }>`
      SELECT r.establishment_id AS "establishmentId",
        (SELECT s.user_id FROM establishment_staff s WHERE s.establishment_id = r.establishment_id ORDER BY s.role LIMIT 1) AS "userId"
      FROM eng_mi_receipts r WHERE r.mi_sheet_id = ${made.id} ORDER BY r.establishment_id`.execute(tx);
    const answers = schools.rows
      .filter((r) => r.establishmentId !== sencoSchoolId || s.ago > 30)
      .map((r) => {
        const read = rng.chance(s.read);
        const done = read && s.kind === 'action' && rng.chance(s.done / Math.max(s.read, 0.01));
        const readOn = addDays(issued, rng.int(0, Math.min(14, s.ago)));
        const doneOn = addDays(
          readOn,
          rng.int(0, Math.max(0, Math.min((s.days ?? 0) + 3, s.ago) - (readOn > issued ? 1 : 0))),
        );
        return {
          id: r.establishmentId,
          by: r.userId,
          readAt: read ? dayOf(readOn <= today ? readOn : today, '10:00') : null,
          doneAt: done ? dayOf(doneOn <= today ? doneOn : today, '14:00') : null,
        };
      })
      .filter((a) => a.readAt);
    await sql`UPDATE eng_mi_receipts r SET acknowledged_at = a.read_at, acknowledged_by = a.by,
        completed_at = a.done_at, completed_by = CASE WHEN a.done_at IS NULL THEN NULL ELSE a.by END
      FROM unnest(${sql.val(answers.map((a) => a.id))}::uuid[], ${sql.val(answers.map((a) => a.by))}::uuid[],
        ${sql.val(answers.map((a) => a.readAt))}::timestamptz[], ${sql.val(answers.map((a) => a.doneAt))}::timestamptz[])
        AS a(school, by, read_at, done_at)
      WHERE r.mi_sheet_id = ${made.id} AND r.establishment_id = a.school`.execute(tx);
    // The conference sheet's date has passed: its schools were chased the day after.
    if (s.number === 228 && completeBy)
      must(await chaseSchools(ctxOn(addDays(completeBy, 1) as IsoDate), made.id, undefined), 'chase schools');
  }
  return sheets.length;
}
