import type { FastifyInstance } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/connect.ts';
import type { NavItem } from './http/render.ts';

export interface ModuleDeps {
  config: Config;
  database: Database;
  clock: Clock;
}

/** What a business module hands the app: its pages and API, its templates and its menu entries. */
export interface AppModule {
  name: string;
  viewsDir?: string;
  navigation?: NavItem[];
  routes(app: FastifyInstance, deps: ModuleDeps): Promise<void>;
}
