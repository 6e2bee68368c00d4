import { dateFromParts, type FormValues } from '../../../platform/http/forms.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { finalPlanDue, limits } from '../domain/deadlines.ts';
import type { EventInput } from '../domain/inputs.ts';
import type { Refusal } from '../domain/process.ts';
import { type EventBody, type ProcessState, refusalOf } from '../domain/process.ts';
import {
  adviceKindLabels,
  appealableDecisionLabels,
  exceptionReasonLabels,
  provisionLabels,
} from '../domain/vocabulary.ts';
import type { RequestView } from './service.ts';

/**
 * The page form for each step of the process: its fields, how the posted form becomes the
 * API's input, and whether the step can be recorded yet. The same schema and process rules
 * check a page and the API, so both say the same thing.
 */

type Option = { value: string; text: string };
export type FieldSpec =
  | {
      kind: 'date';
      name: string;
      label: string;
      hint?: string;
      /** Left empty, the answer is null rather than a missing date. */
      optional?: boolean;
      /** Asked only when this says so: a question that cannot apply is not put. */
      askedWhen?: (view: RequestView, today: IsoDate) => boolean;
    }
  | { kind: 'radios'; name: string; label: string; options: Option[] }
  | { kind: 'text'; name: string; label: string; hint?: string }
  | { kind: 'textarea'; name: string; label: string; hint?: string }
  | {
      kind: 'select';
      name: string;
      label: string;
      options: (view: RequestView, correcting: boolean) => Option[];
    };

export type StepType = EventInput['type'];

export interface StepForm {
  type: StepType;
  title: string;
  /** The task list's name for the step. */
  task: string;
  fields: FieldSpec[];
}

const on = (label: string): FieldSpec => ({
  kind: 'date',
  name: 'on',
  label,
  hint: 'For example, 27 3 2026',
});
/**
 * Asked with a decision or the draft once a final plan could no longer follow by the statutory
 * date (it needs at least 15 days for comments on a draft): the letter must not promise a date
 * already lost.
 */
const expectedFinalOn: FieldSpec = {
  kind: 'date',
  name: 'expectedFinalOn',
  label: 'When do you now expect to issue the final plan?',
  hint: 'The statutory date can no longer be met. The letter gives the family this date. For example, 27 3 2026',
  optional: true,
  askedWhen: (view, today) => {
    const f = view.state.facts;
    return (
      f !== null &&
      f.kind !== 'transfer-in' &&
      finalPlanDue(f) < addDays(today, limits.draftCommentsLastDay + 1)
    );
  },
};

/** A decision's form: when it was sent, which way, the reasons the letter gives, and, once late, when the plan is now expected. */
const decision = (outcomes: Option[], reasonsHint: string): FieldSpec[] => [
  on('Date the decision was sent'),
  { kind: 'radios', name: 'outcome', label: 'Decision', options: outcomes },
  { kind: 'textarea', name: 'reasons', label: 'Reasons', hint: reasonsHint },
  expectedFinalOn,
];

/** The day the plan names for its placement to start, when it names one; the placement is made from it. */
const placementStartOn = (otherwise: string): FieldSpec => ({
  kind: 'date',
  name: 'placementStartOn',
  label: 'When does the placement start, if the plan names a day?',
  hint: `Leave it blank and the placement starts ${otherwise}. For example, 1 9 2026`,
  optional: true,
});

const yesNo: Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];
const options = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, text]) => ({ value, text }));

export const stepForms: Record<StepType, StepForm> = {
  'assessment-decided': {
    type: 'assessment-decided',
    task: 'Decide whether to assess',
    title: 'Record the decision whether to assess',
    fields: decision(
      [
        { value: 'assess', text: 'Assess' },
        { value: 'refuse', text: 'Refuse to assess' },
      ],
      'Needed when refusing: the letter states them',
    ),
  },
  'advice-requested': {
    type: 'advice-requested',
    task: 'Ask for advice',
    title: 'Record a request for advice',
    fields: [
      on('Date the request for advice was sent'),
      { kind: 'radios', name: 'kind', label: 'Kind of advice', options: options(adviceKindLabels) },
      { kind: 'text', name: 'adviser', label: 'Who was asked', hint: 'A person or service' },
      { kind: 'radios', name: 'fromSchool', label: 'Was it asked of a school?', options: yesNo },
      {
        kind: 'radios',
        name: 'fromEarlyYears',
        label: 'Was it asked of an early years provider?',
        options: yesNo,
      },
    ],
  },
  'advice-received': {
    type: 'advice-received',
    task: 'Record advice received',
    title: 'Record advice received',
    fields: [
      {
        kind: 'select',
        name: 'adviceId',
        label: 'Advice',
        options: (v, correcting) =>
          v.advice
            .filter((a) => correcting || !a.receivedOn)
            .map((a) => ({
              value: a.id,
              text: `${adviceKindLabels[a.kind as 'health'] ?? a.kind}: ${a.adviser} (asked ${a.sentOn})`,
            })),
      },
      on('Date the advice was received'),
    ],
  },
  'issue-decided': {
    type: 'issue-decided',
    task: 'Decide whether to issue a plan',
    title: 'Record the decision whether to issue a plan',
    fields: decision(
      [
        { value: 'issue', text: 'Issue a plan' },
        { value: 'not-issue', text: 'Not to issue a plan' },
      ],
      'Needed when not issuing: the letter states them',
    ),
  },
  'draft-served': {
    type: 'draft-served',
    task: 'Serve the draft plan',
    title: 'Record the draft plan served',
    fields: [on('Date the draft plan was served'), expectedFinalOn],
  },
  'comments-received': {
    type: 'comments-received',
    task: "Record the family's comments",
    title: "Record the family's comments on the draft",
    fields: [
      on('Date the comments were received'),
      { kind: 'text', name: 'preferredSetting', label: 'Preferred school or setting, if they named one' },
    ],
  },
  'setting-consulted': {
    type: 'setting-consulted',
    task: 'Consult a setting',
    title: 'Record a setting consulted',
    fields: [
      on('Date the setting was consulted'),
      { kind: 'text', name: 'settingName', label: 'Setting consulted' },
    ],
  },
  'consultation-answered': {
    type: 'consultation-answered',
    task: "Record a setting's answer",
    title: "Record a setting's answer",
    fields: [
      {
        kind: 'select',
        name: 'consultationId',
        label: 'Consultation',
        options: (v, correcting) =>
          v.consultations
            .filter((c) => correcting || !c.respondedOn)
            .map((c) => ({ value: c.id, text: `${c.settingName} (consulted ${c.sentOn})` })),
      },
      on('Date the setting answered'),
      {
        kind: 'radios',
        name: 'outcome',
        label: 'Answer',
        options: [
          { value: 'can-meet-needs', text: 'Can meet the needs' },
          { value: 'cannot-meet-needs', text: 'Cannot meet the needs' },
        ],
      },
    ],
  },
  'final-issued': {
    type: 'final-issued',
    task: 'Issue the final plan',
    title: 'Record the final plan issued',
    fields: [
      on('Date the final plan was issued'),
      {
        kind: 'text',
        name: 'settingName',
        label: 'Placement named in section I',
        hint: 'The school or setting, or its type',
      },
      { kind: 'radios', name: 'provision', label: 'Type of provision', options: options(provisionLabels) },
      placementStartOn('the day the plan is issued'),
    ],
  },
  'plan-transferred': {
    type: 'plan-transferred',
    task: 'Transfer the plan',
    title: 'Record the plan transferred',
    fields: [
      on('Date the plan was transferred'),
      {
        kind: 'date',
        name: 'planIssuedOn',
        label: 'Date the old LA issued the plan',
        hint: 'The plan is treated as ours from that date. For example, 1 3 2024',
      },
      {
        kind: 'date',
        name: 'lastReviewedOn',
        label: 'Date of its last review, if it has had one',
        hint: 'The next review runs from this date. For example, 20 2 2025',
        optional: true,
      },
      {
        kind: 'text',
        name: 'settingName',
        label: 'Placement named in section I',
        hint: 'The school or setting, or its type',
      },
      { kind: 'radios', name: 'provision', label: 'Type of provision', options: options(provisionLabels) },
      placementStartOn('the day the plan transfers'),
    ],
  },
  'family-told-of-transfer': {
    type: 'family-told-of-transfer',
    task: 'Tell the family',
    title: 'Record the family told of the transfer',
    fields: [on('Date the family was told')],
  },
  'exception-recorded': {
    type: 'exception-recorded',
    task: 'Record an exception',
    title: 'Record an exception to the time limits',
    fields: [
      {
        kind: 'radios',
        name: 'reason',
        label: 'Which exception applies (reg 10(4))',
        options: options(exceptionReasonLabels),
      },
      { kind: 'date', name: 'from', label: 'First day it applies' },
      { kind: 'date', name: 'to', label: 'Last day it applies' },
      { kind: 'textarea', name: 'evidence', label: 'Evidence', hint: 'What shows the exception applies' },
    ],
  },
  'mediation-certificate': {
    type: 'mediation-certificate',
    task: 'Record a mediation certificate',
    title: 'Record a mediation certificate',
    fields: [
      {
        kind: 'radios',
        name: 'decision',
        label: 'Decision mediated',
        options: options(appealableDecisionLabels),
      },
      on('Date of the certificate'),
    ],
  },
  'appeal-lodged': {
    type: 'appeal-lodged',
    task: 'Record an appeal',
    title: 'Record an appeal to the Tribunal',
    fields: [
      {
        kind: 'radios',
        name: 'decision',
        label: 'Decision appealed',
        options: options(appealableDecisionLabels),
      },
      on('Date the appeal was lodged'),
    ],
  },
};

export const isStepType = (s: string): s is StepType => Object.hasOwn(stepForms, s);

/** The questions a step's form puts for this request today. */
export function askedFields(form: StepForm, view: RequestView, today: IsoDate): FieldSpec[] {
  return form.fields.filter((f) => f.kind !== 'date' || !f.askedWhen || f.askedWhen(view, today));
}

export function formNames(form: StepForm): string[] {
  return form.fields.flatMap((f) =>
    f.kind === 'date' ? [`${f.name}-day`, `${f.name}-month`, `${f.name}-year`] : [f.name],
  );
}

/** The posted form as the API's event, plus problems only a page has (a half-filled date). */
export function eventFromForm(
  form: StepForm,
  v: FormValues,
): { input: Record<string, unknown>; problems: Refusal[] } {
  const input: Record<string, unknown> = { type: form.type };
  const problems: Refusal[] = [];
  for (const f of form.fields) {
    if (f.kind === 'date') {
      const parts = [v[`${f.name}-day`], v[`${f.name}-month`], v[`${f.name}-year`]];
      if (f.optional && parts.every((x) => !x?.trim())) {
        input[f.name] = null;
        continue;
      }
      const d = dateFromParts(
        f.label,
        v[`${f.name}-day`] ?? '',
        v[`${f.name}-month`] ?? '',
        v[`${f.name}-year`] ?? '',
      );
      if (!d.ok) problems.push({ field: f.name, message: d.message });
      else input[f.name] = d.value;
    } else if (f.kind === 'radios' && f.options === yesNo) input[f.name] = v[f.name] || undefined;
    else input[f.name] = v[f.name] || (f.kind === 'text' || f.kind === 'textarea' ? '' : undefined);
  }
  if (form.type === 'final-issued' || form.type === 'plan-transferred') {
    input.placement = v.settingName?.trim()
      ? { settingName: v.settingName, provision: v.provision || undefined, startOn: input.placementStartOn }
      : null;
    delete input.placementStartOn;
  }
  return { input, problems };
}

/** A field a rule names, as the form knows it: `event.placement.settingName` is the settingName box. */
export function formField(field: string): string {
  const named = field.replace(/^event\./, '');
  if (named === 'placement.startOn') return 'placementStartOn';
  const f = named.replace(/^placement\.?/, '');
  return f === '' ? 'settingName' : f;
}

/** Where an error about the field takes a person: the day box of a date. */
export function pageFieldId(form: StepForm, field: string): string {
  const spec = form.fields.find((f) => f.name === field);
  return spec?.kind === 'date' ? `${field}-day` : spec ? field : (form.fields[0]?.name ?? 'on');
}

/** What the person entered, worded for a check-your-answers page. */
export function answerRows(
  fields: readonly FieldSpec[],
  v: FormValues,
  view: RequestView,
  correcting: boolean,
): { key: string; value: string }[] {
  return fields.map((f) => {
    if (f.kind === 'date')
      return {
        key: f.label,
        value: v[`${f.name}-year`]
          ? `${v[`${f.name}-day`]}/${v[`${f.name}-month`]}/${v[`${f.name}-year`]}`
          : 'Not given',
      };
    if (f.kind === 'radios')
      return { key: f.label, value: f.options.find((o) => o.value === v[f.name])?.text ?? 'Not given' };
    if (f.kind === 'select')
      return {
        key: f.label,
        value: f.options(view, correcting).find((o) => o.value === v[f.name])?.text ?? '',
      };
    return { key: f.label, value: v[f.name]?.trim() || 'Not given' };
  });
}

const probes: Record<StepType, (today: IsoDate) => EventBody> = {
  'assessment-decided': (on) => ({ type: 'assessment-decided', on, outcome: 'assess', reasons: '' }),
  'advice-requested': (on) => ({
    type: 'advice-requested',
    on,
    adviceId: '',
    kind: 'other',
    adviser: 'x',
    fromSchool: false,
    fromEarlyYears: false,
  }),
  'advice-received': (on) => ({ type: 'advice-received', on, adviceId: '' }),
  'issue-decided': (on) => ({ type: 'issue-decided', on, outcome: 'issue', reasons: '' }),
  'draft-served': (on) => ({ type: 'draft-served', on }),
  'comments-received': (on) => ({ type: 'comments-received', on, preferredSetting: '' }),
  'setting-consulted': (on) => ({ type: 'setting-consulted', on, consultationId: '', settingName: 'x' }),
  'consultation-answered': (on) => ({
    type: 'consultation-answered',
    on,
    consultationId: '',
    outcome: 'can-meet-needs',
  }),
  'final-issued': (on) => ({
    type: 'final-issued',
    on,
    placement: { establishmentId: null, settingName: 'x', provision: 'other' },
  }),
  'plan-transferred': (on) => ({ type: 'plan-transferred', on }),
  'family-told-of-transfer': (on) => ({ type: 'family-told-of-transfer', on }),
  'exception-recorded': (on) => ({
    type: 'exception-recorded',
    exception: { reason: 'c', from: on, to: on, evidence: 'x' },
  }),
  'mediation-certificate': (on) => ({ type: 'mediation-certificate', on, decision: 'final-plan' }),
  'appeal-lodged': (on) => ({ type: 'appeal-lodged', on, decision: 'final-plan' }),
};

/**
 * Whether the step can be recorded now: the process rules do not refuse it for its place in
 * the process. A step that needs something to act on (open advice, a decision to appeal) needs one.
 */
export function stepAvailable(type: StepType, view: RequestView, today: IsoDate): boolean {
  const f = view.state.facts;
  if (!f) return false;
  if (type === 'advice-received') return f.advice.some((a) => !a.receivedOn);
  if (type === 'consultation-answered') return f.consultations.some((c) => !c.respondedOn);
  if (type === 'mediation-certificate' || type === 'appeal-lodged') return f.appealable.length > 0;
  if (type === 'comments-received') return !!f.draftServedOn && !f.commentsReceivedOn;
  const refusal = refusalOf(view.state as ProcessState, probes[type](today), today);
  return refusal?.field !== 'type';
}

/** A recorded step as the form shows it, to correct it. */
export function valuesFromBody(form: StepForm, body: EventBody): FormValues {
  const flat: Record<string, unknown> =
    body.type === 'exception-recorded'
      ? { ...body.exception }
      : body.type === 'final-issued' || body.type === 'plan-transferred'
        ? {
            ...body,
            settingName: body.placement?.settingName,
            provision: body.placement?.provision,
            placementStartOn: body.placement?.startOn,
          }
        : { ...body };
  const v: FormValues = {};
  for (const f of form.fields) {
    const value = flat[f.name];
    if (f.kind === 'date' && typeof value === 'string') {
      const [y = '', m = '', d = ''] = value.split('-');
      v[`${f.name}-day`] = String(Number(d));
      v[`${f.name}-month`] = String(Number(m));
      v[`${f.name}-year`] = y;
    } else if (typeof value === 'boolean') v[f.name] = value ? 'yes' : 'no';
    else if (typeof value === 'string') v[f.name] = value;
  }
  return v;
}
