import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { actorOf } from '../actor.ts';
import { provisions, senTypes } from '../domain/establishment.ts';
import { placePhases } from './domain/places.ts';
import { placeLineChangeSchema, placeLineSchema } from './schemas.ts';
import {
  addPlaceLine,
  changePlaceLine,
  getSettingPlaces,
  removePlaceLine,
  type SettingPlaces,
} from './service.ts';

export const placeLineOut = z.object({
  id: z.string(),
  provision: z.enum(provisions),
  senType: z.enum(senTypes),
  phase: z.enum(placePhases),
  lowAge: z.number().int(),
  highAge: z.number().int(),
  places: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string().nullable().describe('The last day in force; null while it runs on'),
  note: z.string().nullable(),
  version: z.number().int(),
});

const settingPlacesOut = z.object({
  establishmentId: z.string(),
  urn: z.number().int().nullable(),
  name: z.string(),
  lines: z.array(placeLineOut),
});

const settingParams = z.object({ id: z.uuid('id must be a school id (a UUID)') });
const lineParams = settingParams.extend({ lineId: z.uuid('lineId must be a line id (a UUID)') });

const json = (s: SettingPlaces) => ({
  establishmentId: s.establishment.id,
  urn: s.establishment.urn,
  name: s.establishment.name,
  lines: s.lines.map(({ establishmentId: _e, ...l }) => l),
});

/** A setting's designated places by need, phase and age range, each line with its dates. */
export async function placeApi(app: FastifyInstance, deps: ModuleDeps) {
  const { database } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Schools'];

  api.get(
    '/api/v1/schools/:id/places',
    {
      config: { access: 'providers:read' },
      schema: {
        summary: "A setting's lines of designated places, past, present and planned",
        tags,
        params: settingParams,
        response: { 200: settingPlacesOut, 404: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request) => json(await getSettingPlaces(database, actorOf(request), request.params.id)),
  );

  api.post(
    '/api/v1/schools/:id/places',
    {
      config: { access: 'providers:write' },
      schema: {
        summary:
          'Add a line of places; refused when another line for the need and phase is in force on any of its days',
        tags,
        params: settingParams,
        body: placeLineSchema,
        response: { 201: settingPlacesOut, 404: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await addPlaceLine(database, actor, request.params.id, request.body);
      reply.code(201);
      return json(await getSettingPlaces(database, actor, request.params.id));
    },
  );

  api.put(
    '/api/v1/schools/:id/places/:lineId',
    {
      config: { access: 'providers:write' },
      schema: {
        summary: 'Change a line (to end it, give endsOn); send the version you read (409 if it has changed)',
        tags,
        params: lineParams,
        body: placeLineChangeSchema,
        response: { 200: settingPlacesOut, 404: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await changePlaceLine(database, actor, request.params.id, request.params.lineId, request.body);
      return json(await getSettingPlaces(database, actor, request.params.id));
    },
  );

  api.delete(
    '/api/v1/schools/:id/places/:lineId',
    {
      config: { access: 'providers:write' },
      schema: {
        summary: 'Remove a line entered in error (to stop places, end the line instead)',
        tags,
        params: lineParams,
        querystring: z.object({
          version: z.coerce.number({ error: 'version must be the version you read' }).int(),
        }),
        response: { 204: z.null(), 404: problemResponse, 409: problemResponse },
      },
    },
    async (request, reply) => {
      await removePlaceLine(database, actorOf(request), request.params.id, request.params.lineId, {
        version: request.query.version,
      });
      return reply.code(204).send(null);
    },
  );
}
