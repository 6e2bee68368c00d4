import type { FastifyInstance } from 'fastify';
import { acceptInvitation, acceptSchema, findInvitation } from '../../platform/auth/accounts.ts';
import { signInChoices } from '../../platform/auth/oidc.ts';
import { renewCsrfSecret } from '../../platform/auth/routes.ts';
import { signIn } from '../../platform/auth/service.ts';
import { setSessionCookie } from '../../platform/http/platform.ts';
import { errorFor, errorSummary, parse } from '../../platform/http/validation.ts';
import type { ModuleDeps } from '../../platform/module.ts';

const ended = {
  expired: 'This invitation link has run out or been replaced',
  used: 'This invitation link has already been used',
  unknown: 'This invitation link is not recognised',
} as const;

/** The one-time link an invited person opens to choose their password, then signed in. */
export async function invitationPages(app: FastifyInstance, deps: ModuleDeps) {
  const { database, clock, config } = deps;
  // A link is a secret: the limit stops anyone trying links at speed.
  const limited = { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } } as const;

  app.get('/invitation/:token', { config: limited }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const inv = await findInvitation(database, token, clock());
    reply.header('Referrer-Policy', 'no-referrer');
    if (inv.state !== 'valid')
      return reply.code(inv.state === 'unknown' ? 404 : 410).page('people/invitation-ended.njk', {
        pageTitle: ended[inv.state],
        state: inv.state,
      });
    // Where the LA has turned passwords off, people sign in only through its own accounts.
    const choices = signInChoices(config, '/');
    if (choices.passwordsOff)
      return reply.page('people/invitation-provider.njk', {
        pageTitle: 'Sign in to OpenSEND',
        invitation: inv,
        choices,
      });
    return reply.page('people/invitation.njk', {
      pageTitle: 'Choose your password',
      invitation: inv,
      token,
      errors: [],
      fieldError: () => false,
    });
  });

  app.post('/invitation/:token', { config: limited }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const now = clock();
    const inv = await findInvitation(database, token, now);
    if (inv.state !== 'valid')
      return reply.code(inv.state === 'unknown' ? 404 : 410).page('people/invitation-ended.njk', {
        pageTitle: ended[inv.state],
        state: inv.state,
      });
    const choices = signInChoices(config, '/');
    if (choices.passwordsOff)
      return reply.code(400).page('people/invitation-provider.njk', {
        pageTitle: 'Sign in to OpenSEND',
        invitation: inv,
        choices,
      });
    const show = (errors: { field: string; message: string }[]) =>
      reply.code(400).page('people/invitation.njk', {
        pageTitle: 'Choose your password',
        invitation: inv,
        token,
        errors: errorSummary(errors),
        fieldError: (f: string) => errorFor(errors, f),
      });
    const parsed = parse(acceptSchema, request.body ?? {});
    if (!parsed.ok) return show(parsed.errors);
    const r = await acceptInvitation(database, token, parsed.data.password, {
      ip: request.ip,
      requestId: request.id,
      now,
    });
    if (!r.ok && 'state' in r)
      return reply
        .code(410)
        .page('people/invitation-ended.njk', { pageTitle: ended[r.state], state: r.state });
    if (!r.ok) return show([{ field: r.field, message: r.message }]);
    const session = await signIn(database, config, r.email, parsed.data.password, {
      ip: request.ip,
      requestId: request.id,
      now,
    });
    if (!session.ok) return reply.redirect('/sign-in', 303);
    setSessionCookie(reply, session.cookieValue, config);
    renewCsrfSecret(request, reply);
    return reply.redirect('/', 303);
  });
}
