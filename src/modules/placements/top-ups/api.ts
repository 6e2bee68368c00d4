import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { financialYearField } from '../../../platform/kernel/fields.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { placementsContext } from '../context.ts';
import {
  adoptScheme,
  getScheme,
  listSchemes,
  newSchemeSchema,
  proposeScheme,
  type SchemeRecord,
  schemeScenario,
  withdrawScheme,
} from './service.ts';

/** Top-up band schemes under /api/v1/finance/top-up-schemes: propose, cost against the current one, adopt. */

const band = z.object({
  settingGroup: z.string(),
  band: z.string(),
  label: z.string(),
  annualPence: z.number(),
});
const schemeOut = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  effectiveFrom: z.string(),
  status: z.string(),
  adoptedAt: z.date().nullable(),
  bands: z.array(band),
});
const schemeJson = (s: SchemeRecord): z.input<typeof schemeOut> => ({
  id: s.id,
  version: s.version,
  name: s.name,
  effectiveFrom: s.effectiveFrom,
  status: s.status,
  adoptedAt: s.adoptedAt,
  bands: s.bands,
});

const money = {
  fullYearCurrentPence: z.number(),
  fullYearProposedPence: z.number(),
  fullYearDifferencePence: z.number(),
  inYearCurrentPence: z.number(),
  inYearProposedPence: z.number(),
  inYearDifferencePence: z.number(),
};
// A row on a band the proposed scheme lacks has no proposed figures: unknown, not nothing.
const rowMoney = {
  fullYearCurrentPence: z.number(),
  fullYearProposedPence: z.number().nullable(),
  fullYearDifferencePence: z.number().nullable(),
  inYearCurrentPence: z.number(),
  inYearProposedPence: z.number().nullable(),
  inYearDifferencePence: z.number().nullable(),
};

const idParams = z.object({ id: z.uuid('id must be a top-up scheme ID (a UUID)') });
const versionBody = z.object({ version: z.number({ error: 'version must be the version you read' }).int() });

export async function topUpSchemesApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => placementsContext(request, deps.database, deps.clock);
  const tags = ['Top-up schemes'];

  api.get(
    '/api/v1/finance/top-up-schemes',
    {
      config: { access: 'finance:read' },
      schema: {
        summary: 'Every top-up band scheme, newest first: adopted, proposed and withdrawn, with their bands',
        tags,
        response: { 200: z.object({ items: z.array(schemeOut) }) },
      },
    },
    async (request) => ({ items: (await listSchemes(ctx(request))).map(schemeJson) }),
  );

  api.post(
    '/api/v1/finance/top-up-schemes',
    {
      config: { access: 'finance:manage' },
      schema: {
        summary:
          'Propose a scheme: bands with an annual value per setting group, in force from a date once adopted',
        tags,
        body: newSchemeSchema,
        response: { 201: schemeOut, 400: problemResponse },
      },
    },
    async (request, reply) => {
      const scheme = await proposeScheme(ctx(request), request.body);
      reply.code(201).header('Location', `/api/v1/finance/top-up-schemes/${scheme.id}`);
      return schemeJson(scheme);
    },
  );

  api.get(
    '/api/v1/finance/top-up-schemes/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        summary: 'One scheme and its bands',
        tags,
        params: idParams,
        response: { 200: schemeOut, 404: problemResponse },
      },
    },
    async (request) => schemeJson(await getScheme(ctx(request), request.params.id)),
  );

  api.get(
    '/api/v1/finance/top-up-schemes/:id/scenario',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'What the scheme would cost against the scheme in force on its first day, in total and, for those who may read placements, child by child: for a full year, and in the financial year asked (fy, this one by default) from the scheme’s date',
        tags,
        params: idParams,
        querystring: z.object({ fy: financialYearField.optional() }),
        response: {
          200: z.object({
            scheme: schemeOut,
            fy: z.string(),
            comparedWith: z.string().nullable(),
            childByChild: z.boolean(),
            rows: z.array(
              z.object({
                placementId: z.string(),
                childId: z.string(),
                childName: z.string(),
                settingGroup: z.string(),
                band: z.string(),
                ...rowMoney,
              }),
            ),
            totals: z.object(money),
            missingBands: z.array(
              z.object({ scheme: z.string(), settingGroup: z.string(), band: z.string(), lines: z.number() }),
            ),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const c = ctx(request);
      const s = await schemeScenario(c, request.params.id, request.query.fy ?? fyOf(c.today));
      return {
        scheme: schemeJson(s.scheme),
        fy: s.fyLabel,
        comparedWith: s.currentName,
        childByChild: s.childByChild,
        rows: s.rows,
        totals: s.totals,
        missingBands: s.missingBands,
      };
    },
  );

  api.post(
    '/api/v1/finance/top-up-schemes/:id/adopt',
    {
      config: { access: 'finance:adopt' },
      schema: {
        summary: 'Adopt a proposed scheme: every banded top-up is worked out again from its date. Audited',
        tags,
        params: idParams,
        body: versionBody,
        response: { 200: schemeOut, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) => schemeJson(await adoptScheme(ctx(request), request.params.id, request.body.version)),
  );

  api.post(
    '/api/v1/finance/top-up-schemes/:id/withdraw',
    {
      config: { access: 'finance:manage' },
      schema: {
        summary: 'Withdraw a proposed scheme nobody will adopt',
        tags,
        params: idParams,
        body: versionBody,
        response: { 200: schemeOut, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) =>
      schemeJson(await withdrawScheme(ctx(request), request.params.id, request.body.version)),
  );
}
