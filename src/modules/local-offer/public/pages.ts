import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { type SenType, senTypeLabels, senTypes } from '../../../platform/kernel/sen2.ts';
import { publicLaOf } from '../../../platform/las/public-la.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import type { FullService } from '../domain/oruk.ts';
import { agesInWords, type Day, dayLabels } from '../domain/record.ts';
import { publicPages as informationPages } from '../information/service.ts';
import { publicCache } from './cache.ts';
import { distances, metresPerMile, publicService, searchLocalOffer } from './search.ts';

/**
 * The public Local Offer, with no sign-in: the search at /local-offer and each service's page.
 * A service's page is kept rendered for readers who are not signed in until an editor publishes.
 */

function milesText(metres: number | null): string | null {
  if (metres === null) return null;
  const miles = metres / metresPerMile;
  return miles < 0.1 ? 'less than 0.1 miles away' : `${miles.toFixed(1)} miles away`;
}

const daysText = (byday: string) =>
  byday
    .split(',')
    .map((d) => dayLabels[d as Day] ?? d)
    .join(', ');

function servicePageData(s: FullService) {
  const needs = s.terms.filter((t) => t.taxonomyName === 'Types of special educational need');
  return {
    pageTitle: s.name,
    s,
    ages: agesInWords(s.minimumAge, s.maximumAge),
    needs: needs.length ? needs.map((t) => t.name).join(', ') : 'Any type of need',
    headings: s.terms.filter((t) => t.taxonomyName === 'Local Offer headings'),
    categories: s.terms.filter((t) => t.taxonomyName === 'Local Offer categories'),
    cost: s.free ? 'Free' : s.fees,
    checked: longDate(s.reviewedOn),
    times: s.schedules.map((x) => ({
      days: daysText(x.byday),
      hours: `${x.opensAt} to ${x.closesAt}`,
      note: x.description,
    })),
  };
}

export async function publicPages(app: FastifyInstance, deps: ModuleDeps) {
  const open = { config: { access: 'public' as const } };
  const laOf = async () => {
    const la = await publicLaOf(deps.database, deps.config.publicLa);
    if (!la) throw notFound('No Local Offer is published from this service yet.');
    return la;
  };

  app.get('/local-offer', open, async (request, reply) => {
    const la = await laOf();
    const result = await searchLocalOffer(deps.database, la, request.query);
    const info = result.asked ? [] : await informationPages(deps.database, la);
    const q = result.query;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'page') params.set(k, String(v));
    const pageLink = (n: number) =>
      `/local-offer?${new URLSearchParams({ ...Object.fromEntries(params), page: String(n) })}`;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const value = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : '');
    return reply.code(result.errors.length ? 400 : 200).page('local-offer/search.njk', {
      pageTitle: result.asked ? 'Search results: Local Offer' : `${la.name} Local Offer`,
      feedbackPage: request.url.length <= 300 ? request.url : '/local-offer',
      infoGroups: result.choices.headings
        .map((h) => ({ name: h.name, code: h.code, pages: info.filter((p) => p.headingCode === h.code) }))
        .filter((g) => g.pages.length),
      la,
      result,
      values: {
        q: value('q'),
        need: value('need'),
        category: value('category'),
        heading: value('heading'),
        age: value('age'),
        postcode: value('postcode'),
        miles: value('miles') || '10',
      },
      headingItems: [
        { value: '', text: 'Any heading' },
        ...result.choices.headings.map((t) => ({
          value: t.code,
          text: t.name,
          selected: value('heading') === t.code,
        })),
      ],
      categoryItems: [
        { value: '', text: 'Any category' },
        ...result.choices.categories.map((t) => ({
          value: t.code,
          text: t.name,
          selected: value('category') === t.code,
        })),
      ],
      needItems: [
        { value: '', text: 'Any type of need' },
        ...senTypes.map((n: SenType) => ({
          value: n,
          text: senTypeLabels[n],
          selected: value('need') === n,
        })),
      ],
      milesItems: distances.map((m) => ({
        value: String(m),
        text: `Within ${m} ${m === 1 ? 'mile' : 'miles'}`,
        selected: (value('miles') || '10') === String(m),
      })),
      results: result.rows.map((s) => ({
        id: s.id,
        name: s.name,
        organization: s.organization.name,
        summary: s.description.length > 240 ? `${s.description.slice(0, 237).trimEnd()}…` : s.description,
        ages: agesInWords(s.minimumAge, s.maximumAge),
        cost: s.free ? 'Free' : 'Costs apply',
        distance: milesText(s.metres),
      })),
      pagination:
        result.pages > 1
          ? {
              previous: result.page > 1 ? { href: pageLink(result.page - 1) } : undefined,
              next: result.page < result.pages ? { href: pageLink(result.page + 1) } : undefined,
              items: Array.from({ length: Math.min(result.pages, 10) }, (_, i) => {
                const n = Math.max(1, Math.min(result.page - 4, result.pages - 9)) + i;
                return { number: n, href: pageLink(n), current: n === result.page };
              }),
            }
          : null,
      errors: result.errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(result.errors, f),
    });
  });

  app.get('/local-offer/services/:id', open, async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = request.params as { id: string };
    const la = await laOf();
    const anonymous = !request.principal;
    const key = `service:${id}`;
    const kept = anonymous ? publicCache.get(la.code, key) : undefined;
    if (kept !== undefined)
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(kept);
    const s = await publicService(deps.database, la, id);
    if (!s)
      throw notFound('There is no service in the Local Offer with this link. It may have been taken down.');
    const data = { ...servicePageData(s), la };
    if (!anonymous) return reply.page('local-offer/service.njk', data);
    const html = reply.pageHtml('local-offer/service.njk', data);
    publicCache.set(la.code, key, html);
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(html);
  });
}
