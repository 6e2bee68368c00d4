import { randomBytes } from 'node:crypto';
import { type Role, roleLabels } from './platform/auth/roles.ts';
import { createUser } from './platform/auth/service.ts';
import type { Database } from './platform/db/connect.ts';
import { addLa, countLas } from './platform/las/index.ts';

export const demoLa = { code: '926', name: 'Norfolk (demo)' } as const;
export const secondDemoLa = { code: '935', name: 'Suffolk (demo)' } as const;

const demoUsers: { local: string; name: string; roles: Role[] }[] = [
  { local: 'admin', name: 'Alex Admin (demo)', roles: ['administrator'] },
  { local: 'coordinator', name: 'Casey Coordinator (demo)', roles: ['ehc_coordinator'] },
  { local: 'manager', name: 'Morgan Manager (demo)', roles: ['send_team_manager'] },
  { local: 'adviser', name: 'Avery Adviser (demo)', roles: ['adviser'] },
  { local: 'finance', name: 'Frankie Finance (demo)', roles: ['finance_officer'] },
  { local: 'programme', name: 'Parker Programme (demo)', roles: ['programme_manager'] },
  { local: 'senco', name: 'Sam Senco (demo)', roles: ['senco'] },
  { local: 'host', name: 'Harper Host (demo)', roles: ['cluster_host', 'senco'] },
  { local: 'parent', name: 'Jordan Parent (demo)', roles: ['parent_carer'] },
  { local: 'young.person', name: 'Riley Young (demo)', roles: ['young_person'] },
];

export const demoEmail = (local: string, la: { code: string }) =>
  `${local}@${la.code === demoLa.code ? 'norfolk' : 'suffolk'}.demo.opensend.test`;

export interface DemoSeed {
  password: string;
  signInLines: string[];
}

/**
 * On an empty database, creates the demo LA with one person per role and a second LA to show
 * that LAs cannot see each other. The password is made fresh on this machine, never stored in
 * the repository.
 */
export async function seedDemoIfEmpty(database: Database): Promise<DemoSeed | undefined> {
  if ((await countLas(database)) > 0) return undefined;
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  await addLa(database, demoLa);
  await addLa(database, secondDemoLa);
  for (const u of demoUsers) {
    await createUser(database, {
      laCode: demoLa.code,
      email: demoEmail(u.local, demoLa),
      name: u.name,
      roles: u.roles,
      password,
    });
  }
  await createUser(database, {
    laCode: secondDemoLa.code,
    email: demoEmail('admin', secondDemoLa),
    name: 'Sasha Admin (demo)',
    roles: ['administrator'],
    password,
  });
  const width = Math.max(...demoUsers.map((u) => demoEmail(u.local, demoLa).length));
  return {
    password,
    signInLines: [
      `Demo LA "${demoLa.name}" created. Sign in with any of these (password for all: ${password}):`,
      ...demoUsers.map(
        (u) =>
          `  ${demoEmail(u.local, demoLa).padEnd(width)}  ${u.roles.map((r) => roleLabels[r]).join(', ')}`,
      ),
      `  ${demoEmail('admin', secondDemoLa).padEnd(width)}  Administrator of "${secondDemoLa.name}"`,
      'To set a new password: npx opensend user password --email EMAIL --password-stdin',
    ],
  };
}
