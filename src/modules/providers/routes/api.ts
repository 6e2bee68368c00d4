import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../platform/module.ts';
import { actorOf, londonToday } from '../actor.ts';
import { addClusterMember, createCluster, getCluster, listClusters } from '../cluster-service.ts';
import {
  establishmentStatuses,
  ofstedRatings,
  provisions,
  senTypes,
  settingKinds,
} from '../domain/establishment.ts';
import { placePhases } from '../places/domain/places.ts';
import {
  clusterSchema,
  establishmentPatchSchema,
  membershipSchema,
  newEstablishmentSchema,
  schoolSearchSchema,
} from '../schemas.ts';
import { createSchool, getSchool, type SchoolDetail, searchSchools, updateSchool } from '../service.ts';

const nullableString = z.string().nullable();
const nullableInt = z.number().int().nullable();

const membershipOut = z.object({
  id: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  startsOn: z.string(),
  endsOn: nullableString,
});

const placeLineOut = z.object({
  id: z.string(),
  provision: z.enum(provisions),
  senType: z.enum(senTypes),
  phase: z.enum(placePhases),
  lowAge: z.number().int().describe('Youngest age, on 31 August before the school year'),
  highAge: z.number().int().describe('Oldest age, on 31 August before the school year'),
  places: z.number().int(),
  startsOn: z.string().describe('First day the places are in force'),
  endsOn: nullableString.describe('Last day the places are in force; null while they run on'),
});

const schoolOut = z.object({
  id: z.string(),
  urn: nullableInt,
  previousUrns: z.array(z.number().int()),
  ukprn: nullableInt,
  name: z.string(),
  settingKind: z.enum(settingKinds),
  typeCode: nullableInt,
  typeName: nullableString,
  typeGroup: nullableString,
  phase: nullableString,
  giasLaCode: nullableString,
  status: z.enum(establishmentStatuses),
  openedOn: nullableString,
  closedOn: nullableString,
  street: nullableString,
  locality: nullableString,
  address3: nullableString,
  town: nullableString,
  postcode: nullableString,
  district: nullableString,
  easting: nullableInt,
  northing: nullableInt,
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  statutoryLowAge: nullableInt,
  statutoryHighAge: nullableInt,
  capacity: nullableInt,
  pupils: nullableInt,
  ofstedRating: z.enum(ofstedRatings).nullable(),
  ofstedDate: nullableString,
  isSpecial: z.boolean(),
  hasSenUnit: z.boolean(),
  senUnitCapacity: nullableInt,
  hasResourcedProvision: z.boolean(),
  resourcedProvisionCapacity: nullableInt,
  designations: z
    .array(z.object({ provision: z.enum(provisions), senType: z.enum(senTypes) }))
    .describe('The types of need each provision is designated for; the places are in placeLines'),
  placeLines: z
    .array(placeLineOut)
    .describe(
      'Designated places by provision, need, phase and age range, each from a date and perhaps to one: past, present and planned',
    ),
  cluster: membershipOut.nullable(),
  fromGias: z
    .boolean()
    .describe('Kept up to date from GIAS: only ofstedRating, ofstedDate and designations may be changed'),
  version: z.number().int(),
});

const schoolListItemOut = z.object({
  id: z.string(),
  urn: nullableInt,
  name: z.string(),
  phase: nullableString,
  typeName: nullableString,
  settingKind: z.enum(settingKinds),
  status: z.enum(establishmentStatuses),
  town: nullableString,
  postcode: nullableString,
  isSpecial: z.boolean(),
  hasSenUnit: z.boolean(),
  hasResourcedProvision: z.boolean(),
  clusterId: nullableString,
  clusterName: nullableString,
});

const clusterSummaryOut = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  memberCount: z.number().int(),
  host: z.object({ name: z.string(), agreedOn: nullableString }).nullable(),
});

const hostOut = z.object({
  id: z.string(),
  name: z.string(),
  userId: nullableString,
  establishmentId: nullableString,
  establishmentName: nullableString,
  nominatedOn: z.string(),
  agreedOn: nullableString,
  endsOn: nullableString,
});

const memberOut = z.object({
  membershipId: z.string(),
  establishmentId: z.string(),
  name: z.string(),
  urn: nullableInt,
  phase: nullableString,
  startsOn: z.string(),
  endsOn: nullableString,
});

const clusterOut = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  members: z.array(memberOut),
  futureMembers: z.array(memberOut),
  pastMembers: z.array(memberOut),
  /** The host today, by the dates of their term. */
  host: hostOut.nullable(),
  /** Hosts nominated for a term that has not started, soonest first. */
  nextHosts: z.array(hostOut),
  pastHosts: z.array(hostOut),
});

function schoolJson(d: SchoolDetail): z.infer<typeof schoolOut> {
  const {
    memberships: _m,
    currentMembership,
    giasImportedAt,
    laCode: _l,
    updatedAt: _u,
    placeLines,
    ...rest
  } = d;
  return {
    ...rest,
    placeLines: placeLines.map((l) => ({
      id: l.id,
      provision: l.provision,
      senType: l.senType,
      phase: l.phase,
      lowAge: l.lowAge,
      highAge: l.highAge,
      places: l.places,
      startsOn: l.startsOn,
      endsOn: l.endsOn,
    })),
    cluster: currentMembership
      ? {
          id: currentMembership.id,
          clusterId: currentMembership.clusterId,
          clusterName: currentMembership.clusterName,
          startsOn: currentMembership.startsOn,
          endsOn: currentMembership.endsOn,
        }
      : null,
    fromGias: giasImportedAt !== null,
  };
}

function queryString(q: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

export async function providerApi(app: FastifyInstance, deps: ModuleDeps) {
  const { database, clock } = deps;
  const today = () => londonToday(clock());
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/schools',
    {
      config: { access: 'providers:read' },
      schema: {
        summary: 'Search schools and settings by name (typos and accents forgiven) or URN',
        tags: ['Schools'],
        querystring: schoolSearchSchema,
        response: {
          200: z.object({
            items: z.array(schoolListItemOut),
            total: z.number().int(),
            page: z.number().int(),
            limit: z.number().int(),
            next: nullableString,
          }),
        },
      },
    },
    async (request) => {
      const r = await searchSchools(database, actorOf(request), request.query, today());
      const more = r.query.page * r.query.limit < r.total;
      const { page: _p, ...rest } = r.query;
      return {
        items: r.items,
        total: r.total,
        page: r.query.page,
        limit: r.query.limit,
        next: more ? `/api/v1/schools?${queryString({ ...rest, page: r.query.page + 1 })}` : null,
      };
    },
  );

  api.get(
    '/api/v1/schools/:urn',
    {
      config: { access: 'providers:read' },
      schema: {
        summary: 'A school or setting by its URN (or by its id, for settings without one)',
        tags: ['Schools'],
        params: z.object({ urn: z.string().describe('6-digit URN, or the setting’s id') }),
        response: { 200: schoolOut },
      },
    },
    async (request) => schoolJson(await getSchool(database, actorOf(request), request.params.urn, today())),
  );

  api.post(
    '/api/v1/schools',
    {
      config: { access: 'providers:write' },
      schema: {
        summary: 'Add a setting GIAS does not keep for your LA (independent, out of county)',
        tags: ['Schools'],
        body: newEstablishmentSchema,
        response: { 201: schoolOut },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = await createSchool(database, actor, request.body);
      reply.code(201).header('Location', `/api/v1/schools/${id}`);
      return schoolJson(await getSchool(database, actor, id, today()));
    },
  );

  api.patch(
    '/api/v1/schools/:id',
    {
      config: { access: 'providers:write' },
      schema: {
        summary: 'Change a school or setting; send the version you read (409 if it has changed since)',
        tags: ['Schools'],
        params: z.object({ id: z.uuid('id must be a school id (a UUID)') }),
        body: establishmentPatchSchema,
        response: { 200: schoolOut },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await updateSchool(database, actor, request.params.id, request.body, today());
      return schoolJson(await getSchool(database, actor, request.params.id, today()));
    },
  );

  api.get(
    '/api/v1/clusters',
    {
      config: { access: 'providers:read' },
      schema: {
        summary: 'Clusters with their number of schools now and their host',
        tags: ['Clusters'],
        response: { 200: z.object({ items: z.array(clusterSummaryOut) }) },
      },
    },
    async (request) => ({
      items: (await listClusters(database, actorOf(request), today())).map((c) => ({
        id: c.id,
        name: c.name,
        version: c.version,
        memberCount: c.memberCount,
        host: c.hostName ? { name: c.hostName, agreedOn: c.hostAgreedOn } : null,
      })),
    }),
  );

  const clusterJson = async (request: Parameters<typeof actorOf>[0], id: string) => {
    const c = await getCluster(database, actorOf(request), id, today());
    return {
      id: c.id,
      name: c.name,
      version: c.version,
      members: c.currentMembers,
      futureMembers: c.futureMembers,
      pastMembers: c.pastMembers,
      host: c.currentHost,
      nextHosts: c.nextHosts,
      pastHosts: c.pastHosts,
    };
  };

  api.get(
    '/api/v1/clusters/:id',
    {
      config: { access: 'providers:read' },
      schema: {
        summary: 'A cluster: its member schools with dates, and its hosts',
        tags: ['Clusters'],
        params: z.object({ id: z.uuid('id must be a cluster id (a UUID)') }),
        response: { 200: clusterOut },
      },
    },
    async (request) => clusterJson(request, request.params.id),
  );

  api.post(
    '/api/v1/clusters',
    {
      config: { access: 'providers:write' },
      schema: {
        summary: 'Create a cluster',
        tags: ['Clusters'],
        body: clusterSchema,
        response: { 201: clusterOut },
      },
    },
    async (request, reply) => {
      const { id } = await createCluster(database, actorOf(request), request.body);
      reply.code(201).header('Location', `/api/v1/clusters/${id}`);
      return clusterJson(request, id);
    },
  );

  api.post(
    '/api/v1/clusters/:id/members',
    {
      config: { access: 'providers:write' },
      schema: {
        summary:
          'Put a school in the cluster from a date (move: true ends its membership of another cluster)',
        tags: ['Clusters'],
        params: z.object({ id: z.uuid('id must be a cluster id (a UUID)') }),
        body: membershipSchema,
        response: {
          201: z.object({
            membershipId: z.string(),
            clusterId: z.string(),
            establishmentId: z.string(),
            movedFrom: nullableString,
          }),
        },
      },
    },
    async (request, reply) => {
      const r = await addClusterMember(database, actorOf(request), request.params.id, request.body);
      reply.code(201);
      return {
        membershipId: r.id,
        clusterId: r.clusterId,
        establishmentId: r.establishmentId,
        movedFrom: r.movedFrom ?? null,
      };
    },
  );
}
