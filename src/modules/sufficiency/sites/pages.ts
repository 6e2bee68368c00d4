import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/http/html.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { type SenType, senTypeLabels, senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type SufficiencyContext, sufficiencyContext } from '../context.ts';
import { needLabel, phaseLabels } from '../places/presenters.ts';
import { type SiteKind, sitePhases } from './domain/candidates.ts';
import type { SiteRow } from './repo.ts';
import { siteChangeSchema, siteSchema } from './schemas.ts';
import {
  addCandidateSite,
  changeCandidateSite,
  getCandidateSite,
  listCandidateSites,
  removeCandidateSite,
} from './service.ts';
import { type Body, formIdOf, formOfBody, formOfSite, type SiteForm, siteBodyOf, str } from './site-form.ts';

/** Candidate sites for new places: the list, adding one, changing one and removing one. */

export const kindLabels: Record<SiteKind, string> = {
  srb_interest: 'SRB expression of interest',
  new_special: 'New special school site',
};

/** The refusals the form can show beside their fields. */
function formProblems(err: unknown): FieldError[] | null {
  return err instanceof HttpProblem && err.status === 422 ? err.errors : null;
}

const placesText = (s: SiteRow) =>
  s.places.map(
    (p) =>
      `${needLabel(p.senType as SenType)}, ${phaseLabels[p.phase].toLowerCase()}: ${p.places.toLocaleString('en-GB')} ${p.places === 1 ? 'place' : 'places'}`,
  );

function siteRows(sites: readonly SiteRow[]) {
  return sites.map((s) => [
    {
      html: `<a class="govuk-link" href="/sufficiency/sites/${s.id}/edit">${escapeHtml(s.name)}<span class="govuk-visually-hidden">: change</span></a>`,
    },
    { text: kindLabels[s.kind] },
    {
      html: `${s.urn ? `URN ${s.urn}<br>` : ''}${s.easting}, ${s.northing}<span class="govuk-visually-hidden"> (easting, northing)</span>`,
    },
    { html: placesText(s).map(escapeHtml).join('<br>') },
    { text: s.capitalCostPence === null ? 'Not given' : penceText(s.capitalCostPence), format: 'numeric' },
    { text: s.opensOn ? longDate(s.opensOn) : 'Not given' },
    { text: s.receivedOn ? longDate(s.receivedOn) : 'Not given' },
  ]);
}

export async function sitesPages(app: FastifyInstance, deps: ModuleDeps) {
  const access = { config: { access: 'sufficiency:plan' as const } };
  const context = (request: FastifyRequest) => sufficiencyContext(request, deps.database, deps.clock);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get('/sufficiency/sites', access, async (request, reply) => {
    const sites = await listCandidateSites(context(request));
    const done = (request.query as { done?: string } | undefined)?.done;
    const flash: Record<string, string> = {
      added: 'The candidate site was added',
      changed: 'The candidate site was changed',
      removed: 'The candidate site was removed',
    };
    return reply.page('sufficiency/sites.njk', {
      pageTitle: 'Candidate sites for new specialist places',
      flash: done ? flash[done] : undefined,
      sites,
      rows: siteRows(sites),
      srb: sites.filter((s) => s.kind === 'srb_interest').length,
      special: sites.filter((s) => s.kind === 'new_special').length,
    });
  });

  function show(
    reply: FastifyReply,
    ctx: SufficiencyContext,
    status: number,
    site: SiteRow | null,
    form: SiteForm,
    /** Each named by the id of its box on the form. */
    errors: FieldError[],
  ) {
    const fieldError = (id: string) => {
      const e = errors.find((x) => x.field === id);
      return e ? { text: e.message } : false;
    };
    return reply.code(status).page('sufficiency/sites-form.njk', {
      pageTitle: site ? `Change ${site.name}` : 'Add a candidate site',
      site,
      action: site ? `/sufficiency/sites/${site.id}/edit` : '/sufficiency/sites/new',
      submitText: site ? 'Save the change' : 'Add the site',
      form,
      kindLabels,
      needItems: (chosen: string) => [
        { value: '', text: 'Choose the type of need' },
        ...senTypes.map((value) => ({
          value,
          text: `${senTypeLabels[value]} (${value})`,
          selected: chosen === value,
        })),
      ],
      phaseItems: (chosen: string) => [
        { value: '', text: 'Choose the phase' },
        ...sitePhases.map((value) => ({ value, text: phaseLabels[value], selected: chosen === value })),
      ],
      today: longDate(ctx.today),
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError,
    });
  }

  async function save(request: FastifyRequest, reply: FastifyReply) {
    const ctx = context(request);
    const id = (request.params as { id?: string }).id;
    const site = id ? await getCandidateSite(ctx, id) : null;
    const form = formOfBody((request.body ?? {}) as Body);
    const { body, problems, rowOf } = siteBodyOf(form);
    const input = site ? { ...body, version: Number(form.version) } : body;
    const parsed = parse(site ? siteChangeSchema : siteSchema, input);
    const shown = (list: FieldError[]) =>
      show(
        reply,
        ctx,
        400,
        site,
        form,
        firstPerField(list.map((e) => ({ field: formIdOf(e.field, rowOf), message: e.message }))),
      );
    const found = [...problems, ...(parsed.ok ? [] : parsed.errors)];
    if (found.length) return shown(found);
    try {
      if (site) await changeCandidateSite(ctx, site.id, input);
      else await addCandidateSite(ctx, input);
    } catch (err) {
      if (site && err instanceof HttpProblem && err.status === 409) {
        // Someone saved first: keep what this person typed, now against the version there is, so
        // saving again is a choice made knowing it replaces the other change.
        const now = await getCandidateSite(ctx, site.id);
        return show(reply, ctx, 409, now, { ...form, version: String(now.version) }, [
          {
            field: 'kind',
            message: `Someone else changed this site while you were editing it (it is now version ${now.version}). Your changes are below: check them against the site as it is now, then save again to keep them`,
          },
        ]);
      }
      const problemsFound = formProblems(err);
      if (problemsFound) return shown(problemsFound);
      throw err;
    }
    return reply.redirect(`/sufficiency/sites?done=${site ? 'changed' : 'added'}`, 303);
  }

  app.get('/sufficiency/sites/new', access, async (request, reply) =>
    show(reply, context(request), 200, null, formOfSite(null), []),
  );
  app.post('/sufficiency/sites/new', access, save);

  app.get('/sufficiency/sites/:id/edit', access, async (request, reply) => {
    const ctx = context(request);
    const site = await getCandidateSite(ctx, idOf(request));
    return show(reply, ctx, 200, site, formOfSite(site), []);
  });
  app.post('/sufficiency/sites/:id/edit', access, save);

  async function showRemove(reply: FastifyReply, status: number, site: SiteRow, message: string | null) {
    return reply.code(status).page('sufficiency/sites-remove.njk', {
      pageTitle: `Remove ${site.name}?`,
      site,
      kind: kindLabels[site.kind],
      places: placesText(site),
      errors: message ? [{ text: message, href: '#remove' }] : [],
    });
  }

  app.get('/sufficiency/sites/:id/remove', access, async (request, reply) =>
    showRemove(reply, 200, await getCandidateSite(context(request), idOf(request)), null),
  );
  app.post('/sufficiency/sites/:id/remove', access, async (request, reply) => {
    const ctx = context(request);
    const site = await getCandidateSite(ctx, idOf(request));
    const version = Number(str((request.body ?? {}) as Body, 'version'));
    try {
      await removeCandidateSite(ctx, site.id, { version: Number.isInteger(version) ? version : 0 });
    } catch (err) {
      if (err instanceof HttpProblem && (err.status === 409 || err.status === 422))
        return showRemove(reply, 409, await getCandidateSite(ctx, site.id), err.detail ?? err.title);
      throw err;
    }
    return reply.redirect('/sufficiency/sites?done=removed', 303);
  });
}
