import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';

/** `date` columns are selected as text (`to_char`) and written as ISO text; see children/tables.ts. */
type DateColumn = ColumnType<unknown, string, string>;
type NullableDate = ColumnType<unknown, string | null | undefined, string | null>;

export interface LaTermsTable {
  id: Generated<string>;
  la_code: string;
  name: string;
  starts_on: DateColumn;
  ends_on: DateColumn;
}

export interface EhcRequestsTable {
  id: Generated<string>;
  la_code: string;
  child_id: string;
  kind: string;
  source: string;
  received_on: DateColumn;
  coordinator_id: string | null;
  stage: string;
  next_due_on: NullableDate;
  next_due_step: string | null;
  assess_decided_on: NullableDate;
  assess_outcome: string | null;
  issue_decided_on: NullableDate;
  issue_outcome: string | null;
  final_issued_on: NullableDate;
  week20_exception: Generated<boolean>;
  mediation: Generated<boolean>;
  appeal: Generated<boolean>;
  closed_on: NullableDate;
  previous_la_code: string | null;
  exported_to_la: string | null;
  expected_final_on: NullableDate;
  engine_version: Generated<number>;
  allocated_at: Timestamp | null;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface EhcEventsTable {
  id: Generated<string>;
  la_code: string;
  request_id: string;
  seq: number;
  corrects: string | null;
  type: string;
  body: ColumnType<unknown, string, never>;
  recorded_at: Generated<Timestamp>;
  recorded_by: string | null;
}

export interface EhcDeadlinesTable {
  la_code: string;
  request_id: string;
  step: string;
  subject_id: string;
  owner: string;
  starts_on: DateColumn;
  due_on: DateColumn;
  done_on: NullableDate;
  excepted_by: string | null;
  subject_label: string | null;
}

export interface EhcPlansTable {
  id: Generated<string>;
  la_code: string;
  child_id: string;
  request_id: string | null;
  status: string;
  drafted_on: NullableDate;
  issued_on: NullableDate;
  ended_on: NullableDate;
  establishment_id: string | null;
  setting_name: string | null;
  provision: string | null;
  placement_start_on: NullableDate;
  last_reviewed_on: NullableDate;
  transferred_in_on: NullableDate;
  next_review_due: NullableDate;
  phase_year: number | null;
  phase_transfer_to: string | null;
  phase_transfer_deadline: NullableDate;
  cease_reason: string | null;
  transferred_to_la: string | null;
  plan_version: Generated<number>;
  version: Generated<number>;
}

export interface EhcPlanSectionsTable {
  la_code: string;
  plan_id: string;
  section: string;
  version: number;
  content: string;
  written_at: Generated<Timestamp>;
  written_by: string | null;
}

export interface EhcLetterSettingsTable {
  la_code: string;
  service_name: string;
  address: string;
  phone: string;
  email: string;
  website: string | null;
  ias_name: string;
  ias_phone: string;
  ias_website: string | null;
  mediation_name: string;
  mediation_phone: string;
  mediation_email: string | null;
  disagreement_name: string;
  disagreement_phone: string;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

export interface EhcReviewsTable {
  id: Generated<string>;
  la_code: string;
  plan_id: string;
  child_id: string;
  kind: string;
  starts_on: DateColumn;
  due_on: DateColumn;
  phase_transfer_to: string | null;
  phase_transfer_deadline: NullableDate;
  establishment_id: string | null;
  coordinator_id: string | null;
  stage: string;
  meeting_on: NullableDate;
  held_on: NullableDate;
  report_on: NullableDate;
  decided_on: NullableDate;
  outcome: string | null;
  amendments_proposed_on: NullableDate;
  amended_on: NullableDate;
  ceased_on: NullableDate;
  next_due_on: NullableDate;
  next_due_step: string | null;
  closed_on: NullableDate;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface EhcReviewEventsTable {
  id: Generated<string>;
  la_code: string;
  review_id: string;
  seq: number;
  type: string;
  body: ColumnType<unknown, string, never>;
  recorded_at: Generated<Timestamp>;
  recorded_by: string | null;
}

export interface EhcReviewDeadlinesTable {
  la_code: string;
  review_id: string;
  step: string;
  owner: string;
  starts_on: DateColumn;
  due_on: DateColumn;
  deadline: NullableDate;
  done_on: NullableDate;
}

export interface EhcPlanVersionsTable {
  la_code: string;
  plan_id: string;
  number: number;
  issued_on: DateColumn;
  review_id: string | null;
  sections: ColumnType<unknown, string, never>;
  setting_name: string | null;
  recorded_at: Generated<Timestamp>;
  recorded_by: string | null;
}

export interface EhcRemindersTable {
  la_code: string;
  subject_id: string;
  step: string;
  kind: string;
  due_on: DateColumn;
  queued_on: DateColumn;
  messages: number;
}

export interface EhcLettersSentTable {
  id: Generated<string>;
  la_code: string;
  child_id: string;
  request_id: string | null;
  review_id: string | null;
  kind: string;
  method: string;
  sent_on: DateColumn;
  addressee: string | null;
  model: ColumnType<unknown, string, never>;
  author: string;
  pdf_created_at: Timestamp;
  pdf_sha256: string;
  pdf_bytes: number;
  sent_by: string | null;
  sent_at: Generated<Timestamp>;
}

/** The EHC module's tables, added to the platform's with `tx.withTables<EhcTables>()`. */
export type EhcTables = {
  la_terms: LaTermsTable;
  ehc_requests: EhcRequestsTable;
  ehc_events: EhcEventsTable;
  ehc_deadlines: EhcDeadlinesTable;
  ehc_plans: EhcPlansTable;
  ehc_plan_sections: EhcPlanSectionsTable;
  ehc_letter_settings: EhcLetterSettingsTable;
  ehc_reviews: EhcReviewsTable;
  ehc_review_events: EhcReviewEventsTable;
  ehc_review_deadlines: EhcReviewDeadlinesTable;
  ehc_plan_versions: EhcPlanVersionsTable;
  ehc_reminders: EhcRemindersTable;
  ehc_letters_sent: EhcLettersSentTable;
};
