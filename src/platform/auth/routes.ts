import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { csrfCookie, sessionCookie, setSessionCookie } from '../http/platform.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { errorFor, errorSummary, parse } from '../http/validation.ts';
import { signInChoices } from './oidc.ts';
import { passwordRules } from './passwords.ts';
import { safeNext } from './safe-next.ts';
import {
  changePassword,
  changePasswordSchema,
  createApiToken,
  emailSchema,
  listApiTokens,
  newTokenSchema,
  revokeApiToken,
  signIn,
  signOut,
} from './service.ts';

interface Deps {
  config: Config;
  database: Database;
  clock: Clock;
}

const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(passwordRules.max, `Password must be ${passwordRules.max} characters or fewer`),
});

/** Room for the longest email, password and `next` the form takes, each percent-encoded. */
const signInBodyLimit = 32 * 1024;

/**
 * Sign-in reads a handful of text fields, so a JSON body is held to that shape as it is parsed:
 * a deeply nested one is the sender's mistake, refused before anything walks it.
 */
function parseSignInJson(
  _request: FastifyRequest,
  body: string | Buffer,
  done: (err: Error | null, body?: unknown) => void,
) {
  let value: unknown;
  try {
    value = JSON.parse(String(body));
  } catch {
    return done(new HttpProblem(400, 'Malformed JSON', 'The body is not valid JSON.'));
  }
  const flat =
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || typeof v !== 'object');
  if (!flat)
    return done(
      new HttpProblem(
        400,
        'Sign-in takes text fields only',
        'Send email, password and _csrf (and next, if any) as text: the form, or one JSON object of strings.',
      ),
    );
  done(null, value);
}

/** What the account page says after a change, naming the API tokens that stopped working. */
function passwordChangedMessage(tokensRevoked: unknown): string {
  const n =
    typeof tokensRevoked === 'string' && /^[1-9][0-9]{0,3}$/.test(tokensRevoked) ? Number(tokensRevoked) : 0;
  const tokens =
    n === 1
      ? ' Your API token has been revoked: create a new one for any program that used it.'
      : n > 1
        ? ` Your ${n} API tokens have been revoked: create new ones for any programs that used them.`
        : '';
  return `Your password has been changed and you have been signed out everywhere else.${tokens}`;
}

/**
 * Starts a new CSRF secret, so a form token from before sign-in (or sign-out) is refused after
 * it: whoever planted or read the old secret's cookie gains nothing in the new session.
 */
export function renewCsrfSecret(request: FastifyRequest, reply: FastifyReply) {
  delete request.cookies[csrfCookie];
  reply.generateCsrf();
}

function facts(request: FastifyRequest, clock: Clock) {
  return { ip: request.ip, requestId: request.id, now: clock() };
}

export async function authRoutes(app: FastifyInstance, deps: Deps) {
  const { config, database, clock } = deps;
  const caches = app.credentialCaches;

  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const q = request.query as { next?: unknown; expired?: unknown };
    if (request.principal) return reply.redirect(safeNext(q.next));
    return reply.page('auth/sign-in.njk', {
      pageTitle: 'Sign in',
      next: safeNext(q.next),
      expired: q.expired === '1' || request.sessionExpired,
      values: {},
      errors: [],
      ...signInChoices(config, safeNext(q.next)),
    });
  });

  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, parseSignInJson);
    scope.post(
      '/sign-in',
      {
        bodyLimit: signInBodyLimit,
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const values = { email: typeof body.email === 'string' ? body.email.slice(0, 254) : '' };
        const next = safeNext(body.next);
        const parsed = parse(signInSchema, body);
        const show = (status: number, errors: { field: string; message: string }[]) =>
          reply.code(status).page('auth/sign-in.njk', {
            pageTitle: 'Sign in',
            next,
            values,
            errors: errorSummary(errors),
            fieldError: (f: string) => errorFor(errors, f),
            ...signInChoices(config, next),
          });
        if (!config.passwordSignIn)
          return show(403, [
            {
              field: 'oidc-sign-in',
              message: "Signing in with a password is turned off. Sign in with your organisation's account",
            },
          ]);
        if (!parsed.ok) return show(400, parsed.errors);
        const result = await signIn(
          database,
          config,
          parsed.data.email,
          parsed.data.password,
          facts(request, clock),
        );
        if (!result.ok && result.reason === 'locked') {
          reply.header('Retry-After', String(result.retryAfterMinutes * 60));
          return show(429, [
            {
              field: 'email',
              message: `Too many failed attempts to sign in. Wait ${result.retryAfterMinutes} minute${result.retryAfterMinutes === 1 ? '' : 's'} and try again`,
            },
          ]);
        }
        if (!result.ok)
          return show(401, [{ field: 'email', message: 'Enter a correct email address and password' }]);
        setSessionCookie(reply, result.cookieValue, config);
        renewCsrfSecret(request, reply);
        return reply.redirect(next, 303);
      },
    );
  });

  app.post('/sign-out', { config: { access: 'signed-in' } }, async (request, reply) => {
    if (request.principal) await signOut(database, caches, request.principal, facts(request, clock));
    reply.clearCookie(sessionCookie, { path: '/' });
    renewCsrfSecret(request, reply);
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('auth/signed-out.njk', { pageTitle: 'You have signed out' }),
  );

  app.get('/account/password', { config: { access: 'signed-in' } }, async (request, reply) => {
    const q = request.query as { changed?: unknown; tokensRevoked?: unknown };
    return reply.page('auth/password.njk', {
      pageTitle: 'Change your password',
      errors: [],
      fieldError: () => false,
      flash: q.changed ? passwordChangedMessage(q.tokensRevoked) : undefined,
    });
  });

  app.post(
    '/account/password',
    { config: { access: 'signed-in', rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const show = (status: number, errors: { field: string; message: string }[]) =>
        reply.code(status).page('auth/password.njk', {
          pageTitle: 'Change your password',
          errors: errorSummary(errors),
          fieldError: (f: string) => errorFor(errors, f),
        });
      const parsed = parse(changePasswordSchema, request.body);
      if (!parsed.ok) return show(400, parsed.errors);
      const principal = request.principal;
      if (!principal) throw notFound();
      const r = await changePassword(
        database,
        caches,
        config.signIn,
        principal,
        parsed.data,
        facts(request, clock),
      );
      if (!r.ok && r.retryAfterMinutes) {
        reply.header('Retry-After', String(r.retryAfterMinutes * 60));
        return show(429, [{ field: r.field, message: r.message }]);
      }
      if (!r.ok) return show(400, [{ field: r.field, message: r.message }]);
      const revoked = r.apiTokensRevoked ? `&tokensRevoked=${r.apiTokensRevoked}` : '';
      return reply.redirect(`/account/password?changed=1${revoked}`, 303);
    },
  );

  app.get('/account/tokens', { config: { access: 'api:tokens' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) throw notFound();
    return reply.page('auth/tokens.njk', {
      pageTitle: 'API tokens',
      tokens: await listApiTokens(database, p),
      now: clock(),
      values: { days: '90' },
      errors: [],
      fieldError: () => false,
      flash: (request.query as { revoked?: string }).revoked ? 'The token has been revoked' : undefined,
    });
  });

  app.post('/account/tokens', { config: { access: 'api:tokens' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = parse(newTokenSchema, body);
    if (!parsed.ok) {
      return reply.code(400).page('auth/tokens.njk', {
        pageTitle: 'API tokens',
        tokens: await listApiTokens(database, p),
        now: clock(),
        values: { name: String(body.name ?? '').slice(0, 100), days: String(body.days ?? '').slice(0, 10) },
        errors: errorSummary(parsed.errors),
        fieldError: (f: string) => errorFor(parsed.errors, f),
      });
    }
    const created = await createApiToken(database, p, parsed.data, facts(request, clock));
    return reply.page('auth/token-created.njk', { pageTitle: 'Your new API token', created });
  });

  app.post('/account/tokens/:id/revoke', { config: { access: 'api:tokens' } }, async (request, reply) => {
    const p = request.principal;
    const id = (request.params as { id: string }).id;
    if (!p || !z.string().uuid().safeParse(id).success) throw notFound('There is no such token.');
    if (!(await revokeApiToken(database, caches, p, id, facts(request, clock))))
      throw notFound('There is no such token, or it is already revoked.');
    return reply.redirect('/account/tokens?revoked=1', 303);
  });
}
