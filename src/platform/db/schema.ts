import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** timestamptz: both drivers return Date. */
export type Timestamp = Date;

export interface LasTable {
  code: string;
  name: string;
  created_at: Generated<Timestamp>;
  /** Set when the demo generator made the LA (its records are invented). */
  seed_scale: 'norfolk' | 'national' | null;
  seed: number | null;
  seeded_at: Timestamp | null;
}

export interface UsersTable {
  id: Generated<string>;
  la_code: string;
  email: string;
  name: string;
  /** Null until an invited person chooses one (or for someone who only signs in through the LA's provider). */
  password_hash: string | null;
  roles: string[];
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  password_changed_at: Generated<Timestamp>;
  last_signed_in_at: Generated<Timestamp | null>;
  deactivated_at: Generated<Timestamp | null>;
  invited_at: Generated<Timestamp | null>;
}

export interface UserInvitationsTable {
  id: Generated<string>;
  la_code: string;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface InvitationDirectoryTable {
  token_hash: string;
  la_code: string;
}

export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface NotificationsTable {
  id: Generated<string>;
  la_code: string;
  kind: string;
  to_email: string;
  to_name: string | null;
  to_user_id: string | null;
  subject: string;
  body: string;
  sensitive: Generated<boolean>;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Timestamp>;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
}

export interface UserDirectoryTable {
  email: string;
  la_code: string;
  user_id: string;
}

export interface SessionsTable {
  id_hash: string;
  la_code: string;
  user_id: string;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  expires_at: Timestamp;
  ip: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  la_code: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: Generated<Timestamp>;
  la_code: string;
  user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  child_id: string | null;
  /** Every child a listing showed (one event per listing); null for an event about one child or none. */
  child_ids: ColumnType<string[] | null, string[] | null | undefined, never>;
  ip: string | null;
  request_id: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface SignInFailuresTable {
  id: Generated<string>;
  at: Generated<Timestamp>;
  account_key: string;
  ip: string;
}

export interface InstanceSecretsTable {
  name: string;
  value: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Timestamp>;
}

/** The platform's tables. Modules describe their own tables beside their repo. */
export interface PlatformTables {
  las: LasTable;
  users: UsersTable;
  user_invitations: UserInvitationsTable;
  invitation_directory: InvitationDirectoryTable;
  notifications: NotificationsTable;
  user_directory: UserDirectoryTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  sign_in_failures: SignInFailuresTable;
  instance_secrets: InstanceSecretsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
