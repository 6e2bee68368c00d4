import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { type SenType, senTypeLabels } from '../../../platform/kernel/sen2.ts';
import type {
  ChildPhase,
  GroupRow,
  LinePhase,
  Occupancy,
  OutOfAreaRow,
  Provision,
  ProvisionRow,
  SettingStatus,
} from './domain/occupancy.ts';

/** How the places views read: labels, tags, table rows and what to do next. */

const n = (x: number) => x.toLocaleString('en-GB');

export const provisionLabels: Record<Provision, string> = {
  special_school: 'Special school',
  sen_unit: 'SEN unit',
  resourced_provision: 'Resourced provision (SRB)',
};

export const phaseLabels: Record<LinePhase, string> = {
  early_years: 'Early years',
  primary: 'Primary',
  secondary: 'Secondary',
  post_16: 'Post-16',
  all_through: 'All-through',
};

export const statusLabels: Record<SettingStatus, { text: string; colour: string }> = {
  over: { text: 'Over', colour: 'red' },
  full: { text: 'Full', colour: 'orange' },
  room: { text: 'Has room', colour: 'green' },
  'no-places': { text: 'No places recorded', colour: 'grey' },
};

export const needLabel = (need: SenType | 'unknown' | null) =>
  need === null || need === 'unknown' ? 'Not recorded' : `${senTypeLabels[need]} (${need})`;

const tag = (s: SettingStatus) =>
  `<strong class="govuk-tag govuk-tag--${statusLabels[s].colour}">${statusLabels[s].text}</strong>`;
const num = (x: number) => ({ text: n(x), format: 'numeric' });

export const settingHead = [
  { text: 'Setting' },
  { text: 'Provision' },
  { text: 'District' },
  { text: 'Places', format: 'numeric' },
  { text: 'Children', format: 'numeric' },
  { text: 'Free', format: 'numeric' },
  { text: 'Status' },
];

export function settingRows(rows: readonly ProvisionRow[]) {
  return rows.map((r) => [
    {
      html: `<a class="govuk-link" href="/schools/${r.setting.id}#places">${escapeHtml(r.setting.name)}</a>`,
    },
    { text: provisionLabels[r.provision] },
    { text: r.setting.district ?? 'Not recorded' },
    num(r.places),
    num(r.children),
    num(r.free),
    { html: tag(r.status) },
  ]);
}

export const groupHead = (first: string) => [
  { text: first },
  { text: 'Places', format: 'numeric' },
  { text: 'Children', format: 'numeric' },
  { text: 'Free or over', format: 'numeric' },
];

export function groupRows<K extends string>(rows: readonly GroupRow<K>[], label: (key: K) => string) {
  return rows.map((g) => [
    { text: label(g.key) },
    num(g.places),
    num(g.children),
    {
      text: g.places >= g.children ? n(g.places - g.children) : `${n(g.children - g.places)} over`,
      format: 'numeric',
    },
  ]);
}

export interface OutOfAreaGroup {
  need: SenType | null;
  phase: ChildPhase;
  independent: number;
  outOfCounty: number;
  /** Of those, the children a local place of their need and age has room for. */
  withLocalRoom: number;
}

/** Children placed outside the LA's own places, by need and phase, need order then phase order. */
export function outOfAreaGroups(
  rows: readonly OutOfAreaRow[],
  needOrder: readonly SenType[],
): OutOfAreaGroup[] {
  const phases: ChildPhase[] = ['early_years', 'primary', 'secondary', 'post_16'];
  const groups = new Map<string, OutOfAreaGroup>();
  for (const r of rows) {
    const key = `${r.need ?? ''}|${r.phase}`;
    const g = groups.get(key) ?? {
      need: r.need,
      phase: r.phase,
      independent: 0,
      outOfCounty: 0,
      withLocalRoom: 0,
    };
    if (r.reason === 'independent') g.independent++;
    else g.outOfCounty++;
    if (r.localPlaceWithRoom) g.withLocalRoom++;
    groups.set(key, g);
  }
  const rank = (need: SenType | null) => (need === null ? needOrder.length : needOrder.indexOf(need));
  return [...groups.values()].sort(
    (a, b) => rank(a.need) - rank(b.need) || phases.indexOf(a.phase) - phases.indexOf(b.phase),
  );
}

export const outOfAreaHead = [
  { text: 'Primary need' },
  { text: 'Phase' },
  { text: 'Independent', format: 'numeric' },
  { text: 'Out of county', format: 'numeric' },
  { text: 'A local place has room', format: 'numeric' },
];

export function outOfAreaRows(groups: readonly OutOfAreaGroup[]) {
  return groups.map((g) => [
    { text: needLabel(g.need) },
    { text: phaseLabels[g.phase] },
    num(g.independent),
    num(g.outOfCounty),
    num(g.withLocalRoom),
  ]);
}

/** What the sufficiency lead should look at first, most pressing first. */
export function toDos(o: Occupancy, day: string): string[] {
  const out: string[] = [];
  const over = o.rows.filter((r) => r.status === 'over');
  if (over.length)
    out.push(
      `${n(over.length)} ${over.length === 1 ? 'setting has' : 'settings have'} more children than places on ${longDate(day)}: ${over
        .slice(0, 3)
        .map((r) => `${r.setting.name} (${n(-r.free)} over)`)
        .join(
          ', ',
        )}${over.length > 3 ? ` and ${n(over.length - 3)} more` : ''}. Check the placements, or record the places agreed.`,
    );
  const unrecorded = o.rows.filter((r) => r.status === 'no-places' && r.children > 0);
  if (unrecorded.length)
    out.push(
      `${n(unrecorded.length)} ${unrecorded.length === 1 ? 'setting has' : 'settings have'} children placed but no places recorded: add their designated places.`,
    );
  const room = o.outOfArea.filter((r) => r.localPlaceWithRoom).length;
  if (room)
    out.push(
      `${n(room)} ${room === 1 ? 'child is' : 'children are'} placed out of county or in an independent setting while a local place of their need and age has room: look at ${room === 1 ? 'this placement' : 'these placements'} at their next review.`,
    );
  return out;
}
