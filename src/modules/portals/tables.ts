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

export type PortalTables = {
  portal_requests: PortalRequestsTable;
  portal_request_files: PortalRequestFilesTable;
};
