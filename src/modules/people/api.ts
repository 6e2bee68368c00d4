import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type AccountView,
  changeRoles,
  deactivateUser,
  getAccount,
  inviteSchema,
  inviteUser,
  listAccounts,
  reactivateUser,
} from '../../platform/auth/accounts.ts';
import { isRole, roles } from '../../platform/auth/roles.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import { notFound, unprocessable } from '../../platform/http/problem.ts';
import { problemResponse } from '../../platform/http/validation.ts';
import { limitField, offsetField } from '../../platform/kernel/fields.ts';
import type { ModuleDeps } from '../../platform/module.ts';
import { adminActor, siteAddress } from './context.ts';
import {
  childLinkSchema,
  linkChild,
  linkSchool,
  relationshipsOf,
  schoolLinkSchema,
  unlinkChild,
  unlinkSchool,
} from './relationships.ts';

const user = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  status: z.enum(['active', 'invited', 'deactivated']),
  lastSignedInAt: z.date().nullable(),
  invitedAt: z.date().nullable(),
  deactivatedAt: z.date().nullable(),
  createdAt: z.date(),
});

const userDetail = user.extend({
  activeApiTokens: z.number(),
  relationships: z.object({
    schools: z.array(
      z.object({
        establishmentId: z.string(),
        urn: z.number().nullable(),
        name: z.string(),
        role: z.string(),
      }),
    ),
    clustersHosted: z.array(
      z.object({
        clusterId: z.string(),
        clusterName: z.string(),
        nominatedOn: z.string(),
        endsOn: z.string().nullable(),
      }),
    ),
    children: z.array(
      z.object({ childId: z.string(), forename: z.string(), surname: z.string(), relationship: z.string() }),
    ),
  }),
});

const toUser = (a: Omit<AccountView, 'activeTokens' | 'invitation'>): z.input<typeof user> => ({
  id: a.id,
  version: a.version,
  name: a.name,
  email: a.email,
  roles: a.roles,
  status: a.status,
  lastSignedInAt: a.lastSignedInAt,
  invitedAt: a.invitedAt,
  deactivatedAt: a.deactivatedAt,
  createdAt: a.createdAt,
});

const idParams = z.object({ id: z.uuid('id must be a user ID (a UUID)') });
const patchSchema = z
  .object({
    version: z.number({ error: 'version must be the account version you read (a number)' }).int().min(1),
    roles: z
      .array(z.string().refine(isRole, `Each role must be one of: ${roles.join(', ')}`))
      .min(1, 'Give at least one role')
      .max(roles.length)
      .optional(),
    active: z.boolean({ error: 'active must be true or false' }).optional(),
  })
  .strict()
  .refine((p) => p.roles !== undefined || p.active !== undefined, {
    message: 'Send roles, active or both',
    path: ['roles'],
  });

/** People administration under /api/v1/users, for an LA that provisions accounts from its own systems. */
export async function usersApi(app: FastifyInstance, deps: ModuleDeps) {
  const { database, clock, config } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'users:manage' } as const;
  const tags = ['Users'];

  async function detail(actor: ReturnType<typeof adminActor>, id: string) {
    return inTenant(
      database.db,
      { laCode: actor.principal.laCode, userId: actor.principal.userId },
      async (tx) => {
        const a = await getAccount(tx, id, actor.now);
        if (!a) throw notFound('There is no such user in your LA.');
        const r = await relationshipsOf(tx, actor, id);
        return {
          ...toUser(a),
          activeApiTokens: a.activeTokens,
          relationships: {
            schools: r.schools,
            clustersHosted: r.hostings,
            children: r.children.map((c) => ({
              childId: c.childId,
              forename: c.forename,
              surname: c.surname,
              relationship: c.relationship,
            })),
          },
        };
      },
    );
  }

  api.get(
    '/api/v1/users',
    {
      config: access,
      schema: {
        summary: "Your LA's users, with roles, status and last sign-in",
        tags,
        querystring: z.object({
          q: z.string().trim().max(200, 'q must be 200 characters or fewer').optional(),
          role: z
            .string()
            .refine(isRole, `role must be one of: ${roles.join(', ')}`)
            .optional(),
          status: z
            .enum(['active', 'invited', 'deactivated'], {
              error: 'status must be active, invited or deactivated',
            })
            .optional(),
          limit: limitField(200, 50),
          offset: offsetField(100_000),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(user) }), 400: problemResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request, clock);
      const q = request.query;
      const r = await inTenant(
        database.db,
        { laCode: actor.principal.laCode, userId: actor.principal.userId },
        (tx) =>
          listAccounts(tx, { q: q.q, role: q.role, status: q.status, limit: q.limit, offset: q.offset }),
      );
      return { total: r.total, items: r.rows.map(toUser) };
    },
  );

  api.post(
    '/api/v1/users',
    {
      config: access,
      schema: {
        summary: 'Invite a user: the account is made and a one-time link (72 hours) is emailed to them',
        tags,
        body: inviteSchema,
        response: { 201: userDetail, 400: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request, clock);
      const invited = await inviteUser(database, actor, request.body, siteAddress(request, config));
      return reply.code(201).send(await detail(actor, invited.id));
    },
  );

  api.get(
    '/api/v1/users/:id',
    {
      config: access,
      schema: {
        summary: 'One user: roles, status, API tokens and relationships',
        tags,
        params: idParams,
        response: { 200: userDetail, 404: problemResponse },
      },
    },
    async (request) => detail(adminActor(request, clock), request.params.id),
  );

  api.patch(
    '/api/v1/users/:id',
    {
      config: access,
      schema: {
        summary: "Change a user's roles, or deactivate (active: false) or reactivate them",
        tags,
        params: idParams,
        body: patchSchema,
        response: {
          200: userDetail,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const actor = adminActor(request, clock);
      const { id } = request.params;
      const b = request.body;
      let version = b.version;
      if (b.roles) {
        const r = await changeRoles(database, actor, id, {
          roles: b.roles as (typeof roles)[number][],
          version,
        });
        if (r.changed) version += 1;
      }
      if (b.active === false) await deactivateUser(database, actor, id, version);
      if (b.active === true) await reactivateUser(database, actor, id, version);
      return detail(actor, id);
    },
  );

  api.post(
    '/api/v1/users/:id/schools',
    {
      config: access,
      schema: {
        summary: 'Link a SENCo or head teacher to a school by URN',
        tags,
        params: idParams,
        body: z.object({ urn: z.union([z.string(), z.number()]).transform(String), role: z.string() }),
        response: { 200: userDetail, 400: problemResponse, 404: problemResponse, 422: problemResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request, clock);
      const parsed = schoolLinkSchema.safeParse(request.body);
      if (!parsed.success)
        throw unprocessable(
          parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'body'), message: i.message })),
        );
      await linkSchool(database, actor, request.params.id, parsed.data);
      return detail(actor, request.params.id);
    },
  );

  api.delete(
    '/api/v1/users/:id/schools/:establishmentId/:role',
    {
      config: access,
      schema: {
        summary: 'Take a SENCo or head teacher off a school',
        tags,
        params: z.object({
          id: z.uuid('id must be a user ID (a UUID)'),
          establishmentId: z.uuid('establishmentId must be a school ID (a UUID)'),
          role: z.enum(['senco', 'headteacher'], { error: 'role must be senco or headteacher' }),
        }),
        response: { 200: userDetail, 400: problemResponse, 404: problemResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request, clock);
      const p = request.params;
      await unlinkSchool(database, actor, p.id, p.establishmentId, p.role);
      return detail(actor, p.id);
    },
  );

  api.post(
    '/api/v1/users/:id/children',
    {
      config: access,
      schema: {
        summary:
          "Link a parent or carer (person: the parent or carer's ID) or a young person (person: self) to a child",
        tags,
        params: idParams,
        body: childLinkSchema,
        response: { 200: userDetail, 400: problemResponse, 404: problemResponse, 422: problemResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request, clock);
      await linkChild(database, actor, request.params.id, request.body);
      return detail(actor, request.params.id);
    },
  );

  api.delete(
    '/api/v1/users/:id/children/:childId',
    {
      config: access,
      schema: {
        summary: 'Take a parent, carer or young person off a child',
        tags,
        params: z.object({
          id: z.uuid('id must be a user ID (a UUID)'),
          childId: z.uuid('childId must be a child ID (a UUID)'),
        }),
        response: { 200: userDetail, 400: problemResponse, 404: problemResponse },
      },
    },
    async (request) => {
      const actor = adminActor(request, clock);
      await unlinkChild(database, actor, request.params.id, request.params.childId);
      return detail(actor, request.params.id);
    },
  );
}
