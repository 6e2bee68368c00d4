import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type nunjucks from 'nunjucks';
import type { Principal } from '../auth/principal.ts';
import { can, isAccess } from '../auth/roles.ts';
import { resolveApiToken, resolveSession } from '../auth/service.ts';
import { type CredentialCaches, credentialCaches } from '../auth/token-cache.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { type AssetManifest, buildRoot } from './assets.ts';
import { isApiRequest } from './context.ts';
import { installErrorHandlers, sendProblem } from './errors.ts';
import { refuseDeepJson } from './json.ts';
import { withoutNul } from './nul.ts';
import { forbidden, HttpProblem, unauthorised } from './problem.ts';
import { type Menus, pageContext } from './render.ts';

export const sessionCookie = 'opensend_session';
export const csrfCookie = 'opensend_csrf';

export interface PlatformDeps {
  config: Config;
  database: Database;
  clock: Clock;
  assets: AssetManifest;
  views: nunjucks.Environment;
  cookieSecret: string;
  menus: Menus;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's memory of checked sessions and API tokens, forgotten when they end. */
    credentialCaches: CredentialCaches;
  }
  interface FastifyReply {
    /** Renders a page in the layout with the signed-in person, navigation and CSRF token. */
    page(template: string, data?: Record<string, unknown>): FastifyReply;
    /**
     * The same page as HTML, not sent: for a public page kept in a cache. Only for a reader who is
     * not signed in, and a page with no form to post (its CSRF token would be another reader's).
     */
    pageHtml(template: string, data?: Record<string, unknown>): string;
  }
}

/** Registers what every route stands on: security headers, cookies, CSRF, sign-in, access, errors. */
export async function registerPlatform(app: FastifyInstance, deps: PlatformDeps) {
  const { config } = deps;
  const https = config.secureCookies;

  // The headers never vary by request, so they are worked out once rather than on every request.
  const securityHeaders = staticSecurityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  refuseDeepJson(app);
  await app.register(fastifyCookie, { secret: deps.cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(fastifyCsrf, {
    cookieKey: csrfCookie,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: https, signed: true },
    getToken: (req) => (req.body as { _csrf?: string } | undefined)?._csrf,
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new HttpProblem(
        429,
        'Too many requests',
        `Too many requests from your address. Try again in ${ctx.after}.`,
        [],
        {
          'Retry-After': String(Math.ceil(ctx.ttl / 1000)),
        },
      ),
  });
  // Static files get no access check of their own: the build is public by nature.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), access: 'public' };
    });
    await scope.register(fastifyStatic, {
      root: buildRoot,
      prefix: '/build/',
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  });

  const caches = credentialCaches();
  app.decorate('credentialCaches', caches);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
      const html = deps.views.render(template, {
        ...pageContext(this.request, this, deps.assets, deps.menus),
        ...data,
      });
      return this.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
    },
  );
  app.decorateReply(
    'pageHtml',
    function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
      return deps.views.render(template, {
        ...pageContext(this.request, this, deps.assets, deps.menus, false),
        ...data,
      });
    },
  );

  app.addHook('onRequest', async (request, reply) => {
    request.principal = await identify(request, reply, deps, caches);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.url) return; // the not-found handler answers for itself
    const access = request.routeOptions.config.access;
    if (!isAccess(access)) throw forbidden('This route has no access rule, so it is closed.');
    if (access === 'public') return;
    const p = request.principal;
    if (!p) {
      if (isApiRequest(request)) throw unauthorised('Send a personal API token: Authorization: Bearer osk_…');
      const next = encodeURIComponent(request.url);
      return reply.redirect(`/sign-in?next=${next}${request.sessionExpired ? '&expired=1' : ''}`);
    }
    if (access !== 'signed-in' && !can(p.roles, access)) throw forbidden();
  });
  app.addHook('preValidation', async (request) => {
    request.body = withoutNul(request.body);
    request.query = withoutNul(request.query);
  });
  app.addHook('preHandler', (request, reply, done) => {
    const safe = request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS';
    // The API takes only bearer tokens, never cookies, so a forged cross-site request carries no credentials there.
    if (safe || isApiRequest(request)) return done();
    if (request.routeOptions.config.anonymousWithoutCsrf && !request.principal) return done();
    app.csrfProtection(request, reply, done);
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.principal) reply.header('Cache-Control', 'no-store');
  });

  installErrorHandlers(app);
}

async function identify(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: PlatformDeps,
  caches: CredentialCaches,
): Promise<Principal | null> {
  const now = deps.clock();
  if (isApiRequest(request)) {
    const header = request.headers.authorization;
    if (!header) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw unauthorised('The Authorization header must be: Bearer <token>.');
    const r = await resolveApiToken(deps.database, m[1], now, caches);
    if (r.state === 'valid') return r.principal;
    if (r.state === 'expired') throw unauthorised('This API token has expired. Create a new one.');
    if (r.state === 'revoked') throw unauthorised('This API token has been revoked. Create a new one.');
    throw unauthorised('This API token is not recognised.');
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return null;
  const r = await resolveSession(deps.database, caches, deps.config.session, cookie, now);
  if (r.state === 'valid') return r.principal;
  request.sessionExpired = r.state === 'expired';
  reply.clearCookie(sessionCookie, { path: '/' });
  return null;
}

export function setSessionCookie(reply: FastifyReply, value: string, config: Config) {
  reply.setCookie(sessionCookie, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

/** The headers helmet would set, captured once from a dry run of its middleware. */
export function staticSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {},
  };
  helmet(options)(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    response as unknown as Parameters<ReturnType<typeof helmet>>[1],
    () => undefined,
  );
  return headers;
}

export { sendProblem };
