import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { AppModule } from '../../platform/module.ts';
import { childrenAuditVocabulary } from './audit-vocabulary.ts';
import { type ChildIdentityRow, childIdentities as identities, parentCarersOf } from './repo.ts';
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
export { nameSearchFor } from './domain/names.ts';
export { ncYearOn } from './domain/nc-year.ts';
export { ulnCheckDigit } from './domain/uln.ts';
export { upnCheckLetter } from './domain/upn.ts';

export type ChildIdentity = ChildIdentityRow;

/**
 * Who these children are (name, date of birth, UPN, setting), for another module's lists. The
 * caller decides who may see them and records the read in the audit log.
 */
export function childIdentities(tx: Tx, laCode: string, ids: readonly string[]): Promise<ChildIdentity[]> {
  return identities(tx, laCode, ids);
}

/** Who a letter about a child goes to, with their postal address. */
export interface LetterAddressee {
  name: string;
  lines: string[];
}

/**
 * The parent a letter about this child goes to: the main contact with parental responsibility,
 * or null if nobody with parental responsibility is recorded, since a decision must not go to
 * someone without it. The caller decides who may see it and records the read in the audit log.
 */
export async function letterAddressee(
  tx: Tx,
  laCode: string,
  childId: string,
): Promise<LetterAddressee | null> {
  const people = await parentCarersOf(tx, laCode, childId);
  const person = people.find((p) => p.parentalResponsibility);
  if (!person) return null;
  return {
    name: `${person.forename} ${person.surname}`,
    lines: [
      ...(person.address ?? '')
        .split(/[,\n]/)
        .map((l) => l.trim())
        .filter(Boolean),
      ...(person.postcode ? [person.postcode] : []),
    ],
  };
}
