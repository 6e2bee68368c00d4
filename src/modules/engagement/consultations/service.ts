import { z } from 'zod';
import { recordAuditEvent } from '../../../platform/audit/index.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { fieldErrors } from '../../../platform/http/validation.ts';
import { type IsoDate, isRealIsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import type { PublicLa } from '../../../platform/las/public-la.ts';
import { audit, authorise, type EngagementContext, transaction } from '../context.ts';
import { audiences } from '../domain/audiences.ts';
import {
  type ConsultationState,
  checkAnswers,
  consultationState,
  type Question,
  type Tally,
  tallyAnswers,
} from '../domain/consultations.ts';
import * as repo from './repo.ts';

/**
 * Consultations and surveys: an officer writes the questions, publishes it for its dates, and
 * anyone answers it online while it is open (a closed one refuses answers, naming the day it
 * closed). Officers read the answers, export them, and tag each response with themes.
 */

export type { ConsultationRow, ResponseRow, ThemeRow } from './repo.ts';

export type Outcome<T> =
  | ({ ok: true } & T)
  | { ok: false; status: 400 | 404 | 409 | 422; errors: FieldError[] };

const day = (what: string) =>
  z
    .string({ error: `Enter the day it ${what}, like 2027-11-15` })
    .trim()
    .refine(
      (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealIsoDate(s),
      `Enter the day it ${what}, like 2027-11-15`,
    )
    .transform((s) => s as IsoDate);

export const consultationSchema = z
  .object({
    kind: z.enum(['consultation', 'survey'], { error: 'Say whether it is a consultation or a survey' }),
    title: z
      .string({ error: 'Enter a title' })
      .trim()
      .min(1, 'Enter a title')
      .max(200, 'The title must be 200 characters or fewer'),
    summary: z
      .string({ error: 'Say what it is about' })
      .trim()
      .min(1, 'Say what it is about and what will be done with the answers')
      .max(8000, 'The summary must be 8,000 characters or fewer'),
    audiences: z
      .union([z.enum(audiences), z.array(z.enum(audiences))], { error: 'Choose who it is for' })
      .transform((v) => [...new Set(Array.isArray(v) ? v : [v])]),
    opensOn: day('opens'),
    closesOn: day('closes'),
  })
  .refine((v) => v.closesOn >= v.opensOn, {
    path: ['closesOn'],
    message: 'It must close on or after the day it opens',
  });

export const questionSchema = z
  .object({
    kind: z.enum(['text', 'choice', 'agree'], { error: 'Choose how people answer' }),
    prompt: z
      .string({ error: 'Enter the question' })
      .trim()
      .min(1, 'Enter the question')
      .max(500, 'The question must be 500 characters or fewer'),
    options: z
      .string()
      .default('')
      .transform((s) => [
        ...new Set(
          s
            .split(/\r?\n/)
            .map((o) => o.trim())
            .filter(Boolean),
        ),
      ]),
    required: z.enum(['yes', 'no']).default('no'),
  })
  .superRefine((v, c) => {
    if (v.kind === 'choice' && v.options.length < 2)
      c.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Give at least two answers to choose from, one on each line',
      });
    if (v.kind === 'choice' && v.options.some((o) => o.length > 200))
      c.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Each answer must be 200 characters or fewer',
      });
    if (v.kind !== 'choice' && v.options.length > 0)
      c.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Only a question with answers to choose from has a list of answers',
      });
  });

export interface ConsultationView {
  consultation: repo.ConsultationRow;
  state: ConsultationState;
  questions: Question[];
}

async function load(
  tx: Tx,
  laCode: string,
  id: string,
  today: IsoDate,
  forUpdate = false,
): Promise<ConsultationView> {
  const c = isUuid(id) ? await repo.consultation(tx, laCode, id, forUpdate) : undefined;
  if (!c) throw notFound('There is no consultation with this ID.');
  return {
    consultation: c,
    state: consultationState(c, today),
    questions: await repo.questions(tx, laCode, id),
  };
}

// Officers.

export async function consultationList(ctx: EngagementContext) {
  authorise(ctx, 'engagement:manage');
  const rows = await transaction(ctx, (tx) => repo.consultations(tx, ctx.principal.laCode));
  return rows.map((c) => ({ consultation: c, state: consultationState(c, ctx.today) }));
}

export interface OfficerConsultation extends ConsultationView {
  responses: repo.ResponseRow[];
  themes: repo.ThemeRow[];
  tallies: Tally[];
}

export async function consultationForOfficer(
  ctx: EngagementContext,
  id: string,
): Promise<OfficerConsultation> {
  authorise(ctx, 'engagement:manage');
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const v = await load(tx, laCode, id, ctx.today);
    const responses = await repo.responses(tx, laCode, id);
    return {
      ...v,
      responses,
      themes: await repo.themes(tx, laCode, id),
      tallies: tallyAnswers(v.questions, responses),
    };
  });
}

export async function saveConsultation(
  ctx: EngagementContext,
  id: string | null,
  input: unknown,
): Promise<Outcome<{ id: string }>> {
  authorise(ctx, 'engagement:manage');
  const parsed = consultationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<Outcome<{ id: string }>> => {
    if (id === null) {
      const newId = await repo.insertConsultation(tx, laCode, parsed.data, userId);
      await audit(tx, ctx, {
        action: 'engagement.consultation.drafted',
        entityType: 'eng_consultation',
        entityId: newId,
        childId: null,
      });
      return { ok: true, id: newId };
    }
    const v = await load(tx, laCode, id, ctx.today, true);
    if (v.consultation.responses > 0 && parsed.data.opensOn !== v.consultation.opensOn)
      return {
        ok: false,
        status: 422,
        errors: [
          { field: 'opensOn', message: 'People have answered already: the day it opened cannot change' },
        ],
      };
    await repo.updateConsultation(tx, laCode, id, parsed.data);
    await audit(tx, ctx, {
      action: 'engagement.consultation.changed',
      entityType: 'eng_consultation',
      entityId: id,
      childId: null,
    });
    return { ok: true, id };
  });
}

export async function addQuestion(
  ctx: EngagementContext,
  id: string,
  input: unknown,
): Promise<Outcome<{ questionId: string }>> {
  authorise(ctx, 'engagement:manage');
  const parsed = questionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx): Promise<Outcome<{ questionId: string }>> => {
    const v = await load(tx, laCode, id, ctx.today, true);
    if (v.consultation.status !== 'draft')
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'prompt', message: 'It is published: its questions cannot change' }],
      };
    if (v.questions.length >= 50)
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'prompt', message: 'A consultation can have at most 50 questions' }],
      };
    const questionId = await repo.addQuestion(tx, laCode, id, {
      ...parsed.data,
      required: parsed.data.required === 'yes',
    });
    await audit(tx, ctx, {
      action: 'engagement.consultation.changed',
      entityType: 'eng_consultation',
      entityId: id,
      childId: null,
    });
    return { ok: true, questionId };
  });
}

export async function removeQuestion(
  ctx: EngagementContext,
  id: string,
  questionId: string,
): Promise<Outcome<object>> {
  authorise(ctx, 'engagement:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx): Promise<Outcome<object>> => {
    const v = await load(tx, laCode, id, ctx.today, true);
    if (v.consultation.status !== 'draft')
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'prompt', message: 'It is published: its questions cannot change' }],
      };
    if (!isUuid(questionId) || !(await repo.removeQuestion(tx, laCode, id, questionId)))
      throw notFound('There is no such question in this consultation.');
    await audit(tx, ctx, {
      action: 'engagement.consultation.changed',
      entityType: 'eng_consultation',
      entityId: id,
      childId: null,
    });
    return { ok: true };
  });
}

export async function publishConsultation(ctx: EngagementContext, id: string): Promise<Outcome<object>> {
  authorise(ctx, 'engagement:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx): Promise<Outcome<object>> => {
    const v = await load(tx, laCode, id, ctx.today, true);
    if (v.consultation.status !== 'draft')
      return { ok: false, status: 409, errors: [{ field: 'publish', message: 'It is already published' }] };
    if (v.questions.length === 0)
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'publish', message: 'Add a question before publishing it' }],
      };
    if (v.consultation.closesOn < ctx.today)
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'publish',
            message: `It was to close on ${longDate(v.consultation.closesOn)}, which has passed: change its dates first`,
          },
        ],
      };
    await repo.publishConsultation(tx, laCode, id);
    await audit(tx, ctx, {
      action: 'engagement.consultation.published',
      entityType: 'eng_consultation',
      entityId: id,
      childId: null,
    });
    return { ok: true };
  });
}

export const themeSchema = z.object({
  name: z
    .string({ error: 'Enter the theme' })
    .trim()
    .min(1, 'Enter the theme')
    .max(100, 'The theme must be 100 characters or fewer'),
});

export async function addTheme(
  ctx: EngagementContext,
  id: string,
  input: unknown,
): Promise<Outcome<{ themeId: string }>> {
  authorise(ctx, 'engagement:manage');
  const parsed = themeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx): Promise<Outcome<{ themeId: string }>> => {
    await load(tx, laCode, id, ctx.today);
    const themeId = await repo.addTheme(tx, laCode, id, parsed.data.name);
    if (!themeId)
      return {
        ok: false,
        status: 409,
        errors: [{ field: 'name', message: `There is already a theme called ${parsed.data.name}` }],
      };
    await audit(tx, ctx, {
      action: 'engagement.consultation.theme-added',
      entityType: 'eng_consultation',
      entityId: id,
      childId: null,
    });
    return { ok: true, themeId };
  });
}

export const tagSchema = z.object({
  themes: z
    .union([z.uuid('Choose themes from the list'), z.array(z.uuid('Choose themes from the list'))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? [...new Set(v)] : [v])),
});

export async function tagResponse(
  ctx: EngagementContext,
  id: string,
  responseId: string,
  input: unknown,
): Promise<Outcome<object>> {
  authorise(ctx, 'engagement:manage');
  const parsed = tagSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<Outcome<object>> => {
    await load(tx, laCode, id, ctx.today);
    const known = new Set((await repo.themes(tx, laCode, id)).map((t) => t.id));
    if (parsed.data.themes.some((t) => !known.has(t)))
      return {
        ok: false,
        status: 400,
        errors: [{ field: 'themes', message: 'Choose themes of this consultation' }],
      };
    if (!isUuid(responseId) || !(await repo.responses(tx, laCode, id)).some((r) => r.id === responseId))
      throw notFound('There is no such response to this consultation.');
    await repo.setThemes(tx, laCode, responseId, parsed.data.themes, userId, ctx.now);
    await audit(tx, ctx, {
      action: 'engagement.consultation.tagged',
      entityType: 'eng_consultation',
      entityId: id,
      childId: null,
      detail: { response: responseId, themes: parsed.data.themes.length },
    });
    return { ok: true };
  });
}

// Anyone.

export const respondentSchema = z.object({
  respondent: z.enum(audiences, { error: 'Say who you are answering as' }),
  name: z.string().trim().max(200, 'Your name must be 200 characters or fewer').default(''),
  email: z
    .string()
    .trim()
    .max(320, 'The email address must be 320 characters or fewer')
    .refine(
      (s) => s === '' || z.email().safeParse(s).success,
      'Enter an email address in the correct format, like name@example.com',
    )
    .default(''),
});

export async function publicConsultations(database: Database, la: PublicLa, today: IsoDate) {
  const rows = await inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    repo.consultations(tx, la.code, true),
  );
  return rows
    .map((c) => ({ consultation: c, state: consultationState(c, today) }))
    .filter((c) => c.state !== 'draft');
}

export async function publicConsultation(
  database: Database,
  la: PublicLa,
  id: string,
  today: IsoDate,
): Promise<ConsultationView> {
  const v = await inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    load(tx, la.code, id, today),
  );
  if (v.state === 'draft') throw notFound('There is no consultation with this ID.');
  return v;
}

async function respondIn(
  tx: Tx,
  laCode: string,
  id: string,
  input: Record<string, unknown>,
  today: IsoDate,
  at: Date,
  userId: string | null,
): Promise<Outcome<{ responseId: string }>> {
  const v = await load(tx, laCode, id, today);
  if (v.state === 'draft') throw notFound('There is no consultation with this ID.');
  if (v.state === 'closed')
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'respondent',
          message: `This ${v.consultation.kind} closed on ${longDate(v.consultation.closesOn)}: it takes no more answers`,
        },
      ],
    };
  if (v.state === 'upcoming')
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'respondent',
          message: `This ${v.consultation.kind} opens on ${longDate(v.consultation.opensOn)}`,
        },
      ],
    };
  const who = respondentSchema.safeParse(input);
  const checked = checkAnswers(v.questions, input);
  const errors = [...(who.success ? [] : fieldErrors(who.error)), ...checked.errors];
  if (!who.success || errors.length) return { ok: false, status: 400, errors };
  if (Object.keys(checked.answers).length === 0)
    return {
      ok: false,
      status: 400,
      errors: [{ field: `q-${v.questions[0]?.id ?? ''}`, message: 'Answer at least one question' }],
    };
  const responseId = await repo.insertResponse(tx, laCode, id, { ...who.data, answers: checked.answers, at });
  await recordAuditEvent(tx, {
    laCode,
    userId,
    action: 'engagement.consultation.answered',
    entityType: 'eng_consultation',
    entityId: id,
    detail: { response: responseId },
  });
  return { ok: true, responseId };
}

export function respond(
  database: Database,
  la: PublicLa,
  id: string,
  input: Record<string, unknown>,
  today: IsoDate,
  at: Date,
): Promise<Outcome<{ responseId: string }>> {
  return inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    respondIn(tx, la.code, id, input, today, at, null),
  );
}

/** An officer enters an answer that came on paper or by email, under the same rules. */
export async function respondFor(ctx: EngagementContext, id: string, input: Record<string, unknown>) {
  authorise(ctx, 'engagement:manage');
  return transaction(ctx, (tx) =>
    respondIn(tx, ctx.principal.laCode, id, input, ctx.today, ctx.now, ctx.principal.userId),
  );
}
