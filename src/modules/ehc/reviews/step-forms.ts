import { dateFromParts, type FormValues } from '../../../platform/http/forms.ts';
import { sectionTitles } from '../documents/domain/plan-sections.ts';
import { provisionLabels } from '../domain/vocabulary.ts';
import { amendableSections, ceaseReasons, type ReviewEventType, type ReviewStage } from './domain/process.ts';

/**
 * The page form for each review step: its fields, and how the posted form becomes the API's
 * input, so a page and the API are checked by the same schema and the same review rules.
 */

type Option = { value: string; text: string };
export type ReviewField =
  | { kind: 'date'; name: string; label: string; hint?: string; optional?: boolean }
  | { kind: 'radios'; name: string; label: string; options: Option[] }
  | { kind: 'select'; name: string; label: string; options: Option[] }
  | { kind: 'text'; name: string; label: string; hint?: string }
  | { kind: 'textarea'; name: string; label: string; hint?: string };

export interface ReviewStepForm {
  type: ReviewEventType;
  title: string;
  fields: ReviewField[];
}

const on = (label: string): ReviewField => ({
  kind: 'date',
  name: 'on',
  label,
  hint: 'For example, 27 3 2026',
});
const outcomes: Option[] = [
  { value: 'maintain', text: 'Maintain the plan as it is' },
  { value: 'amend', text: 'Amend the plan' },
  { value: 'cease', text: 'Cease the plan' },
];

export const reviewStepForms: Record<ReviewEventType, ReviewStepForm> = {
  invited: {
    type: 'invited',
    title: 'Invite to the review meeting',
    fields: [
      on('Date the invitations were sent'),
      {
        kind: 'date',
        name: 'meetingOn',
        label: 'Date of the meeting',
        hint: 'At least 2 weeks after the invitations. For example, 27 4 2026',
      },
      {
        kind: 'textarea',
        name: 'invitees',
        label: 'Who is invited',
        hint: 'One a line: the parent or young person, the setting, the LA’s SEN officer, health and social care',
      },
    ],
  },
  'meeting-moved': {
    type: 'meeting-moved',
    title: 'Move the review meeting',
    fields: [
      on('Date everyone was told'),
      {
        kind: 'date',
        name: 'meetingOn',
        label: 'New date of the meeting',
        hint: 'At least 2 weeks after telling them',
      },
    ],
  },
  'advice-circulated': {
    type: 'advice-circulated',
    title: 'Circulate the advice',
    fields: [on('Date the advice was sent to everyone invited')],
  },
  'meeting-held': {
    type: 'meeting-held',
    title: 'Record the review meeting',
    fields: [on('Date the meeting was held')],
  },
  'report-received': {
    type: 'report-received',
    title: 'Record the review report',
    fields: [
      on('Date the report was sent'),
      {
        kind: 'radios',
        name: 'by',
        label: 'Who wrote the report',
        options: [
          { value: 'setting', text: 'The setting' },
          { value: 'la', text: 'The LA (the child attends no setting)' },
        ],
      },
      { kind: 'radios', name: 'recommendation', label: 'What the report recommends', options: outcomes },
      { kind: 'textarea', name: 'views', label: 'Views of the child or young person and their family' },
      { kind: 'textarea', name: 'progress', label: 'Progress towards the plan’s outcomes' },
      { kind: 'textarea', name: 'changes', label: 'Changes the meeting recommends' },
    ],
  },
  decided: {
    type: 'decided',
    title: 'Record the LA’s decision',
    fields: [
      on('Date the decision was sent to the family'),
      { kind: 'radios', name: 'outcome', label: 'Decision', options: outcomes },
      {
        kind: 'textarea',
        name: 'reasons',
        label: 'Reasons',
        hint: 'The letter gives these. Needed to cease the plan',
      },
      {
        kind: 'select',
        name: 'ceaseReason',
        label: 'Why the plan is to cease (only if ceasing)',
        options: Object.entries(ceaseReasons)
          .filter(([code]) => code !== '5')
          .map(([value, text]) => ({ value, text: `${value}: ${text}` })),
      },
    ],
  },
  'amendments-proposed': {
    type: 'amendments-proposed',
    title: 'Send the proposed amendments',
    fields: [
      on('Date the proposed amendments were sent'),
      ...amendableSections.map(
        (code): ReviewField => ({
          kind: 'textarea',
          name: `section${code}`,
          label: sectionTitles[code],
          hint: 'Change the text to propose an amendment; leave it as it is to keep the section',
        }),
      ),
    ],
  },
  'representations-received': {
    type: 'representations-received',
    title: 'Record the family’s representations',
    fields: [
      on('Date the representations were received'),
      { kind: 'textarea', name: 'summary', label: 'What they said' },
    ],
  },
  'amended-plan-issued': {
    type: 'amended-plan-issued',
    title: 'Issue the amended plan',
    fields: [
      on('Date the amended plan was issued'),
      {
        kind: 'text',
        name: 'settingName',
        label: 'Setting the plan now names (section I)',
        hint: 'Leave blank to keep the setting. Needed for a phase transfer',
      },
      {
        kind: 'select',
        name: 'provision',
        label: 'Type of provision',
        options: Object.entries(provisionLabels).map(([value, text]) => ({ value, text })),
      },
      {
        kind: 'date',
        name: 'startOn',
        label: 'When does the placement start, if the plan names a day?',
        hint: 'For example, 1 9 2027',
        optional: true,
      },
    ],
  },
  'appeal-lodged': {
    type: 'appeal-lodged',
    title: 'Record an appeal against ceasing',
    fields: [on('Date the appeal was lodged')],
  },
  'appeal-concluded': {
    type: 'appeal-concluded',
    title: 'Record how the appeal ended',
    fields: [
      on('Date the appeal concluded'),
      {
        kind: 'radios',
        name: 'outcome',
        label: 'Outcome',
        options: [
          { value: 'plan-maintained', text: 'The Tribunal ordered the plan to be maintained' },
          { value: 'cease-upheld', text: 'The decision to cease was upheld' },
          { value: 'withdrawn', text: 'The appeal was withdrawn' },
        ],
      },
    ],
  },
  'plan-ceased': {
    type: 'plan-ceased',
    title: 'Record the plan as ceased',
    fields: [on('Date the plan ceased')],
  },
};

export const isReviewStepType = (v: string): v is ReviewEventType => Object.hasOwn(reviewStepForms, v);

/** Which steps follow now, in the order a review officer would take them. */
export function stepsOffered(
  stage: ReviewStage,
  f: {
    proposed: unknown;
    appealLodgedOn: unknown;
    appealConcluded: unknown;
    adviceCirculatedOn: unknown;
    report: unknown;
  },
): ReviewEventType[] {
  switch (stage) {
    case 'not-started':
      return ['invited'];
    case 'invited':
      return [
        'meeting-held',
        ...(f.adviceCirculatedOn ? [] : (['advice-circulated'] as const)),
        'meeting-moved',
      ];
    case 'meeting-held':
      return ['report-received', 'decided'];
    case 'report-received':
      return ['decided'];
    case 'amending':
      return f.proposed ? ['amended-plan-issued', 'representations-received'] : ['amendments-proposed'];
    case 'ceasing':
      return f.appealLodgedOn
        ? f.appealConcluded
          ? ['plan-ceased']
          : ['appeal-concluded']
        : ['plan-ceased', 'appeal-lodged'];
    default:
      return [];
  }
}

export function formNames(form: ReviewStepForm): string[] {
  return form.fields.flatMap((f) =>
    f.kind === 'date' ? [`${f.name}-day`, `${f.name}-month`, `${f.name}-year`] : [f.name],
  );
}

/** The page's answers as the API's input, with the problems a date's boxes have before the schema sees it. */
export function stepFromForm(
  form: ReviewStepForm,
  values: FormValues,
  current: ReadonlyMap<string, string>,
): { input: Record<string, unknown>; problems: { field: string; message: string }[] } {
  const input: Record<string, unknown> = { type: form.type };
  const problems: { field: string; message: string }[] = [];
  for (const f of form.fields) {
    if (f.kind === 'date') {
      const d = dateFromParts(
        f.label,
        values[`${f.name}-day`] ?? '',
        values[`${f.name}-month`] ?? '',
        values[`${f.name}-year`] ?? '',
      );
      if (!d.ok) problems.push({ field: f.name, message: d.message });
      else input[f.name] = d.value ?? (f.optional ? null : undefined);
    } else input[f.name] = values[f.name] ?? '';
  }
  if (form.type === 'invited') input.invitees = String(input.invitees ?? '').split(/\r?\n/);
  if (form.type === 'decided') input.ceaseReason = input.ceaseReason || null;
  if (form.type === 'amendments-proposed') {
    const sections: Record<string, string> = {};
    for (const code of amendableSections) {
      const text = String(input[`section${code}`] ?? '').trim();
      delete input[`section${code}`];
      if (text && text !== (current.get(code) ?? '').trim()) sections[code] = text;
    }
    input.sections = sections;
  }
  if (form.type === 'amended-plan-issued') {
    const name = String(input.settingName ?? '').trim();
    input.placement = name
      ? { settingName: name, provision: input.provision || undefined, startOn: input.startOn ?? null }
      : null;
    delete input.settingName;
    delete input.provision;
    delete input.startOn;
  }
  return { input, problems };
}

/** A field a rule or the schema names, as the form knows it: `placement.settingName` is the settingName box. */
export function formField(named: string): string {
  const f = named.replace(/^step\./, '');
  if (f.startsWith('placement')) return f === 'placement' ? 'settingName' : f.replace(/^placement\./, '');
  if (f.startsWith('sections')) return 'sectionA';
  if (f === 'type') return 'on';
  return f;
}
