import type { ColumnType, Generated } from 'kysely';
import type {
  EstablishmentStatus,
  OfstedRating,
  Provision,
  SenType,
  SettingKind,
} from './domain/establishment.ts';

/** `date` columns: written as ISO strings; read back through `::text` so both drivers give strings. */
type DateColumn = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface EstablishmentsTable {
  id: Generated<string>;
  la_code: string;
  urn: number | null;
  ukprn: number | null;
  name: string;
  name_search: string;
  setting_kind: SettingKind;
  type_code: number | null;
  type_name: string | null;
  type_group: string | null;
  phase: string | null;
  gias_la_code: string | null;
  status: Generated<EstablishmentStatus>;
  opened_on: DateColumn | null;
  closed_on: DateColumn | null;
  street: string | null;
  locality: string | null;
  address3: string | null;
  town: string | null;
  postcode: string | null;
  easting: number | null;
  northing: number | null;
  latitude: number | null;
  longitude: number | null;
  statutory_low_age: number | null;
  statutory_high_age: number | null;
  capacity: number | null;
  pupils: number | null;
  ofsted_rating: OfstedRating | null;
  ofsted_date: DateColumn | null;
  is_special: Generated<boolean>;
  has_sen_unit: Generated<boolean>;
  sen_unit_capacity: number | null;
  has_resourced_provision: Generated<boolean>;
  resourced_provision_capacity: number | null;
  previous_urns: Generated<number[]>;
  gias_imported_at: Timestamp | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** GIAS's DistrictAdministrative; none until an import or the LA gives it. */
  district: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DesignationsTable {
  la_code: string;
  establishment_id: string;
  provision: Provision;
  sen_type: SenType;
}

export interface ClustersTable {
  id: Generated<string>;
  la_code: string;
  name: string;
  version: Generated<number>;
  created_at: Generated<Date>;
}

export interface ClusterMembershipsTable {
  id: Generated<string>;
  la_code: string;
  cluster_id: string;
  establishment_id: string;
  starts_on: DateColumn;
  ends_on: DateColumn | null;
}

export interface ClusterHostsTable {
  id: Generated<string>;
  la_code: string;
  cluster_id: string;
  name: string;
  user_id: string | null;
  establishment_id: string | null;
  nominated_on: DateColumn;
  agreed_on: DateColumn | null;
  ends_on: DateColumn | null;
}

export interface EstablishmentStaffTable {
  la_code: string;
  user_id: string;
  establishment_id: string;
  role: 'senco' | 'headteacher';
}

/** The providers module's tables, added to the platform's with `tx.withTables<ProvidersTables>()`. */
export type ProvidersTables = {
  establishments: EstablishmentsTable;
  designations: DesignationsTable;
  clusters: ClustersTable;
  cluster_memberships: ClusterMembershipsTable;
  cluster_hosts: ClusterHostsTable;
  establishment_staff: EstablishmentStaffTable;
  designated_places: DesignatedPlacesTable;
};

export interface DesignatedPlacesTable {
  id: Generated<string>;
  la_code: string;
  establishment_id: string;
  provision: Provision;
  sen_type: SenType;
  phase: 'early_years' | 'primary' | 'secondary' | 'post_16' | 'all_through';
  low_age: number;
  high_age: number;
  places: number;
  starts_on: DateColumn;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  note: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  updated_by: string | null;
}
