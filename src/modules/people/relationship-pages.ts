import type { FastifyInstance, FastifyReply } from 'fastify';
import { getAccount } from '../../platform/auth/accounts.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import { HttpProblem, notFound } from '../../platform/http/problem.ts';
import { errorFor, errorSummary, parse } from '../../platform/http/validation.ts';
import { isUuid } from '../../platform/kernel/ids.ts';
import type { ModuleDeps } from '../../platform/module.ts';
import { adminActor, userIdParam } from './context.ts';
import {
  childFindSchema,
  childLinkSchema,
  findChildToLink,
  linkChild,
  linkSchool,
  schoolLinkSchema,
  unlinkChild,
  unlinkSchool,
} from './relationships.ts';

type Errors = { field: string; message: string }[];

/** Linking a person to their schools and to children, from their account's page. */
export async function relationshipPages(app: FastifyInstance, deps: ModuleDeps) {
  const { database, clock } = deps;

  async function accountOr404(request: Parameters<typeof adminActor>[0]) {
    const actor = adminActor(request, clock);
    const id = userIdParam(request);
    const account = await inTenant(
      database.db,
      { laCode: actor.principal.laCode, userId: actor.principal.userId },
      (tx) => getAccount(tx, id, actor.now),
    );
    if (!account) throw notFound('There is no such user in your LA.');
    return { actor, id, account };
  }

  const schoolForm = (reply: FastifyReply, status: number, account: object, values: object, errors: Errors) =>
    reply.code(status).page('people/link-school.njk', {
      pageTitle: 'Link to a school',
      account,
      values,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });

  app.get('/admin/users/:id/schools/new', { config: { access: 'users:manage' } }, async (request, reply) => {
    const { account } = await accountOr404(request);
    const role =
      account.roles.includes('head_teacher') && !account.roles.includes('senco') ? 'headteacher' : 'senco';
    return schoolForm(reply, 200, account, { role }, []);
  });

  app.post('/admin/users/:id/schools', { config: { access: 'users:manage' } }, async (request, reply) => {
    const { actor, id, account } = await accountOr404(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { urn: String(body.urn ?? '').slice(0, 20), role: String(body.role ?? '').slice(0, 20) };
    const parsed = parse(schoolLinkSchema, values);
    if (!parsed.ok) return schoolForm(reply, 400, account, values, parsed.errors);
    try {
      await linkSchool(database, actor, id, parsed.data);
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 422)
        return schoolForm(reply, 400, account, values, err.errors);
      throw err;
    }
    return reply.redirect(`/admin/users/${id}?done=school-linked`, 303);
  });

  app.post(
    '/admin/users/:id/schools/:establishmentId/:role/remove',
    { config: { access: 'users:manage' } },
    async (request, reply) => {
      const actor = adminActor(request, clock);
      const id = userIdParam(request);
      const { establishmentId, role } = request.params as { establishmentId: string; role: string };
      if (!isUuid(establishmentId) || (role !== 'senco' && role !== 'headteacher'))
        throw notFound('This person is not linked to that school.');
      await unlinkSchool(database, actor, id, establishmentId, role);
      return reply.redirect(`/admin/users/${id}?done=school-unlinked`, 303);
    },
  );

  const childForm = (reply: FastifyReply, status: number, data: Record<string, unknown>, errors: Errors) =>
    reply.code(status).page('people/link-child.njk', {
      pageTitle: 'Link to a child',
      ...data,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });

  app.get('/admin/users/:id/children/new', { config: { access: 'users:manage' } }, async (request, reply) => {
    const { actor, id, account } = await accountOr404(request);
    const upn = (request.query as { upn?: unknown }).upn;
    if (upn === undefined) return childForm(reply, 200, { account, values: {} }, []);
    const values = { upn: String(upn).slice(0, 20) };
    const parsed = parse(childFindSchema, values);
    if (!parsed.ok) return childForm(reply, 400, { account, values }, parsed.errors);
    try {
      const found = await findChildToLink(database, actor, id, parsed.data);
      return childForm(reply, 200, { account, values, child: found.child }, []);
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 422)
        return childForm(reply, 400, { account, values }, err.errors);
      throw err;
    }
  });

  app.post('/admin/users/:id/children', { config: { access: 'users:manage' } }, async (request, reply) => {
    const { actor, id, account } = await accountOr404(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = {
      childId: String(body.childId ?? '').slice(0, 40),
      person: String(body.person ?? '').slice(0, 40),
      upn: String(body.upn ?? '').slice(0, 20),
    };
    const parsed = parse(childLinkSchema, values);
    const again = async (errors: Errors) => {
      const upn = parse(childFindSchema, { upn: values.upn });
      const child = upn.ok
        ? await findChildToLink(database, actor, id, upn.data).then(
            (f) => f.child,
            () => undefined,
          )
        : undefined;
      return childForm(reply, 400, { account, values, child }, errors);
    };
    if (!parsed.ok) return again(parsed.errors);
    try {
      await linkChild(database, actor, id, parsed.data);
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 422) return again(err.errors);
      throw err;
    }
    return reply.redirect(`/admin/users/${id}?done=child-linked`, 303);
  });

  app.post(
    '/admin/users/:id/children/:childId/remove',
    { config: { access: 'users:manage' } },
    async (request, reply) => {
      const actor = adminActor(request, clock);
      const id = userIdParam(request);
      const { childId } = request.params as { childId: string };
      if (!isUuid(childId)) throw notFound('This person is not linked to that child.');
      await unlinkChild(database, actor, id, childId);
      return reply.redirect(`/admin/users/${id}?done=child-unlinked`, 303);
    },
  );
}
