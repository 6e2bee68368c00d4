import { z } from 'zod';
import { auditAs, auditListing } from '../../platform/audit/index.ts';
import type { AdminActor } from '../../platform/auth/accounts.ts';
import { getAccount } from '../../platform/auth/accounts.ts';
import type { Database } from '../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../platform/db/tenancy.ts';
import { notFound, unprocessable } from '../../platform/http/problem.ts';
import { isUuid } from '../../platform/kernel/ids.ts';
import {
  childLinksOfUser,
  childWithUpn,
  linkableChild,
  linkUserAsYoungPerson,
  linkUserToParentCarer,
  unlinkUserFromChild,
} from '../children/index.ts';
import {
  addStaffLink,
  establishmentForUrn,
  hostingsOf,
  removeStaffLink,
  type StaffRole,
  staffLinksOf,
} from '../providers/index.ts';

/**
 * A person's relationships, which decide which children they see: a SENCo or head teacher to
 * their schools, a cluster host to the cluster they host (kept on the cluster's page, with its
 * dates), a parent, carer or young person to children. Each change is audited before and after.
 */

export const staffRoleLabels: Record<StaffRole, string> = { senco: 'SENCo', headteacher: 'Head teacher' };
const roleNeeded: Record<StaffRole, { role: string; label: string }> = {
  senco: { role: 'senco', label: 'School SENCo' },
  headteacher: { role: 'head_teacher', label: 'Head teacher' },
};

export const schoolLinkSchema = z.object({
  urn: z
    .string({ error: "Enter the school's URN" })
    .trim()
    .min(1, "Enter the school's URN")
    .regex(/^[0-9]{6,7}$/, 'URN must be 6 or 7 digits, like 121234')
    .transform(Number),
  role: z.enum(['senco', 'headteacher'], { error: 'Choose whether they are the SENCo or the head teacher' }),
});

export const childFindSchema = z.object({
  upn: z
    .string({ error: "Enter the child's UPN" })
    .trim()
    .toUpperCase()
    .min(1, "Enter the child's UPN")
    .regex(
      /^[A-Z][0-9]{11}[0-9A-Z]$/,
      'UPN must be 13 characters: a letter, 11 digits, then a digit or letter',
    ),
});

export const childLinkSchema = z.object({
  childId: z.uuid('Choose the child again'),
  person: z
    .string({ error: 'Choose who this account is' })
    .refine((v) => v === 'self' || isUuid(v), 'Choose who this account is'),
});

const tenantOf = (a: AdminActor) => ({ laCode: a.principal.laCode, userId: a.principal.userId });

async function requireAccount(tx: Tx, actor: AdminActor, userId: string) {
  const a = await getAccount(tx, userId, actor.now);
  if (!a) throw notFound('There is no such user in your LA.');
  return a;
}

export async function relationshipsOf(tx: Tx, actor: AdminActor, userId: string) {
  const [schools, hostings, children] = await Promise.all([
    staffLinksOf(tx, userId),
    hostingsOf(tx, userId),
    childLinksOfUser(tx, actor.principal.laCode, userId),
  ]);
  if (children.length)
    await auditListing(tx, actor, {
      action: 'users.children.viewed',
      entityType: 'user',
      childIds: children.map((c) => c.childId),
      detail: { userId },
    });
  return { schools, hostings, children };
}

export async function linkSchool(
  database: Database,
  actor: AdminActor,
  userId: string,
  input: z.output<typeof schoolLinkSchema>,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const a = await requireAccount(tx, actor, userId);
    const need = roleNeeded[input.role];
    if (!a.roles.includes(need.role))
      throw unprocessable([
        { field: 'role', message: `Give ${a.name} the ${need.label} role first, then link them` },
      ]);
    const school = await establishmentForUrn(tx, input.urn);
    if (!school)
      throw unprocessable([{ field: 'urn', message: `There is no school with URN ${input.urn} in your LA` }]);
    const before = (await staffLinksOf(tx, userId)).map((s) => `${s.urn}:${s.role}`);
    const added = await addStaffLink(tx, {
      laCode: actor.principal.laCode,
      userId,
      establishmentId: school.id,
      role: input.role,
    });
    if (added)
      await auditAs(tx, actor, [
        {
          action: 'user.school.linked',
          entityType: 'user',
          entityId: userId,
          childId: null,
          detail: { before, after: [...before, `${school.urn}:${input.role}`], school: school.name },
        },
      ]);
    return { school, added };
  });
}

export async function unlinkSchool(
  database: Database,
  actor: AdminActor,
  userId: string,
  establishmentId: string,
  role: StaffRole,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    await requireAccount(tx, actor, userId);
    const links = await staffLinksOf(tx, userId);
    const link = links.find((l) => l.establishmentId === establishmentId && l.role === role);
    if (!link || !(await removeStaffLink(tx, { userId, establishmentId, role })))
      throw notFound('This person is not linked to that school.');
    const before = links.map((s) => `${s.urn}:${s.role}`);
    await auditAs(tx, actor, [
      {
        action: 'user.school.unlinked',
        entityType: 'user',
        entityId: userId,
        childId: null,
        detail: { before, after: before.filter((s) => s !== `${link.urn}:${role}`), school: link.name },
      },
    ]);
    return link;
  });
}

/** The child with this UPN and the people recorded for them, for choosing whom the account speaks for. */
export async function findChildToLink(
  database: Database,
  actor: AdminActor,
  userId: string,
  input: z.output<typeof childFindSchema>,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const account = await requireAccount(tx, actor, userId);
    const childId = await childWithUpn(tx, actor.principal.laCode, input.upn);
    const child = childId ? await linkableChild(tx, actor.principal.laCode, childId) : undefined;
    if (!child)
      throw unprocessable([{ field: 'upn', message: `There is no child with UPN ${input.upn} in your LA` }]);
    await auditAs(tx, actor, [
      {
        action: 'users.children.viewed',
        entityType: 'user',
        entityId: userId,
        childId: child.id,
        detail: { upn: input.upn },
      },
    ]);
    return { account, child };
  });
}

export async function linkChild(
  database: Database,
  actor: AdminActor,
  userId: string,
  input: z.output<typeof childLinkSchema>,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const a = await requireAccount(tx, actor, userId);
    const laCode = actor.principal.laCode;
    const child = await linkableChild(tx, laCode, input.childId);
    if (!child)
      throw unprocessable([{ field: 'upn', message: 'That child is no longer in your LA: find them again' }]);
    const need = input.person === 'self' ? 'young_person' : 'parent_carer';
    if (!a.roles.includes(need))
      throw unprocessable([
        {
          field: 'person',
          message: `Give ${a.name} the ${need === 'young_person' ? 'Young person' : 'Parent or carer'} role first, then link them`,
        },
      ]);
    const before = (await childLinksOfUser(tx, laCode, userId)).map((l) => l.childId);
    if (before.includes(child.id))
      throw unprocessable([
        { field: 'person', message: `${a.name} is already linked to ${child.forename} ${child.surname}` },
      ]);
    let personId: string;
    if (input.person === 'self')
      personId = await linkUserAsYoungPerson(tx, laCode, { userId, childId: child.id });
    else {
      personId = input.person;
      if (!(await linkUserToParentCarer(tx, laCode, { userId, childId: child.id, personId })))
        throw unprocessable([
          {
            field: 'person',
            message: 'That parent or carer already has an account linked, or is not recorded for this child',
          },
        ]);
    }
    const after = (await childLinksOfUser(tx, laCode, userId)).map((l) => l.childId);
    await auditAs(tx, actor, [
      {
        action: 'user.child.linked',
        entityType: 'user',
        entityId: userId,
        childId: child.id,
        detail: { before, after, personId, asYoungPerson: input.person === 'self' },
      },
    ]);
    return { child, after };
  });
}

export async function unlinkChild(database: Database, actor: AdminActor, userId: string, childId: string) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    await requireAccount(tx, actor, userId);
    const laCode = actor.principal.laCode;
    const before = (await childLinksOfUser(tx, laCode, userId)).map((l) => l.childId);
    if (!before.includes(childId) || !(await unlinkUserFromChild(tx, laCode, { userId, childId })))
      throw notFound('This person is not linked to that child.');
    const after = (await childLinksOfUser(tx, laCode, userId)).map((l) => l.childId);
    await auditAs(tx, actor, [
      {
        action: 'user.child.unlinked',
        entityType: 'user',
        entityId: userId,
        childId,
        detail: { before, after },
      },
    ]);
    return { after };
  });
}
