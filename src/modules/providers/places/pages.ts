import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { senTypeLabels, senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { actorOf } from '../actor.ts';
import { provisionLabels } from '../domain/establishment.ts';
import { dateItems, type FormBody } from '../routes/forms.ts';
import { placePhaseLabels, placePhases } from './domain/places.ts';
import { ordered, type PlaceFormValues, placeFormValues, placeLineFromForm, readPlaceForm } from './form.ts';
import type { StoredPlaceLine } from './repo.ts';
import {
  addPlaceLine,
  changePlaceLine,
  getSettingPlaces,
  noSuchLine,
  removePlaceLine,
  type SettingPlaces,
} from './service.ts';

/** A setting's designated places: adding a line, changing or ending one, and removing one made in error. */

interface Params {
  id: string;
  lineId?: string;
}

function formErrors(err: unknown): FieldError[] | null {
  if (!(err instanceof HttpProblem) || (err.status !== 422 && err.status !== 409)) return null;
  return err.errors.length
    ? ordered(err.errors)
    : [{ field: 'startsOn', message: err.detail ?? 'These places could not be saved' }];
}

export async function placePages(app: FastifyInstance, deps: ModuleDeps) {
  const access = { config: { access: 'providers:write' as const } };
  const params = (request: FastifyRequest) => request.params as Params;

  async function settingAndLine(request: FastifyRequest) {
    const p = params(request);
    const setting = await getSettingPlaces(deps.database, actorOf(request), p.id);
    if (p.lineId === undefined) return { setting, line: null };
    const line = setting.lines.find((l) => l.id === p.lineId);
    if (!line) throw noSuchLine();
    return { setting, line };
  }

  function show(
    reply: FastifyReply,
    status: number,
    setting: SettingPlaces,
    line: StoredPlaceLine | null,
    values: PlaceFormValues,
    errors: FieldError[],
  ) {
    const base = `/schools/${setting.establishment.id}/places`;
    const has = (f: string) => errors.some((e) => e.field === f);
    return reply.code(status).page('providers/place-form.njk', {
      pageTitle: line
        ? `Change places at ${setting.establishment.name}`
        : `Add places at ${setting.establishment.name}`,
      setting: setting.establishment,
      line,
      action: line ? `${base}/${line.id}/edit` : `${base}/new`,
      submitText: line ? 'Save the change' : 'Add these places',
      values,
      provisionItems: Object.entries(provisionLabels).map(([value, text]) => ({
        value,
        text,
        checked: values.provision === value,
      })),
      phaseItems: placePhases.map((value) => ({
        value,
        text: placePhaseLabels[value],
        checked: values.phase === value,
      })),
      needItems: [
        { value: '', text: 'Choose the type of need' },
        ...senTypes.map((value) => ({
          value,
          text: `${senTypeLabels[value]} (${value})`,
          selected: values.senType === value,
        })),
      ],
      startsOnItems: dateItems('startsOn', values.startsOn, has('startsOn')),
      endsOnItems: dateItems('endsOn', values.endsOn, has('endsOn')),
      // A date's message takes the person to its first box, the day.
      errors: errorSummary(
        errors.map((e) =>
          e.field === 'startsOn' || e.field === 'endsOn' ? { ...e, field: `${e.field}-day` } : e,
        ),
      ),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  async function save(request: FastifyRequest, reply: FastifyReply) {
    const { setting, line } = await settingAndLine(request);
    const body = (request.body ?? {}) as FormBody;
    const values = readPlaceForm(body);
    const read = placeLineFromForm(body);
    if (!read.ok) return show(reply, 400, setting, line, values, read.errors);
    try {
      const actor = actorOf(request);
      if (line)
        await changePlaceLine(deps.database, actor, setting.establishment.id, line.id, {
          ...read.body,
          version: Number(values.version),
        });
      else await addPlaceLine(deps.database, actor, setting.establishment.id, read.body);
    } catch (err) {
      const errors = formErrors(err);
      if (errors) return show(reply, 400, setting, line, values, errors);
      throw err;
    }
    return reply.redirect(
      `/schools/${setting.establishment.id}?done=${line ? 'places-changed' : 'places-added'}#places`,
      303,
    );
  }

  app.get('/schools/:id/places/new', access, async (request, reply) => {
    const { setting } = await settingAndLine(request);
    return show(reply, 200, setting, null, placeFormValues(), []);
  });
  app.post('/schools/:id/places/new', access, save);

  app.get('/schools/:id/places/:lineId/edit', access, async (request, reply) => {
    const { setting, line } = await settingAndLine(request);
    return show(reply, 200, setting, line, placeFormValues(line ?? undefined), []);
  });
  app.post('/schools/:id/places/:lineId/edit', access, save);

  app.get('/schools/:id/places/:lineId/remove', access, async (request, reply) => {
    const { setting, line } = await settingAndLine(request);
    return reply.page('providers/place-remove.njk', {
      pageTitle: `Remove these places at ${setting.establishment.name}?`,
      setting: setting.establishment,
      line,
      lineLabel: line ? describeLine(line) : '',
    });
  });
  app.post('/schools/:id/places/:lineId/remove', access, async (request, reply) => {
    const { setting, line } = await settingAndLine(request);
    const version = Number((request.body as FormBody | undefined)?.version);
    await removePlaceLine(deps.database, actorOf(request), setting.establishment.id, line?.id ?? '', {
      version: Number.isInteger(version) ? version : 0,
    });
    return reply.redirect(`/schools/${setting.establishment.id}?done=places-removed#places`, 303);
  });
}

/** "Special school, ASD, primary (ages 4 to 11): 12 places". */
export function describeLine(line: StoredPlaceLine): string {
  return `${provisionLabels[line.provision]}, ${line.senType}, ${placePhaseLabels[line.phase].toLowerCase()} (ages ${line.lowAge} to ${line.highAge}): ${line.places.toLocaleString('en-GB')} ${line.places === 1 ? 'place' : 'places'}`;
}
