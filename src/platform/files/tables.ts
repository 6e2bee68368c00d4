import type { Generated } from 'kysely';
import type { Timestamp } from '../db/schema.ts';

export interface StoredFilesTable {
  id: string;
  la_code: string;
  file_name: string;
  media_type: string;
  bytes: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Generated<Timestamp>;
}

export type FilesTables = {
  stored_files: StoredFilesTable;
};
