import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { fundingContext } from '../api.ts';
import { budgetLineRows, budgetSummaryRows } from '../presenters.ts';
import { type Budget, type FundingContext, getBudget, setBudget } from '../service.ts';
import {
  type BudgetFormValues,
  budgetFormValues,
  budgetFromForm,
  maxLines,
  readBudgetForm,
  withMoreRows,
} from './budget-form.ts';
import { readFy } from './years.ts';

/** A financial year's high needs block: seen by all who read the position, set by a finance officer. */

function yearOf(request: FastifyRequest, ctx: FundingContext): number {
  const raw = (request.params as { fy?: string }).fy ?? '';
  const chosen = raw ? readFy(raw, ctx.today) : null;
  if (!chosen?.ok)
    throw new HttpProblem(
      404,
      'Page not found',
      `There is no budget page at this address. ${chosen?.message ?? 'Choose a financial year, written like 2026-27'}.`,
    );
  return chosen.fy;
}

export async function budgetPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);

  function show(
    reply: FastifyReply,
    status: number,
    ctx: FundingContext,
    fy: number,
    budget: Budget | null,
    values: BudgetFormValues,
    errors: FieldError[],
  ) {
    const canManage = can(ctx.principal.roles, 'finance:manage');
    const label = fyLabel(fy);
    return reply.code(status).page('funding/budget.njk', {
      pageTitle:
        budget || !canManage ? `The ${label} high needs budget` : `Set the ${label} high needs budget`,
      label,
      budget,
      canManage,
      summaryRows: budget ? budgetSummaryRows(budget) : [],
      lineRows: budget ? budgetLineRows(budget) : [],
      values,
      canAddRows: values.lines.length < maxLines,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/finance/budgets/:fy', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = context(request);
    const fy = yearOf(request, ctx);
    const budget = await getBudget(ctx, fy);
    return show(reply, 200, ctx, fy, budget, budgetFormValues(budget), []);
  });

  app.post('/finance/budgets/:fy', { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const fy = yearOf(request, ctx);
    const values = readBudgetForm(request.body);
    const budgetNow = () => getBudget(ctx, fy);
    if (formValues(request.body, ['action']).action === 'add-lines')
      return show(reply, 200, ctx, fy, await budgetNow(), withMoreRows(values), []);
    const read = budgetFromForm(values);
    if (!read.ok) return show(reply, 400, ctx, fy, await budgetNow(), values, read.errors);
    try {
      await setBudget(ctx, fy, read.input);
    } catch (err) {
      if (!(err instanceof HttpProblem) || err.status !== 409) throw err;
      // Someone saved the year first: the form is shown afresh as it now stands, to change again.
      const now = await budgetNow();
      return show(reply, 409, ctx, fy, now, budgetFormValues(now), [
        {
          field: 'allocation',
          message: `${err.detail} Your changes have not been saved: the form now shows the budget as it is.`,
        },
      ]);
    }
    return reply.redirect(`/finance?${new URLSearchParams({ fy: fyLabel(fy), saved: 'budget' })}`, 303);
  });
}
