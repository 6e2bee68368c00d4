import type { EngagementContext } from '../../src/modules/engagement/index.ts';
import type { Role } from '../../src/platform/auth/roles.ts';
import { isoDateInLondon } from '../../src/platform/kernel/dates.ts';
import type { TestApp } from './app.ts';
import { addUser } from './children.ts';

/** Someone who runs the LA's events, consultations and MI sheets, as the use cases take them. */
export async function officerOf(
  t: TestApp,
  local = 'engagement',
  roles: Role[] = ['programme_manager'],
): Promise<EngagementContext> {
  const user = await addUser(t, t.la.code, local, roles);
  const now = t.clock();
  return {
    database: t.database.app,
    principal: {
      userId: user.id,
      laCode: t.la.code,
      laName: t.la.name,
      email: user.email,
      name: local,
      roles,
      via: 'session',
    },
    today: isoDateInLondon(now),
    now,
    ip: null,
    requestId: null,
  };
}
