import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { dateFromParts } from '../../platform/http/forms.ts';
import { parse } from '../../platform/http/validation.ts';
import { childrenContext } from './api.ts';
import { type Decisions, decisionsOf, recordCapacity } from './capacity.ts';
import { longDate } from './domain/dates.ts';
import { actingAsLabels, actingAsValues, capacitySchema } from './domain/decisions.ts';
import type { FieldProblem } from './domain/problems.ts';
import { type FormValues, formValues } from './forms.ts';
import { errorsForPage, paramId } from './presenters.ts';

/** Who makes decisions for a young person, and recording that one lacks capacity to. */

const names = [
  'lacksCapacity',
  'assessedOn-day',
  'assessedOn-month',
  'assessedOn-year',
  'actingPersonId',
  'actingAs',
  'notes',
  'version',
];
const pageOrder = ['lacksCapacity', 'assessedOn', 'actingPersonId', 'actingAs', 'notes', 'version'];

/** "Until 26 June 2026 … from 27 June 2026 …": who decides, in words, for the child's record. */
export function decisionsSummary(
  forename: string,
  d: Pick<Decisions, 'compulsorySchoolAgeEnds' | 'passesToYoungPersonOn' | 'capacity'>,
  actingName: string | null,
): string {
  const until = `Until ${longDate(d.compulsorySchoolAgeEnds)}, the end of compulsory school age, ${forename}'s parent makes decisions about their special educational needs.`;
  const from =
    d.capacity?.lacksCapacity && actingName
      ? `From ${longDate(d.passesToYoungPersonOn)}, ${actingName} acts for ${forename}, who lacks capacity to make these decisions (assessed ${longDate(d.capacity.assessedOn)}), and letters go to ${actingName}.`
      : `From ${longDate(d.passesToYoungPersonOn)}, ${forename} makes them, and letters go to ${forename}.`;
  return `${until} ${from}`;
}

export async function capacityPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const ctx = (request: FastifyRequest) => childrenContext(request, deps.database, deps.clock);

  function show(
    reply: FastifyReply,
    status: number,
    d: Decisions,
    values: FormValues,
    errors: FieldProblem[],
  ) {
    const sorted = [...errors].sort((a, b) => pageOrder.indexOf(a.field) - pageOrder.indexOf(b.field));
    const page = errorsForPage(sorted, (f) =>
      f === 'assessedOn' ? 'assessedOn-day' : f === 'lacksCapacity' ? 'lacksCapacity' : f,
    );
    return reply.code(status).page('children/decisions.njk', {
      pageTitle: 'Decisions and capacity',
      name: `${d.child.forename} ${d.child.surname}`,
      d,
      summary: decisionsSummary(
        d.child.forename,
        d,
        d.people.find((p) => p.id === d.capacity?.actingPersonId)?.name ?? null,
      ),
      values,
      errors: page.errors,
      fieldError: page.fieldError,
      lacksItems: [
        {
          value: 'yes',
          text: 'Yes, they lack capacity to make these decisions',
          checked: values.lacksCapacity === 'yes',
        },
        {
          value: 'no',
          text: 'No, they can make their own decisions',
          checked: values.lacksCapacity === 'no',
        },
      ],
      peopleItems: [
        { value: '', text: 'Choose the person' },
        ...d.people.map((p) => ({
          value: p.id,
          text: `${p.name} (${p.relationship.replace('_', ' ')})`,
          selected: p.id === values.actingPersonId,
        })),
      ],
      actingAsItems: actingAsValues.map((value) => ({
        value,
        text: actingAsLabels[value],
        checked: values.actingAs === value,
      })),
      canWrite: can(reply.request.principal?.roles ?? [], 'children:write'),
    });
  }

  app.get('/children/:id/decisions', { config: { access: 'children:read' } }, async (request, reply) => {
    const d = await decisionsOf(ctx(request), paramId(request));
    const c = d.capacity;
    const [y = '', m = '', day = ''] = (c?.assessedOn ?? '').split('-');
    return show(
      reply,
      200,
      d,
      {
        lacksCapacity: c ? (c.lacksCapacity ? 'yes' : 'no') : '',
        'assessedOn-day': day ? String(Number(day)) : '',
        'assessedOn-month': m ? String(Number(m)) : '',
        'assessedOn-year': y,
        actingPersonId: c?.actingPersonId ?? '',
        actingAs: c?.actingAs ?? '',
        notes: c?.notes ?? '',
        version: String(c?.version ?? 0),
      },
      [],
    );
  });

  app.post('/children/:id/decisions', { config: { access: 'children:write' } }, async (request, reply) => {
    const context = ctx(request);
    const values = formValues(request.body, names);
    const date = dateFromParts(
      'The date capacity was assessed',
      values['assessedOn-day'] ?? '',
      values['assessedOn-month'] ?? '',
      values['assessedOn-year'] ?? '',
    );
    const parsed = parse(capacitySchema, {
      lacksCapacity:
        values.lacksCapacity === 'yes' ? true : values.lacksCapacity === 'no' ? false : undefined,
      assessedOn: date.ok ? date.value : undefined,
      actingPersonId: values.actingPersonId || null,
      actingAs: values.actingAs || null,
      notes: values.notes,
      version: Number.parseInt(values.version ?? '0', 10) || 0,
    });
    const d = () => decisionsOf(context, paramId(request));
    const problems = [
      ...(date.ok ? [] : [{ field: 'assessedOn', message: date.message }]),
      ...(parsed.ok ? [] : parsed.errors.filter((e) => !(e.field === 'assessedOn' && !date.ok))),
    ];
    if (!parsed.ok || problems.length) return show(reply, 400, await d(), values, problems);
    const result = await recordCapacity(context, paramId(request), parsed.data);
    if (!result.ok) return show(reply, result.status === 409 ? 409 : 400, await d(), values, result.errors);
    return reply.redirect(`/children/${paramId(request)}?saved=decisions`, 303);
  });
}
