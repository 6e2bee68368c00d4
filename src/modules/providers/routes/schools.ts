import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { parse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type Actor, actorOf, londonToday } from '../actor.ts';
import { addClusterMember, listClusters } from '../cluster-service.ts';
import { changedSince, type FieldChange } from '../domain/changes.ts';
import { describePeriod } from '../domain/clusters.ts';
import { phases, provisionsOf } from '../domain/establishment.ts';
import {
  addressLines,
  ageRange,
  dateOrBlank,
  escapeHtml,
  ofstedLabel,
  pageLinks,
  placeSections,
  provisionTags,
  settingKindLabel,
  statusTag,
} from '../presenters.ts';
import { schoolSearchSchema } from '../schemas.ts';
import {
  createSchool,
  getSchool,
  type SchoolDetail,
  StaleEdit,
  searchSchools,
  updateSchool,
} from '../service.ts';
import {
  attempt,
  dateField,
  dateItems,
  dateParts,
  errorView,
  type FormBody,
  noErrors,
  postedDateParts,
  seeOther,
  str,
} from './forms.ts';
import {
  comparable,
  comparableLabels,
  formValuesFromBody,
  formValuesOf,
  parseBase,
  type SchoolFormValues,
  schoolErrorView,
  schoolFormOptions,
  schoolInputFromForm,
} from './school-form.ts';

const savedMessages = new Map([
  ['created', 'The setting has been added'],
  ['updated', 'Your changes have been saved'],
  ['moved', 'The school’s cluster has been recorded'],
]);

/** The place pages come back here with `done`, to the places section. */
const doneMessages = new Map([
  ['places-added', 'The places have been added'],
  ['places-changed', 'The places have been changed'],
  ['places-removed', 'The places have been removed'],
]);

const flash = (q: unknown) => {
  const { saved, done } = q as { saved?: unknown; done?: unknown };
  return savedMessages.get(String(saved)) ?? doneMessages.get(String(done));
};

export async function schoolPages(app: FastifyInstance, deps: ModuleDeps) {
  const { database, clock } = deps;
  const today = () => londonToday(clock());

  app.get('/schools', { config: { access: 'providers:read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const raw = request.query as Record<string, unknown>;
    const form = {
      q: typeof raw.q === 'string' ? raw.q.slice(0, 100) : '',
      phase: typeof raw.phase === 'string' ? raw.phase : '',
      special: raw.special === 'true' ? 'true' : '',
      srb: raw.srb === 'true' ? 'true' : '',
      status: typeof raw.status === 'string' ? raw.status : 'open',
      page: typeof raw.page === 'string' ? raw.page : '1',
    };
    const parsed = parse(
      schoolSearchSchema,
      Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')),
    );
    const base = {
      pageTitle: 'Schools and settings',
      form,
      phases: [
        { value: '', text: 'Any phase' },
        ...phases.map((p) => ({ value: p, text: p, selected: p === form.phase })),
      ],
      statuses: [
        { value: 'open', text: 'Open', selected: form.status === 'open' },
        { value: 'closed', text: 'Closed', selected: form.status === 'closed' },
        { value: 'all', text: 'Open or closed', selected: form.status === 'all' },
      ],
      canWrite: can(actor.roles, 'providers:write'),
      canImport: can(actor.roles, 'providers:import'),
    };
    if (!parsed.ok)
      return reply
        .code(400)
        .page('providers/schools.njk', { ...base, ...errorView(parsed.errors), items: [] });
    const result = await searchSchools(database, actor, parsed.data, today());
    const pages = Math.max(1, Math.ceil(result.total / result.query.limit));
    return reply.page('providers/schools.njk', {
      ...base,
      ...noErrors,
      total: result.total,
      page: result.query.page,
      pages,
      items: result.items.map((s) => ({ ...s, tags: provisionTags(s), status: statusTag(s.status) })),
      pagination: pageLinks(
        '/schools',
        { q: form.q, phase: form.phase, special: form.special, srb: form.srb, status: form.status },
        result.query.page,
        pages,
      ),
    });
  });

  const showForm = (
    reply: FastifyReply,
    status: number,
    data: {
      detail?: SchoolDetail;
      values: SchoolFormValues;
      errors: FieldError[];
      designationIds?: string[];
      changes?: FieldChange[];
    },
  ) => {
    const view = data.errors.length ? schoolErrorView(data.errors, data.designationIds ?? []) : noErrors;
    const giasManaged = Boolean(data.detail?.giasImportedAt);
    return reply.code(status).page('providers/school-form.njk', {
      pageTitle: data.detail ? `Change ${data.detail.name}` : 'Add a school or setting',
      school: data.detail,
      giasManaged,
      values: data.values,
      options: schoolFormOptions(data.values, view.fieldError, {
        giasManaged,
        provisions: data.detail ? provisionsOf(data.detail) : [],
        locked: giasManaged ? (data.detail?.designations ?? []) : [],
      }),
      version: data.detail?.version,
      base: data.detail ? JSON.stringify(comparable(formValuesOf(data.detail), giasManaged)) : '',
      changes: data.changes ?? [],
      summary: data.detail ? schoolSummary(data.detail) : [],
      ...view,
    });
  };

  app.get('/schools/new', { config: { access: 'providers:write' } }, async (_request, reply) =>
    showForm(reply, 200, { values: formValuesOf(undefined), errors: [] }),
  );

  app.post('/schools', { config: { access: 'providers:write' } }, async (request, reply) => {
    const body = (request.body ?? {}) as FormBody;
    const { input, designationIds } = schoolInputFromForm(body, 'create');
    const r = await attempt(() => createSchool(database, actorOf(request), input as never));
    if (!r.ok)
      return showForm(reply, 400, { values: formValuesFromBody(body), errors: r.errors, designationIds });
    return seeOther(reply, `/schools/${r.value.id}?saved=created`);
  });

  app.get('/schools/:id', { config: { access: 'providers:read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const day = today();
    const detail = await getSchool(database, actor, (request.params as { id: string }).id, day);
    return reply.page('providers/school.njk', {
      pageTitle: detail.name,
      school: detail,
      summary: schoolSummary(detail),
      placeSections: placeSections(detail, detail.designations, detail.placeLines, day),
      memberships: detail.memberships.map((m) => {
        const period = describePeriod(m);
        return { ...m, period, periodTitle: period.charAt(0).toUpperCase() + period.slice(1) };
      }),
      currentPeriod: detail.currentMembership ? describePeriod(detail.currentMembership) : '',
      canWrite: can(actor.roles, 'providers:write'),
      flash: flash(request.query),
    });
  });

  app.get('/schools/:id/edit', { config: { access: 'providers:write' } }, async (request, reply) => {
    const detail = await getSchool(
      database,
      actorOf(request),
      (request.params as { id: string }).id,
      today(),
    );
    return showForm(reply, 200, { detail, values: formValuesOf(detail), errors: [] });
  });

  app.post('/schools/:id/edit', { config: { access: 'providers:write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const id = (request.params as { id: string }).id;
    const body = (request.body ?? {}) as FormBody;
    const detail = await getSchool(database, actor, id, today());
    const giasManaged = Boolean(detail.giasImportedAt);
    const { input, designationIds } = schoolInputFromForm(
      body,
      giasManaged ? 'edit-gias' : 'edit',
      detail.designations,
    );
    try {
      const r = await attempt(() => updateSchool(database, actor, detail.id, input as never, today()));
      if (!r.ok)
        return showForm(reply, 400, {
          detail,
          values: formValuesFromBody(body),
          errors: r.errors,
          designationIds,
        });
    } catch (err) {
      if (!(err instanceof StaleEdit)) throw err;
      // Show what changed since the form was opened; keep what the person typed, now against the new version.
      const changes = changedSince(
        parseBase(body),
        comparable(formValuesOf(err.current), giasManaged),
        comparableLabels,
      );
      return showForm(reply, 409, {
        detail: err.current,
        values: formValuesFromBody(body),
        changes,
        errors: [
          {
            field: 'changes',
            message:
              'Someone else changed this school while you were editing it. Check what they changed, then save again',
          },
        ],
      });
    }
    return seeOther(reply, `/schools/${detail.id}?saved=updated`);
  });

  const showMove = async (
    reply: FastifyReply,
    actor: Actor,
    detail: SchoolDetail,
    status: number,
    values: { clusterId: string; startsOn: { day: string; month: string; year: string } },
    errors: FieldError[],
  ) => {
    const clusters = await listClusters(database, actor, today());
    const view = errors.length ? errorView(errors, ['startsOn'], { urn: 'clusterId' }) : noErrors;
    return reply.code(status).page('providers/school-cluster.njk', {
      pageTitle: `Choose a cluster for ${detail.name}`,
      school: detail,
      current: detail.currentMembership
        ? { ...detail.currentMembership, period: describePeriod(detail.currentMembership) }
        : null,
      clusters: [
        { value: '', text: 'Choose a cluster' },
        ...clusters
          .filter((c) => c.id !== detail.currentMembership?.clusterId)
          .map((c) => ({ value: c.id, text: c.name, selected: c.id === values.clusterId })),
      ],
      startsOnItems: dateItems('startsOn', values.startsOn, Boolean(view.fieldError('startsOn'))),
      ...view,
    });
  };

  app.get('/schools/:id/cluster', { config: { access: 'providers:write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const detail = await getSchool(database, actor, (request.params as { id: string }).id, today());
    return showMove(reply, actor, detail, 200, { clusterId: '', startsOn: dateParts(today()) }, []);
  });

  app.post('/schools/:id/cluster', { config: { access: 'providers:write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const detail = await getSchool(database, actor, (request.params as { id: string }).id, today());
    const body = (request.body ?? {}) as FormBody;
    const clusterId = str(body, 'clusterId');
    const values = { clusterId, startsOn: postedDateParts(body, 'startsOn') };
    if (!clusterId)
      return showMove(reply, actor, detail, 400, values, [
        { field: 'clusterId', message: 'Choose a cluster' },
      ]);
    const r = await attempt(() =>
      addClusterMember(database, actor, clusterId, {
        establishmentId: detail.id,
        startsOn: dateField(body, 'startsOn', undefined) as string,
        move: true,
      }),
    );
    if (!r.ok) return showMove(reply, actor, detail, 400, values, r.errors);
    return seeOther(reply, `/schools/${detail.id}?saved=moved`);
  });
}

/** The school's details as summary list rows. */
export function schoolSummary(d: SchoolDetail) {
  const row = (key: string, value: string | string[] | null | undefined) => {
    const lines = Array.isArray(value) ? value : value ? [value] : [];
    return {
      key: { text: key },
      value: lines.length ? { html: lines.map(escapeHtml).join('<br>') } : { text: 'Not recorded' },
    };
  };
  return [
    row('URN', d.urn ? String(d.urn) : null),
    row('UKPRN', d.ukprn ? String(d.ukprn) : null),
    row('Kind of setting', settingKindLabel(d.settingKind)),
    row('Type of establishment', d.typeName),
    row('Phase of education', d.phase),
    row('Status', [
      statusTag(d.status).text,
      ...(d.closedOn ? [`Closed on ${dateOrBlank(d.closedOn)}`] : []),
    ]),
    row('LA in GIAS', d.giasLaCode),
    row('Address', addressLines(d)),
    row('District', d.district),
    row(
      'Location',
      d.latitude !== null && d.longitude !== null
        ? [`Easting ${d.easting}, northing ${d.northing}`, `Latitude ${d.latitude}, longitude ${d.longitude}`]
        : null,
    ),
    row('Statutory age range', ageRange(d)),
    row('Capacity', d.capacity === null ? null : String(d.capacity)),
    row('Number of pupils', d.pupils === null ? null : String(d.pupils)),
    row(
      'Ofsted rating',
      d.ofstedRating
        ? [ofstedLabel(d.ofstedRating), ...(d.ofstedDate ? [`Inspected ${dateOrBlank(d.ofstedDate)}`] : [])]
        : null,
    ),
    row(
      'SEN unit',
      d.hasSenUnit ? `Yes${d.senUnitCapacity !== null ? `, ${d.senUnitCapacity} places` : ''}` : 'No',
    ),
    row(
      'Resourced provision',
      d.hasResourcedProvision
        ? `Yes${d.resourcedProvisionCapacity !== null ? `, ${d.resourcedProvisionCapacity} places` : ''}`
        : 'No',
    ),
    ...(d.previousUrns.length ? [row('Previous URNs', d.previousUrns.join(', '))] : []),
  ];
}
