import type { FastifyInstance } from 'fastify';
import type { AuditVocabulary } from './audit/vocabulary.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/connect.ts';
import type { NavItem } from './http/render.ts';
import type { JobHandler } from './jobs/index.ts';

export interface ModuleDeps {
  config: Config;
  database: Database;
  clock: Clock;
}

/**
 * What a business module hands the app: its pages and API, its templates, its menu entries, its
 * jobs, and how its audit events read to people.
 */
export interface AppModule {
  name: string;
  viewsDir?: string;
  navigation?: NavItem[];
  /** Handlers for the background jobs the module queues. */
  jobs?: JobHandler[];
  /** Labels for the actions the module records in the audit log and the records it names. */
  auditVocabulary?: AuditVocabulary;
  routes(app: FastifyInstance, deps: ModuleDeps): Promise<void>;
}
