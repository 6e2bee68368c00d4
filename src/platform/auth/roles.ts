/**
 * The people who use OpenSEND (DESIGN §1). A user may hold several roles. These are all the roles
 * the service needs: capabilities still to come grant their permissions to them rather than
 * inventing new ones. Review officers are EHC coordinators.
 */
export const roles = [
  'ehc_coordinator',
  'send_team_manager',
  'adviser',
  'finance_officer',
  'finance_approver',
  'programme_manager',
  'programme_board_member',
  'senco',
  'head_teacher',
  'cluster_host',
  'local_offer_editor',
  'service_provider',
  'parent_carer',
  'young_person',
  'administrator',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  ehc_coordinator: 'EHC coordinator',
  send_team_manager: 'SEND team manager',
  adviser: 'Educational psychologist or adviser',
  finance_officer: 'Finance officer',
  finance_approver: 'Finance approver',
  programme_manager: 'Programme manager',
  programme_board_member: 'Programme board member',
  senco: 'School SENCo',
  head_teacher: 'Head teacher',
  cluster_host: 'Cluster host',
  local_offer_editor: 'Local Offer editor',
  service_provider: 'Service provider',
  parent_carer: 'Parent or carer',
  young_person: 'Young person',
  administrator: 'Administrator',
};

/** What each role is for, as the administrator choosing roles reads it. */
export const roleHints: Record<Role, string> = {
  ehc_coordinator: 'Runs EHC needs assessments, plans and reviews (review officers too)',
  send_team_manager: 'Allocates work and watches timeliness and the backlog',
  adviser: 'Writes advice for the EHC needs assessments they are asked to advise on',
  finance_officer: 'Placements, costs, the high needs budget, cluster funding and traded services',
  finance_approver: 'Approves placements, top-ups and agreed costs that need a second person',
  programme_manager: 'Runs the SEND transformation programme',
  programme_board_member: 'Sees the programme board report and the decisions it needs',
  senco: 'Sees the pupils of the schools they are linked to as SENCo',
  head_teacher:
    "Sees the pupils of the schools they are linked to as head teacher, and their school's funding",
  cluster_host:
    'Sees the pupils of the clusters they host, from the day their term starts, and keeps their delegated SEND funding',
  local_offer_editor: 'Edits, reviews and publishes the Local Offer',
  service_provider: 'Suggests changes to their own services in the Local Offer',
  parent_carer: 'Follows the children they are linked to',
  young_person: 'Follows their own record',
  administrator: 'Manages people, roles, backups and reference data; reads the audit log',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/**
 * What each role may do. Deny by default: a permission not listed for any of a user's roles
 * is refused. Modules add their permissions here as they arrive, so the whole access model
 * reads in one place.
 */
const grants = {
  'audit:read': ['administrator'],
  // A backup holds every LA's records: only administrators, and the service decides which LA's.
  'backups:manage': ['administrator'],
  // Children: who may open a child's record at all; which children is decided by the
  // children module from the person's relationship (their LA, their school, their own child).
  'children:read': [
    'ehc_coordinator',
    'send_team_manager',
    'adviser',
    'finance_officer',
    'finance_approver',
    'senco',
    'head_teacher',
    'cluster_host',
    'parent_carer',
    'young_person',
  ],
  'children:write': ['ehc_coordinator', 'send_team_manager'],
  // EHC needs assessments: the LA's SEND team runs them; a manager allocates the work and keeps
  // the term dates the exceptions depend on and the contact details every letter carries.
  'ehc:read': ['ehc_coordinator', 'send_team_manager'],
  'ehc:write': ['ehc_coordinator', 'send_team_manager'],
  'ehc:allocate': ['send_team_manager'],
  'ehc:terms': ['send_team_manager', 'administrator'],
  'ehc:letters': ['send_team_manager', 'administrator'],
  // A school writes the review report for its pupils' reviews (reg 20(8)), and sees their reviews.
  'ehc:review-report': ['senco', 'head_teacher'],
  'providers:read': [
    'ehc_coordinator',
    'send_team_manager',
    'adviser',
    'finance_officer',
    'finance_approver',
    'programme_manager',
    'senco',
    'head_teacher',
    'local_offer_editor',
    'cluster_host',
    'administrator',
  ],
  'providers:write': ['send_team_manager', 'administrator'],
  'providers:import': ['administrator'],
  // Placements and high-needs finance: the finance team keeps them; the SEND team sees where
  // each child is placed and enters placements from plans; a second person approves costly ones.
  'placements:read': ['finance_officer', 'finance_approver', 'send_team_manager', 'ehc_coordinator'],
  'placements:write': ['finance_officer', 'finance_approver', 'send_team_manager'],
  'placements:approve': ['finance_approver'],
  // The high needs budget and its position are aggregates: the programme sees them too.
  'finance:read': [
    'finance_officer',
    'finance_approver',
    'send_team_manager',
    'programme_manager',
    'programme_board_member',
  ],
  'finance:manage': ['finance_officer', 'finance_approver'],
  // Adopting a top-up scheme changes what every banded child's school is paid.
  'finance:adopt': ['finance_approver'],
  // SEND funding delegated to clusters: the LA's finance team keeps the pots, factor data and
  // draft formulas (finance:read, finance:manage) and a finance approver adopts one (finance:adopt).
  // A cluster host keeps their cluster's spending plan, panel decisions, spend and return; the
  // heads of its schools see them and their own school's statement.
  'clusters:toolkit': ['cluster_host', 'head_teacher'],
  'clusters:host': ['cluster_host'],
  // Traded services bought back from the LA: schools and clusters order, the LA keeps the
  // catalogue and records what its services delivered (its advisers and EPs too).
  'traded:order': ['head_teacher', 'cluster_host'],
  'traded:read': ['finance_officer', 'finance_approver', 'send_team_manager', 'programme_manager', 'adviser'],
  'traded:manage': ['finance_officer', 'finance_approver'],
  'traded:deliver': ['finance_officer', 'finance_approver', 'adviser'],
  // Specialist place sufficiency: places against occupancy, forecasts and journeys are counts the
  // SEND service, its commissioners (the programme) and finance plan with; the children waiting
  // for a place, and each child's journey and proposed placement, are for the SEND team alone.
  // Planning (scenarios, optimisation runs, candidate sites, the LA's travel settings) is the
  // service's and the programme's.
  'sufficiency:read': [
    'send_team_manager',
    'ehc_coordinator',
    'programme_manager',
    'programme_board_member',
    'finance_officer',
    'finance_approver',
  ],
  'sufficiency:children': ['send_team_manager', 'ehc_coordinator'],
  'sufficiency:plan': ['send_team_manager', 'programme_manager'],
  // The transformation programme: the programme manager keeps it; the board reads it and its
  // reports; the heads of service who lead its workstreams (the SEND team's managers) and finance
  // read it too. Programme data are aggregates and plans: no child is named in it.
  'programme:read': [
    'programme_manager',
    'programme_board_member',
    'send_team_manager',
    'finance_officer',
    'finance_approver',
  ],
  'programme:manage': ['programme_manager'],
  // The single point of access: a family asks about their own child, a school about its pupil.
  'portal:request': ['parent_carer', 'young_person', 'senco', 'head_teacher'],
  'portal:triage': ['ehc_coordinator', 'send_team_manager'],
  'portal:advise': ['adviser'],
  // A school gives the educational advice for its pupil's assessment (SEND Regulations 2014 reg 6(1)(b)).
  'portal:school-advice': ['senco', 'head_teacher'],
  // The Local Offer: its editors draft, review and publish; a provider suggests changes to its own services.
  'local-offer:edit': ['local_offer_editor'],
  'local-offer:suggest': ['service_provider'],
  // Events, consultations and MI sheets are run by the programme (Norfolk's Additional Needs
  // Project ran its focus groups and sent its MI sheets) and the Local Offer team; schools answer MI
  // sheets through their SENCo, head or cluster host.
  'engagement:manage': ['programme_manager', 'local_offer_editor'],
  'engagement:school': ['senco', 'head_teacher', 'cluster_host'],
  'users:read': ['administrator', 'send_team_manager'],
  // People administration: invitations, roles, deactivation and relationships.
  'users:manage': ['administrator'],
  'notifications:read': ['administrator'],
  'notifications:manage': ['administrator'],
  'api:tokens': [
    'ehc_coordinator',
    'send_team_manager',
    'adviser',
    'finance_officer',
    'finance_approver',
    'programme_manager',
    'senco',
    'head_teacher',
    'local_offer_editor',
    'cluster_host',
    'administrator',
  ],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;
export const permissions = Object.keys(grants) as Permission[];

export function can(userRoles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = grants[permission];
  return userRoles.some((r) => allowed.includes(r));
}

/** Who may use a route: anyone, anyone signed in, or holders of a permission. */
export type Access = 'public' | 'signed-in' | Permission;

export function isAccess(value: unknown): value is Access {
  return value === 'public' || value === 'signed-in' || (permissions as unknown[]).includes(value);
}
