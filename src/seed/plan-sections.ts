import type { IsoDate } from '../platform/kernel/dates.ts';
import type { SenType } from '../platform/kernel/sen2.ts';
import type { Prng } from './prng.ts';

/**
 * Plan sections for the demo's plans, written the way caseworkers write them: about the child
 * by name, their needs, the outcomes sought and the provision that meets them. Invented text
 * built from the child's primary need; no real child's plan is drawn on.
 */

export interface PlanSectionRow {
  la_code: string;
  plan_id: string;
  section: string;
  version: number;
  content: string;
  written_at: string;
  written_by: string | null;
}

interface NeedText {
  needs: string;
  outcomes: string[];
  provision: string[];
  health: string | null;
}

const needTexts: Partial<Record<SenType, NeedText>> = {
  ASD: {
    needs:
      '{F} has a diagnosis of autism. {F} finds changes to routine, and busy or noisy places, very hard, and needs help to understand what other people mean and to say how {F} feels. When anxious, {F} may leave the classroom or stop speaking.',
    outcomes: [
      'By the end of the key stage, {F} will manage changes to the school day with the help of a visual timetable and a warning from an adult.',
      '{F} will tell a trusted adult when they feel anxious, using words or a communication card, on most occasions.',
      '{F} will take part in a small-group activity with peers for 20 minutes without adult support.',
    ],
    provision: [
      'A consistent, structured day with a visual timetable and advance warning of any change, every day.',
      'Access to a quiet space, agreed with {F}, whenever they need it.',
      'A social communication programme delivered by a trained teaching assistant, 3 sessions of 30 minutes a week, planned and reviewed termly with the specialist autism teacher.',
      'Staff working with {F} complete autism awareness training.',
    ],
    health: '{F} is under the care of the community paediatrician, who reviews {F} yearly.',
  },
  SLCN: {
    needs:
      '{F} has a developmental language disorder. {F} understands short, simple instructions but loses track of longer ones, and finds it hard to find words and put sentences together. {F} sometimes becomes frustrated when not understood.',
    outcomes: [
      '{F} will follow two-part instructions in class without extra help.',
      '{F} will use sentences of five or more words to explain what they have done.',
    ],
    provision: [
      'A speech and language therapy programme written by the therapist and delivered by a trained teaching assistant, 4 sessions of 20 minutes a week.',
      'Key vocabulary for each topic taught before the lesson, with pictures.',
      'Instructions given in short chunks, with a check that {F} has understood.',
    ],
    health:
      'The speech and language therapy service will review {F} each term and train the staff delivering the programme.',
  },
  SEMH: {
    needs:
      '{F} has social, emotional and mental health needs. {F} finds it hard to manage strong feelings and to stay in class, and has had several fixed-term suspensions. {F} has a good relationship with a small number of adults.',
    outcomes: [
      '{F} will attend school for at least 90% of sessions.',
      '{F} will use an agreed strategy to calm down when upset, with less help from an adult over the year.',
      '{F} will stay in lessons for the whole of most lessons.',
    ],
    provision: [
      'A key adult {F} can go to at the start and end of each day and when upset.',
      'A personalised behaviour support plan, agreed with {F} and their parents and reviewed every half term.',
      'Weekly sessions with the school’s emotional literacy support assistant.',
    ],
    health: '{F} has been referred to the child and adolescent mental health service.',
  },
  MLD: {
    needs:
      '{F} has moderate learning difficulties. {F} is working well below the level expected for their age in reading, writing and mathematics, learns new skills slowly and needs many chances to practise.',
    outcomes: [
      '{F} will read and understand a short passage at their level and answer questions about it.',
      '{F} will use number facts to 20 to solve everyday problems, such as paying for items.',
    ],
    provision: [
      'Teaching in a small group for English and mathematics for part of each day, with work matched to {F}’s level.',
      'Daily precision teaching for reading and number, 10 minutes a day.',
      'Learning broken into small steps, with practical equipment and visual prompts.',
    ],
    health: null,
  },
  SPLD: {
    needs:
      '{F} has dyslexia. {F} is articulate and understands well, but reads slowly and spells inaccurately, which limits what {F} can show in writing.',
    outcomes: [
      '{F} will read age-appropriate texts with the help of assistive technology.',
      '{F} will write a paragraph independently using a spelling strategy and a word processor.',
    ],
    provision: [
      'A structured, multi-sensory literacy programme, 3 sessions of 30 minutes a week, delivered by a trained teacher.',
      'Access to a laptop with text-to-speech and speech-to-text software in every lesson.',
    ],
    health: null,
  },
  PD: {
    needs:
      '{F} has cerebral palsy affecting both legs and their fine motor skills. {F} uses a walking frame indoors and a wheelchair for longer distances, and tires quickly when writing.',
    outcomes: [
      '{F} will move around the school safely and independently, using their walking frame.',
      '{F} will record their work using a keyboard at a speed close to their classmates’.',
    ],
    provision: [
      'An accessible classroom and toilet, and a plan for getting {F} out of the building safely.',
      'A daily physiotherapy programme set by the physiotherapist and delivered by a trained adult, 20 minutes a day.',
      'Touch-typing teaching and a laptop for recording work.',
    ],
    health: 'The physiotherapist and occupational therapist will review {F} each term.',
  },
  HI: {
    needs:
      '{F} has a severe hearing loss in both ears and wears hearing aids. {F} misses much of what is said in noisy rooms and in group discussion.',
    outcomes: ['{F} will take part fully in class discussions using a radio aid.'],
    provision: [
      'A radio aid, checked daily, and a classroom with reduced background noise.',
      'Visits from the teacher of the deaf twice a term, with advice for staff.',
    ],
    health: 'The audiology service will review {F}’s hearing aids every six months.',
  },
};

const generic: NeedText = {
  needs:
    '{F} has needs in learning and communication that mean {F} needs more help than other children of the same age to make progress and take part in school life.',
  outcomes: [
    '{F} will make progress in reading, writing and mathematics from their starting points.',
    '{F} will become more independent in the classroom.',
  ],
  provision: [
    'Additional adult support in lessons, planned by the class teacher with the SENCo.',
    'Targets reviewed with {F} and their parents each term.',
  ],
  health: null,
};

const interests = [
  'loves animals, especially the family dog',
  'enjoys building things with Lego',
  'likes swimming and being outdoors',
  'loves music and singing',
  'enjoys drawing and computer games',
  'likes football and plays for a local team',
];

const fill = (text: string, forename: string) => text.replaceAll('{F}', forename);
const bullets = (items: readonly string[], forename: string) =>
  items.map((i) => `- ${fill(i, forename)}`).join('\n');

/**
 * The sections of one demo plan. A draft not yet served has its first sections only; a served
 * or final plan has them all, and some sections were revised once.
 */
export function planSectionsFor(
  plan: {
    laCode: string;
    planId: string;
    writtenOn: IsoDate;
    complete: boolean;
    /** The request's coordinator writes the plan; the manager makes some of the revisions. */
    writers: { coordinator: string | null; manager: string | null };
  },
  child: { forename: string; primaryNeed: SenType | null },
  rng: Prng,
): PlanSectionRow[] {
  const f = child.forename;
  const t = (child.primaryNeed && needTexts[child.primaryNeed]) || generic;
  const content: [string, string][] = [
    [
      'A',
      `${f} ${rng.pick(interests)}. ${f} says school is best when "people are kind and I know what is happening".\n\n${f}'s parents would like ${f} to be happy and settled at school, to have friends, and to become more independent as they grow up.`,
    ],
    ['B', fill(t.needs, f)],
    [
      'C',
      t.health && rng.chance(0.7)
        ? fill(t.health, f)
        : `${f} has no health needs related to their special educational needs.`,
    ],
    [
      'D',
      rng.chance(0.15)
        ? `The family receive short breaks from the disabled children's service, one weekend a month.`
        : `${f} has no social care needs related to their special educational needs or disability.`,
    ],
    ['E', bullets(t.outcomes, f)],
    ['F', bullets(t.provision, f)],
    ['G', t.health && rng.chance(0.5) ? fill(t.health, f) : 'None.'],
    ['H1', 'None.'],
    ['H2', 'None.'],
    [
      'J',
      rng.chance(0.08)
        ? 'A personal budget of £1,200 a year for transport to and from school.'
        : 'There is no personal budget.',
    ],
    ['K', `The advice of ${f}'s parents, given with the request, is attached with the advice listed above.`],
  ];
  const written = plan.complete ? content : content.slice(0, rng.int(2, 6));
  const at = `${plan.writtenOn}T10:00:00Z`;
  return written.flatMap(([section, text]) => {
    const first = {
      la_code: plan.laCode,
      plan_id: plan.planId,
      section,
      version: 1,
      content: text,
      written_at: at,
      written_by: plan.writers.coordinator,
    };
    // Some sections were revised once before the draft went to the family.
    return plan.complete && (section === 'E' || section === 'F') && rng.chance(0.3)
      ? [
          { ...first, content: text.split('\n').slice(0, -1).join('\n') || text },
          {
            ...first,
            version: 2,
            written_at: `${plan.writtenOn}T15:00:00Z`,
            written_by: (rng.chance(0.4) && plan.writers.manager) || plan.writers.coordinator,
          },
        ]
      : [first];
  });
}
