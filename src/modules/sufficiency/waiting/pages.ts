import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { dateFromParts, formValues } from '../../../platform/http/forms.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary, firstPerField, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { senTypeLabels, senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type SufficiencyContext, sufficiencyContext } from '../context.ts';
import { needLabel, phaseLabels } from '../places/presenters.ts';
import { medianDays } from './domain/waits.ts';
import { endWaitSchema, newWaitSchema, waitPhases, waitProvisions } from './schemas.ts';
import { addWait, endWait, type ListedWait, listWaits, noSuchWait } from './service.ts';

/** The waiting list for specialist places: the list, adding a child, and ending a wait. */

/** The list as it downloads: it names every child, so the export's audit event names them all. */
const waitsTable: ExportTable<ListedWait> = {
  fileStem: 'waiting-for-a-specialist-place',
  sheetTitle: 'Waiting',
  columns: [
    { heading: 'Child', kind: 'text', width: 30, value: (w) => w.name },
    { heading: 'UPN', kind: 'text', width: 16, value: (w) => w.upn },
    { heading: 'Primary need of the place', kind: 'text', width: 36, value: (w) => needLabel(w.senType) },
    { heading: 'Phase', kind: 'text', value: (w) => phaseLabels[w.phase] },
    { heading: 'Provision', kind: 'text', width: 28, value: (w) => waitProvisionLabels[w.provision] },
    { heading: 'Waiting since', kind: 'date', value: (w) => w.waitingSince },
    { heading: 'Needed from', kind: 'date', value: (w) => w.neededFrom },
    { heading: 'Days waiting', kind: 'integer', value: (w) => w.daysWaiting },
    { heading: 'Days late', kind: 'integer', value: (w) => w.daysLate },
  ],
  childIdsOf: (w) => [w.childId],
};

export const waitProvisionLabels: Record<(typeof waitProvisions)[number], string> = {
  special_school: 'Special school',
  resourced_provision: 'Resourced provision (SRB)',
  sen_unit: 'SEN unit',
  any: 'Any specialist place',
};

const n = (x: number) => x.toLocaleString('en-GB');
const dateNames = ['waitingSince', 'neededFrom', 'endedOn'] as const;
const addFields = ['upn', 'provision', 'senType', 'phase', 'note'] as const;

function datesOf(body: unknown, names: readonly string[]) {
  const b = (body ?? {}) as Record<string, unknown>;
  const t = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).slice(0, 10) : '');
  return Object.fromEntries(
    names.map((name) => [
      name,
      { day: t(`${name}-day`), month: t(`${name}-month`), year: t(`${name}-year`) },
    ]),
  ) as Record<string, { day: string; month: string; year: string }>;
}

/** A form's dates read from their boxes: each as ISO text, or its message. */
function readDates(
  parts: Record<string, { day: string; month: string; year: string }>,
  labels: Record<string, string>,
) {
  const values: Record<string, string | undefined> = {};
  const errors: FieldError[] = [];
  for (const [name, p] of Object.entries(parts)) {
    const r = dateFromParts(labels[name] ?? name, p.day, p.month, p.year);
    if (r.ok) values[name] = r.value;
    else errors.push({ field: name, message: r.message });
  }
  return { values, errors };
}

/** Date errors lead to their day box. */
const summary = (errors: FieldError[]) =>
  errorSummary(
    errors.map((e) =>
      (dateNames as readonly string[]).includes(e.field) ? { ...e, field: `${e.field}-day` } : e,
    ),
  );

const problemsOf = (err: unknown): FieldError[] | null =>
  err instanceof HttpProblem && err.status === 422 ? err.errors : null;

export function waitRows(waits: readonly ListedWait[]) {
  return waits.map((w) => [
    { html: `<a class="govuk-link" href="/children/${w.childId}">${escapeHtml(w.name)}</a>` },
    { text: needLabel(w.senType) },
    { text: phaseLabels[w.phase] },
    { text: waitProvisionLabels[w.provision] },
    { text: longDate(w.waitingSince) },
    {
      html: `${longDate(w.neededFrom)}${w.daysLate ? ` <strong class="govuk-tag govuk-tag--red">${n(w.daysLate)} ${w.daysLate === 1 ? 'day' : 'days'} late</strong>` : ''}`,
    },
    { text: n(w.daysWaiting), format: 'numeric' },
    {
      html: `<a class="govuk-link" href="/sufficiency/waiting/${w.id}/end">End<span class="govuk-visually-hidden"> ${escapeHtml(w.name)}’s wait</span></a>`,
    },
  ]);
}

export async function waitingPages(app: FastifyInstance, deps: ModuleDeps) {
  const access = { config: { access: 'sufficiency:children' as const } };
  const context = (request: FastifyRequest) => sufficiencyContext(request, deps.database, deps.clock);

  app.get('/sufficiency/waiting', access, async (request, reply) => {
    const ctx = context(request);
    const format = requestedFormat(request.query);
    const waits = await listWaits(ctx, format ? 'export' : 'page');
    if (format)
      return sendExport(reply, {
        format,
        today: ctx.today,
        table: waitsTable,
        pages: async () => ({ rows: waits }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'sufficiency.waiting.exported',
          entityType: 'place_wait',
          filters: {},
        },
      });
    const late = waits.filter((w) => w.daysLate > 0).length;
    const done = (request.query as { done?: string } | undefined)?.done;
    return reply.page('sufficiency/waiting.njk', {
      pageTitle: 'Waiting for a specialist place',
      flash:
        done === 'added'
          ? 'The child was added to the waiting list'
          : done === 'ended'
            ? 'The wait was ended'
            : undefined,
      waits,
      rows: waitRows(waits),
      late,
      median: medianDays(waits.map((w) => w.daysWaiting)),
      todayText: longDate(ctx.today),
      downloads: downloadLinks('/sufficiency/waiting'),
    });
  });

  function showAdd(
    reply: FastifyReply,
    ctx: SufficiencyContext,
    status: number,
    body: unknown,
    errors: FieldError[],
  ) {
    const v = formValues(body, addFields);
    const dates = datesOf(body, ['waitingSince', 'neededFrom']);
    return reply.code(status).page('sufficiency/wait-form.njk', {
      pageTitle: 'Add a child to the waiting list',
      v,
      dates,
      provisionItems: waitProvisions.map((value) => ({
        value,
        text: waitProvisionLabels[value],
        checked: v.provision === value,
      })),
      phaseItems: waitPhases.map((value) => ({
        value,
        text: phaseLabels[value],
        checked: v.phase === value,
      })),
      needItems: [
        { value: '', text: 'Choose the type of need' },
        ...senTypes.map((value) => ({
          value,
          text: `${senTypeLabels[value]} (${value})`,
          selected: v.senType === value,
        })),
      ],
      today: longDate(ctx.today),
      errors: summary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/sufficiency/waiting/new', access, async (request, reply) =>
    showAdd(reply, context(request), 200, {}, []),
  );
  app.post('/sufficiency/waiting/new', access, async (request, reply) => {
    const ctx = context(request);
    const v = formValues(request.body, addFields);
    const dates = readDates(datesOf(request.body, ['waitingSince', 'neededFrom']), {
      waitingSince: 'Waiting since',
      neededFrom: 'Needed from',
    });
    const input = {
      upn: v.upn,
      provision: v.provision || undefined,
      senType: v.senType || undefined,
      phase: v.phase || undefined,
      ...dates.values,
      note: v.note,
    };
    const parsed = parse(newWaitSchema, input);
    const errors = firstPerField([...dates.errors, ...(parsed.ok ? [] : parsed.errors)]);
    if (errors.length) return showAdd(reply, ctx, 400, request.body, errors);
    try {
      await addWait(ctx, input);
    } catch (err) {
      const problems = problemsOf(err);
      if (problems) return showAdd(reply, ctx, 400, request.body, problems);
      throw err;
    }
    return reply.redirect('/sufficiency/waiting?done=added', 303);
  });

  async function showEnd(
    reply: FastifyReply,
    ctx: SufficiencyContext,
    id: string,
    status: number,
    body: unknown,
    errors: FieldError[],
  ) {
    const wait = (await listWaits(ctx, 'page')).find((w) => w.id === id);
    if (!wait) throw noSuchWait();
    const v = formValues(body, ['outcome']);
    return reply.code(status).page('sufficiency/wait-end.njk', {
      pageTitle: `End ${wait.name}’s wait`,
      wait,
      v,
      dates: datesOf(body, ['endedOn']),
      errors: summary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/sufficiency/waiting/:id/end', access, async (request, reply) =>
    showEnd(reply, context(request), (request.params as { id: string }).id, 200, {}, []),
  );
  app.post('/sufficiency/waiting/:id/end', access, async (request, reply) => {
    const ctx = context(request);
    const id = (request.params as { id: string }).id;
    const v = formValues(request.body, ['outcome', 'version']);
    const dates = readDates(datesOf(request.body, ['endedOn']), { endedOn: 'The date it ended' });
    const input = {
      outcome: v.outcome || undefined,
      endedOn: dates.values.endedOn,
      version: Number(v.version),
    };
    const parsed = parse(endWaitSchema, input);
    const errors = firstPerField([...dates.errors, ...(parsed.ok ? [] : parsed.errors)]);
    if (errors.length) return showEnd(reply, ctx, id, 400, request.body, errors);
    try {
      await endWait(ctx, id, input);
    } catch (err) {
      const problems = problemsOf(err);
      if (problems) return showEnd(reply, ctx, id, 400, request.body, problems);
      throw err;
    }
    return reply.redirect('/sufficiency/waiting?done=ended', 303);
  });
}
