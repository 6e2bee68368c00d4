import { z } from 'zod';
import { sharedRead } from '../../../platform/audit/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { fieldErrors } from '../../../platform/http/validation.ts';
import { authorise, type LocalOfferContext } from '../context.ts';
import { fromOruk, servicesIn } from '../domain/oruk-import.ts';
import { categoryCodes, headingCodes } from '../domain/record.ts';
import { insertOrganization } from '../editing/repo.ts';
import { publish, saveDraft } from '../editing/service.ts';
import * as repo from './repo.ts';

/**
 * An import from another Open Referral UK feed: a file of its services (one service, a list, or a
 * page of /services) read whole, every service checked, then all published in one transaction, or
 * none. Each service keeps its link to the feed's ID, so the same feed imported again updates what
 * it added. The report names every service and what became of it.
 */

export const maxImportBytes = 5 * 1024 * 1024;
export const maxImportServices = 2000;

export const importChoicesSchema = z.object({
  heading: z.enum(headingCodes, {
    error: 'Choose the heading for services the feed places under none of ours',
  }),
  category: z.enum(categoryCodes, { error: 'Choose the category for services the feed gives none of ours' }),
});

export interface ReportLine {
  sourceId: string;
  name: string;
  outcome: 'added' | 'updated' | 'refused';
  notes: string[];
}

export type ImportOutcome =
  | { ok: true; lines: ReportLine[] }
  | { ok: false; status: 400 | 413 | 422; errors: FieldError[]; lines: ReportLine[] };

class Refused extends Error {
  constructor(readonly lines: ReportLine[]) {
    super('refused');
  }
}

export async function importOrukFile(
  ctx: LocalOfferContext,
  file: { data: Buffer; tooLarge: boolean } | null,
  choices: unknown,
): Promise<ImportOutcome> {
  authorise(ctx, 'local-offer:edit');
  const chosen = importChoicesSchema.safeParse(choices);
  const errors: FieldError[] = chosen.success ? [] : fieldErrors(chosen.error);
  if (!file || file.data.length === 0)
    errors.unshift({ field: 'file', message: 'Choose a file of the feed’s services (JSON)' });
  if (errors.length || !file || !chosen.success) return { ok: false, status: 400, errors, lines: [] };
  if (file.tooLarge || file.data.length > maxImportBytes)
    return {
      ok: false,
      status: 413,
      errors: [{ field: 'file', message: 'The file must be smaller than 5 MB' }],
      lines: [],
    };
  let json: unknown;
  try {
    json = JSON.parse(file.data.toString('utf8'));
  } catch {
    return {
      ok: false,
      status: 422,
      errors: [
        { field: 'file', message: 'The file is not JSON: export the feed’s services as JSON and try again' },
      ],
      lines: [],
    };
  }
  const raw = servicesIn(json);
  if (!raw)
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'file',
          message: 'The file holds no services: give one service, a list of them, or a page of /services',
        },
      ],
      lines: [],
    };
  if (raw.length === 0)
    return {
      ok: false,
      status: 422,
      errors: [{ field: 'file', message: 'The file’s list of services is empty' }],
      lines: [],
    };
  if (raw.length > maxImportServices)
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'file',
          message: `The file has ${raw.length.toLocaleString('en-GB')} services: import at most ${maxImportServices.toLocaleString('en-GB')} at once`,
        },
      ],
      lines: [],
    };

  const laCode = ctx.principal.laCode;
  try {
    const lines = await sharedRead(ctx.database.db, ctx, async (shared) => {
      const tx = shared.tx;
      const inShared: LocalOfferContext = { ...ctx, shared };
      const known = await repo.knownTerms(tx);
      const mapped = raw.map((r) => fromOruk(r, chosen.data, known));
      const seen = new Map<string, number>();
      const lines: ReportLine[] = mapped.map((m, i) => {
        const line: ReportLine = m.ok
          ? {
              sourceId: m.service.sourceId,
              name: String(m.service.record.name),
              outcome: 'added',
              notes: m.service.warnings,
            }
          : {
              sourceId: m.sourceId ?? `(service ${i + 1})`,
              name: m.name ?? '',
              outcome: 'refused',
              notes: m.problems,
            };
        const id = m.ok ? m.service.sourceId : m.sourceId;
        if (id && seen.has(id)) {
          line.outcome = 'refused';
          line.notes = [...line.notes, `has the same id as service ${(seen.get(id) ?? 0) + 1} in the file`];
        } else if (id) seen.set(id, i);
        return line;
      });
      if (lines.some((l) => l.outcome === 'refused')) throw new Refused(lines);
      const orgs = new Map<string, string>();
      for (const [i, m] of mapped.entries()) {
        if (!m.ok) continue;
        const s = m.service;
        const line = lines[i] as ReportLine;
        const key = s.organization.name.toLowerCase();
        let organizationId = orgs.get(key) ?? (await repo.organizationNamed(tx, laCode, s.organization.name));
        organizationId ??= await insertOrganization(tx, laCode, {
          ...s.organization,
          establishmentId: null,
          senInformationReport: null,
        });
        orgs.set(key, organizationId);
        const before = await repo.importedAs(tx, laCode, s.sourceId);
        const draft = await saveDraft(inShared, before ?? null, { ...s.record, organizationId });
        if (!draft.ok) {
          line.outcome = 'refused';
          line.notes = draft.errors.map((e) => e.message);
          throw new Refused(lines);
        }
        const done = await publish(inShared, draft.value.versionId);
        if (!done.ok) {
          line.outcome = 'refused';
          line.notes = done.errors.map((e) => e.message);
          throw new Refused(lines);
        }
        await repo.recordImported(
          tx,
          laCode,
          s.sourceId,
          draft.value.serviceId,
          ctx.principal.userId,
          ctx.now,
        );
        line.outcome = before ? 'updated' : 'added';
      }
      shared.events.push({
        action: 'local-offer.services.imported',
        entityType: 'lo_service',
        childId: null,
        detail: {
          added: lines.filter((l) => l.outcome === 'added').length,
          updated: lines.filter((l) => l.outcome === 'updated').length,
        },
      });
      return lines;
    });
    return { ok: true, lines };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    const refused = e.lines.filter((l) => l.outcome === 'refused').length;
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'file',
          message: `${refused.toLocaleString('en-GB')} of ${e.lines.length.toLocaleString('en-GB')} services cannot be imported, so none was: put right what the report says and import the file again`,
        },
      ],
      lines: e.lines,
    };
  }
}
