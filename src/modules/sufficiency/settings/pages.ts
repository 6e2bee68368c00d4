import type { FastifyInstance, FastifyReply } from 'fastify';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { getSettings, type SufficiencySettings, saveSettings } from './service.ts';

/** The LA's journey rule and time limits: /sufficiency/settings. */

const fields = [
  'detourShort',
  'thresholdKm',
  'detourLong',
  'speedKmh',
  'fixedMinutes',
  'primaryLimit',
  'secondaryLimit',
  'maxFitKm',
  'version',
] as const;

const valuesOf = (s: SufficiencySettings): Record<(typeof fields)[number], string> => ({
  detourShort: String(s.config.detourShort),
  thresholdKm: String(s.config.thresholdKm),
  detourLong: String(s.config.detourLong),
  speedKmh: String(s.config.speedKmh),
  fixedMinutes: String(s.config.fixedMinutes),
  primaryLimit: String(s.limits.primary),
  secondaryLimit: String(s.limits.secondary),
  maxFitKm: String(s.maxFitKm),
  version: String(s.version),
});

export async function settingsPages(app: FastifyInstance, deps: ModuleDeps) {
  const show = (reply: FastifyReply, status: number, values: Record<string, string>, errors: FieldError[]) =>
    reply.code(status).page('sufficiency/settings.njk', {
      pageTitle: 'How journeys are estimated',
      values,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });

  app.get('/sufficiency/settings', { config: { access: 'sufficiency:plan' } }, async (request, reply) => {
    const ctx = sufficiencyContext(request, deps.database, deps.clock);
    return show(reply, 200, valuesOf(await getSettings(ctx)), []);
  });

  app.post('/sufficiency/settings', { config: { access: 'sufficiency:plan' } }, async (request, reply) => {
    const ctx = sufficiencyContext(request, deps.database, deps.clock);
    const v = formValues(request.body, fields);
    const typed: FieldError[] = [];
    const body: Record<string, number> = {};
    for (const f of fields) {
      const t = v[f].trim();
      if (/^\d+(\.\d+)?$/.test(t)) body[f] = Number(t);
      else if (f !== 'version') typed.push({ field: f, message: 'Enter a number, like 1.4' });
    }
    if (typed.length) return show(reply, 400, v, typed);
    try {
      await saveSettings(ctx, body);
    } catch (err) {
      if (err instanceof HttpProblem && (err.status === 422 || err.status === 409))
        return show(
          reply,
          400,
          v,
          err.errors.length ? err.errors : [{ field: 'detourShort', message: err.detail ?? err.title }],
        );
      throw err;
    }
    return reply.redirect('/sufficiency/travel', 303);
  });
}
