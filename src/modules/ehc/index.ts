import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { AppModule } from '../../platform/module.ts';
import { ehcAuditVocabulary } from './audit-vocabulary.ts';
import { ehcPanels } from './panels.ts';
import { recomputeJob } from './requests/recompute.ts';
import {
  activePlanOf,
  type PlanBeingFinalised,
  type PlanRow,
  plansBeingFinalised,
  plansInForce,
} from './requests/repo.ts';
import { reviewsDaily, reviewsDailyJob } from './reviews/reminders/job.ts';
import { ehcRoutes } from './routes.ts';

/** EHC needs assessments: requests, the 20-week process and its deadlines, plans, caseloads and dashboards. */
export const ehcModule: AppModule = {
  name: 'ehc',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  navigation: [
    // Short menu names: a manager's menu holds every module's entry on two rows at 1280 px.
    { href: '/ehc', text: 'EHC', access: 'ehc:read' },
    { href: '/ehc/reviews', text: 'Reviews', access: 'ehc:read' },
    // A school's own pupils' reviews: the reports its SENCo or head teacher writes.
    { href: '/school/reviews', text: 'Reviews', access: 'ehc:review-report' },
    // A short menu name: a manager's menu holds every module's entry on two rows at 1280 px.
    { href: '/ehc/letters', text: 'Letters', access: 'ehc:letters' },
  ],
  jobs: [recomputeJob, reviewsDailyJob],
  daily: [reviewsDaily],
  panels: ehcPanels,
  auditVocabulary: ehcAuditVocabulary,
  routes: ehcRoutes,
};

// For the programme's benefits: the share of new plans issued within 20 weeks, read live.
export { timelinessBetween as ehcTimelinessBetween } from './caseload/repo.ts';
// For the portals: a family's, a school's or an adviser's request, opened in the portal's own
// transaction once it has checked who may make it, and read back for the family to follow.
export type { EhcContext } from './context.ts';
export { documentLabels } from './documents/domain/documents.ts';
export {
  type SectionCode,
  sectionCodes,
  sectionShortTitles,
  sectionTitles,
} from './documents/domain/plan-sections.ts';
export { reviewLetterLabels } from './documents/domain/review-letters.ts';
export { type LetterSent, lettersSentOf, type Reprint, reprintLetterFor } from './documents/letters-sent.ts';
export {
  type LetterSentEvent,
  type SectionView,
  sectionsOf as planSectionsOf,
  writeSection,
} from './documents/service.ts';
export {
  type Deadline,
  type DeadlineStatus,
  deadlines,
  type EngineContext,
  nextDue,
  type RequestFacts,
  type Step,
} from './domain/deadlines.ts';
// For the data generator: it builds each request's history and stores what the service would.
export { check, type EventBody, type Placement, type RecordedEvent, replay } from './domain/process.ts';
export { type RequestSummary, type Stage, stageLabels, summarise } from './domain/summary.ts';
export { type Closure, closuresBetween, type Term } from './domain/term-dates.ts';
export { adviceKindLabels, adviceKinds } from './domain/vocabulary.ts';
export type { PlanPlacement } from './requests/plan-placement.ts';
// The requests about a family's or a school's children, and the one a portal link names.
export {
  consultationsAwaiting,
  familyDeadlinesOf,
  findRequest as ehcRequestRow,
  type RequestRow as EhcRequestRow,
  requestsOfChildren as ehcRequestsOfChildren,
} from './requests/repo.ts';
export {
  openRequestWithin,
  type RequestView,
  recordEventWithin,
  viewOf as ehcRequestView,
} from './requests/service.ts';
export { deadlineRows, requestSummaryColumns } from './requests/stored.ts';
// For the data generator too: each review's history, checked and stored as the service would.
export { type PhaseTo, phaseTransferOf, reviewDue, type SettingPhase } from './reviews/domain/due-dates.ts';
// For the portals: a family follows their child's plan's reviews and sends representations there.
export {
  type AppealConclusion,
  applyReviewEvent,
  type CeaseReason,
  nextReviewStep,
  type ReviewDeadline,
  type ReviewEventBody,
  type ReviewFacts,
  type ReviewKind,
  type ReviewOutcome,
  type ReviewStage,
  type ReviewStep,
  type ReviewSubject,
  reviewClosedOn,
  reviewDeadlines,
  reviewFacts,
  reviewRefusal,
  reviewStageLabels,
  reviewStageOf,
} from './reviews/domain/process.ts';
export { reviewKindLabels } from './reviews/presenters.ts';
// For the benchmark: the daily review work of one LA as its job does it, and the least it must read.
export { reminderHorizons } from './reviews/reminders/domain/reminders.ts';
export { type DailyReviewRun, runDailyReviewWork } from './reviews/reminders/job.ts';
export { countReminderCandidates } from './reviews/reminders/repo.ts';
export { type ReviewsOfChildRow, reportsOwedAt, reviewsOfChildren } from './reviews/repo.ts';
export {
  childOfReview,
  familyRepresentationsWithin,
  familyReviewWithin,
  type ReviewView,
} from './reviews/service.ts';

/** A child's EHC plan in force and the setting it names, for the placements that follow from it. */
export function activeEhcPlanOf(
  tx: Tx,
  laCode: string,
  childId: string,
): Promise<Pick<PlanRow, 'id' | 'issuedOn' | 'establishmentId' | 'settingName' | 'provision'> | undefined> {
  return activePlanOf(tx, laCode, childId);
}

/** The LA's children with an EHC plan in force, each with its plan's ID: for placements made in bulk. */
export function ehcPlansInForce(tx: Tx, laCode: string): Promise<Map<string, string>> {
  return plansInForce(tx, laCode);
}

/** Plans at the drafting stage and the setting each was last consulted on: the high needs forecast's expected starters. */
export function ehcPlansBeingFinalised(tx: Tx, laCode: string): Promise<PlanBeingFinalised[]> {
  return plansBeingFinalised(tx, laCode);
}

// How many EHC plans in force name each school: the EHC plans factor of cluster funding.
// For the sufficiency forecast, which counts the plans in force each January.
export { planSpans as ehcPlanSpans, plansInForceAt as ehcPlanCountsAt } from './requests/repo.ts';
