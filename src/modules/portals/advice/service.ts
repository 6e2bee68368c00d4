import { z } from 'zod';
import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import {
  discardReceived,
  keepFile,
  openStoredFile,
  type ReceivedFile,
  type StoredFile,
  storedFiles,
} from '../../../platform/files/index.ts';
import { uploadProblem } from '../../../platform/files/uploads.ts';
import { forbidden, notFound } from '../../../platform/http/problem.ts';
import { isoDateInLondon, longDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { queueNotifications } from '../../../platform/notifications/index.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import {
  adviceKindLabels,
  adviceKinds,
  ehcRequestView,
  planSectionsOf,
  recordEventWithin,
  writeSection,
} from '../../ehc/index.ts';
import { establishmentSummaries, staffOfEstablishment } from '../../providers/index.ts';
import { audit, authorise, type PortalContext, transaction } from '../context.ts';
import { ehcContextOf, loadEhc } from '../ehc/service.ts';
import type { Change } from '../requests/service.ts';
import * as repo from './repo.ts';

/**
 * Advice gathered in one place: the LA asks an adviser with an account (an educational
 * psychologist, a health or social care professional), who sees the child's details they need and
 * the date it is due, and writes the advice in a structured form or uploads it. The request's
 * history records both, so the 6-week advice date shows met or missed as it does for all advice.
 */

const uuid = /^[0-9a-f-]{36}$/;

export const askSchema = z.object({
  adviserId: z.string({ error: 'Choose the adviser' }).uuid('Choose the adviser'),
  kind: z.enum(adviceKinds, { error: 'Choose the kind of advice' }),
});

export const adviceSchema = z.object({
  needs: z.string().trim().max(10000, 'The needs must be 10,000 characters or fewer').default(''),
  outcomes: z.string().trim().max(10000, 'The outcomes must be 10,000 characters or fewer').default(''),
  provision: z.string().trim().max(10000, 'The provision must be 10,000 characters or fewer').default(''),
});
export type AdviceInput = z.output<typeof adviceSchema>;

export interface AdviserChoice {
  id: string;
  name: string;
  /** The child's school, when the adviser is its SENCo or head teacher (the school's educational advice). */
  school: string | null;
}

/** Who the LA may ask for advice on this child: its advisers, and the staff of the child's own school. */
export async function advisersFor(tx: Tx, laCode: string, child: ChildIdentity): Promise<AdviserChoice[]> {
  const advisers = (await repo.advisers(tx, laCode)).map((a) => ({ ...a, school: null }));
  if (!child.establishmentId) return advisers;
  const [school] = await establishmentSummaries(tx, [child.establishmentId]);
  const staff = await staffOfEstablishment(tx, child.establishmentId);
  const named = await repo.activeUsers(
    tx,
    laCode,
    staff.map((s) => s.userId),
  );
  return [...advisers, ...named.map((u) => ({ ...u, school: school?.name ?? 'The child’s school' }))];
}

/** Advisers, and school staff asked for their school's advice, write advice here; nobody else. */
function authoriseAdvising(ctx: PortalContext) {
  if (!can(ctx.principal.roles, 'portal:advise') && !can(ctx.principal.roles, 'portal:school-advice'))
    throw forbidden();
}

/** The LA asks an adviser with an account, or the child's school, for advice on a request it has decided to assess. */
export function askAdviser(
  ctx: PortalContext,
  ehcId: string,
  input: z.output<typeof askSchema>,
): Promise<Change<{ id: string }>> {
  authorise(ctx, 'ehc:write');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const { child, view } = await loadEhc(tx, ctx, ehcId);
    const adviser = (await advisersFor(tx, laCode, child)).find((a) => a.id === input.adviserId);
    if (!adviser)
      return {
        ok: false,
        status: 400,
        errors: [
          {
            field: 'adviserId',
            message:
              'Choose an adviser with an account in your LA, or a SENCo or head teacher of the child’s school',
          },
        ],
      };
    if (adviser.school && input.kind !== 'educational')
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'kind',
            message: `${adviser.school} gives educational advice: ask an adviser for ${adviceKindLabels[input.kind].toLowerCase()} advice`,
          },
        ],
      };
    const before = new Set(view.advice.map((a) => a.id));
    const recorded = await recordEventWithin(tx, ehcContextOf(ctx), ehcId, {
      version: view.version,
      corrects: null,
      event: {
        type: 'advice-requested',
        on: ctx.today,
        kind: input.kind,
        adviser: adviser.school ? `${adviser.name}, ${adviser.school}` : adviser.name,
        fromSchool: adviser.school !== null,
        fromEarlyYears: false,
      },
    });
    if (!recorded.ok)
      return {
        ok: false,
        status: recorded.status,
        errors: recorded.errors.map((e) => ({ ...e, field: 'kind' })),
      };
    const asked = recorded.request.advice.find((a) => !before.has(a.id));
    if (!asked) throw new Error('advice asked for is in the request');
    const due =
      recorded.request.deadlines.find((d) => d.step === 'advice' && d.subjectId === asked.id)?.dueOn ??
      addDays(ctx.today, 42);
    const id = await repo.insertAdvice(tx, laCode, {
      ehcRequestId: ehcId,
      adviceId: asked.id,
      childId: child.id,
      adviserId: adviser.id,
      kind: input.kind,
      askedBy: userId,
      askedOn: ctx.today,
      dueOn: due,
    });
    await audit(tx, ctx, {
      action: 'portal.advice.asked',
      entityType: 'ehc_request',
      entityId: ehcId,
      childId: child.id,
      detail: { advice: id, adviser: adviser.id },
    });
    const [to] = await tx
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('id', '=', adviser.id)
      .execute();
    if (to)
      await queueNotifications(tx, [
        {
          laCode,
          kind: 'portals.advice-asked',
          toEmail: to.email,
          toName: to.name,
          toUserId: to.id,
          subject: 'You have been asked for advice on OpenSEND',
          body: `You have been asked for advice for an EHC needs assessment.\n\nSign in to see what is asked and by when:\n${ctx.publicUrl}/adviser/advice/${id}`,
          createdBy: userId,
        },
      ]);
    return { ok: true, value: { id } };
  });
}

export interface AdviceItem {
  row: repo.AdviceRow;
  child: ChildIdentity;
}

/** The advice asked of this adviser: still to write first, by due date. */
export function myAdvice(ctx: PortalContext): Promise<AdviceItem[]> {
  authoriseAdvising(ctx);
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const rows = await repo.adviceOfAdviser(tx, laCode, userId);
    const children = new Map(
      (await childIdentities(tx, laCode, [...new Set(rows.map((r) => r.childId))])).map((c) => [c.id, c]),
    );
    if (rows.length)
      await audit(tx, ctx, {
        action: 'portal.advice.listed',
        entityType: 'ehc_request',
        childId: null,
        childIds: [...children.keys()],
      });
    return rows.flatMap((row) => {
      const child = children.get(row.childId);
      return child ? [{ row, child }] : [];
    });
  });
}

export interface AdviceForm extends AdviceItem {
  school: string | null;
  receivedOn: string;
  file: StoredFile | null;
}

async function ownAdvice(tx: Tx, ctx: PortalContext, id: string, forUpdate = false): Promise<repo.AdviceRow> {
  const row = uuid.test(id) ? await repo.findAdvice(tx, ctx.principal.laCode, id, forUpdate) : undefined;
  const staff = ctx.principal.roles.some((r) => r === 'ehc_coordinator' || r === 'send_team_manager');
  if (!row || (row.adviserId !== ctx.principal.userId && !staff))
    throw notFound('There is no advice with this link that you can see.');
  return row;
}

/** One piece of advice with the child's details the adviser needs: name, date of birth, school, when the request arrived. */
export function adviceForm(ctx: PortalContext, id: string): Promise<AdviceForm> {
  return transaction(ctx, async (tx) => {
    const { laCode } = ctx.principal;
    const row = await ownAdvice(tx, ctx, id);
    const [child] = await childIdentities(tx, laCode, [row.childId]);
    if (!child) throw notFound('There is no advice with this link that you can see.');
    const [school] = child.establishmentId ? await establishmentSummaries(tx, [child.establishmentId]) : [];
    const view = await ehcRequestView(tx, ehcContextOf(ctx), row.ehcRequestId, child);
    const [file] = row.fileId ? await storedFiles(tx, laCode, [row.fileId]) : [];
    await audit(tx, ctx, {
      action: 'portal.advice.read',
      entityType: 'ehc_request',
      entityId: row.ehcRequestId,
      childId: child.id,
      detail: { advice: id },
    });
    return { row, child, school: school?.name ?? null, receivedOn: view.receivedOn, file: file ?? null };
  });
}

/** The adviser's advice, written or uploaded or both; once given it is the request's and cannot be changed here. */
export function giveAdvice(
  ctx: PortalContext,
  id: string,
  input: AdviceInput,
  file: ReceivedFile | null,
): Promise<Change<null>> {
  authoriseAdvising(ctx);
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const row = await ownAdvice(tx, ctx, id, true);
    if (row.adviserId !== userId) throw notFound('There is no advice with this link that you can see.');
    if (row.submittedAt)
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'needs',
            message: 'You have already given this advice: send the LA a message to add to it',
          },
        ],
      };
    const problem = file ? uploadProblem(file, ctx.uploads.maxBytes) : null;
    if (file && problem) {
      await discardReceived(file);
      return { ok: false, status: 422, errors: [{ field: 'file', message: problem }] };
    }
    if (!input.needs && !file)
      return {
        ok: false,
        status: 400,
        errors: [
          { field: 'needs', message: 'Write the child’s needs as you see them, or upload your advice' },
        ],
      };
    const stored = file ? await keepFile(tx, ctx.uploads.dir, file, { laCode, userId }) : null;
    const recorded = await recordEventWithin(tx, ehcContextOf(ctx), row.ehcRequestId, {
      corrects: null,
      event: { type: 'advice-received', on: ctx.today, adviceId: row.adviceId },
    });
    if (!recorded.ok)
      return {
        ok: false,
        status: recorded.status,
        errors: recorded.errors.map((e) => ({ ...e, field: 'needs' })),
      };
    await repo.submitAdvice(tx, laCode, id, { answers: input, fileId: stored?.id ?? null, at: ctx.now });
    await audit(tx, ctx, {
      action: 'portal.advice.given',
      entityType: 'ehc_request',
      entityId: row.ehcRequestId,
      childId: row.childId,
      detail: { advice: id, file: stored?.id ?? null, onTime: ctx.today <= row.dueOn },
    });
    const coordinator = recorded.request.coordinator;
    const [to] = coordinator
      ? await tx
          .selectFrom('users')
          .select(['id', 'email', 'name'])
          .where('id', '=', coordinator.id)
          .execute()
      : [];
    if (to)
      await queueNotifications(tx, [
        {
          laCode,
          kind: 'portals.advice-given',
          toEmail: to.email,
          toName: to.name,
          toUserId: to.id,
          subject: 'Advice has arrived on OpenSEND',
          body: `Advice you asked for has arrived on one of your EHC requests.\n\nSign in to read it:\n${ctx.publicUrl}/portal/ehc/${row.ehcRequestId}`,
          createdBy: userId,
        },
      ]);
    return { ok: true, value: null };
  });
}

/** The file an adviser uploaded, for them and the LA. */
export function adviceFile(
  ctx: PortalContext,
  id: string,
): Promise<{ file: StoredFile; body: NodeJS.ReadableStream }> {
  return transaction(ctx, async (tx) => {
    const row = await ownAdvice(tx, ctx, id);
    const [file] = row.fileId ? await storedFiles(tx, ctx.principal.laCode, [row.fileId]) : [];
    if (!file) throw notFound('There is no file with this link that you can see.');
    await audit(tx, ctx, {
      action: 'portal.file.read',
      entityType: 'stored_file',
      entityId: file.id,
      childId: row.childId,
      detail: { advice: id },
    });
    return { file, body: openStoredFile(ctx.uploads.dir, ctx.principal.laCode, file.id) };
  });
}

/** How a piece of advice reads in section K: who gave it, when, and what they said. */
export function adviceInSectionK(a: repo.AdviceRow, kindLabel: string): string {
  const answers = a.answers ?? {};
  return [
    `${kindLabel} advice from ${a.adviserName}, received ${a.submittedAt ? longDate(isoDateInLondon(a.submittedAt)) : ''}${a.fileId ? ' (their report is attached)' : ''}.`,
    answers.needs ? `Needs: ${answers.needs}` : '',
    answers.outcomes ? `Outcomes: ${answers.outcomes}` : '',
    answers.provision ? `Provision: ${answers.provision}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Adds the advice given through the portal to section K of the draft plan, each piece once: the
 * LA decides when, as it writes the rest of the plan.
 */
export async function adviceToSectionK(
  ctx: PortalContext,
  ehcId: string,
): Promise<Change<{ added: number }>> {
  authorise(ctx, 'ehc:write');
  const read = await transaction(ctx, async (tx) => {
    const { view } = await loadEhc(tx, ctx, ehcId);
    if (view.plan?.status !== 'draft') return null;
    const [k] = (await planSectionsOf(tx, ctx.principal.laCode, view.plan.id)).filter((s) => s.code === 'K');
    return {
      k,
      given: (await repo.adviceOnRequest(tx, ctx.principal.laCode, ehcId)).filter((a) => a.submittedAt),
    };
  });
  if (!read)
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'sectionK',
          message: 'Advice goes into section K of a draft plan: there is no draft plan yet',
        },
      ],
    };
  const current = read.k?.content ?? '';
  const labels = adviceKindLabels as Record<string, string>;
  const missing = read.given
    .map((a) => adviceInSectionK(a, labels[a.kind] ?? 'Other'))
    .filter((text) => !current.includes(text.split('\n')[0] ?? text));
  if (!missing.length)
    return {
      ok: false,
      status: 422,
      errors: [
        { field: 'sectionK', message: 'Section K already holds all the advice given through the portal' },
      ],
    };
  // Written the way every change to a section is: refused if someone wrote section K since it was read.
  const written = await writeSection(ehcContextOf(ctx), ehcId, 'K', {
    content: [current, ...missing].filter(Boolean).join('\n\n'),
    version: read.k?.version ?? 0,
  });
  if (!written.ok)
    return { ok: false, status: written.status === 404 ? 422 : written.status, errors: written.errors };
  return { ok: true, value: { added: missing.length } };
}
