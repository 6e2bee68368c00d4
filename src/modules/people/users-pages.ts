import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  type AccountRow,
  type AccountStatus,
  accountStatusLabels,
  changeRoles,
  deactivateUser,
  getAccount,
  inviteSchema,
  inviteUser,
  listAccounts,
  reactivateUser,
  resendInvitation,
  rolesChangeSchema,
} from '../../platform/auth/accounts.ts';
import { isRole, roleHints, roleLabels, roles } from '../../platform/auth/roles.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import { downloadLinks, requestedFormat, sendExport } from '../../platform/exports/index.ts';
import type { ExportTable } from '../../platform/exports/table.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import { errorFor, errorSummary, parse } from '../../platform/http/validation.ts';
import { isoDateInLondon } from '../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../platform/module.ts';
import { adminActor, siteAddress, userIdParam } from './context.ts';
import { relationshipsOf, staffRoleLabels } from './relationships.ts';

const pageSize = 50;
const listQuery = z.object({
  q: z.string().trim().max(200, 'Search must be 200 characters or fewer').optional(),
  role: z
    .string()
    .refine((r) => r === '' || isRole(r), `role must be one of: ${roles.join(', ')}`)
    .optional(),
  status: z
    .enum(['', 'active', 'invited', 'deactivated'], {
      error: 'status must be active, invited or deactivated',
    })
    .optional(),
  page: z.coerce.number().int().min(1, 'page must be 1 or more').max(100_000).default(1),
});

const roleNames = (rs: readonly string[]) => rs.map((r) => (isRole(r) ? roleLabels[r] : r)).join(', ');

const usersTable: ExportTable<AccountRow & { status: AccountStatus }> = {
  fileStem: 'users',
  sheetTitle: 'Users',
  columns: [
    { heading: 'Name', kind: 'text', value: (r) => r.name },
    { heading: 'Email', kind: 'text', value: (r) => r.email },
    { heading: 'Roles', kind: 'text', value: (r) => roleNames(r.roles), width: 40 },
    { heading: 'Status', kind: 'text', value: (r) => accountStatusLabels[r.status] },
    { heading: 'Last signed in', kind: 'dateTime', value: (r) => r.lastSignedInAt },
    { heading: 'Invited', kind: 'dateTime', value: (r) => r.invitedAt },
    { heading: 'Deactivated', kind: 'dateTime', value: (r) => r.deactivatedAt },
  ],
};

export const roleItems = (chosen: readonly string[]) =>
  roles.map((r) => ({
    value: r,
    text: roleLabels[r],
    hint: { text: roleHints[r] },
    checked: chosen.includes(r),
  }));

function bodyRoles(body: Record<string, unknown>): string[] {
  const r = body.roles;
  return Array.isArray(r) ? r.map(String) : typeof r === 'string' ? [r] : [];
}

/** The list of people, inviting someone, and one person's account: roles, status, relationships. */
export async function usersPages(app: FastifyInstance, deps: ModuleDeps) {
  const { database, clock, config } = deps;

  app.get('/admin/users', { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = adminActor(request, clock);
    const parsed = listQuery.safeParse(request.query ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new HttpProblem(400, 'Invalid request', i?.message ?? 'Invalid query', [
        { field: String(i?.path[0] ?? 'query'), message: i?.message ?? 'Invalid query' },
      ]);
    }
    const q = parsed.data;
    const filters = { q: q.q || undefined, role: q.role || undefined, status: q.status || undefined };
    const tenant = { laCode: actor.principal.laCode, userId: actor.principal.userId };
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        table: usersTable,
        today: isoDateInLondon(actor.now),
        audit: { database, actor, action: 'users.exported', entityType: 'users', filters },
        pages: async (offset: number | undefined) => {
          const start = offset ?? 0;
          const { rows } = await inTenant(database.db, tenant, (tx) =>
            listAccounts(tx, { ...filters, limit: 500, offset: start }),
          );
          return { rows, next: rows.length === 500 ? start + 500 : undefined };
        },
      });
    const list = await inTenant(database.db, tenant, (tx) =>
      listAccounts(tx, { ...filters, limit: pageSize, offset: (q.page - 1) * pageSize }),
    );
    const invited = await inTenant(database.db, tenant, (tx) =>
      listAccounts(tx, { status: 'invited', limit: 1, offset: 0 }),
    );
    return reply.page('people/users.njk', {
      pageTitle: 'Users',
      rows: list.rows.map((r) => ({
        ...r,
        roleNames: roleNames(r.roles),
        statusLabel: accountStatusLabels[r.status],
      })),
      total: list.total,
      invitedCount: invited.total,
      filters: { q: q.q ?? '', role: q.role ?? '', status: q.status ?? '' },
      roleOptions: roles.map((r) => ({ value: r, text: roleLabels[r], selected: q.role === r })),
      page: q.page,
      pages: Math.max(1, Math.ceil(list.total / pageSize)),
      downloads: downloadLinks(request.url),
    });
  });

  const inviteForm = (
    reply: FastifyReply,
    status: number,
    values: Record<string, unknown>,
    errors: { field: string; message: string }[],
  ) =>
    reply.code(status).page('people/invite.njk', {
      pageTitle: 'Invite a user',
      values,
      roleItems: roleItems((values.roles as string[]) ?? []),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });

  app.get('/admin/users/invite', { config: { access: 'users:manage' } }, async (_request, reply) =>
    inviteForm(reply, 200, { roles: [] }, []),
  );

  app.post('/admin/users/invite', { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = adminActor(request, clock);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = {
      name: String(body.name ?? '').slice(0, 200),
      email: String(body.email ?? '').slice(0, 254),
      roles: bodyRoles(body).slice(0, roles.length),
    };
    const parsed = parse(inviteSchema, values);
    if (!parsed.ok) return inviteForm(reply, 400, values, parsed.errors);
    try {
      const invited = await inviteUser(database, actor, parsed.data, siteAddress(request, config));
      return reply.page('people/invited.njk', {
        pageTitle: 'Invitation sent',
        name: parsed.data.name,
        email: parsed.data.email,
        userId: invited.id,
        expiresAt: invited.expiresAt,
        mailConfigured: !!config.mail.smtpUrl,
        link: config.mail.smtpUrl ? null : invited.link,
      });
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 422) return inviteForm(reply, 400, values, err.errors);
      throw err;
    }
  });

  app.get('/admin/users/:id', { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = adminActor(request, clock);
    const id = userIdParam(request);
    const view = await inTenant(
      database.db,
      { laCode: actor.principal.laCode, userId: actor.principal.userId },
      async (tx) => {
        const account = await getAccount(tx, id, actor.now);
        return account ? { account, relationships: await relationshipsOf(tx, actor, id) } : undefined;
      },
    );
    if (!view) throw new HttpProblem(404, 'Not found', 'There is no such user in your LA.');
    const flash = (request.query as { done?: string }).done;
    return reply.page('people/user.njk', {
      pageTitle: view.account.name,
      account: view.account,
      roleNames: roleNames(view.account.roles),
      statusLabel: accountStatusLabels[view.account.status],
      relationships: view.relationships,
      staffRoleLabels,
      isSelf: id === actor.principal.userId,
      now: actor.now,
      flash: flash && Object.hasOwn(flashes, flash) ? flashes[flash as keyof typeof flashes] : undefined,
    });
  });

  const rolesForm = (
    reply: FastifyReply,
    status: number,
    account: { id: string; name: string; version: number },
    chosen: string[],
    errors: { field: string; message: string }[],
  ) =>
    reply.code(status).page('people/roles.njk', {
      pageTitle: `Change ${account.name}'s roles`,
      account,
      roleItems: roleItems(chosen),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });

  app.get('/admin/users/:id/roles', { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = adminActor(request, clock);
    const id = userIdParam(request);
    const account = await inTenant(
      database.db,
      { laCode: actor.principal.laCode, userId: actor.principal.userId },
      (tx) => getAccount(tx, id, actor.now),
    );
    if (!account) throw new HttpProblem(404, 'Not found', 'There is no such user in your LA.');
    return rolesForm(reply, 200, account, account.roles, []);
  });

  app.post('/admin/users/:id/roles', { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = adminActor(request, clock);
    const id = userIdParam(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const chosen = bodyRoles(body).slice(0, roles.length);
    const account = await inTenant(
      database.db,
      { laCode: actor.principal.laCode, userId: actor.principal.userId },
      (tx) => getAccount(tx, id, actor.now),
    );
    if (!account) throw new HttpProblem(404, 'Not found', 'There is no such user in your LA.');
    const parsed = parse(rolesChangeSchema, { roles: chosen, version: body.version });
    if (!parsed.ok) return rolesForm(reply, 400, account, chosen, parsed.errors);
    try {
      await changeRoles(database, actor, id, parsed.data);
    } catch (err) {
      if (err instanceof HttpProblem && (err.status === 422 || err.status === 409))
        return rolesForm(
          reply,
          err.status === 409 ? 409 : 400,
          account,
          chosen,
          err.errors.length
            ? err.errors.map((e) => ({ ...e, field: 'roles' }))
            : [{ field: 'roles', message: err.message }],
        );
      throw err;
    }
    return reply.redirect(`/admin/users/${id}?done=roles`, 303);
  });

  for (const action of ['deactivate', 'reactivate'] as const) {
    app.get(`/admin/users/:id/${action}`, { config: { access: 'users:manage' } }, async (request, reply) => {
      const actor = adminActor(request, clock);
      const id = userIdParam(request);
      const account = await inTenant(
        database.db,
        { laCode: actor.principal.laCode, userId: actor.principal.userId },
        (tx) => getAccount(tx, id, actor.now),
      );
      if (!account) throw new HttpProblem(404, 'Not found', 'There is no such user in your LA.');
      return reply.page('people/confirm.njk', {
        pageTitle: `${action === 'deactivate' ? 'Deactivate' : 'Reactivate'} ${account.name}`,
        action,
        account,
        errors: [],
      });
    });

    app.post(`/admin/users/:id/${action}`, { config: { access: 'users:manage' } }, async (request, reply) => {
      const actor = adminActor(request, clock);
      const id = userIdParam(request);
      const version = Number((request.body as { version?: unknown } | undefined)?.version);
      const run = action === 'deactivate' ? deactivateUser : reactivateUser;
      try {
        await run(database, actor, id, Number.isInteger(version) && version > 0 ? version : undefined);
      } catch (err) {
        if (!(err instanceof HttpProblem) || (err.status !== 422 && err.status !== 409)) throw err;
        const account = await inTenant(
          database.db,
          { laCode: actor.principal.laCode, userId: actor.principal.userId },
          (tx) => getAccount(tx, id, actor.now),
        );
        const errors = err.errors.length
          ? err.errors.map((e) => ({ ...e, field: 'confirm' }))
          : [{ field: 'confirm', message: err.message }];
        return reply.code(err.status === 409 ? 409 : 400).page('people/confirm.njk', {
          pageTitle: `${action === 'deactivate' ? 'Deactivate' : 'Reactivate'} ${account?.name ?? 'user'}`,
          action,
          account,
          errors: errorSummary(errors),
        });
      }
      return reply.redirect(`/admin/users/${id}?done=${action}d`, 303);
    });
  }

  app.post('/admin/users/:id/invitation', { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = adminActor(request, clock);
    const id = userIdParam(request);
    const sent = await resendInvitation(database, actor, id, siteAddress(request, config));
    if (config.mail.smtpUrl) return reply.redirect(`/admin/users/${id}?done=invited`, 303);
    const account = await inTenant(
      database.db,
      { laCode: actor.principal.laCode, userId: actor.principal.userId },
      (tx) => getAccount(tx, id, actor.now),
    );
    return reply.page('people/invited.njk', {
      pageTitle: 'Invitation sent',
      name: account?.name,
      email: account?.email,
      userId: id,
      expiresAt: sent.expiresAt,
      mailConfigured: false,
      link: sent.link,
    });
  });
}

const flashes: Record<string, string> = {
  roles: 'Their roles have been changed. They have the new roles from their next page.',
  deactivated: 'The account has been deactivated. They have been signed out and their API tokens revoked.',
  reactivated: 'The account has been reactivated. They can sign in again; revoked API tokens stay revoked.',
  invited: 'A new invitation has been sent. The earlier link no longer works.',
  'school-linked': 'They have been linked to the school.',
  'school-unlinked': 'They have been taken off the school.',
  'child-linked': 'They have been linked to the child.',
  'child-unlinked': 'They have been taken off the child.',
};
