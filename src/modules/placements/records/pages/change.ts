import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { parse } from '../../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../../platform/module.ts';
import { type PlacementsContext, placementsContext } from '../../context.ts';
import { placementChangeSchema } from '../../domain/placement-input.ts';
import { childNameOf, pageErrors, placementFacts } from '../presenters.ts';
import { changePlacement, deletePlacement, getPlacement } from '../service.ts';
import { placementIdOf, postedValues, refusalOf } from './common.ts';
import {
  changeField,
  changeFromForm,
  changeHref,
  changeNames,
  changeOrder,
  changeValues,
  mergeProblems,
  versionFrom,
} from './forms.ts';

/** Changing a placement's dates and attendance (ending it is giving its end date), and removing one entered in error. */

const statusOf = (err: unknown) => ((err as { status?: number }).status === 409 ? 409 : 400);

export async function changePages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => placementsContext(request, deps.database, deps.clock);

  /**
   * The form, with the placement as it is now beside it. After someone else's change the form
   * carries the version now, so the person can send it again once they have looked.
   */
  async function changeForm(
    reply: FastifyReply,
    c: PlacementsContext,
    id: string,
    form: { status: number; values?: FormValues; problems: FieldError[] },
  ) {
    const p = await getPlacement(c, id);
    const stale = form.problems.some((e) => e.field === 'placement');
    const values = form.values ?? changeValues(p);
    return reply.code(form.status).page('placements/change.njk', {
      pageTitle: 'Change the placement’s dates and attendance',
      placement: { id: p.id, childName: childNameOf(p), settingName: p.setting.name },
      version: stale || !form.values ? p.version : values.version,
      facts: placementFacts(p),
      values,
      ...pageErrors(form.problems, changeHref),
    });
  }

  app.get('/placements/:id/change', { config: { access: 'placements:write' } }, async (request, reply) =>
    changeForm(reply, ctx(request), placementIdOf(request), { status: 200, problems: [] }),
  );

  app.post('/placements/:id/change', { config: { access: 'placements:write' } }, async (request, reply) => {
    const c = ctx(request);
    const id = placementIdOf(request);
    const values = postedValues(request.body, changeNames);
    const { input, problems } = changeFromForm(values);
    const parsed = parse(placementChangeSchema, input);
    const toPage = (errors: readonly FieldError[]) =>
      errors.map((e) => ({ ...e, field: changeField(e.field, values) }));
    const errors = mergeProblems(toPage(problems), parsed.ok ? [] : toPage(parsed.errors), changeOrder);
    if (!parsed.ok || errors.length)
      return changeForm(reply, c, id, { status: 400, values, problems: errors });
    try {
      await changePlacement(c, id, parsed.data);
    } catch (err) {
      const refused = refusalOf(err, 'startOn');
      if (!refused) throw err;
      return changeForm(reply, c, id, {
        status: statusOf(err),
        values,
        problems: mergeProblems([], toPage(refused), changeOrder),
      });
    }
    return reply.redirect(`/placements/${id}?saved=changed`, 303);
  });

  async function deleteForm(
    reply: FastifyReply,
    c: PlacementsContext,
    id: string,
    status: number,
    problems: FieldError[],
  ) {
    const p = await getPlacement(c, id);
    return reply.code(status).page('placements/delete.njk', {
      pageTitle: 'Remove this placement',
      placement: { id: p.id, version: p.version, childName: childNameOf(p), settingName: p.setting.name },
      lines: p.costLines.length,
      facts: placementFacts(p),
      ...pageErrors(problems, String),
    });
  }

  app.get('/placements/:id/delete', { config: { access: 'placements:write' } }, async (request, reply) =>
    deleteForm(reply, ctx(request), placementIdOf(request), 200, []),
  );

  app.post('/placements/:id/delete', { config: { access: 'placements:write' } }, async (request, reply) => {
    const c = ctx(request);
    const id = placementIdOf(request);
    const version = versionFrom(postedValues(request.body, ['version']));
    if ('problem' in version)
      return deleteForm(reply, c, id, 400, [{ ...version.problem, field: 'placement' }]);
    try {
      await deletePlacement(c, id, version.version);
    } catch (err) {
      const refused = refusalOf(err, 'placement');
      if (!refused) throw err;
      return deleteForm(
        reply,
        c,
        id,
        statusOf(err),
        refused.map((e) => ({ ...e, field: 'placement' })),
      );
    }
    return reply.redirect('/placements?saved=deleted', 303);
  });
}
