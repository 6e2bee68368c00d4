import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toolkitFigures } from './domain/toolkit.ts';
import { figureRows, pupilText, taskItems } from './presenters.ts';

const base = '/cluster-funding/c/pots/p';

describe('what the host reads they have to do', () => {
  test('three agreed decisions waiting for spend, and the return due by 30 September 2027', () => {
    const items = taskItems(
      [
        { kind: 'record-spend', decisions: 3 },
        {
          kind: 'submit-return',
          dueOn: '2027-09-30',
          overdue: false,
          yearEndsOn: '2027-08-31',
          yearEnded: true,
        },
      ],
      base,
      true,
    );
    assert.deepEqual(items, [
      {
        text: 'Record the spend for 3 agreed decisions.',
        link: { href: `${base}/spend/new`, text: 'Record spend' },
      },
      {
        text: 'Submit the end-of-year return by 30 September 2027.',
        link: { href: `${base}/return`, text: 'Go to the end-of-year return' },
      },
    ]);
  });
  test('one of a kind reads in the singular; during the year the return waits for the year’s end, with no link', () => {
    const [spend, overspent, ret] = taskItems(
      [
        { kind: 'record-spend', decisions: 1 },
        { kind: 'overspent-lines', lines: 1, pence: 150_000 },
        {
          kind: 'submit-return',
          dueOn: '2027-09-30',
          overdue: false,
          yearEndsOn: '2027-08-31',
          yearEnded: false,
        },
      ],
      base,
      true,
    );
    assert.equal(spend?.text, 'Record the spend for 1 agreed decision.');
    assert.equal(overspent?.text, '1 line has spent £1,500 more than planned: check the plan.');
    assert.deepEqual(ret, {
      text: 'Submit the end-of-year return by 30 September 2027, once the year ends on 31 August 2027.',
      link: null,
    });
  });
  test('an overdue return says when it was due', () => {
    const [item] = taskItems(
      [
        {
          kind: 'submit-return',
          dueOn: '2027-04-30',
          overdue: true,
          yearEndsOn: '2027-03-31',
          yearEnded: true,
        },
      ],
      base,
      true,
    );
    assert.equal(item?.text, 'The end-of-year return was due by 30 April 2027: submit it now.');
  });
  test('heads and the LA read the same list without links: it is the host’s to do', () => {
    const [item] = taskItems([{ kind: 'write-plan' }], base, false);
    assert.deepEqual(item, { text: 'Write the spending plan.', link: null });
  });
});

describe('the dashboard’s figures', () => {
  test('£40,000 allocated, £45,000 planned, £22,500 spent (56.3%), £17,500 to carry forward', () => {
    const f = toolkitFigures(
      4_000_000,
      [{ id: 'a', plannedPence: 4_500_000 }],
      [],
      [{ planLineId: 'a', spentOn: '2026-10-01', amountPence: 2_250_000 }],
    );
    // 2,250,000 / 4,000,000 = 56.25%, shown to one place as 56.3%.
    assert.deepEqual(
      figureRows(f, 'not_due', '2027-09-30').map((r) => [r.key.text, r.value.text]),
      [
        ['Allocation', '£40,000'],
        ['Planned', '£45,000 (£5,000 more than the allocation)'],
        ['Agreed by the panel', '£0'],
        ['Spent', '£22,500 (56.3% of the allocation)'],
        ['Balance to carry forward', '£17,500'],
        ['End-of-year return', 'Not due: due by 30 September 2027'],
      ],
    );
  });
  test('spending more than the allocation shows the overspend in place of a balance', () => {
    const f = toolkitFigures(
      100_000,
      [],
      [],
      [{ planLineId: 'a', spentOn: '2026-10-01', amountPence: 125_050 }],
    );
    const row = figureRows(f, 'due', '2027-09-30')[4];
    assert.deepEqual([row?.key.text, row?.value.text], ['Overspent', '£250.50 more than the allocation']);
  });
  test('with no allocation adopted there are no figures to show', () => {
    assert.deepEqual(figureRows(toolkitFigures(null, [], [], []), 'not_due', '2027-09-30'), []);
  });
});

describe('a named pupil in a table', () => {
  test('initials and school to those who may see them; only the school to others', () => {
    assert.equal(
      pupilText({ childId: 'x', name: 'Ava Brook', initials: 'AB', schoolName: 'Alder Primary' }),
      'AB, Alder Primary',
    );
    assert.equal(
      pupilText({ childId: null, name: null, initials: null, schoolName: 'Alder Primary' }),
      'A pupil at Alder Primary',
    );
    assert.equal(pupilText(null), '');
  });
});
