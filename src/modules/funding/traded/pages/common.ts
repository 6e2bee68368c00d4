import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../../../platform/clock.ts';
import type { Database } from '../../../../platform/db/connect.ts';
import { HttpProblem, notFound } from '../../../../platform/http/problem.ts';
import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { fundingContext } from '../../api.ts';
import type { FundingContext } from '../../context.ts';
import { parseYear, yearLabel, yearOf } from '../domain/years.ts';

/** What every traded services page needs: who asks, the IDs in its address checked, the year asked for. */

export interface Deps {
  database: Database;
  clock: Clock;
}

export const contextOf = (request: FastifyRequest, deps: Deps): FundingContext =>
  fundingContext(request, deps.database, deps.clock);

const uuid = z.uuid();

/** An ID from the address; anything that is not one finds nothing, as an unknown ID does. */
export function idParam(request: FastifyRequest, name: string, what: string): string {
  const id = (request.params as Record<string, string | undefined>)[name] ?? '';
  if (!uuid.safeParse(id).success) throw notFound(`There is no ${what} with this ID.`);
  return id;
}

export const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

/** Years a page offers: last year, this one and the next two, for prices set ahead. */
export function yearChoices(today: IsoDate, selected: number | null) {
  const now = yearOf(today);
  const years = new Set([now - 1, now, now + 1, now + 2, ...(selected === null ? [] : [selected])]);
  return [...years]
    .sort((a, b) => b - a)
    .map((y) => ({ value: yearLabel(y), text: yearLabel(y), selected: y === selected }));
}

export type YearRead = { ok: true; year: number } | { ok: false; message: string };

/** The year a page was asked for (this academic year when none is), or what is wrong with it. */
export function readYear(value: unknown, today: IsoDate): YearRead {
  if (value === undefined || value === '') return { ok: true, year: yearOf(today) };
  const year = typeof value === 'string' ? parseYear(value) : null;
  return year === null
    ? { ok: false, message: 'Choose an academic year, written like 2026-27' }
    : { ok: true, year };
}

/** A year in the address, as a price page's is: anything else is a page that does not exist. */
export function yearParam(request: FastifyRequest): number {
  const raw = (request.params as { year?: string }).year ?? '';
  const year = parseYear(raw);
  if (year === null)
    throw new HttpProblem(
      404,
      'Page not found',
      'There is no page at this address: the year is written like 2026-27.',
    );
  return year;
}

/** A flash message chosen by `?done=`, own keys only, so `?done=__proto__` names nothing. */
export function flash(messages: Record<string, string>, done: unknown): string | undefined {
  return typeof done === 'string' && Object.hasOwn(messages, done) ? messages[done] : undefined;
}

export const tableParam = (request: FastifyRequest, names: readonly string[]) => {
  const table = query(request).table;
  if (typeof table === 'string' && names.includes(table)) return table;
  const message = `table must be one of: ${names.join(', ')}`;
  throw new HttpProblem(400, 'There is no such table', message, [{ field: 'table', message }]);
};
