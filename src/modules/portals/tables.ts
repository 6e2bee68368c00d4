import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';
import type { Answers, MadeAs, RequestKind } from './domain/journey.ts';
import type { Outcome } from './domain/triage.ts';

/** `date` columns are read as text (`to_char`) and written as ISO text, as elsewhere. */
type DateColumn = ColumnType<unknown, string, string>;

export type RequestStatus = 'draft' | 'opened' | 'triage' | 'decided';

export interface PortalRequestsTable {
  id: Generated<string>;
  la_code: string;
  reference: string;
  made_by: string;
  made_as: MadeAs;
  child_id: string | null;
  establishment_id: string | null;
  kind: RequestKind | null;
  answers: JSONColumnType<Answers, string, string>;
  status: Generated<RequestStatus>;
  submitted_at: Timestamp | null;
  received_on: DateColumn | null;
  ehc_request_id: string | null;
  outcome: Outcome | null;
  routed_to: string | null;
  outcome_reasons: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface PortalRequestFilesTable {
  la_code: string;
  request_id: string;
  file_id: string;
  description: string;
}

export interface PortalAdviceTable {
  id: Generated<string>;
  la_code: string;
  ehc_request_id: string;
  advice_id: string;
  child_id: string;
  adviser_id: string;
  kind: string;
  asked_by: string | null;
  asked_on: DateColumn;
  due_on: DateColumn;
  answers: JSONColumnType<Record<string, string>, string, string> | null;
  file_id: string | null;
  submitted_at: Timestamp | null;
  version: Generated<number>;
}

export interface PortalMessagesTable {
  id: Generated<string>;
  la_code: string;
  child_id: string;
  ehc_request_id: string | null;
  portal_request_id: string | null;
  party: 'family' | 'school' | 'adviser';
  adviser_id: string | null;
  author_id: string;
  from_la: boolean;
  body: string;
  file_id: string | null;
  created_at: Generated<Timestamp>;
}

export interface PortalDraftCommentsTable {
  id: Generated<string>;
  la_code: string;
  child_id: string;
  ehc_request_id: string;
  section: string | null;
  body: string | null;
  preferred_setting: string | null;
  author_id: string;
  created_at: Generated<Timestamp>;
}

export interface PortalConsultationAnswersTable {
  la_code: string;
  consultation_id: string;
  ehc_request_id: string;
  child_id: string;
  establishment_id: string;
  outcome: 'can-meet-needs' | 'cannot-meet-needs';
  reasons: string;
  answered_by: string;
  answered_at: Generated<Timestamp>;
}

export interface PortalParentAccessTable {
  la_code: string;
  child_id: string;
  person_id: string;
  allowed: boolean;
  decided_by: string;
  decided_at: Generated<Timestamp>;
}

export interface PortalSectionATable {
  la_code: string;
  ehc_request_id: string;
  child_id: string;
  views: string;
  interests: string;
  aspirations: string;
  written_by: string;
  written_as: 'parent' | 'young-person';
  updated_at: Generated<Timestamp>;
  in_plan_at: Timestamp | null;
  version: Generated<number>;
}

export type PortalTables = {
  portal_section_a: PortalSectionATable;
  portal_parent_access: PortalParentAccessTable;
  portal_requests: PortalRequestsTable;
  portal_request_files: PortalRequestFilesTable;
  portal_advice: PortalAdviceTable;
  portal_messages: PortalMessagesTable;
  portal_draft_comments: PortalDraftCommentsTable;
  portal_consultation_answers: PortalConsultationAnswersTable;
};
