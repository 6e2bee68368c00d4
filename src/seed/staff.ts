import { nameSearchFor } from '../modules/children/index.ts';
import type { Role } from '../platform/auth/roles.ts';
import { ethnicityWeights } from './catalogue.ts';
import { adultName } from './names.ts';
import type { Prng } from './prng.ts';

/**
 * The SEND team who record an LA's EHC work: its coordinators (caseworkers) and its SEND team
 * manager. An LA generated with no one to sign in still has a team, so every step in its
 * history names who recorded it; they are users without a known password, who sign in only once
 * an administrator sets one.
 */

export interface EhcStaff {
  coordinators: readonly string[];
  managers: readonly string[];
}

export interface StaffRow {
  id: string;
  la_code: string;
  email: string;
  name: string;
  roles: Role[];
}

/** Norfolk's demo shares about 2,500 requests a year among six caseworkers. */
const requestsPerCoordinator = 420;
const coordinatorsPerManager = 10;

/** Who among these people records an LA's EHC work. */
export function ehcStaff(people: readonly { id: string; roles: readonly string[] }[]): EhcStaff {
  const holding = (role: Role) => people.filter((p) => p.roles.includes(role)).map((p) => p.id);
  return { coordinators: holding('ehc_coordinator'), managers: holding('send_team_manager') };
}

/**
 * Who keeps an LA's placements: the finance officer who enters them, and a finance approver,
 * another person, who approves the costly ones. Either is null when the LA's people have none, as
 * in an LA generated with no one to sign in: its placements then read as entered before anyone
 * signed in, as records moved from an earlier system would.
 */
export interface FinanceStaff {
  officer: string | null;
  approver: string | null;
}

export function financeStaff(people: readonly { id: string; roles: readonly string[] }[]): FinanceStaff {
  const officer = people.find((p) => p.roles.includes('finance_officer'))?.id ?? null;
  // The database refuses an approval by the person who entered the placement.
  const approver = people.find((p) => p.roles.includes('finance_approver') && p.id !== officer)?.id ?? null;
  return { officer, approver };
}

/** Invents coordinators if none of the LA's people is one, and managers if none is one. */
export function inventStaff(
  la: { code: string },
  requestsPerYear: number,
  people: readonly { id: string; roles: readonly string[] }[],
  rng: Prng,
): StaffRow[] {
  const has = ehcStaff(people);
  const coordinators = Math.max(2, Math.round(requestsPerYear / requestsPerCoordinator));
  const roles: Role[] = [
    ...Array.from({ length: has.coordinators.length ? 0 : coordinators }, (): Role => 'ehc_coordinator'),
    ...Array.from(
      { length: has.managers.length ? 0 : Math.ceil(coordinators / coordinatorsPerManager) },
      (): Role => 'send_team_manager',
    ),
  ];
  const emails = new Set<string>();
  return roles.map((role) => {
    const { forename, surname } = adultName(rng.weighted(ethnicityWeights), rng);
    const local = `${nameSearchFor(forename, '').replace(/[^a-z]/g, '')}.${nameSearchFor('', surname).replace(/[^a-z]/g, '')}`;
    let email = `${local}@la${la.code}.demo.opensend.test`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@la${la.code}.demo.opensend.test`;
    emails.add(email);
    return { id: rng.uuid(), la_code: la.code, email, name: `${forename} ${surname} (demo)`, roles: [role] };
  });
}
