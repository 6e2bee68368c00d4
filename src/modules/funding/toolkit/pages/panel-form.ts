import type { FormValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { decisionLineKinds } from '../domain/inputs.ts';
import { panelOutcomes } from '../domain/toolkit.ts';
import { outcomeLabels, planLineKindLabels } from '../presenters.ts';
import type { Pupil, Toolkit } from '../service.ts';
import { checked, dateIn, dateNames, dateValues, formErrors, formValues, poundsIn } from './common.ts';

/**
 * The form for a panel decision on one school's request, the school chosen first so a pupil is
 * chosen from its pupils: when the panel met and which heads were there, the request, the decision
 * and its reasons, and what an agreed decision does to the plan.
 */

const names = [
  'schoolId',
  'childId',
  'followsDecisionId',
  'purpose',
  'asked',
  'outcome',
  'agreed',
  'reasons',
  'planEffect',
  'lineKind',
  'planLineId',
  ...dateNames('heldOn'),
];
const order = [
  'heldOn',
  'headIds',
  'schoolId',
  'childId',
  'followsDecisionId',
  'purpose',
  'asked',
  'outcome',
  'agreed',
  'reasons',
  'planEffect',
  'lineKind',
  'planLineId',
];

export interface DecisionForm {
  values: FormValues;
  headIds: string[];
}

export const readDecisionForm = (body: unknown): DecisionForm => ({
  values: formValues(body, names),
  headIds: checked(body, 'headIds'),
});

export function newDecisionForm(today: string, schoolId: string): DecisionForm {
  return {
    values: { ...Object.fromEntries(names.map((n) => [n, ''])), schoolId, ...dateValues('heldOn', today) },
    headIds: [],
  };
}

export function decisionInput(f: DecisionForm): { input: Record<string, unknown>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const v = f.values;
  const outcome = v.outcome || undefined;
  const input = {
    heldOn: dateIn(v, 'heldOn', 'The date the panel met', problems),
    headIds: f.headIds,
    schoolId: v.schoolId,
    childId: v.childId || null,
    followsDecisionId: v.followsDecisionId || null,
    purpose: v.purpose,
    askedPence: poundsIn(v, 'asked', 'The amount asked for', problems),
    outcome,
    // Only a different amount is typed: an agreed request is agreed at the amount asked.
    agreedPence:
      outcome === 'agreed_different_amount'
        ? (poundsIn(v, 'agreed', 'The amount agreed', problems) ?? null)
        : null,
    reasons: v.reasons,
    planEffect: v.planEffect || 'none',
    lineKind: v.lineKind || null,
    planLineId: v.planLineId || null,
  };
  return { input, problems };
}

export const decisionErrors = (problems: readonly FieldError[]) =>
  formErrors(problems, order, { ids: { askedPence: 'asked', agreedPence: 'agreed' }, dates: ['heldOn'] });

export function decisionFormView(t: Toolkit, f: DecisionForm, pupils: Pupil[]) {
  const v = f.values;
  const school = t.schools.find((s) => s.establishmentId === v.schoolId);
  const settled = new Set(t.decisions.map((d) => d.followsDecisionId));
  const deferred = t.decisions.filter(
    (d) => d.outcome === 'deferred' && d.establishmentId === v.schoolId && !settled.has(d.id),
  );
  return {
    values: v,
    schoolName: school?.name ?? '',
    headItems: t.heads.map((h) => ({
      value: h.userId,
      text: h.name,
      hint: { text: h.schoolNames.join(', ') },
      checked: f.headIds.includes(h.userId),
    })),
    headCount: t.heads.length,
    schoolsWithoutHead: t.schoolsWithoutHead,
    pupilItems: [
      { value: '', text: 'No named pupil' },
      ...pupils.map((p) => ({
        value: p.id,
        text: `${p.name}, born ${longDate(p.dateOfBirth)}`,
        selected: p.id === v.childId,
      })),
    ],
    deferredItems: deferred.length
      ? [
          { value: '', text: 'No: a new request' },
          ...deferred.map((d) => ({
            value: d.id,
            text: `${d.purpose.slice(0, 80)} (${penceText(d.askedPence)}, deferred on ${longDate(d.heldOn)})`,
            selected: d.id === v.followsDecisionId,
          })),
        ]
      : [],
    outcomeItems: panelOutcomes.map((o) => ({ value: o, text: outcomeLabels[o], checked: v.outcome === o })),
    lineKindItems: decisionLineKinds.map((k) => ({
      value: k,
      text: planLineKindLabels[k],
      checked: v.lineKind === k,
    })),
    lineItems: [
      { value: '', text: 'Choose a line' },
      ...t.lines.map((l) => ({
        value: l.id,
        text: `${planLineKindLabels[l.kind]}: ${l.description.slice(0, 80)} (${penceText(l.plannedPence)})`,
        selected: l.id === v.planLineId,
      })),
    ],
  };
}
