import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormValues } from '../../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { parse } from '../../../../platform/http/validation.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../../platform/module.ts';
import { type PlacementsContext, placementsContext } from '../../context.ts';
import { placeFundingRule } from '../../domain/costs.ts';
import { costKindLabels, perLabels } from '../../domain/labels.ts';
import { confirmAbovePence, costLineSchema } from '../../domain/placement-input.ts';
import {
  childNameOf,
  costLineFacts,
  costLineRow,
  options,
  pageErrors,
  placementFacts,
} from '../presenters.ts';
import { addCostLines, endOrRemoveCostLine, getPlacement, topUpBandsFor } from '../service.ts';
import { lineIdOf, placementIdOf, postedValues, refusalOf } from './common.ts';
import {
  costLineField,
  costLineFromForm,
  costLineHref,
  costLineNames,
  costLineOrder,
  endFromForm,
  endLineNames,
  hrefOf,
  mergeProblems,
  needsConfirming,
  versionFrom,
} from './forms.ts';

/** A placement's cost lines: adding one, ending one on a day, and removing one entered in error. */

const statusOf = (err: unknown) => ((err as { status?: number }).status === 409 ? 409 : 400);
const atPlacement = (e: FieldError) => (e.field === 'version' ? { ...e, field: 'placement' } : e);

const radios = (labels: Record<string, string>, checked: string | undefined) =>
  Object.entries(labels).map(([value, text]) => ({ value, text, checked: value === checked }));

export async function costLinePages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => placementsContext(request, deps.database, deps.clock);

  async function lineForm(
    reply: FastifyReply,
    c: PlacementsContext,
    id: string,
    form: { status: number; values?: FormValues; problems: FieldError[]; confirm?: boolean },
  ) {
    const p = await getPlacement(c, id);
    const bands = await topUpBandsFor(c, p.type);
    const stale = form.problems.some((e) => e.field === 'placement');
    const values = form.values ?? {
      funder: placeFundingRule(p.type)?.funder ?? 'la',
      amountOrBand: bands.length ? '' : 'amount',
    };
    return reply.code(form.status).page('placements/cost-line.njk', {
      pageTitle: 'Add a cost line',
      placement: { id: p.id, childName: childNameOf(p), settingName: p.setting.name },
      version: stale || !form.values ? p.version : values.version,
      facts: placementFacts(p),
      values,
      kindItems: radios(costKindLabels, values.kind),
      funderItems: radios(
        { la: 'The LA, from the high needs block', esfa: 'The ESFA, paid to the provider directly' },
        values.funder,
      ),
      perOptions: options(perLabels, values.per ?? '', 'Choose'),
      bandOptions: bands.length
        ? [
            { value: '', text: 'Choose a band', selected: !values.topUpBand },
            ...bands.map((b) => ({
              value: b.band,
              text: `${b.band}: ${b.label}${b.annualPenceToday === null ? '' : `, ${penceText(b.annualPenceToday)} a year today`}`,
              selected: b.band === values.topUpBand,
            })),
          ]
        : null,
      confirm: form.confirm || values.confirmLargeAmounts === 'yes',
      confirmAbove: penceText(confirmAbovePence),
      ...pageErrors(form.problems, costLineHref),
    });
  }

  app.get(
    '/placements/:id/cost-lines/new',
    { config: { access: 'placements:write' } },
    async (request, reply) =>
      lineForm(reply, ctx(request), placementIdOf(request), { status: 200, problems: [] }),
  );

  app.post(
    '/placements/:id/cost-lines/new',
    { config: { access: 'placements:write' } },
    async (request, reply) => {
      const c = ctx(request);
      const id = placementIdOf(request);
      const values = postedValues(request.body, costLineNames);
      const { line, problems, confirmLargeAmounts } = costLineFromForm(values);
      const version = versionFrom(values);
      const parsed = parse(costLineSchema, line);
      const toPage = (errors: readonly FieldError[]) =>
        errors.map((e) => atPlacement({ ...e, field: costLineField(e.field) }));
      const errors = mergeProblems(
        toPage([...problems, ...('problem' in version ? [version.problem] : [])]),
        parsed.ok ? [] : toPage(parsed.errors),
        costLineOrder,
      );
      const confirm = needsConfirming(line);
      if (!parsed.ok || 'problem' in version || errors.length)
        return lineForm(reply, c, id, { status: 400, values, problems: errors, confirm });
      try {
        await addCostLines(c, id, {
          version: version.version,
          costLines: [parsed.data],
          confirmLargeAmounts,
        });
      } catch (err) {
        const refused = refusalOf(err, 'kind');
        if (!refused) throw err;
        return lineForm(reply, c, id, {
          status: statusOf(err),
          values,
          problems: mergeProblems([], toPage(refused), costLineOrder),
          confirm,
        });
      }
      return reply.redirect(`/placements/${id}?saved=line-added`, 303);
    },
  );

  /** The line on its placement, or 404: an address for a line of another placement finds nothing. */
  async function lineOf(c: PlacementsContext, id: string, lineId: string) {
    const p = await getPlacement(c, id);
    const line = p.costLines.find((l) => l.id === lineId);
    if (!line)
      throw new HttpProblem(404, 'Not found', 'There is no cost line with this ID on this placement.');
    return {
      p,
      line: costLineRow(p.id, line, await topUpBandsFor(c, p.type)),
      effectiveTo: line.effectiveTo,
    };
  }

  async function endForm(
    reply: FastifyReply,
    c: PlacementsContext,
    ids: { id: string; lineId: string },
    form: { status: number; values?: FormValues; problems: FieldError[] },
  ) {
    const { p, line, effectiveTo } = await lineOf(c, ids.id, ids.lineId);
    const [year = '', month = '', day = ''] = effectiveTo ? effectiveTo.split('-') : [];
    const values = form.values ?? {
      'effectiveTo-day': day ? String(Number(day)) : '',
      'effectiveTo-month': month ? String(Number(month)) : '',
      'effectiveTo-year': year,
    };
    const stale = form.problems.some((e) => e.field === 'placement');
    return reply.code(form.status).page('placements/end-line.njk', {
      pageTitle: `End the ${line.what}`,
      placement: { id: p.id, childName: childNameOf(p), settingName: p.setting.name },
      line,
      lineFacts: costLineFacts(line),
      facts: placementFacts(p),
      version: stale || !form.values ? p.version : values.version,
      values,
      ...pageErrors(form.problems, hrefOf(['effectiveTo'])),
    });
  }

  const lineIds = (request: FastifyRequest) => ({ id: placementIdOf(request), lineId: lineIdOf(request) });

  app.get(
    '/placements/:id/cost-lines/:lineId/end',
    { config: { access: 'placements:write' } },
    async (request, reply) => endForm(reply, ctx(request), lineIds(request), { status: 200, problems: [] }),
  );

  app.post(
    '/placements/:id/cost-lines/:lineId/end',
    { config: { access: 'placements:write' } },
    async (request, reply) => {
      const c = ctx(request);
      const ids = lineIds(request);
      const values = postedValues(request.body, endLineNames);
      const { effectiveTo, problems } = endFromForm(values);
      const version = versionFrom(values);
      const errors = [...problems, ...('problem' in version ? [version.problem] : [])].map(atPlacement);
      if (effectiveTo === null || 'problem' in version || errors.length)
        return endForm(reply, c, ids, { status: 400, values, problems: errors });
      try {
        await endOrRemoveCostLine(c, ids.id, ids.lineId, { version: version.version, effectiveTo });
      } catch (err) {
        const refused = refusalOf(err, 'effectiveTo');
        if (!refused) throw err;
        return endForm(reply, c, ids, { status: statusOf(err), values, problems: refused.map(atPlacement) });
      }
      return reply.redirect(`/placements/${ids.id}?saved=line-ended`, 303);
    },
  );

  async function removeForm(
    reply: FastifyReply,
    c: PlacementsContext,
    ids: { id: string; lineId: string },
    status: number,
    problems: FieldError[],
  ) {
    const { p, line } = await lineOf(c, ids.id, ids.lineId);
    return reply.code(status).page('placements/remove-line.njk', {
      pageTitle: `Remove the ${line.what}`,
      placement: { id: p.id, version: p.version, childName: childNameOf(p), settingName: p.setting.name },
      line,
      lineFacts: costLineFacts(line),
      facts: placementFacts(p),
      ...pageErrors(problems, String),
    });
  }

  app.get(
    '/placements/:id/cost-lines/:lineId/remove',
    { config: { access: 'placements:write' } },
    async (request, reply) => removeForm(reply, ctx(request), lineIds(request), 200, []),
  );

  app.post(
    '/placements/:id/cost-lines/:lineId/remove',
    { config: { access: 'placements:write' } },
    async (request, reply) => {
      const c = ctx(request);
      const ids = lineIds(request);
      const version = versionFrom(postedValues(request.body, ['version']));
      if ('problem' in version) return removeForm(reply, c, ids, 400, [atPlacement(version.problem)]);
      try {
        await endOrRemoveCostLine(c, ids.id, ids.lineId, { version: version.version, effectiveTo: null });
      } catch (err) {
        const refused = refusalOf(err, 'placement');
        if (!refused) throw err;
        return removeForm(
          reply,
          c,
          ids,
          statusOf(err),
          refused.map((e) => ({ ...e, field: 'placement' })),
        );
      }
      return reply.redirect(`/placements/${ids.id}?saved=line-removed`, 303);
    },
  );
}
