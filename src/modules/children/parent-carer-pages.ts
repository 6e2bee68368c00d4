import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { notFound } from '../../platform/http/problem.ts';
import { parse } from '../../platform/http/validation.ts';
import { childrenContext } from './api.ts';
import { staleFieldProblems } from './domain/changes.ts';
import {
  parentCarerDetails,
  parentCarerEditSchema,
  parentCarerFieldLabels,
  parentCarerSchema,
} from './domain/parent-carer.ts';
import type { FieldProblem } from './domain/problems.ts';
import {
  type FormValues,
  formValues,
  mergeAfterStaleEditFields,
  mergeProblems,
  parentCarerFormFromDetails,
  parentCarerFormNames,
  parentCarerInputFromForm,
} from './forms.ts';
import { addParentCarer, childName, editParentCarer, getParentCarer } from './parent-carers.ts';
import { contactMethodItems, errorsForPage, paramId, relationshipItems, yesNoItems } from './presenters.ts';

const noSuchParentCarer = () => notFound('There is no such parent or carer for this child.');

/** Pages to add and change a child's parents and carers. */
export async function parentCarerPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const ctx = (request: FastifyRequest) => childrenContext(request, deps.database, deps.clock);

  function showForm(
    reply: FastifyReply,
    status: number,
    form: {
      child: { id: string; forename: string; surname: string };
      personId?: string;
      values: FormValues;
      errors: FieldProblem[];
      summary?: FieldProblem[];
    },
  ) {
    const childName = `${form.child.forename} ${form.child.surname}`;
    const v = form.values;
    return reply.code(status).page('children/parent-carer-form.njk', {
      pageTitle: form.personId ? 'Change a parent or carer' : 'Add a parent or carer',
      childName,
      action: form.personId
        ? `/children/${form.child.id}/parents/${form.personId}/edit`
        : `/children/${form.child.id}/parents/new`,
      backLink: `/children/${form.child.id}`,
      editing: !!form.personId,
      values: v,
      errors: errorsForPage(form.summary ?? form.errors).errors,
      fieldError: errorsForPage(form.errors).fieldError,
      relationshipItems: relationshipItems(v.relationship ?? ''),
      contactMethodItems: contactMethodItems(v.preferredContact ?? ''),
      yesNo: (field: string) => yesNoItems(v[field] ?? ''),
    });
  }

  app.get('/children/:id/parents/new', { config: { access: 'children:write' } }, async (request, reply) => {
    const child = await childName(ctx(request), paramId(request), 'add parent or carer');
    return showForm(reply, 200, { child, values: { preferredLanguage: 'English' }, errors: [] });
  });

  // The child's name is read (and audited) only to show the form again; a saved form names no one.
  app.post('/children/:id/parents/new', { config: { access: 'children:write' } }, async (request, reply) => {
    const context = ctx(request);
    const childId = paramId(request);
    const values = formValues(request.body, parentCarerFormNames);
    const parsed = parse(parentCarerSchema, parentCarerInputFromForm(values));
    if (!parsed.ok)
      return showForm(reply, 400, {
        child: await childName(context, childId, 'add parent or carer'),
        values,
        errors: mergeProblems([], parsed.errors, parentCarerFormNames),
      });
    await addParentCarer(context, childId, parentCarerDetails(parsed.data));
    return reply.redirect(`/children/${childId}?saved=parentAdded`, 303);
  });

  app.get(
    '/children/:id/parents/:personId/edit',
    { config: { access: 'children:write' } },
    async (request, reply) => {
      const found = await getParentCarer(ctx(request), paramId(request), paramId(request, 'personId'));
      if (!found) throw noSuchParentCarer();
      return showForm(reply, 200, {
        child: found.child,
        personId: found.parentCarer.id,
        values: parentCarerFormFromDetails(found.parentCarer, found.parentCarer.version),
        errors: [],
      });
    },
  );

  app.post(
    '/children/:id/parents/:personId/edit',
    { config: { access: 'children:write' } },
    async (request, reply) => {
      const context = ctx(request);
      const childId = paramId(request);
      const personId = paramId(request, 'personId');
      const values = formValues(request.body, parentCarerFormNames);
      const parsed = parse(parentCarerEditSchema, parentCarerInputFromForm(values));
      if (!parsed.ok)
        return showForm(reply, 400, {
          child: await childName(context, childId, 'change parent or carer'),
          personId,
          values,
          errors: mergeProblems([], parsed.errors, parentCarerFormNames),
        });
      const { version, ...details } = parsed.data;
      const result = await editParentCarer(context, childId, personId, version, parentCarerDetails(details));
      if (!result) throw noSuchParentCarer();
      if (result.ok) return reply.redirect(`/children/${childId}?saved=parentChanged`, 303);
      const current = parentCarerFormFromDetails(result.current, result.current.version);
      return showForm(reply, 409, {
        child: result.child,
        personId,
        values: {
          ...mergeAfterStaleEditFields(values, current, result.changedFields),
          version: current.version ?? '',
        },
        errors: staleFieldProblems(result.changedFields, parentCarerFieldLabels, version),
        summary: [{ field: result.changedFields[0] ?? 'forename', message: result.message }],
      });
    },
  );
}
