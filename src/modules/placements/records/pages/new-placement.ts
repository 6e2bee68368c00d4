import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormValues } from '../../../../platform/http/forms.ts';
import { type FieldError, notFound } from '../../../../platform/http/problem.ts';
import { parse } from '../../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../../platform/module.ts';
import type { ChildIdentity } from '../../../children/index.ts';
import { placementsContext } from '../../context.ts';
import { newPlacementSchema } from '../../domain/placement-input.ts';
import { basisLabels, isPlacementType, pageErrors, placeFundingText, typeItems } from '../presenters.ts';
import { childForPlacement, createPlacement, settingForUrn } from '../service.ts';
import { postedValues, refusalOf } from './common.ts';
import {
  mergeProblems,
  newPlacementField,
  newPlacementFromForm,
  newPlacementHref,
  newPlacementNames,
  newPlacementOrder,
} from './forms.ts';

/**
 * Adding a placement: the child (from their record, or found by UPN), the setting (by URN on the
 * register, or a provider without one), the type, dates, attendance and basis, and the usual
 * place funding for the type if wanted. Then the placement's own page.
 */

const upnPattern = /^[A-Z][0-9]{11}[0-9A-Z]$/;

const radios = (labels: Record<string, string>, checked: string | undefined) =>
  Object.entries(labels).map(([value, text]) => ({ value, text, checked: value === checked }));

export async function newPlacementPages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => placementsContext(request, deps.database, deps.clock);

  const findChild = (reply: FastifyReply, status: number, upn: string, problems: FieldError[]) =>
    reply.code(status).page('placements/find-child.njk', {
      pageTitle: 'Add a placement',
      upn,
      ...pageErrors(problems, String),
    });

  function form(
    reply: FastifyReply,
    status: number,
    child: ChildIdentity,
    values: FormValues,
    problems: FieldError[],
  ) {
    const type = values.type ?? '';
    return reply.code(status).page('placements/new.njk', {
      pageTitle: 'Add a placement',
      child: {
        id: child.id,
        name: `${child.forename} ${child.surname}`,
        dateOfBirth: child.dateOfBirth,
        upn: child.upn,
      },
      values,
      ...pageErrors(problems, newPlacementHref),
      settingKindItems: radios(
        {
          register: 'On the register of schools and settings (it has a URN)',
          other: 'A provider without a URN',
        },
        values.settingKind,
      ),
      typeItems: typeItems(type),
      attendanceItems: radios(
        { full: 'Full time', days: 'Some days a week', fte: 'A share of full time (FTE)' },
        values.attendance,
      ),
      basisItems: radios(basisLabels, values.basis),
      placeFunding: {
        checked: values.placeFunding === 'yes',
        hint: isPlacementType(type)
          ? `${placeFundingText(type)}, from the start date.`
          : 'The usual place funding for each type is shown under it above. It is added from the start date.',
      },
    });
  }

  app.get('/placements/new', { config: { access: 'placements:write' } }, async (request, reply) => {
    const q = request.query as { childId?: unknown; upn?: unknown };
    const c = ctx(request);
    if (typeof q.childId === 'string') {
      const child = await childForPlacement(c, { childId: q.childId });
      if (!child) throw notFound('There is no child with this ID in your LA.');
      return form(reply, 200, child, { childId: child.id, attendance: 'full' }, []);
    }
    if (typeof q.upn !== 'string') return findChild(reply, 200, '', []);
    const upn = q.upn.trim().toUpperCase().slice(0, 50);
    if (!upn) return findChild(reply, 400, upn, [{ field: 'upn', message: 'Enter the child’s UPN' }]);
    if (!upnPattern.test(upn))
      return findChild(reply, 400, upn, [
        { field: 'upn', message: 'UPN must be 13 characters: a letter, 11 digits, then a digit or letter' },
      ]);
    const child = await childForPlacement(c, { upn });
    if (!child)
      return findChild(reply, 400, upn, [
        { field: 'upn', message: `There is no child with UPN ${upn} in your LA` },
      ]);
    return form(reply, 200, child, { childId: child.id, attendance: 'full' }, []);
  });

  app.post('/placements/new', { config: { access: 'placements:write' } }, async (request, reply) => {
    const c = ctx(request);
    const values = postedValues(request.body, newPlacementNames);
    const child = await childForPlacement(c, { childId: values.childId ?? '' });
    if (!child) throw notFound('There is no child with this ID in your LA.');
    const { input, urn, problems } = newPlacementFromForm(values);
    if (urn !== null) {
      const setting = await settingForUrn(c, urn);
      if (setting) input.establishmentId = setting.id;
      else
        problems.push({
          field: 'urn',
          message: `There is no school or setting with URN ${urn} on the register: check the URN, or choose a provider without a URN and give its name`,
        });
    }
    const parsed = parse(newPlacementSchema, input);
    const toPage = (errors: readonly FieldError[]) =>
      errors.map((e) => ({ ...e, field: newPlacementField(e.field, values) }));
    const errors = mergeProblems(problems, parsed.ok ? [] : toPage(parsed.errors), newPlacementOrder);
    if (!parsed.ok || errors.length) return form(reply, 400, child, values, errors);
    try {
      const placement = await createPlacement(c, parsed.data);
      return reply.redirect(`/placements/${placement.id}?saved=added`, 303);
    } catch (err) {
      const refused = refusalOf(err, 'child');
      if (!refused) throw err;
      const status = (err as { status: number }).status === 409 ? 409 : 400;
      return form(reply, status, child, values, mergeProblems([], toPage(refused), newPlacementOrder));
    }
  });
}
