import type { IsoDate } from '../platform/kernel/dates.ts';
import type { SenType } from '../platform/kernel/sen2.ts';
import {
  admired,
  admiredOlder,
  adulthoodOutcomes,
  areaTitles,
  aspirations,
  earlyInterests,
  interests,
  needTexts,
  type Outcome,
  observedJoy,
  ownWords,
  parentsHope,
  personalBudgets,
  type Stage,
  settingProvision,
  shortBreakProvision,
  socialCare,
  stageWords,
  strengths,
  viewsObserved,
} from './plan-texts.ts';
import type { Prng } from './prng.ts';

/**
 * Plan sections for the demo's plans, written the way caseworkers write them: the child's
 * views and their family's hopes, their needs by the Code of Practice's broad areas, outcomes
 * with dates to reach them and steps for the year, and provision saying what, who and how
 * often. The words follow the child's needs, age and setting, and the choices among them come
 * from the seed, so two plans rarely read alike and the same seed writes the same plans.
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

export type SettingKind = keyof typeof settingProvision;

export interface PlanChild {
  forename: string;
  sex: 'M' | 'F' | 'U';
  dateOfBirth: IsoDate;
  /** SEN2 needs, primary first. */
  needs: readonly SenType[];
  setting: SettingKind;
}

const pronouns = {
  M: { he: 'he', He: 'He', him: 'him', his: 'his', His: 'His', himself: 'himself' },
  F: { he: 'she', He: 'She', him: 'her', his: 'her', His: 'Her', himself: 'herself' },
  U: { he: 'they', He: 'They', him: 'them', his: 'their', His: 'Their', himself: 'themselves' },
};
const singular = { is: 'is', has: 'has', was: 'was', does: 'does', s: 's', ies: 'ies' };
const plural = { is: 'are', has: 'have', was: 'were', does: 'do', s: '', ies: 'y' };

const months = 'January February March April May June July August September October November December'.split(
  ' ',
);

/** A stage of the National Curriculum and the July it ends in: the horizon of the plan's outcomes. */
function horizon(ncYear: number, startYear: number): string {
  const ends: [number, string][] = [
    [0, 'the Reception year'],
    [2, 'Key Stage 1'],
    [6, 'Key Stage 2'],
    [9, 'Key Stage 3'],
    [11, 'Key Stage 4'],
    [13, 'Year 13'],
  ];
  const [last, name] = ends.find(([end]) => end >= ncYear) ?? [ncYear, 'the course'];
  return `the end of ${name} (July ${startYear + 1 + last - ncYear})`;
}

/** The sentences of a plan, filled for one child. */
class Writer {
  private readonly words: Record<string, string>;

  constructor(
    child: PlanChild,
    stage: Stage,
    readonly rng: Prng,
    extra: Record<string, string>,
  ) {
    this.words = {
      F: child.forename,
      ...pronouns[child.sex],
      ...(child.sex === 'U' ? plural : singular),
      ...stageWords[stage],
      ...extra,
    };
  }

  fill(text: string): string {
    return text.replace(/\{(\w+)(?::([^}]+))?\}/g, (_, name: string, arg: string | undefined) => {
      if (name === 'pick') return this.rng.pick((arg ?? '').split('|'));
      if (name === 'n') {
        const [lo, hi] = (arg ?? '').split('-').map(Number);
        return String(this.rng.int(lo ?? 0, hi ?? lo ?? 0));
      }
      return this.words[name] ?? '';
    });
  }

  /** Some of the sentences, in a random order. */
  some(items: readonly string[], count: number): string[] {
    const pool = [...items];
    const out: string[] = [];
    while (out.length < count && pool.length) out.push(...pool.splice(this.rng.int(0, pool.length - 1), 1));
    return out.map((t) => this.fill(t));
  }

  one(items: readonly string[]): string {
    return this.fill(this.rng.pick(items));
  }
}

/** Completed years of age on a day (29 February birthdays fall on 1 March in common years). */
function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  return (
    Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4)) - (on.slice(5) < dateOfBirth.slice(5) ? 1 : 0)
  );
}

/** "an 8-year-old", "a 9-year-old": the article as the number is said. */
const anAge = (years: number) =>
  `${[8, 11, 18].includes(years) || (years >= 80 && years < 90) ? 'an' : 'a'} ${years}-year-old`;

const joinWords = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const bullets = (items: string[]) => items.map((i) => `- ${i}`).join('\n');
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Children who cannot give their views in words have them gathered by watching. */
const observedNeeds: ReadonlySet<SenType> = new Set(['PMLD', 'SLD', 'MSI']);

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
  child: PlanChild,
  rng: Prng,
): PlanSectionRow[] {
  const year = Number(plan.writtenOn.slice(0, 4));
  const month = Number(plan.writtenOn.slice(5, 7));
  const startYear = month >= 9 ? year : year - 1;
  // Age on 31 August before the academic year, as year groups are counted.
  const age =
    startYear - Number(child.dateOfBirth.slice(0, 4)) - (child.dateOfBirth.slice(5) > '08-31' ? 1 : 0);
  const ncYear = age - 4;
  const stage: Stage =
    ncYear <= 0 ? 'early' : ncYear <= 6 ? 'primary' : ncYear <= 11 ? 'secondary' : 'post16';
  const primary = child.needs[0] ?? 'OTH';
  const main = needTexts[primary];
  const second = child.needs[1] ? needTexts[child.needs[1]] : null;
  const likes = ncYear < 1 ? earlyInterests : interests;
  const [interest, otherInterest] = [rng.pick(likes), rng.pick(likes)];
  const born = Number(child.dateOfBirth.slice(0, 4));
  const place =
    child.setting === 'college'
      ? 'college'
      : child.setting === 'earlyYears'
        ? 'nursery'
        : child.setting === 'none'
          ? stageWords[stage].place
          : 'school';
  const w = new Writer(child, stage, rng, {
    place,
    interest: interest ?? '',
    diagYear: String(Math.min(year, Math.max(born + 2, year - rng.int(1, 6)))),
  });
  const f = child.forename;
  const adult = age >= 18;
  const noun =
    child.sex === 'U'
      ? stage === 'post16'
        ? 'young person'
        : 'child'
      : stage === 'post16'
        ? child.sex === 'M'
          ? 'young man'
          : 'young woman'
        : child.sex === 'M'
          ? 'boy'
          : 'girl';
  const observed = stage === 'early' || child.needs.some((n) => observedNeeds.has(n));
  // Outcomes run to the end of the stage the child will be in next year, so past the first
  // review, when the steps towards them are due.
  const by = horizon(ncYear + 1, startYear + 1);
  const review = `${months[month - 1]} ${year + 1}`;

  // A: views, interests and aspirations.
  const sectionA = [
    w.fill(
      `{F} is ${anAge(ageOn(child.dateOfBirth, plan.writtenOn))} ${noun} who loves {interest}.${otherInterest !== interest ? ` {He} also enjoy{s} ${otherInterest}.` : ''} People who know {him} best describe {him} as ${joinWords(w.some(stage === 'early' ? admired : [...admired, ...admiredOlder], 2))}.`,
    ),
    observed
      ? `${w.one(viewsObserved)} ${w.some(observedJoy, 2).join(' ')}`
      : (() => {
          const words = ownWords[stage as Exclude<Stage, 'early'>];
          return `${f} told us: “${[...w.some(words.likes, 2), w.one(words.hard), w.one(words.helps)].join(' ')}”`;
        })(),
    w.fill(
      `${adult ? '{F} would like' : '{F}’s family would like {him}'} ${joinWords(w.some(parentsHope[stage], rng.int(2, 3)))}.`,
    ),
    ...(!observed && ncYear >= 6 ? [`Looking ahead, ${f} said: “${w.one(aspirations)}”`] : []),
  ].join('\n\n');

  // B: special educational needs, by area.
  const shows = w.some(main.shows, rng.int(4, 5));
  const sectionB = [
    w.some(strengths, rng.int(1, 2)).join(' '),
    areaTitles[main.area],
    [w.one(main.identified), ...shows.slice(0, -1)].join(' '),
    [w.one(main.atStage[stage]), ...shows.slice(-1)].join(' '),
    ...(second
      ? [
          ...(second.area !== main.area ? [areaTitles[second.area]] : []),
          [w.fill(second.also), ...w.some(second.shows, rng.int(1, 2))].join(' '),
        ]
      : []),
  ].join('\n\n');

  // C and G: health needs and provision, where the needs bring them.
  const healthNeeds =
    main.health && rng.chance(observed && stage !== 'early' ? 0.95 : 0.75) ? main.health : null;
  const sectionC = healthNeeds
    ? w.some(healthNeeds.needs, rng.int(1, 2)).join(' ')
    : w.one([
        'No identified health needs related to {F}’s special educational needs. {He} {is} registered with {his} GP and sees the school nursing service as other children do.',
        '{F} has no health needs related to {his} special educational needs.',
        'None identified. {F} is healthy and {his} family have no concerns about {his} health.',
      ]);
  const sectionG = healthNeeds
    ? bullets(w.some(healthNeeds.provision, healthNeeds.provision.length))
    : w.one([
        'No health provision is specified. {F}’s health needs are met by universal services: {his} GP and the school nursing service.',
        'None.',
        ...(primary === 'SLCN' || primary === 'DS'
          ? ['The speech and language therapy {F} needs educates {him}, so it is set out in section F.']
          : []),
      ]);

  // D, H1 and H2: social care.
  const complex = child.needs.some((n) => ['SLD', 'PMLD', 'MSI', 'DS', 'ASD'].includes(n));
  const care =
    adult && complex && rng.chance(0.6)
      ? 'adult'
      : rng.weighted({ none: 78, shortBreaks: complex ? 20 : 6, earlyHelp: 8 });
  const sectionD = w.one(socialCare[care]);
  const sectionH1 =
    care === 'shortBreaks' && !adult
      ? w.one(shortBreakProvision)
      : adult
        ? `Not applicable: ${f} is over 18; any social care provision is in section H2.`
        : 'None.';
  const sectionH2 = w.fill(
    care === 'earlyHelp'
      ? 'Support from the Early Help team: a family support worker visits every two weeks for six months, working with {F}’s parents on routines at home.'
      : care === 'adult'
        ? 'Support from adult social care under the Care Act 2014: {n:6-15} hours a week of support to go out in the community, reviewed each year.'
        : 'None.',
  );

  // E: outcomes, each with the steps for the coming year.
  const outcome = (o: Outcome) =>
    `By ${by}, ${f} will ${w.fill(o.aim)}.\nSteps by ${review}:\n${bullets(o.steps.map((s) => `${upperFirst(w.fill(s))}.`))}`;
  const older = stage === 'secondary' || stage === 'post16';
  const mainOutcomes = rng.chance(0.5) ? 2 : 1;
  const pickOutcomes = (from: Outcome[], count: number) => {
    const pool = from.filter((o) => (o.fromYear ?? 0) <= ncYear);
    return Array.from({ length: Math.min(count, pool.length) }, () =>
      outcome(pool.splice(rng.int(0, pool.length - 1), 1)[0] as Outcome),
    );
  };
  const sectionE = [
    w.fill(
      `These outcomes were agreed with {F}${adult ? '' : ' and {his} family'} when the plan was drafted. The steps towards each are for the year to ${review}; they are reviewed each term, and the annual review sets the next ones.`,
    ),
    areaTitles[main.area],
    ...pickOutcomes(older ? main.outcomes.older : main.outcomes.younger, mainOutcomes + 1),
    ...(second
      ? [
          ...(second.area !== main.area ? [areaTitles[second.area]] : []),
          ...pickOutcomes(older ? second.outcomes.older : second.outcomes.younger, 1),
        ]
      : []),
    ...(ncYear >= 9 ? ['Preparing for adulthood', ...pickOutcomes(adulthoodOutcomes, rng.int(1, 2))] : []),
  ].join('\n\n');

  // F: special educational provision: what, who and how often.
  const sectionF = [
    w.fill(
      `The provision below is to be made for {F} by ${child.setting === 'none' ? 'the LA' : '{his} {place}'}, and is reviewed each term with {F} and {his} ${adult ? 'tutor' : 'parents'}.`,
    ),
    // A child in a school's nursery or Reception class is taught as in the early years.
    bullets(
      w.some(
        settingProvision[stage === 'early' && child.setting !== 'special' ? 'earlyYears' : child.setting],
        2,
      ),
    ),
    areaTitles[main.area],
    bullets(w.some(main.provision, rng.int(3, 5))),
    ...(second
      ? [
          ...(second.area !== main.area ? [areaTitles[second.area]] : []),
          bullets(w.some(second.provision, 2)),
        ]
      : []),
    ...(ncYear >= 9
      ? [
          'Preparing for adulthood',
          bullets([
            w.fill(
              'Careers guidance from an adviser with experience of SEND, at least once a year, with {his} parents invited.',
            ),
            ...(rng.chance(0.5) ? [w.fill('Work experience, with an adult to support {him} at first.')] : []),
          ]),
        ]
      : []),
  ].join('\n\n');

  const sectionJ = w.one(rng.chance(0.75) ? personalBudgets.slice(0, 2) : personalBudgets.slice(2));

  const content: [string, string][] = [
    ['A', sectionA],
    ['B', sectionB],
    ['C', sectionC],
    ['D', sectionD],
    ['E', sectionE],
    ['F', sectionF],
    ['G', sectionG],
    ['H1', sectionH1],
    ['H2', sectionH2],
    ['J', sectionJ],
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
    // Some sections were revised once before the draft went to the family: an item added to a list.
    const lines = text.split('\n');
    const lastTwo = lines.slice(-2);
    return plan.complete &&
      (section === 'E' || section === 'F') &&
      lastTwo.length === 2 &&
      lastTwo.every((l) => l.startsWith('- ')) &&
      rng.chance(0.3)
      ? [
          { ...first, content: lines.slice(0, -1).join('\n') },
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
