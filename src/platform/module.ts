import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SharedRead } from './audit/shared-read.ts';
import type { AuditVocabulary } from './audit/vocabulary.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/connect.ts';
import type { HookHandlers, Hooks } from './hooks.ts';
import type { NavItem } from './http/render.ts';
import type { DailyJob, JobHandler } from './jobs/index.ts';

export interface ModuleDeps {
  config: Config;
  database: Database;
  clock: Clock;
  /** What every module adds to pages another module owns (the home page, a child's record). */
  panels: Panels;
  /** What modules do, in the same transaction, when another tells them something happened. */
  hooks: Hooks;
}

/**
 * A part of a page drawn by the module it belongs to: one of its templates and that template's
 * data (in scope as `panel`). The module reads and audits what it shows; on a child's record, in
 * the page's one transaction (`SharedRead`), its audit events written with the page's.
 */
export interface Panel {
  template: string;
  data: Record<string, unknown>;
}

export interface Panels {
  /** What the signed-in person has to do, for their home page; null when the module has nothing for them. */
  home: ((request: FastifyRequest) => Promise<Panel | null>)[];
  /** The module's part of a child's record page. */
  childRecord: ((request: FastifyRequest, childId: string, shared: SharedRead) => Promise<Panel | null>)[];
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
  /** Jobs queued once a day in every LA, and run by those handlers. */
  daily?: DailyJob[];
  /** The module's parts of other modules' pages, made once the app's dependencies are known. */
  panels?: (deps: Omit<ModuleDeps, 'panels'>) => Partial<{ [K in keyof Panels]: Panels[K][number] }>;
  /** What the module does when another module tells it something happened (platform/hooks.ts). */
  hooks?: HookHandlers;
  /** Labels for the actions the module records in the audit log and the records it names. */
  auditVocabulary?: AuditVocabulary;
  routes(app: FastifyInstance, deps: ModuleDeps): Promise<void>;
}
