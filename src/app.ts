import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { childDirectory } from './modules/children/index.ts';
import { modules } from './modules/index.ts';
import {
  auditLabeller,
  chainCheckJob,
  createAuditSealer,
  platformVocabulary,
} from './platform/audit/index.ts';
import { auditRoutes } from './platform/audit/routes.ts';
import { oidcRoutes } from './platform/auth/oidc-routes.ts';
import { isAccess } from './platform/auth/roles.ts';
import { authRoutes } from './platform/auth/routes.ts';
import { backupJob, backupRoutes, backupsAuditVocabulary } from './platform/backups/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import type { Config, TrustProxy } from './platform/config.ts';
import type { Database } from './platform/db/connect.ts';
import { instanceSecret } from './platform/db/instance.ts';
import { schemaVersion } from './platform/db/migrate.ts';
import { hooksOf } from './platform/hooks.ts';
import { buildAssets } from './platform/http/assets.ts';
import { registerPlatform } from './platform/http/platform.ts';
import type { NavItem } from './platform/http/render.ts';
import { systemRoutes } from './platform/http/system-routes.ts';
import { createViewEnvironment } from './platform/http/views.ts';
import { createDailySchedule, createJobLanes } from './platform/jobs/index.ts';
import type { Panels } from './platform/module.ts';
import {
  createDeliverer,
  type Mailer,
  notificationRoutes,
  smtpMailer,
} from './platform/notifications/index.ts';

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Sends the outbox's messages; by default through SMTP_URL when it is set, otherwise nothing is sent. */
  mailer?: Mailer;
  /**
   * Queue the modules' daily jobs in every LA, at start and each new day. The server does; tests
   * and benchmarks that build the app leave it off, so nothing is queued that they did not ask for.
   */
  scheduleDailyJobs?: boolean;
}

const platformNavigation: NavItem[] = [
  { href: '/admin/notifications', text: 'Notifications', access: 'notifications:read' },
  { href: '/admin/audit', text: 'Audit log', access: 'audit:read' },
  { href: '/admin/backups', text: 'Backups', access: 'backups:manage' },
];
const accountNavigation: NavItem[] = [
  { href: '/account/password', text: 'Your account', access: 'signed-in' },
  { href: '/account/tokens', text: 'API tokens', access: 'api:tokens' },
];

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, so tests can check each declares its access. */
    routeTable: RouteOptions[];
  }
}

export class RouteAccessError extends Error {}

/**
 * Fastify ignores a bare hop count (it cannot tell a proxy from a client that reached the app
 * directly), which would give every client the proxy's address. A hop count is the operator's
 * word that the app is reachable only through that many proxies, so it is honoured as a trust
 * function; addresses go to Fastify as they are.
 */
function trustedProxies(trust: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** Deny by default: a route that does not say who may use it stops the app from starting. */
export function assertEveryRouteHasAccess(routes: { method: unknown; url: string; config?: unknown }[]) {
  const open = routes.filter((r) => !isAccess((r.config as { access?: unknown } | undefined)?.access));
  if (open.length) {
    throw new RouteAccessError(
      `Every route must declare config.access; these do not: ${open.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`,
    );
  }
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const assets = await buildAssets();
  const cookieSecret = config.cookieSecret ?? (await instanceSecret(database, 'cookie'));
  const version = await schemaVersion(database);

  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: trustedProxies(config.trustProxy),
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
    // The OpenAPI document describes the JSON API; the HTML pages are for people, not programs.
    if (!route.url.startsWith('/api/v1/')) route.schema = { ...route.schema, hide: true };
  });
  app.decorate('routeTable', routes);
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'OpenSEND API',
        version: '1',
        description: "An English local authority's SEND service. Authenticate with a personal API token.",
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const views = createViewEnvironment(modules.flatMap((m) => (m.viewsDir ? [m.viewsDir] : [])));
  const menus = {
    main: [...modules.flatMap((m) => m.navigation ?? []), ...platformNavigation],
    account: accountNavigation,
  };
  await registerPlatform(app, { config, database, clock, assets, views, cookieSecret, menus });

  const hooks = hooksOf(modules.flatMap((m) => (m.hooks ? [m.hooks] : [])));
  const base = { config, database, clock, hooks };
  const made = modules.map((m) => m.panels?.(base) ?? {});
  const panels: Panels = {
    home: made.flatMap((p) => (p.home ? [p.home] : [])),
    childRecord: made.flatMap((p) => (p.childRecord ? [p.childRecord] : [])),
  };
  const deps = { ...base, panels };
  await systemRoutes(app, { database, schemaVersion: version });
  await authRoutes(app, deps);
  await oidcRoutes(app, deps);
  await auditRoutes(app, {
    ...deps,
    lookups: {
      children: childDirectory(database),
      labels: auditLabeller([
        platformVocabulary,
        backupsAuditVocabulary,
        ...modules.flatMap((m) => m.auditVocabulary ?? []),
      ]),
    },
  });
  // pg_dump reads every table, which only the owner may: the app's own login role may not.
  const backups = { ...config.backups, databaseUrl: config.migrationDatabaseUrl ?? config.databaseUrl };
  await backupRoutes(app, { database, clock, settings: backups });
  const dailyJobs = modules.flatMap((m) => m.daily ?? []);
  await notificationRoutes(app, { ...deps, dailyJobs });
  for (const m of modules) await m.routes(app, deps);

  const jobs = createJobLanes(database, {
    handlers: [chainCheckJob, backupJob(backups), ...modules.flatMap((m) => m.jobs ?? [])],
    background: new Set(dailyJobs.map((j) => j.kind)),
    log: app.log,
  });
  const sealer = createAuditSealer(database, { log: app.log });
  const daily = options.scheduleDailyJobs
    ? createDailySchedule(database, { jobs: dailyJobs, clock, publicUrl: config.publicUrl, log: app.log })
    : undefined;
  app.addHook('onClose', () => Promise.all([daily?.stop(), jobs.stop(), sealer.stop()]));
  const mailer = options.mailer ?? (config.mail.smtpUrl ? smtpMailer(config.mail.smtpUrl) : undefined);
  const deliverer = mailer
    ? createDeliverer(database, mailer, { from: config.mail.from, log: app.log })
    : undefined;
  if (deliverer) app.addHook('onClose', () => deliverer.stop());
  await app.ready();
  assertEveryRouteHasAccess(routes);
  jobs.start();
  daily?.start();
  sealer.start();
  deliverer?.start();
  return app;
}
