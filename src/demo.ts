import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from './platform/auth/principal.ts';
import { type Role, roleLabels } from './platform/auth/roles.ts';
import type { Database } from './platform/db/connect.ts';
import { actAsTenant, type Tx } from './platform/db/tenancy.ts';
import { isoDateInLondon } from './platform/kernel/dates.ts';
import { countLas } from './platform/las/index.ts';
import { seedEngagementDemo } from './seed/engagement.ts';
import type { GeneratedLa } from './seed/generate.ts';
import { type SeededLa, seedTogether } from './seed/index.ts';
import { seedLocalOfferDemo } from './seed/local-offer.ts';
import { seedPortalDemo } from './seed/portals.ts';
import {
  insertPerson,
  linkChildToPerson,
  linkPersonToUser,
  linkStaff,
  setClusterHostUser,
} from './seed/repo.ts';

export const demoLa = { code: '926', name: 'Norfolk (demo)' } as const;
export const secondDemoLa = { code: '935', name: 'Suffolk (demo)' } as const;
export const demoSeed = 926;

const demoUsers: { local: string; name: string; roles: Role[] }[] = [
  { local: 'admin', name: 'Alex Admin (demo)', roles: ['administrator'] },
  { local: 'coordinator', name: 'Casey Coordinator (demo)', roles: ['ehc_coordinator'] },
  { local: 'manager', name: 'Morgan Manager (demo)', roles: ['send_team_manager'] },
  { local: 'adviser', name: 'Avery Adviser (demo)', roles: ['adviser'] },
  { local: 'finance', name: 'Frankie Finance (demo)', roles: ['finance_officer'] },
  { local: 'approver', name: 'Blake Approver (demo)', roles: ['finance_approver'] },
  { local: 'programme', name: 'Parker Programme (demo)', roles: ['programme_manager'] },
  { local: 'senco', name: 'Sam Senco (demo)', roles: ['senco'] },
  { local: 'host', name: 'Harper Host (demo)', roles: ['cluster_host', 'senco'] },
  { local: 'editor', name: 'Eden Editor (demo)', roles: ['local_offer_editor'] },
  { local: 'provider', name: 'Pat Provider (demo)', roles: ['service_provider'] },
  { local: 'parent', name: 'Jordan Parent (demo)', roles: ['parent_carer'] },
  { local: 'young.person', name: 'Riley Young (demo)', roles: ['young_person'] },
];

/**
 * The rest of the demo SEND team: with the coordinator above they share the requests, so the
 * manager's dashboard shows work shared across caseworkers and each step's history says who did it.
 */
const demoTeam = ['Robin Reid', 'Jamie Khan', 'Taylor Osei', 'Quinn Barker', 'Drew Nowak'];

export const demoEmail = (local: string, la: { code: string }) =>
  `${local}@${la.code === demoLa.code ? 'norfolk' : 'suffolk'}.demo.opensend.test`;

export interface DemoSeed {
  password: string;
  signInLines: string[];
}

/**
 * Gives the demo's SENCo, cluster host, parent and young person their relationships, so that
 * each sees what a real person in that role would: their school's pupils, their cluster's,
 * their own children, their own record.
 */
async function linkDemoPeople(
  tx: Tx,
  data: GeneratedLa,
  users: Map<string, string>,
): Promise<{ id: string; name: string } | undefined> {
  await actAsTenant(tx, { laCode: demoLa.code, userId: null });
  const pupils = new Map<string, number>();
  for (const c of data.children)
    if (c.establishment_id) pupils.set(c.establishment_id, (pupils.get(c.establishment_id) ?? 0) + 1);
  const busiestPrimary = data.establishments
    .filter((e) => e.phase === 'Primary')
    .sort((a, b) => (pupils.get(b.id) ?? 0) - (pupils.get(a.id) ?? 0))[0];
  const senco = users.get('senco');
  if (busiestPrimary && senco) await linkStaff(tx, demoLa.code, senco, busiestPrimary.id, 'senco');

  const host = users.get('host');
  const cluster = data.clusters.find((c) => c.name === 'Dereham') ?? data.clusters[0];
  const hostRow = data.hosts.find((h) => h.cluster_id === cluster?.id);
  if (host && hostRow) {
    await setClusterHostUser(tx, hostRow.id, host);
    await linkStaff(tx, demoLa.code, host, hostRow.establishment_id, 'senco');
  }

  const parent = users.get('parent');
  const byPerson = new Map<string, number>();
  for (const r of data.relationships) byPerson.set(r.person_id, (byPerson.get(r.person_id) ?? 0) + 1);
  const parentOfTwo = [...byPerson.entries()].find(([, n]) => n >= 2)?.[0] ?? data.people[0]?.id;
  if (parent && parentOfTwo) await linkPersonToUser(tx, parentOfTwo, parent);

  const youngPerson = users.get('young.person');
  const yp = data.children.find((c) => c.date_of_birth <= '2008-08-31' && c.date_of_birth >= '2006-09-01');
  if (youngPerson && yp) {
    const personId = await insertPerson(tx, {
      la_code: demoLa.code,
      forename: yp.forename,
      surname: yp.surname,
      postcode: yp.home_postcode,
    });
    await linkPersonToUser(tx, personId, youngPerson);
    await linkChildToPerson(tx, demoLa.code, yp.id, personId);
  }
  return busiestPrimary ? { id: busiestPrimary.id, name: busiestPrimary.name } : undefined;
}

/** A demo person as they are once signed in, for the use cases the demo runs as them. */
function principalOf(local: string, users: Map<string, string>): Principal {
  const u = demoUsers.find((d) => d.local === local);
  return {
    userId: users.get(local) ?? '',
    laCode: demoLa.code,
    laName: demoLa.name,
    email: demoEmail(local, demoLa),
    name: u?.name ?? local,
    roles: u?.roles ?? [],
    via: 'session',
  };
}

export interface DemoOptions {
  /** Where to keep the sign-in details; written before the demo commits, so never lost to a crash. */
  signInFile?: string;
  /** Told what the first start is doing, a line at a time. */
  onStage?: (message: string) => void;
}

/**
 * On an empty database, creates the demo LA at Norfolk's scale with one person per role, and
 * a second, small LA to show that LAs cannot see each other. The password is made fresh on
 * this machine, never stored in the repository.
 *
 * Both LAs, their people and the people's links are written in one transaction: a first start
 * stopped part-way (a crash, kill -9) leaves the database empty, and the next start makes the
 * whole demo again, with a new password.
 */
export async function seedDemoIfEmpty(
  database: Database,
  options: DemoOptions = {},
): Promise<DemoSeed | undefined> {
  if ((await countLas(database)) > 0) return undefined;
  options.onStage?.('First start: creating the demo LAs from invented records (about half a minute)…');
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  let signInLines: string[] = [];
  let portals: Awaited<ReturnType<typeof seedPortalDemo>> | undefined;
  let localOffer: Awaited<ReturnType<typeof seedLocalOfferDemo>> | undefined;
  let engagement: Awaited<ReturnType<typeof seedEngagementDemo>> | undefined;
  await seedTogether(
    database,
    [
      {
        scale: 'norfolk',
        seed: demoSeed,
        la: demoLa,
        users: [
          ...demoUsers.map((u) => ({
            email: demoEmail(u.local, demoLa),
            name: u.name,
            roles: u.roles,
            password,
          })),
          ...demoTeam.map((name, i) => ({
            email: demoEmail(`caseworker${i + 2}`, demoLa),
            name: `${name} (demo)`,
            roles: ['ehc_coordinator'],
            password,
          })),
        ],
      },
      {
        scale: 'norfolk',
        seed: demoSeed + 9,
        la: secondDemoLa,
        children: 400,
        users: [
          {
            email: demoEmail('admin', secondDemoLa),
            name: 'Sasha Admin (demo)',
            roles: ['administrator'],
            password,
          },
        ],
      },
    ],
    {
      onWriting: () => options.onStage?.('Writing the demo LAs to the database…'),
      async finish(tx, [norfolk]) {
        if (norfolk) {
          const users = new Map(
            demoUsers.map((u) => [u.local, norfolk.users.get(demoEmail(u.local, demoLa)) ?? '']),
          );
          const school = await linkDemoPeople(tx, norfolk.data, users);
          if (school)
            portals = await seedPortalDemo(
              tx,
              database,
              { uploads: { dir: os.tmpdir(), maxBytes: 0 }, publicUrl: undefined },
              {
                parent: principalOf('parent', users),
                senco: principalOf('senco', users),
                coordinator: principalOf('coordinator', users),
                adviserId: users.get('adviser') ?? '',
                schoolId: school.id,
                schoolName: school.name,
              },
              isoDateInLondon(new Date()),
              new Date(),
            );
          localOffer = await seedLocalOfferDemo(
            tx,
            database,
            { editor: principalOf('editor', users), provider: principalOf('provider', users) },
            isoDateInLondon(new Date()),
            new Date(),
            demoSeed + 17,
          );
          engagement = await seedEngagementDemo(
            tx,
            database,
            { officer: principalOf('programme', users), sencoSchoolId: school?.id ?? null },
            isoDateInLondon(new Date()),
            new Date(),
            demoSeed + 23,
          );
        }
        signInLines = demoSignInLines(password, norfolk, portals, localOffer, engagement);
        if (options.signInFile) writeSignInFile(options.signInFile, signInLines);
      },
    },
  );
  return { password, signInLines };
}

function demoSignInLines(
  password: string,
  norfolk: SeededLa | undefined,
  portals: Awaited<ReturnType<typeof seedPortalDemo>> | undefined,
  localOffer: Awaited<ReturnType<typeof seedLocalOfferDemo>> | undefined,
  engagement: Awaited<ReturnType<typeof seedEngagementDemo>> | undefined,
): string[] {
  const width = Math.max(...demoUsers.map((u) => demoEmail(u.local, demoLa).length));
  return [
    `Demo LA "${demoLa.name}" created with ${norfolk?.planChildren.toLocaleString('en-GB')} children and young people with EHC plans, ${norfolk?.requests.toLocaleString('en-GB')} EHC requests over three years, ${norfolk?.data.establishments.length} schools and settings in ${norfolk?.data.clusters.length} clusters.`,
    `Its placements: ${norfolk?.placements.all.toLocaleString('en-GB')} (${norfolk?.placements.current.toLocaleString('en-GB')} running today), ${norfolk?.placements.awaitingApproval} of them waiting for the finance approver; the high needs budget for this year and last.`,
    ...(portals
      ? [
          `Online: ${plural(portals.triage, 'request for help waits', 'requests for help wait')} for triage; ${plural(portals.advice, 'piece of advice is', 'pieces of advice are')} asked of the adviser; ${plural(portals.consultations, 'consultation waits', 'consultations wait')} for the SENCo's school${portals.reviews ? '; the parent follows a review of their child’s plan' : ''}.`,
        ]
      : []),
    ...(localOffer
      ? [
          `Its Local Offer: ${localOffer.services.toLocaleString('en-GB')} services and ${localOffer.pages} information pages published at /local-offer (open data at /oruk); ${plural(localOffer.waiting, 'change waits', 'changes wait')} for the editor.`,
        ]
      : []),
    ...(engagement
      ? [
          `Engagement: ${engagement.events} events at /events (the 2011 focus groups and 2012 cluster host training held, 3 coming up), ${engagement.consultations} consultations at /consultations, ${engagement.sheets} MI sheets sent to schools this term.`,
        ]
      : []),
    `Sign in with any of these (password for all: ${password}):`,
    ...demoUsers.map(
      (u) => `  ${demoEmail(u.local, demoLa).padEnd(width)}  ${u.roles.map((r) => roleLabels[r]).join(', ')}`,
    ),
    `  ${demoEmail('admin', secondDemoLa).padEnd(width)}  Administrator of "${secondDemoLa.name}"`,
    'To set a new password: npx opensend user password --email EMAIL --password-stdin',
  ];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Written to disk (synced) before the demo commits: a crash after the commit cannot lose it. */
function writeSignInFile(file: string, lines: string[]) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, `${lines.join('\n')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
