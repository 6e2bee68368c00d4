/** The people who use OpenSEND (DESIGN §1). A user may hold several roles. */
export const roles = [
  'ehc_coordinator',
  'send_team_manager',
  'adviser',
  'finance_officer',
  'programme_manager',
  'senco',
  'cluster_host',
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
  programme_manager: 'Programme manager',
  senco: 'School SENCo',
  cluster_host: 'Cluster host',
  parent_carer: 'Parent or carer',
  young_person: 'Young person',
  administrator: 'Administrator',
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
    'senco',
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
  'providers:read': [
    'ehc_coordinator',
    'send_team_manager',
    'adviser',
    'finance_officer',
    'programme_manager',
    'senco',
    'cluster_host',
    'administrator',
  ],
  'providers:write': ['send_team_manager', 'administrator'],
  'providers:import': ['administrator'],
  'users:read': ['administrator', 'send_team_manager'],
  'api:tokens': [
    'ehc_coordinator',
    'send_team_manager',
    'adviser',
    'finance_officer',
    'programme_manager',
    'senco',
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
