import type { FieldError } from '../../../platform/http/problem.ts';
import { parse } from '../../../platform/http/validation.ts';
import type { GroupCost } from './domain/place-costs.ts';
import { type ScenarioInput, scenarioSchema } from './query.ts';
import { type SettingGroup, settingGroupLabels, settingGroups } from './service.ts';

/**
 * The scenario page's form, read from its query: one redirect of new plans between groups, from a
 * January on, with what a place costs a year in each group. First shown, each cost is the
 * placements' own; once asked, what the person typed.
 */

export interface ScenarioValues {
  from: string;
  to: string;
  share: string;
  fromYear: string;
  costs: Record<SettingGroup, string>;
}

export type ScenarioForm =
  | { asked: false; values: ScenarioValues }
  | { asked: true; values: ScenarioValues; errors: FieldError[]; input?: ScenarioInput };

const text = (q: Record<string, unknown>, k: string) =>
  typeof q[k] === 'string' ? (q[k] as string).trim().slice(0, 20) : '';

export function readScenarioForm(
  q: Record<string, unknown>,
  known: ReadonlyMap<string, GroupCost>,
): ScenarioForm {
  const asked = Boolean(text(q, 'share') || text(q, 'fromYear'));
  const cost = (g: SettingGroup) => {
    const k = known.get(g);
    return asked || !k ? text(q, `cost-${g}`) : (k.meanPence / 100).toLocaleString('en-GB');
  };
  const values: ScenarioValues = {
    from: text(q, 'from') || 'special',
    to: text(q, 'to') || 'srb',
    share: text(q, 'share'),
    fromYear: text(q, 'fromYear'),
    costs: Object.fromEntries(settingGroups.map((g) => [g, cost(g)])) as Record<SettingGroup, string>,
  };
  if (!asked) return { asked, values };
  const errors: FieldError[] = [];
  const share = /^\d{1,3}(\.\d+)?$/.test(values.share) ? Number(values.share) / 100 : Number.NaN;
  if (!(share >= 0 && share <= 1))
    errors.push({ field: 'share', message: 'Enter the share as a percentage from 0 to 100, like 10' });
  const year = /^\d{4}$/.test(values.fromYear) ? Number(values.fromYear) : Number.NaN;
  if (Number.isNaN(year))
    errors.push({ field: 'fromYear', message: 'Enter the January it starts from as a year, like 2027' });
  const costs: Partial<Record<SettingGroup, number>> = {};
  for (const g of settingGroups) {
    const v = values.costs[g].replace(/[£,]/g, '');
    if (!v) continue;
    if (/^\d+(\.\d{1,2})?$/.test(v)) costs[g] = Number(v);
    else
      errors.push({
        field: `cost-${g}`,
        message: `Enter what a place costs a year in ${settingGroupLabels[g].toLowerCase()} in pounds, like 23,000`,
      });
  }
  if (values.from === values.to)
    errors.push({ field: 'to', message: 'Choose a group to move them to other than the one they come from' });
  if (errors.length) return { asked, values, errors };
  const parsed = parse(scenarioSchema, {
    changes: [{ kind: 'redirect-joiners', from: values.from, to: values.to, share, fromYear: year }],
    ...(Object.keys(costs).length ? { costPerPlacePounds: costs } : {}),
  });
  if (!parsed.ok)
    return {
      asked,
      values,
      errors: parsed.errors.map((e) => ({
        field: e.field.includes('to') ? 'to' : e.field.includes('from') ? 'from' : 'share',
        message: e.message,
      })),
    };
  return { asked, values, errors: [], input: parsed.data };
}
