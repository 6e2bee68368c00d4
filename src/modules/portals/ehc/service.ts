import type { Tx } from '../../../platform/db/tenancy.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { queueNotifications } from '../../../platform/notifications/index.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import {
  type EhcContext,
  ehcRequestRow,
  ehcRequestView,
  type LetterSent,
  lettersSentOf,
  planSectionsOf,
  type RequestView,
  recordEventWithin,
  type SectionView,
  sectionCodes,
} from '../../ehc/index.ts';
import { establishmentIdsForStaff, establishmentSummaries } from '../../providers/index.ts';
import { familyAccess } from '../access.ts';
import { type AdviceRow, adviceOnRequest } from '../advice/repo.ts';
import { audit, type PortalContext, transaction } from '../context.ts';
import { type FamilyDate, familyDate } from '../domain/progress.ts';
import type { Change } from '../requests/service.ts';
import * as repo from './repo.ts';

/**
 * An EHC request as those outside the LA follow it: the family (dates, letters, the draft plan and
 * their comments on it), the child's school (dates, the consultations put to it), an adviser (the
 * advice asked of them); and each party's message thread with the LA, which the LA sees whole.
 */

export type Viewer =
  | { party: 'la' }
  | { party: 'family' }
  | { party: 'school'; establishmentIds: string[] }
  | { party: 'adviser'; adviserId: string };

const uuid = /^[0-9a-f-]{36}$/;
const isStaff = (ctx: PortalContext) =>
  ctx.principal.roles.some((r) => r === 'ehc_coordinator' || r === 'send_team_manager');

export const ehcContextOf = (ctx: PortalContext): EhcContext => ({
  database: ctx.database,
  principal: ctx.principal,
  today: ctx.today,
  now: ctx.now,
  ip: ctx.ip,
  requestId: ctx.requestId,
  hooks: ctx.hooks,
});

/** Who this person is to the child of the request, or null when nobody (which reads as no such request). */
export async function viewerOf(
  tx: Tx,
  ctx: PortalContext,
  child: ChildIdentity,
  ehcRequestId: string,
): Promise<Viewer | null> {
  if (isStaff(ctx)) return { party: 'la' };
  const { laCode, userId } = ctx.principal;
  if ((await familyAccess(tx, ctx)).open.some((l) => l.child.id === child.id)) return { party: 'family' };
  const schools = await establishmentIdsForStaff(tx, userId);
  if (child.establishmentId && schools.includes(child.establishmentId))
    return { party: 'school', establishmentIds: schools };
  if (await repo.isAdviserOn(tx, laCode, ehcRequestId, userId))
    return { party: 'adviser', adviserId: userId };
  // A school consulted on the draft, though the child is not yet its pupil.
  if (schools.length) return { party: 'school', establishmentIds: schools };
  return null;
}

export interface Consultation {
  id: string;
  settingName: string;
  sentOn: string;
  dueOn: string;
  /** One of the viewer's own schools, when the consultation was put to it. */
  establishmentId: string | null;
  answer: repo.AnswerRow | null;
  respondedOn: string | null;
}

export interface FollowedEhc {
  view: RequestView;
  child: ChildIdentity;
  viewer: Viewer;
  dates: FamilyDate[];
  letters: LetterSent[];
  sections: SectionView[];
  comments: repo.CommentRow[];
  /** The last day the family may comment on the draft, while that is today or later. */
  commentsUntil: string | null;
  consultations: Consultation[];
  messages: repo.MessageRow[];
  /** Advice asked through the portal: all of it for the LA, an adviser's own for them. */
  advice: AdviceRow[];
  /** Section A in the family's words, for the family and the LA. */
  sectionA: repo.SectionARow | null;
}

async function consultationsFor(
  tx: Tx,
  ctx: PortalContext,
  view: RequestView,
  viewer: Viewer,
): Promise<Consultation[]> {
  if (viewer.party !== 'school' && viewer.party !== 'la') return [];
  const answers = await repo.consultationAnswers(tx, ctx.principal.laCode, view.id);
  const mine = viewer.party === 'school' ? await establishmentSummaries(tx, viewer.establishmentIds) : [];
  const due = new Map(
    view.deadlines.filter((d) => d.step === 'consultation').map((d) => [d.subjectId, d.dueOn]),
  );
  return view.consultations.flatMap((c) => {
    // A consultation names its setting as the LA wrote it; a school sees those put to it by name.
    const own = mine.find((e) => e.name.trim().toLowerCase() === c.settingName.trim().toLowerCase());
    if (viewer.party === 'school' && !own) return [];
    return [
      {
        id: c.id,
        settingName: c.settingName,
        sentOn: c.sentOn,
        dueOn: due.get(c.id) ?? c.sentOn,
        establishmentId: own?.id ?? null,
        answer: answers.find((a) => a.consultationId === c.id) ?? null,
        respondedOn: c.respondedOn,
      },
    ];
  });
}

/** Whether a message is in the thread this viewer reads: their own party's, or every one for the LA. */
export const threadFor = (viewer: Viewer) => (m: Pick<repo.MessageRow, 'party' | 'adviserId'>) =>
  viewer.party === 'la' ||
  (viewer.party === 'adviser'
    ? m.party === 'adviser' && m.adviserId === viewer.adviserId
    : m.party === viewer.party);

export async function loadEhc(tx: Tx, ctx: PortalContext, id: string) {
  const { laCode } = ctx.principal;
  const childId = uuid.test(id) ? (await ehcRequestRow(tx, laCode, id))?.childId : undefined;
  const [child] = childId ? await childIdentities(tx, laCode, [childId]) : [];
  const viewer = child ? await viewerOf(tx, ctx, child, id) : null;
  if (!child || !viewer) throw notFound('There is no request with this link that you can see.');
  const view = await ehcRequestView(tx, ehcContextOf(ctx), id, child);
  return { child, viewer, view };
}

export function followEhc(ctx: PortalContext, id: string): Promise<FollowedEhc> {
  return transaction(ctx, async (tx) => {
    const { laCode } = ctx.principal;
    const { child, viewer, view } = await loadEhc(tx, ctx, id);
    const subjects = view.state.subjects as Readonly<Record<string, string>>;
    const family = viewer.party === 'family' || viewer.party === 'la';
    const draft = view.plan?.status === 'draft' && view.state.facts?.draftServedOn ? view.plan : null;
    const window = view.deadlines.find((d) => d.step === 'draft-comments');
    const consultations = await consultationsFor(tx, ctx, view, viewer);
    if (
      viewer.party === 'school' &&
      child.establishmentId &&
      !viewer.establishmentIds.includes(child.establishmentId) &&
      !consultations.length
    )
      throw notFound('There is no request with this link that you can see.');
    const result: FollowedEhc = {
      view,
      child,
      viewer,
      dates: view.deadlines.map((d) => familyDate(d, d.subjectId ? (subjects[d.subjectId] ?? null) : null)),
      letters: family ? await lettersSentOf(tx, ehcContextOf(ctx), { requestId: id }) : [],
      sections:
        family && (draft || view.plan) && view.plan ? await planSectionsOf(tx, laCode, view.plan.id) : [],
      comments: family ? await repo.commentsOn(tx, laCode, id) : [],
      commentsUntil: draft && window && ctx.today <= window.dueOn ? window.dueOn : null,
      consultations,
      messages: (await repo.messagesOf(tx, laCode, { ehcRequestId: id })).filter(threadFor(viewer)),
      advice:
        viewer.party === 'la' || viewer.party === 'adviser'
          ? (await adviceOnRequest(tx, laCode, id)).filter(
              (a) => viewer.party === 'la' || a.adviserId === viewer.adviserId,
            )
          : [],
      sectionA: family ? ((await repo.sectionAOf(tx, laCode, id)) ?? null) : null,
    };
    await audit(tx, ctx, {
      action: 'portal.ehc.read',
      entityType: 'ehc_request',
      entityId: id,
      childId: child.id,
      detail: { as: viewer.party },
    });
    return result;
  });
}

export interface CommentsInput {
  sections: Partial<Record<string, string>>;
  preferredSetting: string;
}

/** A family's comments on the draft, section by section, and the setting they would like: only within the 15 days. */
export function commentOnDraft(
  ctx: PortalContext,
  id: string,
  input: CommentsInput,
): Promise<Change<{ count: number }>> {
  return transaction(ctx, async (tx) => {
    const { laCode, userId } = ctx.principal;
    const { child, viewer, view } = await loadEhc(tx, ctx, id);
    if (viewer.party !== 'family') throw notFound('There is no request with this link that you can see.');
    const window = view.deadlines.find((d) => d.step === 'draft-comments');
    if (view.plan?.status !== 'draft' || !window)
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'sections', message: 'There is no draft plan to comment on' }],
      };
    if (ctx.today > window.dueOn)
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'sections',
            message: `The time for comments on the draft plan ended on ${longDate(window.dueOn)}, 15 days after it was sent. Send a message to your EHC coordinator instead`,
          },
        ],
      };
    const rows = sectionCodes.flatMap((code) => {
      const body = (input.sections[code] ?? '').trim();
      return body ? [{ section: code as string, body }] : [];
    });
    const preferred = input.preferredSetting.trim();
    const errors = [
      ...rows
        .filter((r) => r.body.length > 5000)
        .map((r) => ({
          field: `section-${r.section}`,
          message: `Your comment on section ${r.section} must be 5,000 characters or fewer`,
        })),
      ...(preferred.length > 200
        ? [{ field: 'preferredSetting', message: 'The setting must be 200 characters or fewer' }]
        : []),
    ];
    if (!rows.length && !preferred)
      errors.push({
        field: 'sections',
        message: 'Write a comment on at least one section, or name the school or setting you would like',
      });
    if (errors.length) return { ok: false, status: 400, errors };
    await repo.insertComments(tx, laCode, [
      ...rows.map((r) => ({
        childId: child.id,
        ehcRequestId: id,
        section: r.section,
        body: r.body,
        preferredSetting: null,
        authorId: userId,
      })),
      ...(preferred
        ? [
            {
              childId: child.id,
              ehcRequestId: id,
              section: null,
              body: null,
              preferredSetting: preferred,
              authorId: userId,
            },
          ]
        : []),
    ]);
    const recorded = await recordEventWithin(tx, ehcContextOf(ctx), id, {
      corrects: null,
      event: { type: 'comments-received', on: ctx.today, preferredSetting: preferred },
    });
    if (!recorded.ok) return { ok: false, status: recorded.status, errors: recorded.errors };
    await audit(tx, ctx, {
      action: 'portal.draft.commented',
      entityType: 'ehc_request',
      entityId: id,
      childId: child.id,
      detail: { sections: rows.map((r) => r.section), preferredSetting: Boolean(preferred) },
    });
    await notifyLa(tx, ctx, view, 'portals.draft-comments', 'A family has commented on a draft EHC plan');
    return { ok: true, value: { count: rows.length + (preferred ? 1 : 0) } };
  });
}

export interface AnswerInput {
  outcome: 'can-meet-needs' | 'cannot-meet-needs';
  reasons: string;
}

/** A consulted school's answer, given by its own staff: another school's consultation is not theirs to answer. */
export function answerConsultation(
  ctx: PortalContext,
  id: string,
  consultationId: string,
  input: AnswerInput,
): Promise<Change<null>> {
  return transaction(ctx, async (tx) => {
    const { laCode, userId } = ctx.principal;
    const { child, viewer, view } = await loadEhc(tx, ctx, id);
    if (viewer.party !== 'school')
      throw notFound('There is no consultation with this link that you can see.');
    const consultation = (await consultationsFor(tx, ctx, view, viewer)).find((c) => c.id === consultationId);
    if (!consultation?.establishmentId) {
      await audit(tx, ctx, {
        action: 'portal.consultation.refused',
        entityType: 'ehc_request',
        entityId: id,
        childId: child.id,
        detail: { consultationId },
      });
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'outcome',
            message:
              'This consultation was put to another school or setting: only its own staff can answer it',
          },
        ],
      };
    }
    if (consultation.answer || consultation.respondedOn)
      return {
        ok: false,
        status: 409,
        errors: [{ field: 'outcome', message: 'This consultation has already been answered' }],
      };
    const recorded = await recordEventWithin(tx, ehcContextOf(ctx), id, {
      corrects: null,
      event: { type: 'consultation-answered', on: ctx.today, consultationId, outcome: input.outcome },
    });
    if (!recorded.ok) return { ok: false, status: recorded.status, errors: recorded.errors };
    await repo.insertAnswer(tx, laCode, {
      consultationId,
      ehcRequestId: id,
      childId: child.id,
      establishmentId: consultation.establishmentId,
      outcome: input.outcome,
      reasons: input.reasons,
      by: userId,
    });
    await audit(tx, ctx, {
      action: 'portal.consultation.answered',
      entityType: 'ehc_request',
      entityId: id,
      childId: child.id,
      detail: { consultationId, outcome: input.outcome },
    });
    await notifyLa(tx, ctx, view, 'portals.consultation-answered', 'A school has answered a consultation');
    return { ok: true, value: null };
  });
}

/** Tells the request's coordinator, if it has one, that something arrived: the notice names nobody. */
export function notifyLa(tx: Tx, ctx: PortalContext, view: RequestView, kind: string, what: string) {
  return noticeToCoordinator(tx, ctx, view.coordinator?.id ?? null, {
    kind,
    what,
    where: 'one of your EHC requests',
    path: `/ehc/requests/${view.id}`,
  });
}

/**
 * Tells the LA's coordinator that something came in through the portal and where to read it: the
 * notice says only that, never what was written or about whom.
 */
export async function noticeToCoordinator(
  tx: Tx,
  ctx: PortalContext,
  coordinatorId: string | null,
  n: { kind: string; what: string; where: string; path: string },
) {
  if (!coordinatorId) return;
  const [coordinator] = await tx
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', coordinatorId)
    .execute();
  if (!coordinator) return;
  await queueNotifications(tx, [
    {
      laCode: ctx.principal.laCode,
      kind: n.kind,
      toEmail: coordinator.email,
      toName: coordinator.name,
      toUserId: coordinator.id,
      subject: `${n.what} on OpenSEND`,
      body: `${n.what} on ${n.where}.\n\nSign in to read it:\n${ctx.publicUrl}${n.path}`,
      createdBy: ctx.principal.userId,
    },
  ]);
}
