import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { exportFormatField } from '../../platform/exports/index.ts';
import { HttpProblem, notFound } from '../../platform/http/problem.ts';
import { problemResponse } from '../../platform/http/validation.ts';
import { isoDateField, limitField, offsetField } from '../../platform/kernel/fields.ts';
import { type Decisions, decisionsOf, recordCapacity } from './capacity.ts';
import type { ChildrenContext } from './context.ts';
import { staleFieldProblems } from './domain/changes.ts';
import { childFieldLabels, childPatchSchema, newChildSchema, upn } from './domain/child-input.ts';
import { isoDateInLondon } from './domain/dates.ts';
import { capacitySchema } from './domain/decisions.ts';
import { foldName } from './domain/names.ts';
import type { FieldProblem } from './domain/problems.ts';
import { sendChildrenExport } from './export.ts';
import {
  type ChildChange,
  type ChildRecord,
  createChild,
  editChild,
  getChild,
  searchChildren,
} from './service.ts';

/** The children API under /api/v1: search, read, create and change, described in the OpenAPI document. */

export function childrenContext(request: FastifyRequest, database: Database, clock: Clock): ChildrenContext {
  const principal = request.principal;
  if (!principal) throw notFound();
  return { database, principal, today: isoDateInLondon(clock()), ip: request.ip, requestId: request.id };
}

export const invalidRequest = (errors: FieldProblem[]) =>
  new HttpProblem(400, 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

const searchQuery = z.object({
  q: z.string().trim().max(100, 'q must be 100 characters or fewer').optional(),
  upn,
  dateOfBirth: isoDateField('Enter a date of birth', 'Date of birth').optional(),
  limit: limitField(100, 20),
  offset: offsetField(10_000, 'offset must be 10000 or fewer; narrow the search instead'),
  format: exportFormatField,
});

const ncYear = z.object({ ncYear: z.number().nullable(), label: z.string() });
const senNeed = z.object({ rank: z.number(), senType: z.string(), label: z.string() });

const childListItem = z.object({
  id: z.string(),
  forename: z.string(),
  surname: z.string(),
  dateOfBirth: z.string(),
  ncYear,
  upn: z.string().nullable(),
  setting: z.object({ id: z.string(), name: z.string() }).nullable(),
  primaryNeed: senNeed.nullable(),
});

const parentCarer = z.object({
  id: z.string(),
  version: z.number(),
  forename: z.string(),
  surname: z.string(),
  relationship: z.string(),
  parentalResponsibility: z.boolean(),
  livesWith: z.boolean(),
  mainContact: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  preferredContact: z.string(),
  preferredLanguage: z.string(),
  needsInterpreter: z.boolean(),
  communicationNeeds: z.string().nullable(),
});

const child = z.object({
  id: z.string(),
  version: z.number(),
  upn: z.string().nullable(),
  upnUnknownReason: z.string().nullable(),
  uln: z.string().nullable(),
  forename: z.string(),
  surname: z.string(),
  dateOfBirth: z.string(),
  ncYear,
  sex: z.string(),
  ethnicity: z.string().nullable(),
  homePostcode: z.string().nullable(),
  senProvision: z.string(),
  senNeeds: z.array(senNeed),
  setting: z
    .object({
      id: z.string(),
      urn: z.number().nullable(),
      name: z.string(),
      phase: z.string().nullable(),
      typeName: z.string().nullable(),
    })
    .nullable(),
  parentCarers: z.array(parentCarer),
  updatedAt: z.date(),
});

function childJson(r: ChildRecord): z.input<typeof child> {
  const { senNeeds: _codes, establishmentId: _e, ...details } = r.details;
  return {
    id: r.id,
    version: r.version,
    ...details,
    ncYear: r.ncYear,
    senProvision: r.senProvision,
    senNeeds: r.senNeeds,
    setting: r.setting
      ? {
          id: r.setting.id,
          urn: r.setting.urn,
          name: r.setting.name,
          phase: r.setting.phase,
          typeName: r.setting.typeName,
        }
      : null,
    parentCarers: r.parentCarers.map(({ userId: _u, ...p }) => p),
    updatedAt: r.updatedAt,
  };
}

const idParams = z.object({ id: z.uuid('id must be a child ID (a UUID)') });

function unwrap(result: ChildChange, loadedVersion?: number): ChildRecord {
  if (result.ok) return result.child;
  if (result.kind !== 'stale')
    throw result.kind === 'invalid'
      ? invalidRequest(result.errors)
      : new HttpProblem(409, 'Conflict', result.errors[0]?.message, result.errors);
  throw new HttpProblem(
    409,
    'Conflict',
    `${result.message}. The record is now at version ${result.child.version}.`,
    staleFieldProblems(result.changedFields, childFieldLabels, loadedVersion ?? 0),
  );
}

function nextLink(q: Record<string, unknown>, offset: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== '' && k !== 'offset') params.set(k, String(v));
  params.set('offset', String(offset));
  return `/api/v1/children?${params}`;
}

export async function childrenApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => childrenContext(request, deps.database, deps.clock);

  api.get(
    '/api/v1/children',
    {
      config: { access: 'children:read' },
      schema: {
        summary:
          'Search the children you may see, by name (typo- and accent-tolerant), UPN or date of birth; with format=csv or format=xlsx, download every child the search matches',
        tags: ['Children'],
        querystring: searchQuery,
        response: {
          200: z.object({
            items: z.array(childListItem),
            total: z.number(),
            limit: z.number(),
            offset: z.number(),
            next: z.string().nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const criteria = {
        name: q.q ? foldName(q.q) || undefined : undefined,
        upn: q.upn ?? undefined,
        dateOfBirth: q.dateOfBirth,
      };
      if (q.format) return sendChildrenExport(reply, ctx(request), criteria, q.format);
      const page = await searchChildren(ctx(request), { ...criteria, limit: q.limit, offset: q.offset });
      const more = page.offset + page.items.length < page.total;
      return { ...page, next: more ? nextLink(q, page.offset + page.limit) : null };
    },
  );

  api.get(
    '/api/v1/children/:id',
    {
      config: { access: 'children:read' },
      schema: {
        summary: "One child's record: details, ranked SEN needs, setting, parents and carers",
        tags: ['Children'],
        params: idParams,
        response: { 200: child, 404: problemResponse },
      },
    },
    async (request) => childJson(await getChild(ctx(request), request.params.id)),
  );

  api.post(
    '/api/v1/children',
    {
      config: { access: 'children:write' },
      schema: {
        summary: 'Add a child',
        tags: ['Children'],
        body: newChildSchema,
        response: { 201: child, 400: problemResponse, 409: problemResponse },
      },
    },
    async (request, reply) => {
      const record = unwrap(await createChild(ctx(request), request.body));
      reply.code(201).header('Location', `/api/v1/children/${record.id}`);
      return childJson(record);
    },
  );

  api.patch(
    '/api/v1/children/:id',
    {
      config: { access: 'children:write' },
      schema: {
        summary:
          "Change a child's details. Send the version you read; if someone has changed the record since, the answer is 409 naming what they changed",
        tags: ['Children'],
        params: idParams,
        body: childPatchSchema,
        response: { 200: child, 400: problemResponse, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) =>
      childJson(unwrap(await editChild(ctx(request), request.params.id, request.body), request.body.version)),
  );

  const capacityJson = z.object({
    childId: z.string(),
    compulsorySchoolAgeEnds: z.string(),
    passesToYoungPersonOn: z.string(),
    decisionMakerToday: z.enum(['parent', 'young-person', 'representative']),
    capacity: z
      .object({
        lacksCapacity: z.boolean(),
        assessedOn: z.string(),
        actingPersonId: z.string().nullable(),
        actingAs: z.string().nullable(),
        notes: z.string(),
        version: z.number(),
      })
      .nullable(),
  });
  const capacityOut = (d: Decisions): z.input<typeof capacityJson> => ({
    childId: d.child.id,
    compulsorySchoolAgeEnds: d.compulsorySchoolAgeEnds,
    passesToYoungPersonOn: d.passesToYoungPersonOn,
    decisionMakerToday: d.today.kind,
    capacity: d.capacity
      ? {
          lacksCapacity: d.capacity.lacksCapacity,
          assessedOn: d.capacity.assessedOn,
          actingPersonId: d.capacity.actingPersonId,
          actingAs: d.capacity.actingAs,
          notes: d.capacity.notes,
          version: d.capacity.version,
        }
      : null,
  });

  api.get(
    '/api/v1/children/:id/capacity',
    {
      config: { access: 'children:read' },
      schema: {
        summary:
          'Who makes decisions about a young person’s special educational needs: the end of compulsory school age, and any record that they lack capacity',
        tags: ['Children'],
        params: idParams,
        response: { 200: capacityJson, 404: problemResponse },
      },
    },
    async (request) => capacityOut(await decisionsOf(ctx(request), request.params.id)),
  );

  api.put(
    '/api/v1/children/:id/capacity',
    {
      config: { access: 'children:write' },
      schema: {
        summary:
          'Record whether a young person lacks capacity to make these decisions and who acts for them. Send the version you read (0 if none); a stale one is refused with 409',
        tags: ['Children'],
        params: idParams,
        body: capacitySchema,
        response: {
          200: capacityJson,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const c = ctx(request);
      const result = await recordCapacity(c, request.params.id, request.body);
      if (!result.ok)
        throw new HttpProblem(
          result.status,
          result.status === 409 ? 'Conflict' : 'Refused',
          result.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
          result.errors,
        );
      return capacityOut(await decisionsOf(c, request.params.id));
    },
  );
}
