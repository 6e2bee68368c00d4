import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  adoptionEffect,
  childRows,
  defaultScenarioFy,
  inForceOn,
  inYearPeriod,
  missingBandMessages,
  signedMoney,
  statusTag,
  totalsNote,
  waitingProposals,
} from './pages-presenters.ts';
import type { Scenario, SchemeRecord } from './service.ts';

let made = 0;
function scheme(
  status: SchemeRecord['status'],
  effectiveFrom: string,
  name = `Scheme ${++made}`,
): SchemeRecord {
  return {
    id: `00000000-0000-4000-8000-${String(++made).padStart(12, '0')}`,
    name,
    effectiveFrom,
    status,
    createdBy: null,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    adoptedBy: null,
    adoptedAt: status === 'adopted' ? new Date('2025-01-02T00:00:00Z') : null,
    version: 1,
    bands: [],
  };
}

const today = '2026-03-02';

test('the scheme in force today is the adopted one with the latest date on or before it', () => {
  const old = scheme('adopted', '2018-04-01');
  const current = scheme('adopted', '2025-04-01');
  const later = scheme('adopted', '2026-09-01');
  const proposed = scheme('proposed', '2025-12-01');
  const all = [later, proposed, current, old];
  assert.equal(inForceOn(all, today)?.id, current.id);
  assert.equal(inForceOn(all, '2026-09-01')?.id, later.id, 'from its first day');
  assert.equal(inForceOn([proposed], today), null, 'a proposal is in force nowhere');
  const inForce = inForceOn(all, today);
  assert.deepEqual(
    all.map((s) => statusTag(s, inForce, today).text),
    ['Adopted, not yet in force', 'Proposed', 'In force', 'Replaced'],
  );
  assert.equal(statusTag(scheme('withdrawn', '2025-01-01'), inForce, today).text, 'Withdrawn');
});

test('what waits: the proposals, and by when the first needs a decision', () => {
  assert.equal(waitingProposals([scheme('adopted', '2025-04-01')], today), null);
  assert.equal(
    waitingProposals([scheme('proposed', '2026-09-01'), scheme('proposed', '2026-04-01')], today),
    '2 proposed schemes are waiting for a finance approver to adopt or a finance officer to withdraw: the first would take effect on 1 April 2026, so a decision is needed before then.',
  );
  assert.equal(
    waitingProposals([scheme('proposed', '2026-03-02')], today),
    '1 proposed scheme is waiting for a finance approver to adopt or a finance officer to withdraw: it was to take effect on 2 March 2026, which has passed: adopting it would rework top-ups from that date.',
    'a scheme taking effect today has already begun to apply',
  );
});

test('a proposal is costed in this year, or in the year it starts if that is later', () => {
  assert.equal(defaultScenarioFy(scheme('proposed', '2026-09-01'), today), 2026);
  assert.equal(defaultScenarioFy(scheme('proposed', '2025-06-01'), today), 2025);
  assert.equal(inYearPeriod('2026-01-01', 2025), 'from 1 January 2026 to 31 March 2026');
  assert.equal(inYearPeriod('2024-09-01', 2025), 'from 1 April 2025 to 31 March 2026');
  assert.equal(inYearPeriod('2026-04-01', 2025), null, 'nothing of 2025-26 can change');
});

test('differences carry their sign; a band the proposal lacks reads as such, not as £0', () => {
  assert.equal(signedMoney(26_000), '+£260');
  assert.equal(signedMoney(-135_000), '−£1,350');
  assert.equal(signedMoney(0), '£0');
  const sc: Scenario = {
    scheme: scheme('proposed', '2026-02-01', 'Only band 1'),
    fy: 2025,
    fyLabel: '2025-26',
    currentName: 'Norfolk',
    childByChild: true,
    rows: [
      {
        placementId: 'p2',
        childId: 'c2',
        childName: 'Zed <Banded>',
        settingGroup: 'mainstream',
        band: 'B2',
        fullYearCurrentPence: 224_000,
        fullYearProposedPence: null,
        fullYearDifferencePence: null,
        inYearCurrentPence: 36_208,
        inYearProposedPence: null,
        inYearDifferencePence: null,
      },
      {
        placementId: 'p1',
        childId: 'c1',
        childName: 'Amy Banded',
        settingGroup: 'special',
        band: 'S1',
        fullYearCurrentPence: 0,
        fullYearProposedPence: 900_000,
        fullYearDifferencePence: 900_000,
        inYearCurrentPence: 0,
        // £9,000 from 1 February (day 307): 900,000 − round(900,000 × 306 / 365) = 900,000 − 754,521.
        inYearProposedPence: 145_479,
        inYearDifferencePence: 145_479,
      },
    ],
    totals: {
      fullYearCurrentPence: 224_000,
      fullYearProposedPence: 900_000,
      fullYearDifferencePence: 900_000,
      inYearCurrentPence: 36_208,
      inYearProposedPence: 145_479,
      inYearDifferencePence: 145_479,
    },
    missingBands: [
      { scheme: 'current', settingGroup: 'special', band: 'S1', lines: 1 },
      { scheme: 'proposed', settingGroup: 'mainstream', band: 'B2', lines: 2 },
    ],
  };
  const rows = childRows(sc);
  assert.deepEqual(
    rows.map((r) => r[0]?.html),
    [
      '<a class="govuk-link" href="/placements/p1">Amy Banded</a>',
      '<a class="govuk-link" href="/placements/p2">Zed &lt;Banded&gt;</a>',
    ],
    'by name, and a name is never markup',
  );
  assert.deepEqual(
    rows[1]?.slice(3).map((c) => c.text),
    ['£2,240', 'No such band', 'No such band', '£362.08', 'No such band', 'No such band'],
  );
  assert.deepEqual(missingBandMessages(sc), [
    'The scheme in force has no band S1 for special schools, which 1 top-up uses: it is paid nothing on it now, so it counts as £0 in the current figures.',
    'The proposed scheme has no band B2 for mainstream schools, which 2 top-ups use: what they would cost is unknown, so they are left out of the proposed totals. The scheme cannot be adopted until a proposal has the band, or those placements move to another.',
  ]);
  assert.equal(
    adoptionEffect(sc),
    'In 2025-26 the banded top-ups cost £1,454.79 more, from 1 February 2026 to 31 March 2026. A full year costs £9,000 more. Top-ups on a band the proposal lacks are left out of these figures.',
  );
  assert.equal(
    totalsNote(sc),
    'Top-ups on a band the proposal lacks are counted in Now but left out of Proposed and Difference, so Now less Proposed is not the difference.',
  );
  assert.equal(
    totalsNote({ ...sc, missingBands: sc.missingBands.slice(0, 1) }),
    null,
    'a band only the current scheme lacks is £0 in both',
  );
});

test('adopting a scheme that starts after the year changes nothing in it', () => {
  const zero = {
    fullYearCurrentPence: 0,
    fullYearProposedPence: 0,
    fullYearDifferencePence: -5,
    inYearCurrentPence: 0,
    inYearProposedPence: 0,
    inYearDifferencePence: 0,
  };
  const sc = {
    scheme: scheme('proposed', '2026-09-01'),
    fy: 2025,
    fyLabel: '2025-26',
    currentName: null,
    childByChild: true,
    rows: [],
    totals: zero,
    missingBands: [],
  };
  assert.equal(
    adoptionEffect(sc),
    'Nothing changes in 2025-26: the scheme takes effect after it. A full year costs £0.05 less.',
  );
});
