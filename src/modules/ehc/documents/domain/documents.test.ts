import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Block, DocumentModel } from '../../../../platform/documents/model.ts';
import { englandAndWalesCalendar } from '../../../../platform/kernel/bank-holidays.ts';
import { type EventBody, replay } from '../../domain/process.ts';
import { buildDocument, type DocumentFacts, type DocumentKind, documentsAvailable } from './documents.ts';
import type { LetterSettings } from './letter-settings.ts';

const settings: LetterSettings = {
  serviceName: 'SEND Service',
  address: 'County Hall\nNorwich',
  phone: '01632 960100',
  email: 'send@example.org',
  website: 'https://localoffer.example.org',
  iasName: 'Norfolk SENDIASS',
  iasPhone: '01632 960200',
  iasWebsite: null,
  mediationName: 'Mediation Co',
  mediationPhone: '01632 960300',
  mediationEmail: 'mediation@example.org',
  disagreementName: 'Test Disagreement Resolution',
  disagreementPhone: '01632 960400',
  version: 1,
};

function factsFrom(events: EventBody[], extra: Partial<DocumentFacts> = {}): DocumentFacts {
  const state = replay(events.map((body, i) => ({ id: `e${i}`, corrects: null, body })));
  if (!state.facts) throw new Error('no request');
  return {
    laName: 'Norfolk County Council',
    settings,
    child: { forename: 'Ada', surname: 'Lovelace', dateOfBirth: '2016-12-10', upn: null },
    addressee: {
      name: 'Anne Lovelace',
      lines: ['1 Market Place', 'Norwich', 'NR2 1AA'],
      role: 'parent',
      actingAs: null,
    },
    expectedFinalOn: {},
    coordinator: 'Sam Coordinator',
    reference: 'EHC-0000ABCD',
    facts: state.facts,
    reasons: {
      assess:
        events.find(
          (e): e is Extract<EventBody, { type: 'assessment-decided' }> => e.type === 'assessment-decided',
        )?.reasons ?? null,
      issue:
        events.find((e): e is Extract<EventBody, { type: 'issue-decided' }> => e.type === 'issue-decided')
          ?.reasons ?? null,
    },
    placement: state.placement,
    advice: [],
    plan: null,
    calendar: englandAndWalesCalendar,
    ...extra,
  };
}

const received = (on: string, kind: 'new' | 'reassessment' = 'new'): EventBody => ({
  type: 'request-received',
  on,
  kind,
  source: 'parent',
  requestedBy: 'Anne Lovelace',
  consent: true,
});
const assess = (
  on: string,
  outcome: 'assess' | 'refuse',
  reasons = 'The evidence shows needs.',
): EventBody => ({
  type: 'assessment-decided',
  on,
  outcome,
  reasons,
});
const issue = (
  on: string,
  outcome: 'issue' | 'not-issue',
  reasons = 'The assessment shows a plan is needed.',
): EventBody => ({
  type: 'issue-decided',
  on,
  outcome,
  reasons,
});

const textOf = (doc: DocumentModel | null): string => {
  assert.ok(doc, 'the document exists');
  const block = (b: Block) =>
    b.kind === 'list'
      ? b.items.join('\n')
      : b.kind === 'facts'
        ? b.rows.map((r) => `${r.label}: ${r.value}`).join('\n')
        : b.text;
  return [
    doc.title,
    doc.sender.name,
    ...doc.sender.lines,
    ...(doc.addressee ?? []),
    ...doc.facts.map((f) => `${f.label}: ${f.value}`),
    ...doc.blocks.map(block),
  ].join('\n');
};

describe('EHC letters: the dates they give are worked by hand', () => {
  test('decision to assess: 16 and 20 weeks from the request, in calendar days', () => {
    // 5 January 2026 + 112 days = 27 April 2026; + 140 days = 25 May 2026 (a bank holiday: the law counts calendar days).
    const text = textOf(
      buildDocument(
        'decision-to-assess',
        factsFrom([received('2026-01-05'), assess('2026-02-10', 'assess')]),
      ),
    );
    assert.match(text, /Date: 10 February 2026/);
    assert.match(text, /tell you by 27 April 2026/);
    assert.match(text, /final plan by 25 May 2026/);
    assert.doesNotMatch(text, /Tribunal/, 'a decision to assess cannot be appealed');
    assert.match(text, /Norfolk SENDIASS/);
  });

  test('a re-assessment’s final plan is due in 14 weeks', () => {
    // 5 January 2026 + 98 days = 13 April 2026.
    const text = textOf(
      buildDocument(
        'decision-to-issue',
        factsFrom([received('2026-01-05', 'reassessment'), issue('2026-03-01', 'issue')]),
      ),
    );
    assert.match(text, /final plan by 13 April 2026/);
  });

  test('refusal to assess: reasons, mediation and the appeal deadline 2 months on', () => {
    // 13 March 2026 + 2 months = 13 May 2026.
    const text = textOf(
      buildDocument(
        'refusal-to-assess',
        factsFrom([
          received('2026-02-02'),
          assess('2026-03-13', 'refuse', 'Needs are met at SEN support.\n\n- reason one\n- reason two'),
        ]),
      ),
    );
    assert.match(text, /We will not carry out/);
    assert.match(text, /Needs are met at SEN support\./);
    assert.match(text, /reason one\nreason two/);
    assert.match(text, /must receive your appeal by 13 May 2026/);
    assert.match(text, /Mediation Co, on 01632 960300 or at mediation@example.org/);
    assert.match(text, /within 3 working days/);
    assert.match(text, /disagreement resolution service/);
  });

  test('a 2-month appeal period ending in August runs to the first working day of September', () => {
    // 15 June 2026 + 2 months = 15 August 2026; 1 September 2026 is a Tuesday.
    const text = textOf(
      buildDocument(
        'decision-not-to-issue',
        factsFrom([received('2026-02-02'), assess('2026-03-10', 'assess'), issue('2026-06-15', 'not-issue')]),
      ),
    );
    assert.match(text, /appeal by 1 September 2026/);
    assert.match(text, /If it would end in August, it runs to the first working day of September/);
    assert.doesNotMatch(text, /This is 2 months from/);
    assert.match(text, /decided not to issue an EHC plan/);
  });

  test('one ending between Christmas and New Year runs to 2 January, or the next working day', () => {
    // 28 October 2025 + 2 months = 28 December 2025 → Friday 2 January 2026.
    const text = textOf(
      buildDocument('refusal-to-assess', factsFrom([received('2025-09-20'), assess('2025-10-28', 'refuse')])),
    );
    assert.match(text, /appeal by 2 January 2026/);
    // 31 October 2026 + 2 months = 31 December 2026 → 2 January 2027 is a Saturday → Monday 4 January 2027.
    const later = textOf(
      buildDocument('refusal-to-assess', factsFrom([received('2026-09-25'), assess('2026-10-31', 'refuse')])),
    );
    assert.match(later, /appeal by 4 January 2027/);
  });

  test('the draft plan letter gives 15 days beginning with the day of service', () => {
    // Served 2 March 2026: 2–16 March is 15 days.
    const doc = buildDocument(
      'draft-plan-notice',
      factsFrom([
        received('2025-11-03'),
        assess('2025-12-08', 'assess'),
        issue('2026-02-20', 'issue'),
        { type: 'draft-served', on: '2026-03-02' },
      ]),
    );
    const text = textOf(doc);
    assert.match(text, /By 16 March 2026 you can:/);
    assert.match(text, /Local Offer at https:\/\/localoffer\.example\.org/);
    // 3 November 2025 + 140 days = 23 March 2026.
    assert.match(text, /final plan by 23 March 2026/);
  });

  test('the final plan letter: what can be appealed, the placement-only route, and 2 months from issue', () => {
    const doc = buildDocument(
      'final-plan-notice',
      factsFrom([
        received('2025-11-03'),
        assess('2025-12-08', 'assess'),
        issue('2026-01-20', 'issue'),
        { type: 'draft-served', on: '2026-02-02' },
        {
          type: 'final-issued',
          on: '2026-02-20',
          placement: { establishmentId: null, settingName: 'Oak Tree Academy', provision: 'mainstream' },
        },
      ]),
    );
    const text = textOf(doc);
    assert.match(text, /names Oak Tree Academy \(mainstream school or college\) in section I/);
    assert.match(text, /section B[\s\S]*section F[\s\S]*section I/);
    assert.match(text, /only about the school or other setting named in section I/);
    // 20 February 2026 + 2 months = 20 April 2026 (a Monday).
    assert.match(text, /appeal by 20 April 2026/);
  });

  test('without a recorded parent, a letter is addressed to the parent, carer or young person', () => {
    const doc = buildDocument(
      'decision-to-assess',
      factsFrom([received('2026-01-05'), assess('2026-02-10', 'assess')], { addressee: null }),
    );
    assert.equal(doc?.addressee, null);
    assert.match(textOf(doc), /Dear parent, carer or young person,/);
  });
});

describe('EHC letters never promise a date already lost', () => {
  // Received Mon 5 Jan 2026: the 20 weeks end on 25 May 2026, the 16 weeks on 27 April.
  const through = [received('2026-01-05'), assess('2026-02-10', 'assess'), issue('2026-04-20', 'issue')];

  test('a draft served on 11 May leaves comments until 25 May, so no final plan by 25 May: the letter says so and gives the expected date', () => {
    const text = textOf(
      buildDocument(
        'draft-plan-notice',
        factsFrom([...through, { type: 'draft-served', on: '2026-05-11', expectedFinalOn: '2026-06-05' }], {
          expectedFinalOn: { 'draft-plan-notice': '2026-06-05' },
        }),
      ),
    );
    assert.match(text, /By 25 May 2026 you can:/);
    assert.match(text, /within 20 weeks of the request, by 25 May 2026\. We can no longer meet that date/);
    assert.match(text, /We now expect to issue the final plan by 5 June 2026\./);
    assert.doesNotMatch(text, /We will issue the final plan by/);
  });

  test('a draft served after the statutory date says the date has passed', () => {
    const text = textOf(
      buildDocument(
        'draft-plan-notice',
        factsFrom([...through, { type: 'draft-served', on: '2026-06-01', expectedFinalOn: '2026-06-22' }], {
          expectedFinalOn: { 'draft-plan-notice': '2026-06-22' },
        }),
      ),
    );
    assert.match(text, /by 25 May 2026\. That date has passed, and we are sorry for the delay\./);
    assert.match(text, /We now expect to issue the final plan by 22 June 2026\./);
  });

  test('a decision to assess made on 30 April, past the 16 weeks, does not promise 27 April', () => {
    const text = textOf(
      buildDocument(
        'decision-to-assess',
        factsFrom([received('2026-01-05'), assess('2026-04-30', 'assess')]),
      ),
    );
    assert.match(text, /tell you by 27 April 2026 if we decide not to issue a plan; that date has passed/);
    // 30 April + 15 days = 15 May, before 25 May: the final plan can still be on time.
    assert.match(text, /We will issue the final plan by 25 May 2026\./);
  });

  test('a final plan issued late says so', () => {
    const text = textOf(
      buildDocument(
        'final-plan-notice',
        factsFrom([
          ...through,
          { type: 'draft-served', on: '2026-05-11', expectedFinalOn: '2026-06-05' },
          { type: 'comments-received', on: '2026-05-20', preferredSetting: '' },
          {
            type: 'final-issued',
            on: '2026-06-01',
            placement: { establishmentId: null, settingName: 'Oak Tree Academy', provision: 'mainstream' },
          },
        ]),
      ),
    );
    assert.match(text, /should have been issued by 25 May 2026\. We are sorry that it is late\./);
  });
});

describe('EHC letters to a young person, or to whoever acts for one', () => {
  const events = [received('2026-01-05'), assess('2026-02-10', 'assess')];
  test('to the young person: about "you" and "your needs"', () => {
    const text = textOf(
      buildDocument(
        'decision-to-assess',
        factsFrom(events, {
          addressee: { name: 'Ada Lovelace', lines: [], role: 'young-person', actingAs: null },
        }),
      ),
    );
    assert.match(text, /Dear Ada Lovelace,/);
    assert.match(text, /needs assessment for you on 5 January 2026/);
    assert.match(text, /about your needs/);
    assert.doesNotMatch(text, /Ada's/);
  });
  test('to a deputy: says in what capacity they are written to', () => {
    const text = textOf(
      buildDocument(
        'decision-to-assess',
        factsFrom(events, {
          addressee: {
            name: 'Jo Byron',
            lines: ['2 Castle Street', 'Norwich'],
            role: 'representative',
            actingAs: 'deputy appointed by the Court of Protection',
          },
        }),
      ),
    );
    assert.match(
      text,
      /you act for Ada Lovelace as their deputy appointed by the Court of Protection in decisions about their special educational needs/,
    );
    assert.match(text, /assessment for Ada Lovelace on 5 January 2026/);
  });
});

describe('EHC documents: which exist, and the plan', () => {
  const through = [received('2025-11-03'), assess('2025-12-08', 'assess'), issue('2026-01-20', 'issue')];

  test('each decision adds its letter; a document not yet due is not built', () => {
    const only = (events: EventBody[], hasPlan = false) => {
      const f = replay(events.map((body, i) => ({ id: `e${i}`, corrects: null, body }))).facts;
      assert.ok(f);
      return documentsAvailable(f, hasPlan);
    };
    assert.deepEqual(only([received('2026-01-05')]), []);
    assert.deepEqual(only([received('2026-01-05'), assess('2026-02-01', 'refuse')]), ['refusal-to-assess']);
    assert.deepEqual(only(through, true), ['decision-to-assess', 'decision-to-issue', 'plan']);
    const kinds: DocumentKind[] = ['decision-not-to-issue', 'draft-plan-notice', 'final-plan-notice', 'plan'];
    for (const kind of kinds)
      assert.equal(
        buildDocument(kind, factsFrom([received('2026-01-05'), assess('2026-02-01', 'assess')])),
        null,
        kind,
      );
  });

  test('a draft plan: every section in order, I left unnamed, K listing the advice received', () => {
    const doc = buildDocument(
      'plan',
      factsFrom(through, {
        plan: {
          status: 'draft',
          sections: {
            B: 'Ada has autism.\n\nShe finds change hard.',
            F: '- a visual timetable\n- a quiet space',
          },
        },
        advice: [
          {
            kind: 'psychological',
            adviser: 'Dr Eve Psychologist',
            sentOn: '2025-12-10',
            receivedOn: '2026-01-09',
          },
          { kind: 'health', adviser: 'Community paediatrics', sentOn: '2025-12-10', receivedOn: null },
        ],
      }),
    );
    assert.ok(doc);
    assert.equal(doc.title, 'Draft education, health and care plan');
    const headings = doc.blocks
      .filter((b) => b.kind === 'heading')
      .map((b) => (b.kind === 'heading' ? b.text.split(':')[0] : ''));
    assert.deepEqual(headings, [
      'Section A',
      'Section B',
      'Section C',
      'Section D',
      'Section E',
      'Section F',
      'Section G',
      'Section H1',
      'Section H2',
      'Section I',
      'Section J',
      'Section K',
    ]);
    const text = textOf(doc);
    assert.match(text, /Ada has autism\.\nShe finds change hard\./);
    assert.match(text, /a visual timetable\na quiet space/);
    assert.match(text, /A draft plan does not name a school/);
    assert.match(text, /Psychological advice from Dr Eve Psychologist, received 9 January 2026/);
    assert.doesNotMatch(text, /Community paediatrics/, 'advice not yet received is not attached');
    assert.match(text, /Not written yet\./);
  });

  test('the final plan names its placement in section I', () => {
    const doc = buildDocument(
      'plan',
      factsFrom(
        [
          ...through,
          { type: 'draft-served', on: '2026-02-02' },
          {
            type: 'final-issued',
            on: '2026-02-20',
            placement: {
              establishmentId: null,
              settingName: 'Oak Tree Academy',
              provision: 'resourced-provision',
            },
          },
        ],
        { plan: { status: 'active', sections: {} } },
      ),
    );
    const text = textOf(doc);
    assert.equal(doc?.title, 'Education, health and care plan');
    assert.match(text, /Name: Oak Tree Academy\nType: Resourced provision/);
    assert.match(text, /Final plan issued: 20 February 2026/);
    assert.match(text, /Nothing is recorded in this section\./);
  });
});
