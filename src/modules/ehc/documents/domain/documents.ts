import { type Block, blocksOf, type DocumentModel, type Fact } from '../../../../platform/documents/model.ts';
import type { WorkingDayCalendar } from '../../../../platform/kernel/bank-holidays.ts';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { addDays } from '../../../../platform/kernel/days.ts';
import {
  type AppealableDecisionKind,
  appealDeadline,
  finalPlanDue,
  limits,
  type RequestFacts,
} from '../../domain/deadlines.ts';
import type { Placement } from '../../domain/process.ts';
import { adviceKindLabels, provisionLabels } from '../../domain/vocabulary.ts';
import type { LetterSettings } from './letter-settings.ts';
import { type SectionCode, sectionCodes, sectionTitles } from './plan-sections.ts';

/**
 * The EHC letters and the plan, as document models: each decision letter carries what the
 * regulations say it must (reg 5(3) and reg 32: appeal rights and time limits, mediation, the
 * information, advice and support service), with dates from the deadline engine.
 */

export const documentKinds = [
  'decision-to-assess',
  'refusal-to-assess',
  'decision-to-issue',
  'decision-not-to-issue',
  'draft-plan-notice',
  'final-plan-notice',
  'plan',
] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentLabels: Record<DocumentKind, string> = {
  'decision-to-assess': 'Letter: decision to assess',
  'refusal-to-assess': 'Letter: decision not to assess',
  'decision-to-issue': 'Letter: decision to issue a plan',
  'decision-not-to-issue': 'Letter: decision not to issue a plan',
  'draft-plan-notice': 'Letter: the draft plan',
  'final-plan-notice': 'Letter: the final plan',
  plan: 'The EHC plan',
};

export interface DocumentFacts {
  laName: string;
  settings: LetterSettings;
  child: { forename: string; surname: string; dateOfBirth: IsoDate; upn: string | null };
  /**
   * The parent, the young person, or the person acting for a young person who lacks capacity, with
   * their address, if recorded.
   */
  addressee: {
    name: string;
    lines: string[];
    role: 'parent' | 'young-person' | 'representative';
    actingAs: string | null;
  } | null;
  /** When the LA said it now expects to issue the final plan, as recorded with each letter's step. */
  expectedFinalOn: Partial<Record<'decision-to-assess' | 'decision-to-issue' | 'draft-plan-notice', IsoDate>>;
  coordinator: string | null;
  reference: string;
  facts: RequestFacts;
  reasons: { assess: string | null; issue: string | null };
  placement: Placement | null;
  advice: readonly { kind: string; adviser: string; sentOn: IsoDate; receivedOn: IsoDate | null }[];
  plan: { status: string; sections: Partial<Record<SectionCode, string>> } | null;
  calendar: WorkingDayCalendar;
}

/** What every EHC letter needs, whichever process it comes from: an assessment's or a review's. */
export type LetterBase = Pick<
  DocumentFacts,
  'laName' | 'settings' | 'child' | 'addressee' | 'coordinator' | 'reference' | 'calendar'
>;

/** Which documents a request has so far: a letter for each decision made, and the plan once there is one. */
export function documentsAvailable(f: RequestFacts, hasPlan: boolean): DocumentKind[] {
  const out: DocumentKind[] = [];
  if (f.assessDecision)
    out.push(f.assessDecision.outcome === 'assess' ? 'decision-to-assess' : 'refusal-to-assess');
  if (f.issueDecision)
    out.push(f.issueDecision.outcome === 'issue' ? 'decision-to-issue' : 'decision-not-to-issue');
  if (f.draftServedOn) out.push('draft-plan-notice');
  if (f.finalIssuedOn) out.push('final-plan-notice');
  if (hasPlan) out.push('plan');
  return out;
}

export function buildDocument(kind: DocumentKind, d: DocumentFacts): DocumentModel | null {
  if (!documentsAvailable(d.facts, d.plan !== null && d.plan.status !== 'withdrawn').includes(kind))
    return null;
  switch (kind) {
    case 'decision-to-assess':
      return decisionToAssess(d);
    case 'refusal-to-assess':
      return refusalToAssess(d);
    case 'decision-to-issue':
      return decisionToIssue(d);
    case 'decision-not-to-issue':
      return decisionNotToIssue(d);
    case 'draft-plan-notice':
      return draftPlanNotice(d);
    case 'final-plan-notice':
      return finalPlanNotice(d);
    case 'plan':
      return planDocument(d);
  }
}

const p = (text: string): Block => ({ kind: 'paragraph', text });
const h = (text: string): Block => ({ kind: 'heading', text });
const h3 = (text: string): Block => ({ kind: 'subheading', text });
const full = (d: LetterBase) => `${d.child.forename} ${d.child.surname}`;
export const toYoungPerson = (d: LetterBase) => d.addressee?.role === 'young-person';
/** The child as the letter names them: "you" in a letter to the young person. */
export const them = (d: LetterBase) => (toYoungPerson(d) ? 'you' : full(d));
export const their = (d: LetterBase) => (toYoungPerson(d) ? 'your' : `${d.child.forename}'s`);

/** The day a letter is dated: the day of the step it records. */
export function letterDateOf(kind: DocumentKind, f: RequestFacts): IsoDate | null {
  switch (kind) {
    case 'decision-to-assess':
    case 'refusal-to-assess':
      return f.assessDecision?.on ?? null;
    case 'decision-to-issue':
    case 'decision-not-to-issue':
      return f.issueDecision?.on ?? null;
    case 'draft-plan-notice':
      return f.draftServedOn;
    case 'final-plan-notice':
      return f.finalIssuedOn;
    case 'plan':
      return null;
  }
}

/**
 * When the final plan will come, in a letter dated `on`. A final plan needs a draft and at least
 * 15 days for comments first, so when that runs past the statutory date the letter says the date,
 * that it will be missed or was, and when the LA now expects to issue: never a date already lost.
 */
function finalPlanPromise(d: DocumentFacts, on: IsoDate, expected: IsoDate | undefined): Block[] {
  const due = finalPlanDue(d.facts);
  const weeks = d.facts.kind === 'reassessment' ? '14 weeks of the re-assessment' : '20 weeks of the request';
  if (addDays(on, limits.draftCommentsLastDay + 1) <= due)
    return [p(`We will issue the final plan by ${longDate(due)}.`)];
  return [
    p(
      `The law says the final plan should be issued within ${weeks}, by ${longDate(due)}. ${due < on ? 'That date has passed' : 'We can no longer meet that date'}, and we are sorry for the delay.`,
    ),
    p(
      expected
        ? `We now expect to issue the final plan by ${longDate(expected)}.`
        : 'We will tell you as soon as we know when we expect to issue the final plan.',
    ),
  ];
}

function sender(d: LetterBase): DocumentModel['sender'] {
  const s = d.settings;
  return {
    name: d.laName,
    lines: [
      s.serviceName,
      ...s.address
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      `Phone: ${s.phone}`,
      `Email: ${s.email}`,
      ...(s.website ? [`Website: ${s.website}`] : []),
    ],
  };
}

export function letter(d: LetterBase, title: string, date: IsoDate, body: Block[]): DocumentModel {
  const facts: Fact[] = [
    { label: 'Date', value: longDate(date) },
    { label: 'Our reference', value: d.reference },
    { label: 'Child or young person', value: full(d) },
    { label: 'Date of birth', value: longDate(d.child.dateOfBirth) },
  ];
  return {
    title,
    sender: sender(d),
    facts,
    addressee: d.addressee ? [d.addressee.name, ...d.addressee.lines] : null,
    blocks: [
      p(d.addressee ? `Dear ${d.addressee.name},` : 'Dear parent, carer or young person,'),
      ...(d.addressee?.role === 'representative'
        ? [
            p(
              `We are writing to you because you act for ${full(d)}${d.addressee.actingAs ? ` as their ${d.addressee.actingAs}` : ''} in decisions about their special educational needs.`,
            ),
          ]
        : []),
      ...body,
      ...support(d),
      p('Yours sincerely,'),
      ...(d.coordinator ? [p(d.coordinator)] : []),
      p(`EHC coordinator, ${d.settings.serviceName}`),
    ],
  };
}

function support(d: LetterBase): Block[] {
  const s = d.settings;
  return [
    h('Help and advice'),
    p(
      `${s.iasName} gives free, impartial and confidential information, advice and support about special educational needs to parents and young people. Phone ${s.iasPhone}${s.iasWebsite ? ` or visit ${s.iasWebsite}` : ''}.`,
    ),
    p(
      `If you have any questions about this letter, contact ${d.coordinator ? `${d.coordinator}, your EHC coordinator,` : 'your EHC coordinator'} on ${s.phone} or at ${s.email}, quoting reference ${d.reference}.`,
    ),
  ];
}

/** Appeal rights, the time limit worked out from the decision date, and mediation (reg 5(3), reg 32, HESC r20). */
export function rightsOfAppeal(d: LetterBase, kind: AppealableDecisionKind, decidedOn: IsoDate): Block[] {
  const s = d.settings;
  const lastDay = appealDeadline(
    { id: kind, kind, noticeSentOn: decidedOn, mediationCertificateOn: null, appealLodgedOn: null },
    d.calendar,
  );
  const placementOnly =
    kind === 'final-plan'
      ? [
          p(
            'If your appeal is only about the school or other setting named in section I, or that none is named, you do not need to contact the mediation adviser first.',
          ),
        ]
      : [];
  return [
    h('If you disagree with this decision'),
    p(`You can ask to meet us to talk about the decision. Contact us on ${s.phone} or at ${s.email}.`),
    h3('Mediation'),
    p(
      `Before you can appeal, you must contact the mediation adviser, ${s.mediationName}, on ${s.mediationPhone}${s.mediationEmail ? ` or at ${s.mediationEmail}` : ''}. They will give you information about mediation. You do not have to take part in mediation: if you decide not to, they will give you a certificate within 3 working days, which you need in order to appeal. If you do take part, we will arrange the mediation within 30 days and you will get a certificate at the end of it.`,
    ),
    ...placementOnly,
    h3('Appealing to the Tribunal'),
    p(
      `You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability). The Tribunal must receive your appeal by ${longDate(lastDay)}.`,
    ),
    p(
      'The time allowed is 2 months from the date of this letter. If it would end in August, it runs to the first working day of September; if it would end between 25 December and 1 January, to the first working day after. If you get a mediation certificate, you can instead appeal within 1 month of the date on the certificate, if that ends later.',
    ),
    h3('Resolving a disagreement'),
    p(
      `You can also use the disagreement resolution service, ${s.disagreementName}, on ${s.disagreementPhone}. It is free, and using it does not affect your right to appeal.`,
    ),
  ];
}

function decisionToAssess(d: DocumentFacts): DocumentModel {
  const f = d.facts;
  const on = f.assessDecision?.on ?? f.receivedOn;
  const notToIssueBy = addDays(f.receivedOn, limits.decideNotToIssue);
  return letter(d, 'We will carry out an education, health and care needs assessment', on, [
    p(
      `We received the request for an education, health and care (EHC) needs assessment for ${them(d)} on ${longDate(f.receivedOn)}. We have decided to carry out the assessment.`,
    ),
    ...(d.reasons.assess ? blocksOf(d.reasons.assess) : []),
    h('What happens next'),
    p(
      `We will ask for advice and information about ${their(d)} needs from you, from ${toYoungPerson(d) ? 'your' : 'their'} school or setting, from an educational psychologist, from health and social care services, and from anyone else whose advice would help. Each is asked to reply within 6 weeks.`,
    ),
    p(
      `We will then decide whether ${toYoungPerson(d) ? 'you need' : `${d.child.forename} needs`} an EHC plan. ${
        notToIssueBy < on
          ? `The law asks us to tell you by ${longDate(notToIssueBy)} if we decide not to issue a plan; that date has passed, so we will tell you our decision as soon as we can.`
          : `If we decide not to issue a plan, we will tell you by ${longDate(notToIssueBy)}.`
      } If we decide to issue one, we will send you a draft first.`,
    ),
    ...finalPlanPromise(d, on, d.expectedFinalOn['decision-to-assess']),
    h('Your views'),
    p(
      toYoungPerson(d)
        ? 'Your views are at the centre of the assessment. You can send us information or tell us what you think at any time.'
        : `Your views, and ${d.child.forename}'s, are at the centre of the assessment. You can send us information or tell us what you think at any time.`,
    ),
  ]);
}

function refusalToAssess(d: DocumentFacts): DocumentModel {
  const f = d.facts;
  const on = f.assessDecision?.on ?? f.receivedOn;
  return letter(d, 'We will not carry out an education, health and care needs assessment', on, [
    p(
      `We received the request for an education, health and care (EHC) needs assessment for ${them(d)} on ${longDate(f.receivedOn)}. We have decided not to carry out an assessment at this time.`,
    ),
    h('Why we made this decision'),
    ...blocksOf(d.reasons.assess ?? ''),
    p(
      toYoungPerson(d)
        ? 'Your school, college or setting should go on meeting your needs through SEN support, and can ask for our advice. You can ask for an assessment again if things change.'
        : `${d.child.forename}'s school or setting should go on meeting their needs through SEN support, and can ask for our advice. You can ask for an assessment again if things change.`,
    ),
    ...rightsOfAppeal(d, 'refuse-to-assess', on),
  ]);
}

function decisionToIssue(d: DocumentFacts): DocumentModel {
  const on = d.facts.issueDecision?.on ?? d.facts.receivedOn;
  return letter(d, 'We will issue an education, health and care plan', on, [
    p(
      `We have finished the education, health and care (EHC) needs assessment for ${them(d)} and decided to issue an EHC plan.`,
    ),
    ...(d.reasons.issue ? blocksOf(d.reasons.issue) : []),
    h('What happens next'),
    p(
      'We will send you a draft plan. You will have at least 15 days to comment on it, to ask to meet us, and to tell us which school, college or other setting you would like named in the plan.',
    ),
    personalBudget,
    ...finalPlanPromise(d, on, d.expectedFinalOn['decision-to-issue']),
  ]);
}

function decisionNotToIssue(d: DocumentFacts): DocumentModel {
  const on = d.facts.issueDecision?.on ?? d.facts.receivedOn;
  return letter(d, 'We will not issue an education, health and care plan', on, [
    p(
      `We have finished the education, health and care (EHC) needs assessment for ${them(d)} and decided not to issue an EHC plan.`,
    ),
    h('Why we made this decision'),
    ...blocksOf(d.reasons.issue ?? ''),
    p(
      `We will share the advice gathered in the assessment with ${their(d)} school or setting, with your agreement, to help them meet ${their(d)} needs through SEN support.`,
    ),
    ...rightsOfAppeal(d, 'not-to-issue', on),
  ]);
}

function draftPlanNotice(d: DocumentFacts): DocumentModel {
  const served = d.facts.draftServedOn ?? d.facts.receivedOn;
  const website = d.settings.website;
  return letter(d, 'Your draft education, health and care plan', served, [
    p(`We enclose the draft education, health and care (EHC) plan for ${them(d)}.`),
    h('Your comments'),
    p(`By ${longDate(addDays(served, limits.draftCommentsLastDay))} you can:`),
    {
      kind: 'list',
      items: [
        'tell us what you think of the draft, in writing or at a meeting',
        'ask to meet us to talk about it',
        'ask for a particular school, college or other setting to be named in the plan',
      ],
    },
    p(
      `The draft does not name a school or other setting. ${website ? `Information about the schools and colleges you can ask for is in our Local Offer at ${website}.` : 'Ask us for information about the schools and colleges you can ask for.'} If you ask for a school, we will consult it before naming it.`,
    ),
    personalBudget,
    ...finalPlanPromise(d, served, d.expectedFinalOn['draft-plan-notice']),
  ]);
}

/** CFA 2014 s49: once the LA has decided to secure a plan, the family may ask for a personal budget. */
const personalBudget = p(
  'You can ask us for a personal budget: an amount of money for some of the provision in the plan, which you can manage yourself or have managed for you. Tell us if you would like one when you comment on the draft plan.',
);

function finalPlanNotice(d: DocumentFacts): DocumentModel {
  const issued = d.facts.finalIssuedOn ?? d.facts.receivedOn;
  const named = d.placement
    ? `It names ${d.placement.settingName} (${provisionLabels[d.placement.provision].toLowerCase()}) in section I.`
    : 'It does not name a school or other setting.';
  return letter(d, 'Your final education, health and care plan', issued, [
    p(`We enclose the final education, health and care (EHC) plan for ${them(d)}. ${named}`),
    ...(d.facts.finalIssuedOn && d.facts.finalIssuedOn > finalPlanDue(d.facts)
      ? [
          p(
            `The law says the final plan should have been issued by ${longDate(finalPlanDue(d.facts))}. We are sorry that it is late.`,
          ),
        ]
      : []),
    p(
      'We will review the plan with you within 12 months of the date it was issued, and then at least every 12 months.',
    ),
    h('What you can appeal about'),
    p('You can appeal to the Tribunal about:'),
    {
      kind: 'list',
      items: [
        `the description of ${their(d)} special educational needs (section B)`,
        'the special educational provision (section F)',
        'the school or other setting named, or that none is named (section I)',
      ],
    },
    ...rightsOfAppeal(d, 'final-plan', issued),
  ]);
}

const planStatusLabels: Record<string, string> = {
  draft: 'Draft',
  active: 'Final',
  replaced: 'Replaced',
  ceased: 'Ceased',
};

function planDocument(d: DocumentFacts): DocumentModel {
  const f = d.facts;
  const final = f.finalIssuedOn !== null;
  const sections = d.plan?.sections ?? {};
  const facts: Fact[] = [
    { label: 'Status', value: planStatusLabels[d.plan?.status ?? 'draft'] ?? 'Draft' },
    { label: 'Child or young person', value: full(d) },
    { label: 'Date of birth', value: longDate(d.child.dateOfBirth) },
    ...(d.child.upn ? [{ label: 'Unique pupil number', value: d.child.upn }] : []),
    { label: 'Our reference', value: d.reference },
    ...(f.draftServedOn ? [{ label: 'Draft served', value: longDate(f.draftServedOn) }] : []),
    ...(f.finalIssuedOn ? [{ label: 'Final plan issued', value: longDate(f.finalIssuedOn) }] : []),
  ];
  const blocks = sectionCodes.flatMap((code): Block[] => [
    h(`Section ${code}: ${sectionTitles[code]}`),
    ...sectionBody(code, sections[code], d, final),
  ]);
  return {
    title: final ? 'Education, health and care plan' : 'Draft education, health and care plan',
    sender: sender(d),
    facts,
    addressee: null,
    blocks,
  };
}

function sectionBody(
  code: SectionCode,
  content: string | undefined,
  d: DocumentFacts,
  final: boolean,
): Block[] {
  const typed = content ? blocksOf(content) : [];
  if (code === 'I') {
    if (!final)
      return [
        p(
          'A draft plan does not name a school or other institution, or its type (SEND Code of Practice 9.79).',
        ),
      ];
    if (!d.placement) return [p('No school or other institution is named.')];
    return [
      {
        kind: 'facts',
        rows: [
          { label: 'Name', value: d.placement.settingName },
          { label: 'Type', value: provisionLabels[d.placement.provision] },
        ],
      },
    ];
  }
  if (code === 'K') {
    const received = d.advice.filter((a) => a.receivedOn);
    return [
      ...(received.length
        ? [
            p('Advice and information received during the assessment, attached as appendices:'),
            {
              kind: 'list' as const,
              items: received.map(
                (a) =>
                  `${adviceKindLabels[a.kind as keyof typeof adviceKindLabels] ?? a.kind} advice from ${a.adviser}, received ${longDate(a.receivedOn ?? '')}`,
              ),
            },
          ]
        : []),
      ...typed,
      ...(received.length || typed.length ? [] : [p('No advice is recorded yet.')]),
    ];
  }
  return typed.length ? typed : [p(final ? 'Nothing is recorded in this section.' : 'Not written yet.')];
}
