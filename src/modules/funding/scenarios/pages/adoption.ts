import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../../../platform/clock.ts';
import type { Database } from '../../../../platform/db/connect.ts';
import { formValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { wholeNumber } from '../../../../platform/kernel/numbers.ts';
import { fundingContext } from '../../api.ts';
import type { FundingContext } from '../../context.ts';
import { type AdoptionCheck, adoptionCheck, adoptScenario, publishStatements } from '../adoption-service.ts';
import { getScenario, type Scenario } from '../service.ts';

/**
 * Adopting a draft and publishing an adopted scenario's statements, each from a page that says
 * what it will do and what stands in its way, for a finance approver.
 */

/** The error summary links every refusal to the part of the page it is about. */
const summary = (errors: FieldError[]) =>
  errors.map((e) => ({ text: e.message, href: e.field === 'schools' ? '#schools' : '#confirm' }));

function adoptPage(check: AdoptionCheck, errors: FieldError[]) {
  const s = check.scenario;
  const blocked = [
    ...(check.adoptedInstead
      ? [
          `${check.adoptedInstead.name} was adopted for ${s.pot.name} ${s.pot.label} on ${longDate(check.adoptedInstead.adoptedOn)}: a pot has one adopted scenario.`,
        ]
      : []),
    ...(check.missing.length
      ? [
          `${check.missing.length === 1 ? 'One school has' : `${wholeNumber(check.missing.length)} schools have`} no factor data: ${check.missing
            .slice(0, 10)
            .map((m) => m.name)
            .join(
              ', ',
            )}${check.missing.length > 10 ? ` and ${wholeNumber(check.missing.length - 10)} more` : ''}.`,
        ]
      : []),
    ...check.problems.map((p) => p.message),
  ];
  return {
    pageTitle: `Adopt ${s.name}`,
    scenario: s,
    action: 'adopt',
    cannot: s.locked,
    paragraphs: [
      `Adopting ${s.name} makes its allocations the ones schools are paid for ${s.pot.name} ${s.pot.label}. They are stored with last year’s figures and the factor data used, and neither the scenario nor its allocations can be changed afterwards.`,
      'The other drafts are left as they are. Schools and clusters cannot read their statements until a finance approver publishes them.',
    ],
    summaryRows: blocked.length
      ? []
      : [
          { key: { text: 'Schools' }, value: { text: wholeNumber(check.schools) } },
          { key: { text: 'Clusters' }, value: { text: wholeNumber(check.clusters) } },
          { key: { text: 'Shared between them' }, value: { text: penceText(check.totalPence) } },
        ],
    blocked,
    blockedVerb: 'adopted',
    blockedLink: check.missing.length
      ? {
          href: `/funding/pots/${s.pot.id}/factors`,
          text: 'Enter their data, or carry forward last year’s figures',
        }
      : check.problems.length
        ? { href: `/funding/scenarios/${s.id}`, text: `See ${s.name} and why` }
        : null,
    button: `Adopt ${s.name}`,
    errors: summary(errors),
  };
}

function publishPage(s: Scenario, errors: FieldError[]) {
  const cannot =
    s.status !== 'adopted'
      ? 'Only an adopted scenario’s statements can be published: adopt it first.'
      : s.publishedOn
        ? `The statements were published on ${longDate(s.publishedOn)}: schools and clusters can already read them.`
        : null;
  return {
    pageTitle: `Publish the statements of ${s.name}`,
    scenario: s,
    action: 'publish',
    cannot,
    paragraphs: [
      `Each school’s head teacher will be able to read their school’s statement and their cluster’s, and each cluster host their cluster’s, for ${s.pot.name} ${s.pot.label}.`,
      'Publishing cannot be undone.',
    ],
    button: 'Publish the statements',
    errors: summary(errors),
  };
}

export async function adoptionPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const idOf = (request: FastifyRequest) => (request.params as { id?: string }).id ?? '';
  const versionOf = (body: unknown) => {
    const sent = formValues(body, ['version']).version ?? '';
    return /^\d{1,9}$/.test(sent) ? Number(sent) : -1;
  };
  const show = async (ctx: FundingContext, id: string, errors: FieldError[]) =>
    adoptPage(await adoptionCheck(ctx, id), errors);

  app.get('/funding/scenarios/:id/adopt', { config: { access: 'finance:adopt' } }, async (request, reply) =>
    reply.page('funding/scenarios/confirm.njk', await show(context(request), idOf(request), [])),
  );

  app.post(
    '/funding/scenarios/:id/adopt',
    { config: { access: 'finance:adopt' } },
    async (request, reply) => {
      const ctx = context(request);
      const id = idOf(request);
      const done = await adoptScenario(ctx, id, versionOf(request.body));
      if (done.ok) return reply.redirect(`/funding/scenarios/${id}?done=adopted`, 303);
      return reply.code(done.status).page('funding/scenarios/confirm.njk', await show(ctx, id, done.errors));
    },
  );

  app.get(
    '/funding/scenarios/:id/publish',
    { config: { access: 'finance:adopt' } },
    async (request, reply) => {
      const ctx = context(request);
      return reply.page(
        'funding/scenarios/confirm.njk',
        publishPage(await getScenario(ctx, idOf(request)), []),
      );
    },
  );

  app.post(
    '/funding/scenarios/:id/publish',
    { config: { access: 'finance:adopt' } },
    async (request, reply) => {
      const ctx = context(request);
      const id = idOf(request);
      const done = await publishStatements(ctx, id, versionOf(request.body));
      if (done.ok) return reply.redirect(`/funding/scenarios/${id}?done=published`, 303);
      return reply
        .code(done.status)
        .page('funding/scenarios/confirm.njk', publishPage(await getScenario(ctx, id), done.errors));
    },
  );
}
