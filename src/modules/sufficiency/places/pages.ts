import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { dateFromParts } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { type IsoDate, isRealIsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { placesTables, sendPlacesExport } from './export.ts';
import { type MapSetting, settingsMap } from './map.ts';
import {
  groupHead,
  groupRows,
  needLabel,
  outOfAreaGroups,
  outOfAreaHead,
  outOfAreaRows,
  phaseLabels,
  settingHead,
  settingRows,
  toDos,
} from './presenters.ts';
import { getOccupancy } from './service.ts';

/** Places against occupancy on a day, today unless another is asked for: /sufficiency/places. */

const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 20) : '');

/** The day asked for in the form's three boxes, or ?on=YYYY-MM-DD from a link; today when neither. */
export function readDay(
  query: Record<string, unknown>,
  today: IsoDate,
): { day: IsoDate; parts: { day: string; month: string; year: string }; problem?: FieldError } {
  const parts = { day: text(query['on-day']), month: text(query['on-month']), year: text(query['on-year']) };
  const on = text(query.on);
  if (on && !parts.day && !parts.month && !parts.year) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(on) && isRealIsoDate(on)) return { day: on, parts: split(on) };
    return {
      day: today,
      parts,
      problem: { field: 'on', message: 'The date must be a real date, like 2027-09-01' },
    };
  }
  const read = dateFromParts('The date', parts.day, parts.month, parts.year);
  if (!read.ok) return { day: today, parts, problem: { field: 'on', message: read.message } };
  if (read.value === undefined) return { day: today, parts: split(today) };
  if (!isRealIsoDate(read.value))
    return { day: today, parts, problem: { field: 'on', message: 'The date must be a real date' } };
  const year = Number(read.value.slice(0, 4));
  const now = Number(today.slice(0, 4));
  if (year < now - 10 || year > now + 10)
    return {
      day: today,
      parts,
      problem: { field: 'on', message: `The date must be between ${now - 10} and ${now + 10}` },
    };
  return { day: read.value, parts };
}

function split(day: IsoDate) {
  return { day: String(Number(day.slice(8))), month: String(Number(day.slice(5, 7))), year: day.slice(0, 4) };
}

export async function placesPages(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/sufficiency/places', { config: { access: 'sufficiency:read' } }, async (request, reply) => {
    const ctx = sufficiencyContext(request, deps.database, deps.clock);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const asked = readDay(query, ctx.today);
    if (asked.problem)
      return reply.code(400).page('sufficiency/places.njk', {
        pageTitle: 'Specialist places',
        parts: asked.parts,
        errors: errorSummary([{ ...asked.problem, field: 'on-day' }]),
        onError: errorFor([asked.problem], 'on'),
      });
    const format = requestedFormat(query);
    const table = text(query.table);
    const o = await getOccupancy(ctx, asked.day);
    if (format) {
      if (!(placesTables as readonly string[]).includes(table))
        return reply.code(400).page('sufficiency/places.njk', {
          pageTitle: 'Specialist places',
          parts: asked.parts,
          errors: [{ text: `Choose a table to download: ${placesTables.join(', ')}`, href: '#places-form' }],
        });
      return sendPlacesExport(reply, ctx, o, table as (typeof placesTables)[number], format);
    }
    const base = `/sufficiency/places?on=${asked.day}`;
    const links = (t: string) => downloadLinks(`${base}&table=${t}`);
    const groups = outOfAreaGroups(o.outOfArea, senTypes);
    // One circle a setting: its provisions' places together, at the worst of their states.
    const rank = { over: 3, full: 2, room: 1, 'no-places': 0 } as const;
    const bySetting = new Map<string, MapSetting>();
    for (const r of o.rows) {
      const at = o.locations.get(r.setting.id);
      if (!at) continue;
      const m = bySetting.get(r.setting.id) ?? {
        name: r.setting.name,
        ...at,
        places: 0,
        status: 'no-places' as const,
      };
      bySetting.set(r.setting.id, {
        ...m,
        places: m.places + r.places,
        status: rank[r.status] > rank[m.status] ? r.status : m.status,
      });
    }
    return reply.page('sufficiency/places.njk', {
      pageTitle:
        asked.day === ctx.today ? 'Specialist places today' : `Specialist places on ${longDate(asked.day)}`,
      dayText: longDate(asked.day),
      isToday: asked.day === ctx.today,
      parts: asked.parts,
      o,
      todos: toDos(o, asked.day),
      map: settingsMap(
        [...bySetting.values()],
        `Specialist settings on ${longDate(asked.day)}, sized by their places`,
      ),
      canWrite: can(ctx.principal.roles, 'providers:write'),
      settingHead,
      settingRows: settingRows(o.rows),
      needHead: groupHead('Type of need'),
      needRows: groupRows(o.byNeed, needLabel),
      phaseHead: groupHead('Phase'),
      phaseRows: groupRows(o.byPhase, (k) => phaseLabels[k]),
      districtHead: groupHead('District'),
      districtRows: groupRows(o.byDistrict, (k) => (k === '' ? 'Not recorded' : k)),
      outOfAreaHead,
      outOfAreaRows: outOfAreaRows(groups),
      outOfAreaTotal: o.outOfArea.length,
      outOfAreaWithRoom: o.outOfArea.filter((r) => r.localPlaceWithRoom).length,
      downloads: {
        settings: links('settings'),
        needs: links('needs'),
        phases: links('phases'),
        districts: links('districts'),
        outOfArea: links('out-of-area'),
      },
    });
  });
}
