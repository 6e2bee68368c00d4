import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { type Config, ConfigError, oidcCallbackPath } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { setSessionCookie } from '../http/platform.ts';
import { findLa } from '../las/index.ts';
import {
  attemptLifetimeMinutes,
  decodeAttempt,
  encodeAttempt,
  identityProvider,
  ProviderFailure,
  type ProviderFailureKind,
  type ProviderIdentity,
  recordProviderFailure,
  signInThroughProvider,
} from './oidc.ts';
import { renewCsrfSecret } from './routes.ts';
import { safeNext } from './safe-next.ts';

interface Deps {
  config: Config;
  database: Database;
  clock: Clock;
}

/** The attempt under way, sent back only to the callback; SameSite=Lax lets the provider's redirect bring it. */
export const attemptCookie = 'opensend_oidc';
const attemptCookiePath = '/sign-in/oidc';

const rateLimit = { max: 30, timeWindow: '1 minute' };

interface ProblemCopy {
  status: number;
  title: string;
  paragraphs: string[];
  /** Whether to give a reference the administrator can find in the log. */
  reference: boolean;
}

function failureCopy(failure: ProviderFailure, passwords: boolean): ProblemCopy {
  const orPassword = passwords ? ['You can also sign in with your email address and password.'] : [];
  const copy: Record<ProviderFailureKind, ProblemCopy> = {
    stale: {
      status: 400,
      title: 'Sign in again',
      paragraphs: [
        `Your sign-in took longer than ${attemptLifetimeMinutes} minutes, was already used, or was started in another browser.`,
      ],
      reference: false,
    },
    cancelled: {
      status: 403,
      title: 'You did not sign in',
      paragraphs: [
        "Your organisation's sign-in service did not sign you in to OpenSEND. You may have cancelled, or your account may not be allowed to use OpenSEND.",
        'If you did not cancel, ask your IT service desk to give your account access to OpenSEND.',
      ],
      reference: false,
    },
    refused: {
      status: 502,
      title: "Your organisation's sign-in service could not sign you in",
      paragraphs: [
        `It answered with the error ‘${failure.providerError ?? 'unknown'}’. Try again later.`,
        ...orPassword,
        'If it keeps happening, tell your OpenSEND administrator and give them the reference below.',
      ],
      reference: true,
    },
    unreachable: {
      status: 502,
      title: "Your organisation's sign-in service is not available",
      paragraphs: [
        'OpenSEND could not reach it. Try again in a few minutes.',
        ...orPassword,
        'If it keeps happening, tell your OpenSEND administrator and give them the reference below.',
      ],
      reference: true,
    },
    'not-confirmed': {
      status: 400,
      title: 'OpenSEND could not confirm your sign-in',
      paragraphs: [
        "Your organisation's sign-in service did not confirm who you are, or this sign-in had already been used. Sign in again.",
        'If it keeps happening, tell your OpenSEND administrator and give them the reference below.',
      ],
      reference: true,
    },
  };
  return copy[failure.kind];
}

/** Sign-in through the LA's OpenID Connect provider, when the deployment sets one up. */
export async function oidcRoutes(app: FastifyInstance, deps: Deps) {
  const { config, database, clock } = deps;
  const oidc = config.oidc;
  if (!oidc) return;
  // Every attempt is audited in the provider's LA, so it must exist before anyone tries.
  if (!(await findLa(database, oidc.laCode)))
    throw new ConfigError(
      `OIDC_LA_CODE: there is no LA with code ${oidc.laCode}; add it first (opensend la add --code ${oidc.laCode} --name NAME), or correct OIDC_LA_CODE`,
    );
  const provider = identityProvider(oidc);
  const facts = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id, now: clock() });

  function problem(reply: FastifyReply, copy: ProblemCopy, next: string): FastifyReply {
    return reply.code(copy.status).page('auth/oidc-problem.njk', {
      pageTitle: copy.title,
      paragraphs: copy.paragraphs,
      reference: copy.reference ? reply.request.id : undefined,
      signInHref: next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`,
    });
  }

  const failed = async (
    request: FastifyRequest,
    reply: FastifyReply,
    failure: ProviderFailure,
    next: string,
  ) => {
    request.log.warn(
      { oidc: failure.kind, why: failure.why },
      'sign-in through the OpenID Connect provider failed',
    );
    await recordProviderFailure(database, oidc, failure, facts(request));
    return problem(reply, failureCopy(failure, config.passwordSignIn), next);
  };

  app.get('/sign-in/oidc', { config: { access: 'public', rateLimit } }, async (request, reply) => {
    const q = request.query as { next?: unknown };
    const next = safeNext(typeof q.next === 'string' ? q.next : undefined);
    if (request.principal) return reply.redirect(next);
    try {
      const { url, attempt } = await provider.begin(next, clock());
      reply.setCookie(attemptCookie, encodeAttempt(attempt), {
        path: attemptCookiePath,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        signed: true,
        maxAge: attemptLifetimeMinutes * 60,
      });
      return reply.redirect(url.href, 303);
    } catch (err) {
      if (!(err instanceof ProviderFailure)) throw err;
      return failed(request, reply, err, next);
    }
  });

  app.get(oidcCallbackPath, { config: { access: 'public', rateLimit } }, async (request, reply) => {
    // Single use: whatever happens now, this attempt is over.
    const cookie = request.cookies[attemptCookie];
    reply.clearCookie(attemptCookie, { path: attemptCookiePath });
    const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
    const attempt = unsigned?.valid && unsigned.value ? decodeAttempt(unsigned.value, clock()) : undefined;
    if (!attempt || attempt === 'expired') {
      const why = attempt === 'expired' ? 'the attempt ran out' : 'no attempt from this browser';
      return failed(request, reply, new ProviderFailure('stale', why), '/');
    }
    const at = request.url.indexOf('?');
    let identity: ProviderIdentity;
    try {
      identity = await provider.complete(at < 0 ? '' : request.url.slice(at + 1), attempt);
    } catch (err) {
      if (!(err instanceof ProviderFailure)) throw err;
      return failed(request, reply, err, attempt.next);
    }
    const result = await signInThroughProvider(
      database,
      { session: config.session, oidc },
      identity,
      facts(request),
    );
    if (result.ok) {
      setSessionCookie(reply, result.cookieValue, config);
      renewCsrfSecret(request, reply);
      return reply.redirect(attempt.next, 303);
    }
    if (result.reason === 'not-set-up')
      return problem(
        reply,
        {
          status: 403,
          title: 'Your account is not set up in OpenSEND',
          paragraphs: [`Ask your SEND service administrator to add ${result.email}.`],
          reference: false,
        },
        attempt.next,
      );
    return problem(
      reply,
      {
        status: 403,
        title: "Your organisation's account has no verified email address",
        paragraphs: [
          "OpenSEND knows people by their email address, and your organisation's sign-in service did not give a verified one.",
          "Ask your IT service desk to check your account's email address.",
        ],
        reference: false,
      },
      attempt.next,
    );
  });
}
