import { z } from 'zod';
import { activeContacts } from '../../../platform/auth/directory.ts';
import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import {
  keepFile,
  openStoredFile,
  type ReceivedFile,
  type StoredFile,
  storedFiles,
  uploadProblem,
} from '../../../platform/files/index.ts';
import { type FieldError, forbidden, notFound } from '../../../platform/http/problem.ts';
import { fieldErrors } from '../../../platform/http/validation.ts';
import { type IsoDate, isRealIsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { type NewNotification, queueNotifications } from '../../../platform/notifications/index.ts';
import {
  clusterSchoolsOn,
  establishmentIdsForClusterHost,
  establishmentIdsForStaff,
  establishmentSummaries,
  staffOfEstablishments,
} from '../../providers/index.ts';
import { audit, authorise, type EngagementContext, transaction } from '../context.ts';
import { schoolAudiences } from '../domain/audiences.ts';
import {
  type ClusterTally,
  nextNumber,
  type ReceiptState,
  receiptState,
  sheetNumber,
  tallyByCluster,
} from '../domain/mi-sheets.ts';
import * as repo from './repo.ts';

/**
 * MI sheets: an officer writes a sheet, with files if it needs them, and publishes it to every
 * school in a cluster, which gives it the next number of the year. Each school's SENCo or head
 * says they have read it or, for an action sheet, done what it asks; the LA sees who has not, by
 * cluster, and chases them. Emails say only that there is a sheet, never what is in it.
 */

export type { SheetRow } from './repo.ts';

export const sheetSchema = z
  .object({
    kind: z.enum(['information', 'action'], {
      error: 'Say whether the sheet is for information or asks for action',
    }),
    title: z
      .string({ error: 'Enter a title' })
      .trim()
      .min(1, 'Enter a title')
      .max(200, 'The title must be 200 characters or fewer'),
    audiences: z
      .union([z.enum(schoolAudiences), z.array(z.enum(schoolAudiences))], {
        error: 'Choose who in schools it is for',
      })
      .transform((v) => [...new Set(Array.isArray(v) ? v : [v])]),
    completeBy: z
      .string()
      .trim()
      .default('')
      .refine(
        (s) => s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && isRealIsoDate(s)),
        'Enter the date as 2027-11-15',
      ),
    contact: z
      .string({ error: 'Enter who schools should contact' })
      .trim()
      .min(1, 'Enter who schools should contact, with a phone number or email address')
      .max(300, 'The contact must be 300 characters or fewer'),
    body: z
      .string({ error: 'Write the sheet' })
      .trim()
      .min(1, 'Write the sheet')
      .max(50000, 'The sheet must be 50,000 characters or fewer'),
    version: z.coerce.number().int().min(0).default(0),
  })
  .superRefine((v, c) => {
    if (v.kind === 'action' && !v.completeBy)
      c.addIssue({
        code: 'custom',
        path: ['completeBy'],
        message: 'Enter the date schools must complete it by',
      });
    if (v.kind === 'information' && v.completeBy)
      c.addIssue({
        code: 'custom',
        path: ['completeBy'],
        message:
          'An information sheet has no date to complete it by: make it an action sheet, or leave the date out',
      });
  });

export type Outcome<T> = ({ ok: true } & T) | { ok: false; status: 400 | 409 | 422; errors: FieldError[] };

export async function sheetList(ctx: EngagementContext): Promise<repo.SheetRow[]> {
  authorise(ctx, 'engagement:manage');
  return transaction(ctx, (tx) => repo.sheets(tx, ctx.principal.laCode));
}

export interface ReceiptView extends repo.ReceiptRow {
  clusterId: string;
  clusterName: string;
  state: ReceiptState;
}

export interface OfficerSheet {
  sheet: repo.SheetRow;
  receipts: ReceiptView[];
  tallies: ClusterTally[];
  attachments: repo.AttachmentRow[];
}

async function loadSheet(tx: Tx, laCode: string, id: string, forUpdate = false): Promise<repo.SheetRow> {
  const s = isUuid(id) ? await repo.sheet(tx, laCode, id, forUpdate) : undefined;
  if (!s) throw notFound('There is no MI sheet with this ID.');
  return s;
}

async function receiptsOf(tx: Tx, laCode: string, s: repo.SheetRow, today: IsoDate): Promise<ReceiptView[]> {
  const rows = await repo.receipts(tx, laCode, s.id);
  // Schools are counted in the cluster they were in when the sheet was issued.
  const clusters = new Map(
    (await clusterSchoolsOn(tx, laCode, s.issuedOn ?? today)).map((c) => [c.establishmentId, c]),
  );
  return rows.map((r) => ({
    ...r,
    clusterId: clusters.get(r.establishmentId)?.clusterId ?? '',
    clusterName: clusters.get(r.establishmentId)?.clusterName ?? 'In no cluster',
    state: receiptState(s, r, today),
  }));
}

export async function sheetForOfficer(ctx: EngagementContext, id: string): Promise<OfficerSheet> {
  authorise(ctx, 'engagement:manage');
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const sheet = await loadSheet(tx, laCode, id);
    const receipts = await receiptsOf(tx, laCode, sheet, ctx.today);
    return {
      sheet,
      receipts,
      tallies: tallyByCluster(receipts.map((r) => ({ ...r, acknowledged: r.acknowledgedAt !== null }))),
      attachments: await repo.attachments(tx, laCode, sheet.id),
    };
  });
}

export async function saveSheet(
  ctx: EngagementContext,
  id: string | null,
  input: unknown,
): Promise<Outcome<{ id: string }>> {
  authorise(ctx, 'engagement:manage');
  const parsed = sheetSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const { version, completeBy, ...rest } = parsed.data;
  const write = { ...rest, completeBy: (completeBy || null) as IsoDate | null };
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<Outcome<{ id: string }>> => {
    if (id === null) {
      const newId = await repo.insertSheet(tx, laCode, write, userId);
      await audit(tx, ctx, {
        action: 'engagement.mi-sheet.drafted',
        entityType: 'eng_mi_sheet',
        entityId: newId,
        childId: null,
      });
      return { ok: true, id: newId };
    }
    const s = await loadSheet(tx, laCode, id);
    if (s.status === 'published')
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'title',
            message: `MI sheet ${sheetNumber(s.number ?? 0, s.year ?? 0)} has gone to schools: it cannot be changed. Send a new sheet instead`,
          },
        ],
      };
    if (!(await repo.updateSheet(tx, laCode, id, version, write)))
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'title',
            message: 'Someone changed this sheet since you opened it. Reload it and make your change again',
          },
        ],
      };
    await audit(tx, ctx, {
      action: 'engagement.mi-sheet.drafted',
      entityType: 'eng_mi_sheet',
      entityId: id,
      childId: null,
    });
    return { ok: true, id };
  });
}

const notice = (
  laCode: string,
  to: { id: string; name: string; email: string },
  subject: string,
  body: string,
  by: string | null,
): NewNotification => ({
  laCode,
  kind: 'engagement.mi-sheet',
  toEmail: to.email,
  toName: to.name,
  toUserId: to.id,
  subject,
  body,
  createdBy: by,
});

/** Each school's SENCos and heads, once each, with the schools they are written to about. */
async function staffOf(tx: Tx, schoolIds: readonly string[]) {
  const links = await staffOfEstablishments(tx, schoolIds);
  return activeContacts(
    tx,
    links.map((l) => l.userId),
  );
}

export const publishSchema = z.object({
  number: z
    .string()
    .trim()
    .default('')
    .refine(
      (s) => s === '' || /^\d{1,3}$/.test(s),
      'Enter the number as a whole number from 1 to 999, or leave it blank for the next',
    )
    .transform((s) => (s === '' ? null : Number(s)))
    .refine(
      (n) => n === null || n >= 1,
      'Enter the number as a whole number from 1 to 999, or leave it blank for the next',
    ),
});

/**
 * Sends a draft to every school in a cluster. It takes the next number of the year, or the number
 * given, so an LA moving from another system carries on its own sequence (248/11 after 247/11).
 */
export async function publishSheet(
  ctx: EngagementContext,
  id: string,
  publicUrl: string | undefined,
  input: unknown = {},
): Promise<Outcome<{ number: string; schools: number }>> {
  authorise(ctx, 'engagement:manage');
  const parsed = publishSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<Outcome<{ number: string; schools: number }>> => {
    const s = await loadSheet(tx, laCode, id, true);
    if (s.status === 'published')
      return {
        ok: false,
        status: 409,
        errors: [{ field: 'publish', message: 'This sheet has already gone to schools' }],
      };
    if (s.completeBy && s.completeBy < ctx.today)
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'completeBy',
            message: `The date to complete it by, ${longDate(s.completeBy)}, has passed: change it first`,
          },
        ],
      };
    const schools = [
      ...new Set((await clusterSchoolsOn(tx, laCode, ctx.today)).map((c) => c.establishmentId)),
    ];
    if (schools.length === 0)
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'publish',
            message: 'No school is in a cluster yet: add schools to clusters, then send the sheet',
          },
        ],
      };
    const year = Number(ctx.today.slice(0, 4));
    await repo.lockNumbers(tx, laCode, year);
    const used = await repo.numbersIn(tx, laCode, year);
    const number = parsed.data.number ?? nextNumber(used);
    if (used.includes(number))
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'number',
            message: `MI sheet ${sheetNumber(number, year)} has already been sent: choose another number, or leave it blank for ${sheetNumber(nextNumber(used), year)}`,
          },
        ],
      };
    await repo.publishSheet(tx, laCode, id, { number, year, issuedOn: ctx.today, at: ctx.now });
    await repo.insertReceipts(tx, laCode, id, schools);
    const label = sheetNumber(number, year);
    const people = await staffOf(tx, schools);
    await queueNotifications(
      tx,
      people.map((p) =>
        notice(
          laCode,
          p,
          `MI sheet ${label}: ${s.title}`,
          [
            `Dear ${p.name},`,
            '',
            `MI sheet ${label}, ${s.title}, has been sent to your school.`,
            s.completeBy
              ? `It asks your school to act by ${longDate(s.completeBy)}.`
              : 'It is for information.',
            '',
            `Read it and say your school has ${s.completeBy ? 'done what it asks' : 'read it'}: ${publicUrl ?? ''}/mi-sheets/${id}`,
          ].join('\n'),
          userId,
        ),
      ),
    );
    await audit(tx, ctx, {
      action: 'engagement.mi-sheet.published',
      entityType: 'eng_mi_sheet',
      entityId: id,
      childId: null,
      detail: { number: label, schools: schools.length, told: people.length },
    });
    return { ok: true, number: label, schools: schools.length };
  });
}

export async function chaseSchools(
  ctx: EngagementContext,
  id: string,
  publicUrl: string | undefined,
): Promise<Outcome<{ schools: number; people: number }>> {
  authorise(ctx, 'engagement:manage');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<Outcome<{ schools: number; people: number }>> => {
    const s = await loadSheet(tx, laCode, id, true);
    if (s.status !== 'published')
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'chase', message: 'Send the sheet to schools before chasing them' }],
      };
    const notDone = (await receiptsOf(tx, laCode, s, ctx.today)).filter((r) => r.state !== 'done');
    if (notDone.length === 0)
      return {
        ok: false,
        status: 422,
        errors: [
          { field: 'chase', message: 'Every school has done what the sheet asks: there is nobody to chase' },
        ],
      };
    const label = sheetNumber(s.number ?? 0, s.year ?? 0);
    const people = await staffOf(
      tx,
      notDone.map((r) => r.establishmentId),
    );
    await queueNotifications(
      tx,
      people.map((p) =>
        notice(
          laCode,
          p,
          `Reminder: MI sheet ${label}: ${s.title}`,
          [
            `Dear ${p.name},`,
            '',
            s.completeBy
              ? `We have not yet heard that your school has done what MI sheet ${label} asks. It was to be done by ${longDate(s.completeBy)}.`
              : `We have not yet heard that your school has read MI sheet ${label}.`,
            '',
            `${publicUrl ?? ''}/mi-sheets/${id}`,
          ].join('\n'),
          userId,
        ),
      ),
    );
    await repo.markChased(
      tx,
      laCode,
      id,
      notDone.map((r) => r.establishmentId),
      ctx.now,
    );
    await audit(tx, ctx, {
      action: 'engagement.mi-sheet.chased',
      entityType: 'eng_mi_sheet',
      entityId: id,
      childId: null,
      detail: { schools: notDone.length, told: people.length },
    });
    return { ok: true, schools: notDone.length, people: people.length };
  });
}

export async function attachFile(
  ctx: EngagementContext,
  id: string,
  file: ReceivedFile | null,
  uploads: { dir: string; maxBytes: number },
): Promise<Outcome<{ fileId: string }>> {
  authorise(ctx, 'engagement:manage');
  if (!file)
    return { ok: false, status: 400, errors: [{ field: 'file', message: 'Choose a file to attach' }] };
  const problem = uploadProblem(file, uploads.maxBytes);
  if (problem) return { ok: false, status: 422, errors: [{ field: 'file', message: problem }] };
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<Outcome<{ fileId: string }>> => {
    const s = await loadSheet(tx, laCode, id, true);
    if (s.status === 'published')
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'file', message: 'The sheet has gone to schools: files cannot be added now' }],
      };
    const stored = await keepFile(tx, uploads.dir, file, { laCode, userId });
    await repo.attach(tx, laCode, id, stored.id);
    await audit(tx, ctx, {
      action: 'engagement.mi-sheet.file-added',
      entityType: 'eng_mi_sheet',
      entityId: id,
      childId: null,
      detail: { file: stored.id },
    });
    return { ok: true, fileId: stored.id };
  });
}

// Schools' side.

/** The schools this person answers MI sheets for: as SENCo or head, and the schools of the clusters they host. */
async function mySchools(tx: Tx, ctx: EngagementContext): Promise<string[]> {
  const { userId } = ctx.principal;
  return [
    ...new Set([
      ...(await establishmentIdsForStaff(tx, userId)),
      ...(await establishmentIdsForClusterHost(tx, userId, ctx.today)),
    ]),
  ];
}

/** The schools this person answers for, by name: for links to what else they keep for their school. */
export async function mySchoolNames(ctx: EngagementContext): Promise<{ id: string; name: string }[]> {
  authorise(ctx, 'engagement:school');
  return transaction(ctx, async (tx) =>
    (await establishmentSummaries(tx, await mySchools(tx, ctx))).map((s) => ({ id: s.id, name: s.name })),
  );
}

export interface SchoolSheet extends repo.SchoolSheetRow {
  state: ReceiptState;
}

export async function sheetsForMySchools(ctx: EngagementContext): Promise<SchoolSheet[]> {
  authorise(ctx, 'engagement:school');
  return transaction(ctx, async (tx) =>
    (await repo.sheetsForSchools(tx, ctx.principal.laCode, await mySchools(tx, ctx))).map((r) => ({
      ...r,
      state: receiptState(r.sheet, r, ctx.today),
    })),
  );
}

export async function sheetForMySchools(
  ctx: EngagementContext,
  id: string,
): Promise<{ sheet: repo.SheetRow; schools: SchoolSheet[]; attachments: repo.AttachmentRow[] }> {
  authorise(ctx, 'engagement:school');
  const all = (await sheetsForMySchools(ctx)).filter((r) => r.sheet.id === id);
  const first = all[0];
  if (!first) throw notFound('There is no MI sheet to your school with this ID.');
  const attachments = await transaction(ctx, (tx) => repo.attachments(tx, ctx.principal.laCode, id));
  return { sheet: first.sheet, schools: all, attachments };
}

export const answerSchema = z.object({
  school: z.uuid('Choose the school you are answering for'),
  answer: z.enum(['read', 'done'], {
    error: 'Say whether your school has read the sheet or done what it asks',
  }),
});

export async function answerSheet(
  ctx: EngagementContext,
  id: string,
  input: unknown,
): Promise<Outcome<{ answer: 'read' | 'done' }>> {
  authorise(ctx, 'engagement:school');
  const parsed = answerSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const { school, answer } = parsed.data;
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<Outcome<{ answer: 'read' | 'done' }>> => {
    if (!(await mySchools(tx, ctx)).includes(school))
      throw notFound('There is no MI sheet to your school with this ID.');
    const s = await loadSheet(tx, laCode, id);
    if (answer === 'done' && s.kind === 'information')
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'answer', message: 'This sheet is for information: say your school has read it' }],
      };
    const r = await repo.acknowledge(tx, laCode, id, school, userId, ctx.now, answer === 'done');
    if (r === 'none') throw notFound('There is no MI sheet to your school with this ID.');
    if (r === 'already')
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'answer',
            message:
              answer === 'done'
                ? 'Your school has already said it has done this'
                : 'Your school has already said it has read this',
          },
        ],
      };
    await audit(tx, ctx, {
      action: answer === 'done' ? 'engagement.mi-sheet.completed' : 'engagement.mi-sheet.acknowledged',
      entityType: 'eng_mi_sheet',
      entityId: id,
      childId: null,
      detail: { school },
    });
    return { ok: true, answer };
  });
}

/** A file with a sheet: for the officers, and for the schools the sheet went to. */
export async function sheetFile(
  ctx: EngagementContext,
  id: string,
  fileId: string,
  dir: string,
): Promise<{ file: StoredFile; body: NodeJS.ReadableStream }> {
  const officer = can(ctx.principal.roles, 'engagement:manage');
  if (!officer && !can(ctx.principal.roles, 'engagement:school')) throw forbidden();
  if (!isUuid(id) || !isUuid(fileId)) throw notFound('There is no file with this link that you can see.');
  if (!officer) await sheetForMySchools(ctx, id);
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const attached = (await repo.attachments(tx, laCode, id)).some((a) => a.fileId === fileId);
    const [file] = attached ? await storedFiles(tx, laCode, [fileId]) : [];
    if (!file) throw notFound('There is no file with this link that you can see.');
    return { file, body: openStoredFile(dir, laCode, file.id) };
  });
}
