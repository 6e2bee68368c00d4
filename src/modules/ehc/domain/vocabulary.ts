/** The EHC process's words: the kinds of request, source, advice, provision and exception, with their labels. */

export const processKinds = ['new', 'reassessment', 'transfer-in'] as const;
export const requestSources = ['parent', 'young-person', 'school', 'health', 'social-care', 'other'] as const;
export const adviceKinds = ['educational', 'health', 'psychological', 'social-care', 'other'] as const;
export const provisions = [
  'mainstream',
  'sen-unit',
  'resourced-provision',
  'special',
  'independent',
  'other',
] as const;
export const exceptionReasons = ['a', 'b', 'c', 'd'] as const;
export const appealableDecisions = ['refuse-to-assess', 'not-to-issue', 'final-plan'] as const;

export const processKindLabels: Record<(typeof processKinds)[number], string> = {
  new: 'New request for an EHC needs assessment',
  reassessment: 'Re-assessment of an existing plan',
  'transfer-in': 'Plan transferring in from another LA',
};
export const requestSourceLabels: Record<(typeof requestSources)[number], string> = {
  parent: 'Parent or carer',
  'young-person': 'Young person',
  school: 'School or college',
  health: 'Health',
  'social-care': 'Social care',
  other: 'Other',
};
export const adviceKindLabels: Record<(typeof adviceKinds)[number], string> = {
  educational: 'Educational',
  health: 'Health',
  psychological: 'Psychological',
  'social-care': 'Social care',
  other: 'Other',
};
export const provisionLabels: Record<(typeof provisions)[number], string> = {
  mainstream: 'Mainstream school or college',
  'sen-unit': 'SEN unit',
  'resourced-provision': 'Resourced provision',
  special: 'Special school',
  independent: 'Independent or non-maintained special school',
  other: 'Other',
};
export const exceptionReasonLabels: Record<(typeof exceptionReasons)[number], string> = {
  a: '(a) The school was closed for at least 4 weeks',
  b: '(b) The early years provider was closed for at least 4 weeks',
  c: '(c) Exceptional personal circumstances of the child or family',
  d: '(d) The child or family were away from the area for at least 4 weeks',
};

export const appealableDecisionLabels: Record<(typeof appealableDecisions)[number], string> = {
  'refuse-to-assess': 'The decision not to assess',
  'not-to-issue': 'The decision not to issue a plan',
  'final-plan': 'The final plan',
};
