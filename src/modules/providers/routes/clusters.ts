import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { actorOf, londonToday } from '../actor.ts';
import {
  addClusterMember,
  createCluster,
  endClusterMembership,
  getCluster,
  listClusters,
  nominateClusterHost,
  recordHostAgreement,
  renameCluster,
} from '../cluster-service.ts';
import { describePeriod } from '../domain/clusters.ts';
import { dateOrBlank } from '../presenters.ts';
import {
  attempt,
  dateField,
  dateItems,
  dateParts,
  errorView,
  type FormBody,
  noErrors,
  num,
  postedDateParts,
  seeOther,
  str,
} from './forms.ts';

type Parts = { day: string; month: string; year: string };
const flashes: Record<string, string> = {
  created: 'The cluster has been created',
  renamed: 'The cluster has been renamed',
  member: 'The school has been added to the cluster',
  ended: 'The school’s membership has been ended',
  host: 'The cluster host has been recorded',
  agreed: 'The headteachers’ agreement has been recorded',
};

/**
 * The host last nominated, whose term a new nomination ends and whose agreement is recorded next:
 * the host nominated for a later term if there is one, else today's.
 */
const latestHost = <H>(c: { currentHost: H | null; nextHosts: H[] }): H | null =>
  c.nextHosts.at(-1) ?? c.currentHost;

export async function clusterPages(app: FastifyInstance, deps: ModuleDeps) {
  const { database, clock } = deps;
  const today = () => londonToday(clock());
  const params = (r: { params: unknown }) => r.params as { id: string; membershipId?: string };
  const body = (r: { body: unknown }) => (r.body ?? {}) as FormBody;

  app.get('/clusters', { config: { access: 'providers:read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const clusters = await listClusters(database, actor, today());
    return reply.page('providers/clusters.njk', {
      pageTitle: 'Clusters',
      clusters: clusters.map((c) => ({ ...c, hostAgreed: dateOrBlank(c.hostAgreedOn) })),
      canWrite: can(actor.roles, 'providers:write'),
    });
  });

  const showClusterForm = (reply: FastifyReply, status: number, data: Record<string, unknown>) =>
    reply.code(status).page('providers/cluster-form.njk', { ...noErrors, ...data });

  app.get('/clusters/new', { config: { access: 'providers:write' } }, async (_request, reply) =>
    showClusterForm(reply, 200, { pageTitle: 'Create a cluster', values: { name: '' } }),
  );

  app.post('/clusters', { config: { access: 'providers:write' } }, async (request, reply) => {
    const r = await attempt(() =>
      createCluster(database, actorOf(request), { name: str(body(request), 'name') }),
    );
    if (!r.ok)
      return showClusterForm(reply, 400, {
        pageTitle: 'Create a cluster',
        values: { name: str(body(request), 'name') },
        ...errorView(r.errors),
      });
    return seeOther(reply, `/clusters/${r.value.id}?saved=created`);
  });

  app.get('/clusters/:id', { config: { access: 'providers:read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const c = await getCluster(database, actor, params(request).id, today());
    const saved = (request.query as { saved?: string }).saved;
    const withPeriod = <T extends { startsOn: string; endsOn: string | null }>(m: T) => ({
      ...m,
      starts: dateOrBlank(m.startsOn),
      ends: dateOrBlank(m.endsOn),
    });
    return reply.page('providers/cluster.njk', {
      pageTitle: c.name,
      cluster: c,
      currentMembers: c.currentMembers.map(withPeriod),
      futureMembers: c.futureMembers.map(withPeriod),
      pastMembers: c.pastMembers.map(withPeriod),
      host: c.currentHost
        ? {
            ...c.currentHost,
            nominated: dateOrBlank(c.currentHost.nominatedOn),
            agreed: dateOrBlank(c.currentHost.agreedOn),
          }
        : null,
      nextHosts: c.nextHosts.map((h) => ({
        ...h,
        nominated: dateOrBlank(h.nominatedOn),
        agreed: dateOrBlank(h.agreedOn),
      })),
      pastHosts: c.pastHosts.map((h) => ({
        ...h,
        nominated: dateOrBlank(h.nominatedOn),
        ended: dateOrBlank(h.endsOn),
      })),
      agreementToRecord: !latestHost(c)?.agreedOn,
      canWrite: can(actor.roles, 'providers:write'),
      flash: saved ? flashes[saved] : undefined,
    });
  });

  app.get('/clusters/:id/edit', { config: { access: 'providers:write' } }, async (request, reply) => {
    const c = await getCluster(database, actorOf(request), params(request).id, today());
    return showClusterForm(reply, 200, {
      pageTitle: `Rename ${c.name}`,
      cluster: c,
      values: { name: c.name },
      version: c.version,
    });
  });

  app.post('/clusters/:id/edit', { config: { access: 'providers:write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const c = await getCluster(database, actor, params(request).id, today());
    const name = str(body(request), 'name');
    const show = (status: number, errors: { field: string; message: string }[]) =>
      showClusterForm(reply, status, {
        pageTitle: `Rename ${c.name}`,
        cluster: c,
        values: { name },
        version: c.version,
        ...errorView(errors),
      });
    try {
      const r = await attempt(() =>
        renameCluster(database, actor, c.id, { name, version: num(body(request), 'version', undefined) }),
      );
      if (!r.ok) return show(400, r.errors);
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 409)
        return show(409, [{ field: 'name', message: err.detail ?? err.title }]);
      throw err;
    }
    return seeOther(reply, `/clusters/${c.id}?saved=renamed`);
  });

  const showMemberForm = async (
    reply: FastifyReply,
    clusterId: string,
    status: number,
    values: { urn: string; startsOn: Parts; endsOn: Parts; move: boolean },
    errors: { field: string; message: string }[],
    actorRequest: Parameters<typeof actorOf>[0],
  ) => {
    const c = await getCluster(database, actorOf(actorRequest), clusterId, today());
    const view = errors.length ? errorView(errors, ['startsOn', 'endsOn']) : noErrors;
    return reply.code(status).page('providers/member-form.njk', {
      pageTitle: `Add a school to ${c.name}`,
      cluster: c,
      values,
      startsOnItems: dateItems('startsOn', values.startsOn, Boolean(view.fieldError('startsOn'))),
      endsOnItems: dateItems('endsOn', values.endsOn, Boolean(view.fieldError('endsOn'))),
      ...view,
    });
  };

  app.get('/clusters/:id/members/new', { config: { access: 'providers:write' } }, async (request, reply) =>
    showMemberForm(
      reply,
      params(request).id,
      200,
      { urn: '', startsOn: dateParts(today()), endsOn: dateParts(null), move: false },
      [],
      request,
    ),
  );

  app.post('/clusters/:id/members', { config: { access: 'providers:write' } }, async (request, reply) => {
    const b = body(request);
    const values = {
      urn: str(b, 'urn'),
      startsOn: postedDateParts(b, 'startsOn'),
      endsOn: postedDateParts(b, 'endsOn'),
      move: str(b, 'move') === 'yes',
    };
    const urn = num(b, 'urn', undefined);
    const r = await attempt(() =>
      addClusterMember(database, actorOf(request), params(request).id, {
        ...(urn === undefined ? {} : { urn: urn as number }),
        startsOn: dateField(b, 'startsOn', undefined) as string,
        endsOn: dateField(b, 'endsOn', null),
        move: values.move,
      }),
    );
    if (!r.ok) return showMemberForm(reply, params(request).id, 400, values, r.errors, request);
    return seeOther(reply, `/clusters/${params(request).id}?saved=member`);
  });

  const showEndForm = async (
    reply: FastifyReply,
    request: Parameters<typeof actorOf>[0] & { params: unknown },
    status: number,
    endsOn: Parts,
    errors: { field: string; message: string }[],
  ) => {
    const { id, membershipId } = params(request);
    const c = await getCluster(database, actorOf(request), id, today());
    const member = [...c.currentMembers, ...c.futureMembers].find((m) => m.membershipId === membershipId);
    if (!member) throw new HttpProblem(404, 'Not found', 'That school is not a member of this cluster now.');
    const view = errors.length ? errorView(errors, ['endsOn']) : noErrors;
    return reply.code(status).page('providers/end-member.njk', {
      pageTitle: `End ${member.name}’s membership of ${c.name}`,
      cluster: c,
      member: { ...member, period: describePeriod(member) },
      endsOnItems: dateItems('endsOn', endsOn, Boolean(view.fieldError('endsOn'))),
      ...view,
    });
  };

  app.get(
    '/clusters/:id/members/:membershipId/end',
    { config: { access: 'providers:write' } },
    async (request, reply) => showEndForm(reply, request, 200, dateParts(today()), []),
  );

  app.post(
    '/clusters/:id/members/:membershipId/end',
    { config: { access: 'providers:write' } },
    async (request, reply) => {
      const { id, membershipId } = params(request);
      const b = body(request);
      const r = await attempt(() =>
        endClusterMembership(database, actorOf(request), id, membershipId ?? '', {
          endsOn: dateField(b, 'endsOn', undefined),
        }),
      );
      if (!r.ok) return showEndForm(reply, request, 400, postedDateParts(b, 'endsOn'), r.errors);
      return seeOther(reply, `/clusters/${id}?saved=ended`);
    },
  );

  const showHostForm = async (
    reply: FastifyReply,
    request: Parameters<typeof actorOf>[0] & { params: unknown },
    status: number,
    values: { name: string; email: string; urn: string; nominatedOn: Parts; agreedOn: Parts },
    errors: { field: string; message: string }[],
  ) => {
    const c = await getCluster(database, actorOf(request), params(request).id, today());
    const view = errors.length ? errorView(errors, ['nominatedOn', 'agreedOn']) : noErrors;
    const latest = latestHost(c);
    return reply.code(status).page('providers/host-form.njk', {
      pageTitle: `Record the cluster host of ${c.name}`,
      cluster: c,
      current: latest && {
        ...latest,
        from: latest.nominatedOn > today() ? dateOrBlank(latest.nominatedOn) : '',
      },
      values,
      nominatedOnItems: dateItems('nominatedOn', values.nominatedOn, Boolean(view.fieldError('nominatedOn'))),
      agreedOnItems: dateItems('agreedOn', values.agreedOn, Boolean(view.fieldError('agreedOn'))),
      ...view,
    });
  };

  app.get('/clusters/:id/host', { config: { access: 'providers:write' } }, async (request, reply) =>
    showHostForm(
      reply,
      request,
      200,
      { name: '', email: '', urn: '', nominatedOn: dateParts(today()), agreedOn: dateParts(null) },
      [],
    ),
  );

  app.post('/clusters/:id/host', { config: { access: 'providers:write' } }, async (request, reply) => {
    const b = body(request);
    const values = {
      name: str(b, 'name'),
      email: str(b, 'email'),
      urn: str(b, 'urn'),
      nominatedOn: postedDateParts(b, 'nominatedOn'),
      agreedOn: postedDateParts(b, 'agreedOn'),
    };
    const urn = num(b, 'urn', undefined);
    const r = await attempt(() =>
      nominateClusterHost(database, actorOf(request), params(request).id, {
        name: values.name,
        email: values.email,
        ...(urn === undefined ? {} : { urn: urn as number }),
        nominatedOn: dateField(b, 'nominatedOn', undefined) as string,
        agreedOn: dateField(b, 'agreedOn', null),
      }),
    );
    if (!r.ok) return showHostForm(reply, request, 400, values, r.errors);
    return seeOther(reply, `/clusters/${params(request).id}?saved=host`);
  });

  const showAgreementForm = async (
    reply: FastifyReply,
    request: Parameters<typeof actorOf>[0] & { params: unknown },
    status: number,
    agreedOn: Parts,
    errors: { field: string; message: string }[],
  ) => {
    const c = await getCluster(database, actorOf(request), params(request).id, today());
    const host = latestHost(c);
    if (!host) return seeOther(reply, `/clusters/${c.id}/host`);
    const view = errors.length ? errorView(errors, ['agreedOn']) : noErrors;
    return reply.code(status).page('providers/agreement-form.njk', {
      pageTitle: `Record the headteachers’ agreement to ${host.name} as cluster host`,
      cluster: c,
      host: { ...host, nominated: dateOrBlank(host.nominatedOn) },
      agreedOnItems: dateItems('agreedOn', agreedOn, Boolean(view.fieldError('agreedOn'))),
      ...view,
    });
  };

  app.get('/clusters/:id/host/agreement', { config: { access: 'providers:write' } }, async (request, reply) =>
    showAgreementForm(reply, request, 200, dateParts(today()), []),
  );

  app.post(
    '/clusters/:id/host/agreement',
    { config: { access: 'providers:write' } },
    async (request, reply) => {
      const b = body(request);
      const r = await attempt(() =>
        recordHostAgreement(database, actorOf(request), params(request).id, {
          agreedOn: dateField(b, 'agreedOn', undefined),
        }),
      );
      if (!r.ok) return showAgreementForm(reply, request, 400, postedDateParts(b, 'agreedOn'), r.errors);
      return seeOther(reply, `/clusters/${params(request).id}?saved=agreed`);
    },
  );
}
