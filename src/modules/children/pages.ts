import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type SharedRead, sharedRead } from '../../platform/audit/index.ts';
import { can } from '../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat } from '../../platform/exports/index.ts';
import { parse } from '../../platform/http/validation.ts';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { childrenContext } from './api.ts';
import { decisionsSummary } from './capacity-pages.ts';
import { staleFieldProblems } from './domain/changes.ts';
import { childFieldLabels, childPatchSchema, newChildSchema } from './domain/child-input.ts';
import type { FieldProblem } from './domain/problems.ts';
import { interpretSearchText } from './domain/search.ts';
import { rankNames } from './domain/sen-needs.ts';
import { sendChildrenExport } from './export.ts';
import {
  childFormAfterStaleEdit,
  childFormFromDetails,
  childFormNames,
  childInputFromForm,
  childPageFieldId,
  type FormValues,
  formValues,
  mergeProblems,
  senNeedSlots,
} from './forms.ts';
import {
  childListRow,
  childSummaryRows,
  errorsForPage,
  ethnicityOptions,
  pagination,
  paramId,
  parentCarerCard,
  senNeedRows,
  senTypeOptions,
  settingRows,
  sexItems,
  upnUnknownReasonOptions,
} from './presenters.ts';
import { createChild, editChild, getChild, searchChildren } from './service.ts';

const pageSize = 20;

const flashes: Record<string, string> = {
  added: 'The child has been added',
  changed: "The child's details have been saved",
  parentAdded: 'The parent or carer has been added',
  decisions: 'Who makes decisions has been saved',
  parentChanged: "The parent or carer's details have been saved",
  'transferred-out': 'The move to another LA has been recorded: the plan has ended here',
};

export async function childrenPages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => childrenContext(request, deps.database, deps.clock);
  /** Other modules' parts of the record (EHC requests and plans…), each read and audited by its module. */
  const panelsOf = async (request: FastifyRequest, childId: string, shared: SharedRead) => {
    const shown: Panel[] = [];
    for (const panel of deps.panels.childRecord) {
      const p = await panel(request, childId, shared);
      if (p) shown.push(p);
    }
    return shown;
  };
  const canWrite = (request: FastifyRequest) => can(request.principal?.roles ?? [], 'children:write');

  app.get('/children', { config: { access: 'children:read' } }, async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const q = typeof raw.q === 'string' ? raw.q.slice(0, 100) : '';
    const page = Math.min(500, Math.max(1, Number.parseInt(String(raw.page ?? '1'), 10) || 1));
    const format = requestedFormat(raw);
    const text = interpretSearchText(q);
    const common = { pageTitle: 'Children', q, canWrite: canWrite(request) };
    if (text.kind === 'problem')
      return reply.code(400).page('children/search.njk', {
        ...common,
        rows: [],
        ...errorsForPage([{ field: 'q', message: text.message }]),
      });
    const criteria = {
      name: text.kind === 'name' ? text.name : undefined,
      upn: text.kind === 'upn' ? text.upn : undefined,
      dateOfBirth: text.kind === 'dateOfBirth' ? text.dateOfBirth : undefined,
    };
    if (format) return sendChildrenExport(reply, ctx(request), criteria, format);
    const result = await searchChildren(ctx(request), {
      ...criteria,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const hrefFor = (p: number) =>
      `/children?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
    return reply.page('children/search.njk', {
      ...common,
      searched: text.kind !== 'all',
      tableName: text.kind === 'all' ? 'children you can see' : `children matching “${q}”`,
      rows: result.items.map(childListRow),
      total: result.total,
      from: result.offset + 1,
      to: result.offset + result.items.length,
      pagination: pagination(result.total, page, pageSize, hrefFor),
      downloads: downloadLinks(request.url),
      ...errorsForPage([]),
    });
  });

  function showChildForm(
    reply: FastifyReply,
    status: number,
    form: {
      childId?: string;
      name?: string;
      values: FormValues;
      errors: FieldProblem[];
      summary?: FieldProblem[];
    },
  ) {
    const slots = senNeedSlots(
      Object.keys(form.values).filter((k) => /^senNeed\d$/.test(k) && form.values[k]).length,
    );
    const { fieldError } = errorsForPage(form.errors);
    return reply.code(status).page('children/form.njk', {
      pageTitle: form.childId ? `Change ${form.name}'s details` : 'Add a child',
      action: form.childId ? `/children/${form.childId}/edit` : '/children/new',
      backLink: form.childId ? `/children/${form.childId}` : '/children',
      editing: !!form.childId,
      values: form.values,
      errors: errorsForPage(form.summary ?? form.errors, childPageFieldId).errors,
      fieldError,
      sexItems: sexItems(form.values.sex ?? ''),
      ethnicityOptions: ethnicityOptions(form.values.ethnicity ?? ''),
      upnUnknownReasonOptions: upnUnknownReasonOptions(form.values.upnUnknownReason ?? ''),
      senNeeds: Array.from({ length: slots }, (_, i) => ({
        id: `senNeed${i + 1}`,
        label: rankNames[i],
        field: `senNeeds.${i}`,
        options: senTypeOptions(form.values[`senNeed${i + 1}`] ?? ''),
      })),
    });
  }

  app.get('/children/new', { config: { access: 'children:write' } }, async (_request, reply) =>
    showChildForm(reply, 200, { values: {}, errors: [] }),
  );

  app.post('/children/new', { config: { access: 'children:write' } }, async (request, reply) => {
    const values = formValues(request.body, childFormNames);
    const { input, problems } = childInputFromForm(values);
    const parsed = parse(newChildSchema, input);
    const errors = mergeProblems(problems, parsed.ok ? [] : parsed.errors);
    if (!parsed.ok || errors.length) return showChildForm(reply, 400, { values, errors });
    const result = await createChild(ctx(request), parsed.data);
    if (!result.ok)
      return showChildForm(reply, 400, { values, errors: result.kind === 'stale' ? [] : result.errors });
    return reply.redirect(`/children/${result.child.id}?saved=added`, 303);
  });

  app.get('/children/:id', { config: { access: 'children:read' } }, async (request, reply) => {
    const context = ctx(request);
    const { record, panels } = await sharedRead(deps.database.db, context, async (shared) => {
      const record = await getChild({ ...context, shared }, paramId(request));
      return { record, panels: await panelsOf(request, record.id, shared) };
    });
    const write = canWrite(request);
    const saved = (request.query as { saved?: string }).saved;
    const name = `${record.details.forename} ${record.details.surname}`;
    return reply.page('children/child.njk', {
      pageTitle: name,
      name,
      child: record,
      canWrite: write,
      flash: saved ? flashes[saved] : undefined,
      detailRows: childSummaryRows(record, write, context.today),
      needRows: senNeedRows(record, write),
      settingRows: settingRows(record),
      parentCarerCards: record.parentCarers.map((p) => parentCarerCard(record.id, p, write)),
      decisionsText: decisionsSummary(record.details.forename, record.decisions, record.decisions.actingName),
      panels,
    });
  });

  app.get('/children/:id/edit', { config: { access: 'children:write' } }, async (request, reply) => {
    const record = await getChild(ctx(request), paramId(request), 'edit');
    return showChildForm(reply, 200, {
      childId: record.id,
      name: `${record.details.forename} ${record.details.surname}`,
      values: childFormFromDetails(record.details, record.version),
      errors: [],
    });
  });

  app.post('/children/:id/edit', { config: { access: 'children:write' } }, async (request, reply) => {
    const id = paramId(request);
    const values = formValues(request.body, childFormNames);
    const { input, problems } = childInputFromForm(values);
    // The page shows every field, so every field is checked as for a new record; the API may send just some.
    const parsed = parse(newChildSchema, input);
    const version = parse(childPatchSchema.pick({ version: true }), { version: Number(values.version) });
    const errors = mergeProblems(problems, [
      ...(parsed.ok ? [] : parsed.errors),
      ...(version.ok ? [] : version.errors),
    ]);
    const name = `${values.forename ?? ''} ${values.surname ?? ''}`.trim();
    if (!parsed.ok || !version.ok || errors.length)
      return showChildForm(reply, 400, { childId: id, name, values, errors });
    const result = await editChild(ctx(request), id, { ...parsed.data, version: version.data.version });
    if (result.ok) return reply.redirect(`/children/${id}?saved=changed`, 303);
    if (result.kind !== 'stale')
      return showChildForm(reply, 400, { childId: id, name, values, errors: result.errors });
    const current = childFormFromDetails(result.child.details, result.child.version);
    const first = result.changedFields[0] ?? 'forename';
    return showChildForm(reply, 409, {
      childId: id,
      name: `${result.child.details.forename} ${result.child.details.surname}`,
      values: {
        ...childFormAfterStaleEdit(values, current, result.changedFields),
        version: current.version ?? '',
      },
      errors: staleFieldProblems(result.changedFields, childFieldLabels, version.data.version),
      summary: [{ field: first, message: result.message }],
    });
  });
}
