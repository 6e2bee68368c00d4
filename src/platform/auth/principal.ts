import type { Permission } from './roles.ts';
import { can } from './roles.ts';

/** The person a request acts for, and how they proved it. */
export interface Principal {
  userId: string;
  laCode: string;
  laName: string;
  email: string;
  name: string;
  roles: string[];
  via: 'session' | 'token';
  /** Hash of the session id, when signed in through the browser. */
  sessionIdHash?: string;
}

export function hasPermission(p: Principal | null, permission: Permission): boolean {
  return !!p && can(p.roles, permission);
}
