import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { childIdentities, childIdsAtSchools } from '../children/index.ts';
import {
  consultationsAwaiting,
  ehcRequestsOfChildren,
  familyDeadlinesOf,
  reportsOwedAt,
  reviewKindLabels,
  reviewStageLabels,
  reviewsOfChildren,
  type Stage,
  stageLabels,
} from '../ehc/index.ts';
import { establishmentIdsForStaff } from '../providers/index.ts';
import { familyAccess } from './access.ts';
import { adviceOfAdviser } from './advice/repo.ts';
import { audit, portalContext, transaction } from './context.ts';
import { kindLabels } from './domain/journey.ts';
import { outcomeForFamily } from './domain/triage.ts';
import * as repo from './requests/repo.ts';

/**
 * The home page's portal panels: a family's or a school's requests, drafts to finish first; and,
 * for the LA's EHC staff, how many requests for help wait for triage and since when.
 */
export function portalPanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async home(request: FastifyRequest): Promise<Panel | null> {
      const roles = request.principal?.roles ?? [];
      const ctx = portalContext(request, { ...deps, config: deps.config });
      if (can(roles, 'portal:triage')) {
        const waiting = await transaction(ctx, (tx) => repo.triageQueue(tx, ctx.principal.laCode));
        return {
          template: 'portals/home-triage.njk',
          data: { waiting: waiting.length, oldest: waiting[0]?.receivedOn ?? null },
        };
      }
      if (can(roles, 'portal:advise')) {
        const open = (
          await transaction(ctx, (tx) => adviceOfAdviser(tx, ctx.principal.laCode, ctx.principal.userId))
        ).filter((a) => !a.submittedAt);
        return {
          template: 'portals/home-adviser.njk',
          data: {
            open: open.length,
            late: open.filter((a) => a.dueOn < ctx.today).length,
            next: open[0]?.dueOn ?? null,
          },
        };
      }
      if (!can(roles, 'portal:request')) return null;
      return transaction(ctx, async (tx) => {
        const { laCode, userId } = ctx.principal;
        const mine = await repo.requestsMadeBy(tx, laCode, userId);
        const access = await familyAccess(tx, ctx);
        const family = access.open.map((f) => f.child.id);
        const aboutFamily = (await repo.requestsAbout(tx, laCode, family)).filter((r) => r.madeBy !== userId);
        const all = [...mine, ...aboutFamily];
        // The EHC requests about the family's children, or the school's pupils, however they began.
        const schools = await establishmentIdsForStaff(tx, userId);
        const pupils = schools.length ? await childIdsAtSchools(tx, laCode, schools) : [];
        // A family sees every request about their children; a school the open ones, and what it owes.
        const ehc = [
          ...(await ehcRequestsOfChildren(tx, laCode, family)),
          ...(
            await ehcRequestsOfChildren(
              tx,
              laCode,
              pupils.filter((p) => !family.includes(p)),
            )
          ).filter((r) => !r.closedOn),
        ];
        const consultations = await consultationsAwaiting(tx, laCode, schools);
        const reports = await reportsOwedAt(tx, laCode, schools);
        // The school's educational advice asked of this SENCo or head teacher, still to write.
        const asked = can(roles, 'portal:school-advice')
          ? (await adviceOfAdviser(tx, laCode, userId)).filter((a) => !a.submittedAt)
          : [];
        // A family follows every review of their children's plans; the open ones and the last closed one show.
        const reviews = (await reviewsOfChildren(tx, laCode, family)).filter(
          (r, i, all) => !r.closedOn || all.findIndex((o) => o.childId === r.childId) === i,
        );
        const comments = new Map(
          (
            await familyDeadlinesOf(
              tx,
              laCode,
              ehc.filter((r) => family.includes(r.childId)).map((r) => r.id),
            )
          )
            .filter((d) => d.dueOn >= ctx.today)
            .map((d) => [d.requestId, d.dueOn]),
        );
        const childIds = [
          ...new Set(
            [
              ...all.map((r) => r.childId),
              ...ehc.map((r) => r.childId),
              ...consultations.map((c) => c.childId),
              ...reviews.map((r) => r.childId),
              ...reports.map((r) => r.childId),
              ...asked.map((a) => a.childId),
            ].filter((c): c is string => c !== null),
          ),
        ];
        const names = new Map(
          (await childIdentities(tx, laCode, childIds)).map((c) => [c.id, `${c.forename} ${c.surname}`]),
        );
        if (childIds.length)
          await audit(tx, ctx, {
            action: 'portal.requests.listed',
            entityType: 'portal_request',
            childId: null,
            childIds,
          });
        return {
          template: 'portals/home-requests.njk',
          data: {
            requests: all.map((r) => ({
              id: r.id,
              reference: r.reference,
              child: r.childId ? (names.get(r.childId) ?? '') : '',
              draft: r.status === 'draft',
              what: r.kind ? kindLabels[r.kind] : 'Not chosen yet',
              status:
                r.status === 'draft'
                  ? 'Not sent yet: finish and send it'
                  : r.status === 'triage'
                    ? 'Waiting for the LA to decide what happens next'
                    : r.status === 'opened'
                      ? 'EHC needs assessment request: see each date and who owes it'
                      : r.outcome
                        ? outcomeForFamily[r.outcome]
                        : '',
              updatedOn: r.updatedAt,
            })),
            consultations: consultations.map((c) => ({
              requestId: c.requestId,
              child: names.get(c.childId) ?? '',
              dueOn: c.dueOn,
            })),
            advice: asked.map((a) => ({
              id: a.id,
              child: names.get(a.childId) ?? '',
              dueOn: a.dueOn,
              late: a.dueOn < ctx.today,
            })),
            reports: reports.map((r) => ({
              reviewId: r.reviewId,
              child: names.get(r.childId) ?? '',
              dueOn: r.dueOn,
              late: r.dueOn < ctx.today,
            })),
            reviews: reviews.map((r) => ({
              id: r.id,
              child: names.get(r.childId) ?? '',
              kind: reviewKindLabels[r.kind],
              stage: reviewStageLabels[r.stage],
              meetingOn: r.meetingOn && r.meetingOn >= ctx.today ? r.meetingOn : null,
              nextDueOn: r.closedOn ? null : r.nextDueOn,
              representationsBy:
                r.representationsDueOn && r.representationsDueOn >= ctx.today ? r.representationsDueOn : null,
            })),
            youngPerson: access.open.some((l) => l.madeAs === 'young-person'),
            needsConsent: access.needsConsent.map((l) => `${l.child.forename} ${l.child.surname}`),
            ehc: ehc.map((r) => ({
              id: r.id,
              child: names.get(r.childId) ?? '',
              stage: stageLabels[r.stage as Stage] ?? r.stage,
              receivedOn: r.receivedOn,
              nextDueOn: r.closedOn ? null : r.nextDueOn,
              commentsBy: comments.get(r.id) ?? null,
            })),
          },
        };
      });
    },
  };
}
