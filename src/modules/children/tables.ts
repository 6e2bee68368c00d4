import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';

/**
 * `date` columns come back from the two drivers as Date at local midnight, which shifts a
 * day in some time zones: they are always selected as text (`to_char`) and written as ISO text.
 */
type DateColumn = ColumnType<unknown, string, string>;

export interface ChildrenTable {
  id: Generated<string>;
  la_code: string;
  upn: string | null;
  upn_unknown_reason: string | null;
  uln: string | null;
  forename: string;
  surname: string;
  name_search: string;
  date_of_birth: DateColumn;
  sex: string;
  ethnicity: string | null;
  home_postcode: string | null;
  home_latitude: number | null;
  home_longitude: number | null;
  establishment_id: string | null;
  sen_provision: Generated<string>;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

export interface ChildSenNeedsTable {
  la_code: string;
  child_id: string;
  rank: number;
  sen_type: string;
}

export interface PeopleTable {
  id: Generated<string>;
  la_code: string;
  forename: string;
  surname: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  postcode: string | null;
  preferred_contact: string;
  preferred_language: string;
  needs_interpreter: boolean;
  communication_needs: string | null;
  user_id: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface ChildRelationshipsTable {
  la_code: string;
  child_id: string;
  person_id: string;
  relationship: string;
  parental_responsibility: boolean;
  lives_with: boolean;
  main_contact: boolean;
}

export interface ChildRecordChangesTable {
  la_code: string;
  record_type: 'child' | 'parent_carer';
  record_id: string;
  version: number;
  fields: string[];
  changed_at: Generated<Timestamp>;
  changed_by: string | null;
}

export interface ChildCapacityTable {
  la_code: string;
  child_id: string;
  lacks_capacity: boolean;
  assessed_on: DateColumn;
  acting_person_id: string | null;
  acting_as: string | null;
  notes: string;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

/** The children module's tables, added to the platform's with `tx.withTables<ChildrenTables>()`. */
export type ChildrenTables = {
  children: ChildrenTable;
  child_sen_needs: ChildSenNeedsTable;
  people: PeopleTable;
  child_relationships: ChildRelationshipsTable;
  child_record_changes: ChildRecordChangesTable;
  child_capacity: ChildCapacityTable;
};
