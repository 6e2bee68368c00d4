import { engineVersion } from '../domain/deadlines.ts';
import type { RequestSummary, StoredDeadline } from '../domain/summary.ts';

/**
 * What a request's summary and deadlines become as table rows. The service writes them after
 * each step and the data generator in bulk; one mapping keeps the two the same.
 */

export function requestSummaryColumns(s: RequestSummary) {
  return {
    kind: s.kind,
    received_on: s.receivedOn,
    previous_la_code: s.previousLaCode,
    expected_final_on: s.expectedFinalOn,
    engine_version: engineVersion,
    stage: s.stage,
    next_due_on: s.nextDue?.on ?? null,
    next_due_step: s.nextDue?.step ?? null,
    assess_decided_on: s.assessDecision?.on ?? null,
    assess_outcome: s.assessDecision?.outcome ?? null,
    issue_decided_on: s.issueDecision?.on ?? null,
    issue_outcome: s.issueDecision?.outcome ?? null,
    final_issued_on: s.finalIssuedOn,
    week20_exception: s.week20Exception,
    mediation: s.mediation,
    appeal: s.appeal,
    closed_on: s.closedOn,
  };
}

export function deadlineRows(
  laCode: string,
  requestId: string,
  stored: readonly StoredDeadline[],
  subjects: Readonly<Record<string, string>>,
) {
  return stored.map((d) => ({
    la_code: laCode,
    request_id: requestId,
    step: d.step,
    subject_id: d.subjectId,
    owner: d.owner,
    starts_on: d.startsOn,
    due_on: d.dueOn,
    done_on: d.doneOn,
    excepted_by: d.exceptedBy,
    subject_label: d.subjectId ? (subjects[d.subjectId] ?? null) : null,
  }));
}
