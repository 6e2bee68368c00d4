import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { potYearStart, type YearKind } from './years.ts';

/**
 * What is left to do before a pot can be shared out, and by when: each school's factor data, last
 * year's allocations to compare and damp against, the central share given to its uses, and a
 * scenario adopted before the year starts.
 */

/** Where last year's allocations come from: the previous pot's adopted scenario, a file, or nowhere yet. */
export type LastYear =
  | { from: 'adopted'; potName: string; scenarioName: string; schools: number }
  | { from: 'baselines'; schools: number }
  | { from: 'none'; previousPotName: string | null };

export interface PotState {
  id: string;
  yearKind: YearKind;
  year: number;
  delegatedPence: number;
  centralPence: number;
  centralUsesPence: number;
  schoolsInScope: number;
  schoolsWithData: number;
  lastYear: LastYear;
  scenarios: number;
  adoptedScenario: string | null;
}

export interface ToDo {
  text: string;
  link?: { href: string; text: string };
}

const schools = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'school' : 'schools'}`;

/** Each thing left to do, most pressing first; none once a scenario is adopted with everything it needs. */
export function potToDos(p: PotState, today: IsoDate, viewer: { canManage: boolean }): ToDo[] {
  const items: ToDo[] = [];
  const start = potYearStart(p.yearKind, p.year);
  const deadline =
    today < start
      ? ` by ${longDate(start)}, when the year starts`
      : `: the year started on ${longDate(start)}`;
  const base = `/funding/pots/${p.id}`;
  const manageLink = (href: string, text: string) => (viewer.canManage ? { link: { href, text } } : {});

  if (p.adoptedScenario === null && p.delegatedPence > 0) {
    if (p.schoolsInScope === 0)
      items.push({
        text: `No school is in a cluster on ${longDate(start)}, so there is no one to share the delegated share between. Put schools in clusters${deadline}.`,
        link: { href: '/clusters', text: 'See the clusters' },
      });
    const missing = p.schoolsInScope - p.schoolsWithData;
    if (missing > 0)
      items.push({
        text: `Factor data missing for ${schools(missing)}: load, fill or carry it${deadline}.`,
        link: { href: `${base}/factors/missing`, text: 'See which schools' },
      });
    if (p.lastYear.from === 'none')
      items.push({
        text: `Last year’s allocations are not here${p.lastYear.previousPotName ? `: the previous pot, ${p.lastYear.previousPotName}, has no adopted scenario` : ''}. Without them scenarios cannot be compared with last year or damped against it.`,
        ...manageLink(`${base}/baseline`, 'Load last year’s allocations'),
      });
    if (p.scenarios === 0)
      items.push({
        text: `No scenario yet: draft a formula to share the delegated ${penceText(p.delegatedPence)}, and adopt one${deadline}.`,
        ...manageLink(`${base}/scenarios/new`, 'Create a scenario'),
      });
    else
      items.push({
        text: `No scenario is adopted yet: a finance approver adopts one of the ${p.scenarios.toLocaleString('en-GB')}${deadline}.`,
        link: { href: `${base}#scenarios`, text: 'See the scenarios' },
      });
  }
  if (p.centralUsesPence < p.centralPence)
    items.push({
      text: `${penceText(p.centralPence - p.centralUsesPence)} of the central share of ${penceText(p.centralPence)} is not yet given to a post or service.`,
      ...manageLink(`${base}/central-uses/new`, 'Add a central use'),
    });
  return items;
}
