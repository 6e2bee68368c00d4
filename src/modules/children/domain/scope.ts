/**
 * Which children a person may see (DESIGN §1). LA-wide roles see every child in their LA; a
 * SENCo the pupils of schools where they are staff; a cluster host the pupils of their
 * cluster's schools; a parent, carer or young person the children linked to them as a person.
 * Advisers see none until EHC advice requests give them children to advise on.
 */
export interface ScopeRule {
  laWide: boolean;
  staffSchools: boolean;
  clusterSchools: boolean;
  linkedChildren: boolean;
}

const laWideRoles = ['ehc_coordinator', 'send_team_manager', 'finance_officer', 'finance_approver'];

export function scopeRuleFor(roles: readonly string[]): ScopeRule {
  return {
    laWide: roles.some((r) => laWideRoles.includes(r)),
    staffSchools: roles.includes('senco') || roles.includes('head_teacher'),
    clusterSchools: roles.includes('cluster_host'),
    linkedChildren: roles.includes('parent_carer') || roles.includes('young_person'),
  };
}

/** Children reachable by a rule, once the lookups it needs have been made. The repo turns this into SQL. */
export type ChildScope =
  | { kind: 'la' }
  | { kind: 'some'; establishmentIds: string[]; childIds: string[] }
  | { kind: 'none' };

export interface ScopeFacts {
  staffEstablishmentIds: readonly string[];
  clusterEstablishmentIds: readonly string[];
  linkedChildIds: readonly string[];
}

export function resolveScope(rule: ScopeRule, facts: ScopeFacts): ChildScope {
  if (rule.laWide) return { kind: 'la' };
  const establishmentIds = [
    ...new Set([
      ...(rule.staffSchools ? facts.staffEstablishmentIds : []),
      ...(rule.clusterSchools ? facts.clusterEstablishmentIds : []),
    ]),
  ];
  const childIds = rule.linkedChildren ? [...new Set(facts.linkedChildIds)] : [];
  if (!establishmentIds.length && !childIds.length) return { kind: 'none' };
  return { kind: 'some', establishmentIds, childIds };
}

/**
 * Whose contact details a person may see on a child's record. Staff who see the child through
 * the LA or the school see every parent and carer; someone who sees the child only as a linked
 * parent sees only their own, since separated parents' addresses are not each other's business.
 */
export function contactsVisible(
  scope: ChildScope,
  child: { establishmentId: string | null },
): 'all' | 'own' | 'none' {
  if (scope.kind === 'la') return 'all';
  if (scope.kind === 'none') return 'none';
  if (child.establishmentId && scope.establishmentIds.includes(child.establishmentId)) return 'all';
  return 'own';
}
