import { escapeHtml } from '../../../platform/http/html.ts';
import { type IsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { fyEnd, fyLabel, fyOf, fyStart } from '../../../platform/kernel/financial-years.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { wholeNumber } from '../../../platform/kernel/numbers.ts';
import { type SettingGroup, settingGroups } from '../domain/types.ts';
import type { Scenario, SchemeRecord } from './service.ts';

/** How top-up band schemes read on their pages: status, bands, and a proposal's cost against the scheme in force. */

export const settingGroupLabels: Record<SettingGroup, string> = {
  mainstream: 'Mainstream schools',
  unit: 'SRBs and SEN units',
  special: 'Special schools',
  post_16: 'Post-16',
  alternative_provision: 'Alternative provision',
};

/** The same, as the middle of a sentence says it. */
const settingGroupsInWords: Record<SettingGroup, string> = {
  mainstream: 'mainstream schools',
  unit: 'SRBs and SEN units',
  special: 'special schools',
  post_16: 'post-16 settings',
  alternative_provision: 'alternative provision',
};

const known = (group: string): group is SettingGroup => Object.hasOwn(settingGroupLabels, group);
export const settingGroupLabel = (group: string) => (known(group) ? settingGroupLabels[group] : group);
const groupInWords = (group: string) => (known(group) ? settingGroupsInWords[group] : group);

type Cell = { text?: string; html?: string; format?: 'numeric'; classes?: string };
const bold = 'govuk-!-font-weight-bold';
const money = (pence: number, classes?: string): Cell => ({
  text: penceText(pence),
  format: 'numeric',
  ...(classes ? { classes } : {}),
});

/** A difference as people read one: "+£260", "−£1,350", "£0". */
export const signedMoney = (pence: number) => (pence > 0 ? `+${penceText(pence)}` : penceText(pence));

/** The adopted scheme in force on a day: the one with the latest date on or before it. */
export function inForceOn(schemes: readonly SchemeRecord[], day: IsoDate): SchemeRecord | null {
  let found: SchemeRecord | null = null;
  for (const s of schemes)
    if (s.status === 'adopted' && s.effectiveFrom <= day && (!found || s.effectiveFrom > found.effectiveFrom))
      found = s;
  return found;
}

export interface StatusTag {
  text: string;
  classes: string;
}

/** A scheme's status as a tag: in force today, adopted for later, adopted and since replaced, proposed, withdrawn. */
export function statusTag(s: SchemeRecord, inForce: SchemeRecord | null, today: IsoDate): StatusTag {
  if (s.status === 'proposed') return { text: 'Proposed', classes: 'govuk-tag--yellow' };
  if (s.status === 'withdrawn') return { text: 'Withdrawn', classes: 'govuk-tag--grey' };
  if (inForce?.id === s.id) return { text: 'In force', classes: 'govuk-tag--green' };
  return s.effectiveFrom > today
    ? { text: 'Adopted, not yet in force', classes: 'govuk-tag--blue' }
    : { text: 'Replaced', classes: 'govuk-tag--grey' };
}

const tagHtml = (t: StatusTag) => `<strong class="govuk-tag ${t.classes}">${escapeHtml(t.text)}</strong>`;

export function schemeRows(schemes: readonly SchemeRecord[], today: IsoDate): Cell[][] {
  const inForce = inForceOn(schemes, today);
  return schemes.map((s) => [
    {
      html: `<a class="govuk-link" href="/finance/top-up-schemes/${s.id}">${escapeHtml(s.name)}</a>`,
    },
    { text: longDate(s.effectiveFrom) },
    { html: tagHtml(statusTag(s, inForce, today)) },
    { text: wholeNumber(s.bands.length), format: 'numeric' },
  ]);
}

/** What waits on someone among the schemes: proposals to adopt or withdraw, the soonest first. */
export function waitingProposals(schemes: readonly SchemeRecord[], today: IsoDate): string | null {
  const proposed = schemes
    .filter((s) => s.status === 'proposed')
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const first = proposed[0];
  if (!first) return null;
  const count =
    proposed.length === 1 ? '1 proposed scheme is' : `${wholeNumber(proposed.length)} proposed schemes are`;
  const when =
    first.effectiveFrom > today
      ? `${proposed.length === 1 ? 'it' : 'the first'} would take effect on ${longDate(first.effectiveFrom)}, so a decision is needed before then`
      : `${proposed.length === 1 ? 'it was' : 'the first was'} to take effect on ${longDate(first.effectiveFrom)}, which has passed: adopting it would rework top-ups from that date`;
  return `${count} waiting for a finance approver to adopt or a finance officer to withdraw: ${when}.`;
}

/** The bands by setting group in the order the groups are listed, cheapest first within each. */
export function bandRows(s: SchemeRecord): Cell[][] {
  return [...s.bands]
    .sort(
      (a, b) =>
        settingGroups.indexOf(a.settingGroup) - settingGroups.indexOf(b.settingGroup) ||
        a.annualPence - b.annualPence,
    )
    .map((b) => [
      { text: settingGroupLabel(b.settingGroup) },
      { text: b.band },
      { text: b.label },
      money(b.annualPence),
    ]);
}

/** The year a proposal is costed in unless another is chosen: this year, or the year it starts if later. */
export function defaultScenarioFy(s: SchemeRecord, today: IsoDate): number {
  return Math.max(fyOf(today), fyOf(s.effectiveFrom));
}

/** The years a proposal may be costed in: from last year to two years after it would start. */
export function scenarioYearItems(s: SchemeRecord, selected: number, today: IsoDate) {
  const years = new Set<number>([selected]);
  for (let fy = Math.min(fyOf(today), fyOf(s.effectiveFrom)) - 1; fy <= fyOf(s.effectiveFrom) + 2; fy++)
    years.add(fy);
  return [...years]
    .sort((a, b) => a - b)
    .map((fy) => ({ value: fyLabel(fy), text: fyLabel(fy), selected: fy === selected }));
}

/** "from 1 January 2026 to 31 March 2026": the days of the year the proposal could change. */
export function inYearPeriod(effectiveFrom: IsoDate, fy: number): string | null {
  if (effectiveFrom > fyEnd(fy)) return null;
  const from = effectiveFrom > fyStart(fy) ? effectiveFrom : fyStart(fy);
  return `from ${longDate(from)} to ${longDate(fyEnd(fy))}`;
}

export function totalsRows(sc: Scenario): Cell[][] {
  const t = sc.totals;
  const period = inYearPeriod(sc.scheme.effectiveFrom, sc.fy);
  return [
    [
      { text: 'A full year' },
      money(t.fullYearCurrentPence),
      money(t.fullYearProposedPence),
      { text: signedMoney(t.fullYearDifferencePence), format: 'numeric', classes: bold },
    ],
    [
      { text: period ? `In ${sc.fyLabel}, ${period}` : `In ${sc.fyLabel}` },
      money(t.inYearCurrentPence),
      money(t.inYearProposedPence),
      { text: signedMoney(t.inYearDifferencePence), format: 'numeric', classes: bold },
    ],
  ];
}

const lacksBands = (sc: Scenario) => sc.missingBands.some((m) => m.scheme === 'proposed');

/**
 * Why Now less Proposed is not the difference when the proposal lacks a band: its top-ups count in
 * Now, being paid today, but what they would cost is unknown, so Proposed and Difference leave them out.
 */
export function totalsNote(sc: Scenario): string | null {
  return lacksBands(sc)
    ? 'Top-ups on a band the proposal lacks are counted in Now but left out of Proposed and Difference, so Now less Proposed is not the difference.'
    : null;
}

/** Each band a scheme lacks, said plainly with what it means for the figures and for adopting. */
export function missingBandMessages(sc: Scenario): string[] {
  return sc.missingBands.map((m) => {
    const uses = m.lines === 1 ? '1 top-up uses' : `${wholeNumber(m.lines)} top-ups use`;
    return m.scheme === 'proposed'
      ? `The proposed scheme has no band ${m.band} for ${groupInWords(m.settingGroup)}, which ${uses}: what ${m.lines === 1 ? 'it' : 'they'} would cost is unknown, so ${m.lines === 1 ? 'it is' : 'they are'} left out of the proposed totals. The scheme cannot be adopted until a proposal has the band, or those placements move to another.`
      : `The scheme in force has no band ${m.band} for ${groupInWords(m.settingGroup)}, which ${uses}: ${m.lines === 1 ? 'it is' : 'they are'} paid nothing on it now, so ${m.lines === 1 ? 'it counts' : 'they count'} as £0 in the current figures.`;
  });
}

const orNotInScheme = (pence: number | null, difference = false): Cell =>
  pence === null
    ? { text: 'No such band', format: 'numeric' }
    : { text: difference ? signedMoney(pence) : penceText(pence), format: 'numeric' };

/** Child by child, by name; the child links to the placement the top-up belongs to. */
export function childRows(sc: Scenario): Cell[][] {
  return [...sc.rows]
    .sort((a, b) => a.childName.localeCompare(b.childName, 'en') || a.band.localeCompare(b.band, 'en'))
    .map((r) => [
      {
        html: `<a class="govuk-link" href="/placements/${r.placementId}">${escapeHtml(r.childName)}</a>`,
      },
      { text: settingGroupLabel(r.settingGroup) },
      { text: r.band },
      money(r.fullYearCurrentPence),
      orNotInScheme(r.fullYearProposedPence),
      orNotInScheme(r.fullYearDifferencePence, true),
      money(r.inYearCurrentPence),
      orNotInScheme(r.inYearProposedPence),
      orNotInScheme(r.inYearDifferencePence, true),
    ]);
}

/** What adopting does to the money, for the approver about to adopt. */
export function adoptionEffect(sc: Scenario): string {
  const t = sc.totals;
  const period = inYearPeriod(sc.scheme.effectiveFrom, sc.fy);
  const inYear = period
    ? t.inYearDifferencePence === 0
      ? `In ${sc.fyLabel} the banded top-ups cost the same, ${period}.`
      : `In ${sc.fyLabel} the banded top-ups cost ${penceText(Math.abs(t.inYearDifferencePence))} ${t.inYearDifferencePence > 0 ? 'more' : 'less'}, ${period}.`
    : `Nothing changes in ${sc.fyLabel}: the scheme takes effect after it.`;
  const fullYear =
    t.fullYearDifferencePence === 0
      ? 'A full year costs the same.'
      : `A full year costs ${penceText(Math.abs(t.fullYearDifferencePence))} ${t.fullYearDifferencePence > 0 ? 'more' : 'less'}.`;
  const lacking = lacksBands(sc)
    ? ' Top-ups on a band the proposal lacks are left out of these figures.'
    : '';
  return `${inYear} ${fullYear}${lacking}`;
}
