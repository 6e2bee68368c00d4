import type { FormValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { type PlanLineKind, planLineKinds } from '../domain/toolkit.ts';
import { planLineKindLabels } from '../presenters.ts';
import type { LineView, Pupil, Toolkit } from '../service.ts';
import {
  checked,
  dateIn,
  dateNames,
  dateValues,
  formErrors,
  formValues,
  poundsIn,
  poundsValue,
} from './common.ts';

/**
 * The form for a line of the spending plan: what it is for, its school or schools (a named pupil's
 * one school, chosen first so the pupil is chosen from its pupils), what the money is for, the
 * amount in pounds and the period. Money and dates are read as people type them; everything else
 * goes to the service's schema, so the page gives its words.
 */

export const isPlanLineKind = (k: string): k is PlanLineKind =>
  (planLineKinds as readonly string[]).includes(k);

const names = [
  'kind',
  'childId',
  'description',
  'planned',
  'version',
  ...dateNames('startsOn'),
  ...dateNames('endsOn'),
];
const order = ['kind', 'schoolIds', 'childId', 'description', 'planned', 'startsOn', 'endsOn', 'version'];

export interface PlanLineValues extends FormValues {
  kind: string;
  childId: string;
  description: string;
  planned: string;
  version: string;
}

export interface PlanLineForm {
  values: PlanLineValues;
  schoolIds: string[];
}

export function readPlanLineForm(body: unknown): PlanLineForm {
  return { values: formValues(body, names) as PlanLineValues, schoolIds: checked(body, 'schoolIds') };
}

/** The service's input from the form, and what the form itself could not read. */
export function planLineInput(f: PlanLineForm): { input: Record<string, unknown>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const v = f.values;
  const input = {
    kind: v.kind || undefined,
    schoolIds: f.schoolIds,
    childId: v.childId || null,
    description: v.description,
    plannedPence: poundsIn(v, 'planned', 'The amount planned', problems),
    startsOn: dateIn(v, 'startsOn', 'The start date', problems),
    endsOn: dateIn(v, 'endsOn', 'The end date', problems),
    version: /^\d{1,9}$/.test(v.version) ? Number(v.version) : undefined,
  };
  return { input, problems };
}

export const planLineErrors = (problems: readonly FieldError[]) =>
  formErrors(problems, order, { ids: { plannedPence: 'planned' }, dates: ['startsOn', 'endsOn'] });

/** A new line's form: the kind and school chosen, the whole year as its period. */
export function newLineForm(t: Toolkit, kind: PlanLineKind, schoolId: string | null): PlanLineForm {
  return {
    values: {
      kind,
      childId: '',
      description: '',
      planned: '',
      version: '',
      ...dateValues('startsOn', t.pot.year.startsOn),
      ...dateValues('endsOn', t.pot.year.endsOn),
    },
    schoolIds: schoolId ? [schoolId] : [],
  };
}

export function lineForm(line: LineView): PlanLineForm {
  return {
    values: {
      kind: line.kind,
      childId: line.childId ?? '',
      description: line.description,
      planned: poundsValue(line.plannedPence),
      version: String(line.version),
      ...dateValues('startsOn', line.startsOn),
      ...dateValues('endsOn', line.endsOn),
    },
    schoolIds: line.schoolIds,
  };
}

/** What the template needs to draw the form: the choices, each marked as the form has it. */
export function planLineFormView(
  t: Toolkit,
  f: PlanLineForm,
  pupils: { school: { id: string; name: string }; pupils: Pupil[] } | null,
) {
  const kind = isPlanLineKind(f.values.kind) ? f.values.kind : 'other';
  return {
    values: f.values,
    kind,
    kindLabel: planLineKindLabels[kind],
    yearText: `${longDate(t.pot.year.startsOn)} to ${longDate(t.pot.year.endsOn)}`,
    schoolItems: t.schools.map((s) => ({
      value: s.establishmentId,
      text: s.name,
      checked: f.schoolIds.includes(s.establishmentId),
    })),
    pupilSchool: pupils?.school ?? null,
    pupilItems: pupils
      ? [
          { value: '', text: 'Choose a pupil' },
          ...pupils.pupils.map((p) => ({
            value: p.id,
            text: `${p.name}, born ${longDate(p.dateOfBirth)}`,
            selected: p.id === f.values.childId,
          })),
        ]
      : [],
    noPupils: pupils !== null && pupils.pupils.length === 0,
  };
}

export const kindItems = (chosen: string) =>
  planLineKinds.map((k) => ({ value: k, text: planLineKindLabels[k], checked: k === chosen }));
