import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { AppModule } from '../../platform/module.ts';
import { childrenAuditVocabulary } from './audit-vocabulary.ts';
import { actingAsPhrases, decisionMakerOn, decisionsPassToYoungPersonOn } from './domain/decisions.ts';
import {
  type ChildIdentityRow,
  capacityOf,
  childIdentitiesOfLa,
  childIdentities as identities,
  parentCarersOf,
} from './repo.ts';
import { childrenRoutes } from './routes.ts';

/** Children and young people, their SEN needs, parents and carers (DESIGN §2, module `children`). */
export const childrenModule: AppModule = {
  name: 'children',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  navigation: [{ href: '/children', text: 'Children', access: 'children:read' }],
  auditVocabulary: childrenAuditVocabulary,
  routes: childrenRoutes,
};

/** Names of the LA's children for the audit log, and the children a typed name stands for. */
export { childDirectory } from './directory.ts';

// Pure helpers other modules and the data generator may need to make records the way this module does.
export { senTypeCodes, senTypes } from './domain/codes.ts';
export { ageOn } from './domain/dates.ts';
export { foldName, nameSearchFor } from './domain/names.ts';
export { ncYearOn } from './domain/nc-year.ts';
export { interpretSearchText, type SearchText } from './domain/search.ts';
export { ulnCheckDigit } from './domain/uln.ts';
export { normaliseUpn, upnCheckLetter, upnProblem } from './domain/upn.ts';
// Children found for other modules' filters, every child's primary need for totals by need, and
// how many at each school are on SEN Support for funding formulas.
// For planning views (places, travel, forecasts), which count children and never name them.
export {
  type ChildPlanningFacts,
  childIdsAtSchools,
  childIdsMatching,
  childListing,
  childPlanningFacts,
  childWithUpn,
  primaryNeeds,
  senSupportCounts,
} from './repo.ts';

/** The children a parent's, carer's or young person's account opens, for people administration. */
export {
  childLinksOfUser,
  type LinkableChild,
  linkableChild,
  linkUserAsYoungPerson,
  linkUserToParentCarer,
  type UserChildLink,
  unlinkUserFromChild,
} from './user-links.ts';

export type ChildIdentity = ChildIdentityRow;

/**
 * The parents and carers recorded against a child, with the account each is linked to, for a
 * young person choosing which of them follow their record. The caller audits the read.
 */
export function parentCarersOfChild(tx: Tx, laCode: string, childId: string) {
  return parentCarersOf(tx, laCode, childId);
}

/**
 * Who these children are (name, date of birth, UPN, setting), for another module's lists. The
 * caller decides who may see them and records the read in the audit log.
 */
export function childIdentities(tx: Tx, laCode: string, ids: readonly string[]): Promise<ChildIdentity[]> {
  return identities(tx, laCode, ids);
}

/**
 * Every child of the LA with who they are, for matching the rows of a file (a placements
 * spreadsheet) to children. Nothing of them is shown: the caller audits what it shows.
 */
export function everyChildIdentity(tx: Tx, laCode: string): Promise<ChildIdentity[]> {
  return childIdentitiesOfLa(tx, laCode);
}

/** Who a letter about a child goes to, with their postal address, and in what capacity. */
export interface LetterAddressee {
  name: string;
  lines: string[];
  /** The parent; the young person themselves; or someone acting for a young person who lacks capacity. */
  role: 'parent' | 'young-person' | 'representative';
  /** How a representative acts, as a letter says it: "deputy appointed by the Court of Protection". */
  actingAs: string | null;
  /** Where a letter sent by email goes; none is kept for a young person themselves. */
  email: string | null;
}

const addressOf = (p: { address: string | null; postcode: string | null }) => [
  ...(p.address ?? '')
    .split(/[,\n]/)
    .map((l) => l.trim())
    .filter(Boolean),
  ...(p.postcode ? [p.postcode] : []),
];

/**
 * Whether the young person decides for themselves on this day: past the end of compulsory school
 * age, with nobody recorded as acting for them because they lack capacity. A parent then follows
 * the young person's record only with their consent (CFA 2014 s80; SEND Code of Practice 8.13).
 */
export async function youngPersonDecidesOn(
  tx: Tx,
  laCode: string,
  child: { id: string; dateOfBirth: string },
  on: string,
): Promise<boolean> {
  if (on < decisionsPassToYoungPersonOn(child.dateOfBirth)) return false;
  return !(await capacityOf(tx, laCode, child.id))?.lacksCapacity;
}

/**
 * Who a letter about this child, dated `on`, goes to. Until the end of compulsory school age, the
 * main contact with parental responsibility (null if nobody with it is recorded: a decision must
 * not go to someone without it); after it, the young person, or whoever is recorded as acting for
 * a young person who lacks capacity. The caller decides who may see it and audits the read.
 */
export async function letterAddressee(
  tx: Tx,
  laCode: string,
  child: { id: string; forename: string; surname: string; dateOfBirth: string },
  on: string,
): Promise<LetterAddressee | null> {
  const maker = decisionMakerOn(child.dateOfBirth, on, (await capacityOf(tx, laCode, child.id)) ?? null);
  if (maker.kind === 'young-person')
    return {
      name: `${child.forename} ${child.surname}`,
      lines: [],
      role: 'young-person',
      actingAs: null,
      email: null,
    };
  const people = await parentCarersOf(tx, laCode, child.id);
  const person =
    maker.kind === 'representative'
      ? people.find((p) => p.id === maker.personId)
      : people.find((p) => p.parentalResponsibility);
  if (!person) return null;
  return {
    name: `${person.forename} ${person.surname}`,
    lines: addressOf(person),
    role: maker.kind,
    actingAs: maker.kind === 'representative' ? actingAsPhrases[maker.actingAs] : null,
    email: person.email?.trim() || null,
  };
}
