import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inTenant, type Tx } from '../../../platform/db/tenancy.ts';
import { publicLaOf } from '../../../platform/las/public-la.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { postcodeCentroids } from '../../sufficiency/index.ts';
import * as directory from '../directory/repo.ts';
import {
  orukLocation,
  orukPage,
  orukService,
  orukServiceSummary,
  orukTaxonomy,
  orukTerm,
} from '../domain/oruk.ts';
import { type DirectoryFilter, filterOf, type OrukQuery, orukQuerySchema } from '../domain/query.ts';

/**
 * The Local Offer as an Open Referral UK 3.0 feed (`/oruk`): open to anyone, any origin, no
 * sign-in, read-only. Lists are paged with the profile's Page fields; a page past the end is an
 * empty page. The profile defines only the 200 answers, so a bad filter is a 400 and an unknown
 * ID a 404, each with a short JSON body naming the problem, as ORUK clients expect.
 */

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const openapiUrl = 'https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json';

function json(reply: FastifyReply, status: number, body: unknown) {
  return reply
    .code(status)
    .header('Access-Control-Allow-Origin', '*')
    .header('Cache-Control', status === 200 ? 'public, max-age=60' : 'no-store')
    .type('application/json; charset=utf-8')
    .send(body);
}

const problem = (reply: FastifyReply, status: 400 | 404, message: string, errors?: unknown[]) =>
  json(reply, status, { status, message, ...(errors ? { errors } : {}) });

export async function orukApi(app: FastifyInstance, deps: ModuleDeps) {
  const open = { config: { access: 'public' as const } };

  /** The LA the feed is of, and its one read transaction; a 404 when no LA's offer is published here. */
  async function read<T>(
    reply: FastifyReply,
    work: (tx: Tx, la: { code: string; name: string }) => Promise<T>,
  ) {
    const la = await publicLaOf(deps.database, deps.config.publicLa);
    if (!la) {
      // Not a fault of the service: there is no feed here until an LA's offer is named.
      problem(
        reply,
        404,
        'No Local Offer is published from this service yet: its administrator sets PUBLIC_LA',
      );
      return undefined;
    }
    return inTenant(deps.database.db, { laCode: la.code, userId: null }, (tx) => work(tx, la));
  }

  function parse(request: FastifyRequest, reply: FastifyReply): OrukQuery | undefined {
    const parsed = orukQuerySchema.safeParse(request.query ?? {});
    if (parsed.success) return parsed.data;
    problem(
      reply,
      400,
      'A filter is not what it takes',
      parsed.error.issues.map((i) => ({ parameter: String(i.path[0] ?? ''), message: i.message })),
    );
    return undefined;
  }

  async function nearOf(tx: Tx, laCode: string, q: OrukQuery): Promise<DirectoryFilter['near'] | 'unknown'> {
    if (!q.postcode) return null;
    const at = (await postcodeCentroids(tx, laCode, [q.postcode])).get(q.postcode.replace(' ', ''));
    if (!at) return 'unknown';
    // Without a distance, the postcode orders the list by distance and cuts nothing.
    return { ...at, metres: q.proximity ?? 1_000_000_000 };
  }

  app.options('/oruk/*', open, async (_request, reply) =>
    reply
      .code(204)
      .header('Access-Control-Allow-Origin', '*')
      .header('Access-Control-Allow-Methods', 'GET, OPTIONS')
      .header('Access-Control-Allow-Headers', '*')
      .header('Access-Control-Max-Age', '86400')
      .send(),
  );

  app.get('/oruk', open, async (_request, reply) =>
    json(reply, 200, {
      version: 'HSDS-UK-3.0',
      profile: 'https://github.com/OpenReferralUK/uk-profile',
      openapi_url: openapiUrl,
    }),
  );
  app.get('/oruk/', open, async (_request, reply) => reply.redirect('/oruk', 301));

  /** A filtered list: the query checked, the postcode placed, then `list` run on the filter. */
  async function filteredList(
    request: FastifyRequest,
    reply: FastifyReply,
    list: (tx: Tx, la: { code: string; name: string }, f: DirectoryFilter) => Promise<unknown>,
  ) {
    const q = parse(request, reply);
    if (!q) return reply;
    const page = await read(reply, async (tx, la) => {
      const near = await nearOf(tx, la.code, q);
      if (near === 'unknown') return 'unknown' as const;
      return list(tx, la, { ...filterOf(q), near });
    });
    if (page === 'unknown')
      return problem(reply, 400, 'The postcode is not one this Local Offer knows the place of');
    return page === undefined ? reply : json(reply, 200, page);
  }

  app.get('/oruk/services', open, (request, reply) =>
    filteredList(request, reply, async (tx, la, f) => {
      const found = await directory.searchServices(tx, la.code, f);
      return orukPage(found.rows.map(orukServiceSummary), found.total, f.page, f.perPage);
    }),
  );

  app.get('/oruk/services/:id', open, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!uuid.test(id)) return problem(reply, 404, 'There is no service with this ID');
    const found = await read(reply, async (tx, la) => {
      const [s] = await directory.fullServices(tx, la.code, [id]);
      return s ? orukService(s, la.name) : null;
    });
    if (found === undefined) return reply;
    return found ? json(reply, 200, found) : problem(reply, 404, 'There is no service with this ID');
  });

  app.get('/oruk/service_at_locations', open, (request, reply) =>
    filteredList(request, reply, async (tx, la, f) => {
      const found = await directory.serviceAtLocations(tx, la.code, f);
      return orukPage(
        found.rows.map((r) => ({
          id: r.id,
          service_id: r.service.id,
          location_id: r.location.id,
          location: orukLocation(r.location, la.name),
          service: orukServiceSummary(r.service),
        })),
        found.total,
        f.page,
        f.perPage,
      );
    }),
  );

  app.get('/oruk/service_at_locations/:id', open, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!uuid.test(id)) return problem(reply, 404, 'There is no service at a location with this ID');
    const found = await read(reply, async (tx, la) => {
      const [r] = (await directory.serviceAtLocations(tx, la.code, { ...filterOf({}), near: null }, id)).rows;
      if (!r) return null;
      const [full] = await directory.fullServices(tx, la.code, [r.service.id]);
      return {
        id: r.id,
        service_id: r.service.id,
        location_id: r.location.id,
        location: orukLocation(r.location, la.name),
        ...(full ? { service: orukService(full, la.name) } : {}),
      };
    });
    if (found === undefined) return reply;
    return found
      ? json(reply, 200, found)
      : problem(reply, 404, 'There is no service at a location with this ID');
  });

  const pageOf = <T>(all: T[], q: OrukQuery) => {
    const page = q.page ?? 1;
    const perPage = q.per_page ?? 50;
    return orukPage(all.slice((page - 1) * perPage, page * perPage), all.length, page, perPage);
  };

  app.get('/oruk/taxonomies', open, async (request, reply) => {
    const q = parse(request, reply);
    if (!q) return reply;
    const all = await read(reply, (tx) => directory.taxonomies(tx));
    return all === undefined ? reply : json(reply, 200, pageOf(all.map(orukTaxonomy), q));
  });

  app.get('/oruk/taxonomies/:id', open, async (request, reply) => {
    const { id } = request.params as { id: string };
    const found = await read(reply, async (tx) => {
      const t = (await directory.taxonomies(tx)).find((x) => x.id === id);
      return t
        ? {
            ...orukTaxonomy(t),
            taxonomy_terms: (await directory.terms(tx, { taxonomyId: t.id })).map(orukTerm),
          }
        : null;
    });
    if (found === undefined) return reply;
    return found ? json(reply, 200, found) : problem(reply, 404, 'There is no taxonomy with this ID');
  });

  app.get('/oruk/taxonomy_terms', open, async (request, reply) => {
    const q = parse(request, reply);
    if (!q) return reply;
    const all = await read(reply, (tx) =>
      directory.terms(tx, q.taxonomy_id ? { taxonomyId: q.taxonomy_id } : {}),
    );
    return all === undefined ? reply : json(reply, 200, pageOf(all.map(orukTerm), q));
  });

  app.get('/oruk/taxonomy_terms/:id', open, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!uuid.test(id)) return problem(reply, 404, 'There is no taxonomy term with this ID');
    const found = await read(reply, async (tx) => (await directory.terms(tx, { ids: [id] }))[0] ?? null);
    if (found === undefined) return reply;
    return found
      ? json(reply, 200, orukTerm(found))
      : problem(reply, 404, 'There is no taxonomy term with this ID');
  });
}
