import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isApiRequest } from './context.ts';
import { type FieldError, HttpProblem } from './problem.ts';
import { concurrentChange, databaseUnavailable, isConcurrentChange } from './unavailable.ts';

const pageCopy: Record<number, { title: string; paragraphs: string[] }> = {
  400: {
    title: 'There is a problem with your request',
    paragraphs: ['Check what you entered and try again.'],
  },
  401: { title: 'You need to sign in', paragraphs: ['Sign in to use this page.'] },
  403: {
    title: 'You do not have permission to view this page',
    paragraphs: ['If you think you should have access, contact your OpenSEND administrator.'],
  },
  404: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
  },
  413: { title: 'What you sent is too large', paragraphs: ['Send less and try again.'] },
  415: {
    title: 'What you sent is in a form OpenSEND cannot read',
    paragraphs: ['Use the form on the page.'],
  },
  429: { title: 'Too many attempts', paragraphs: ['Wait a few minutes and try again.'] },
  500: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: [
      'Try again later. Anything you had saved is still saved; anything you had not submitted was not saved.',
    ],
  },
};

/** Turns anything thrown into the answer a person or program can act on; only our own faults are 500s. */
export function toProblem(error: FastifyError | HttpProblem | Error): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const e = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(e)) {
    const errors: FieldError[] = e.validation.map((v) => ({
      field:
        [
          v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          (v.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.'),
        ]
          .filter(Boolean)
          .join('') ||
        e.validationContext ||
        'body',
      message: v.message ?? 'is not valid',
    }));
    return new HttpProblem(
      400,
      'Invalid request',
      errors.map((x) => `${x.field}: ${x.message}`).join('; '),
      errors,
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(
        415,
        'Unsupported media type',
        'Send the body as application/json (API) or a form.',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'Body too large', 'The request body is larger than the service accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'Empty body', 'The body was declared as JSON but was empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpProblem(400, 'Malformed JSON', 'The body is not valid JSON.');
    case 'FST_CSRF_MISSING_SECRET':
    case 'FST_CSRF_INVALID_TOKEN':
      return new HttpProblem(
        403,
        'This form has expired',
        'The page you sent the form from was out of date or did not come from OpenSEND. Go back, reload the page and try again.',
      );
  }
  if (e instanceof SyntaxError && (e as FastifyError).statusCode === 400)
    return new HttpProblem(400, 'Malformed JSON', 'The body is not valid JSON.');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return new HttpProblem(e.statusCode, pageCopy[e.statusCode]?.title ?? 'Bad request', e.message);
  const unavailable = databaseUnavailable(e) ?? concurrentChange(e);
  if (unavailable) return unavailable;
  return new HttpProblem(
    500,
    'Internal server error',
    'Something went wrong on our side. It has been logged.',
  );
}

/** A problem lists this many field errors and counts the rest: the first ones say what to fix. */
export const maxListedErrors = 20;
const maxFieldLength = 200;
const maxMessageLength = 500;
const maxDetailLength = 2_000;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * What a problem says, kept short whatever was sent: 10,000 bad items in an array, or a key a
 * megabyte long echoed in a message, would otherwise make an answer of megabytes.
 */
export function shortened(problem: HttpProblem): {
  detail: string | undefined;
  errors: FieldError[];
  moreErrors: number;
} {
  const errors = problem.errors.slice(0, maxListedErrors).map((e) => ({
    field: clip(e.field, maxFieldLength),
    message: clip(e.message, maxMessageLength),
  }));
  const moreErrors = problem.errors.length - errors.length;
  const more = `; and ${moreErrors.toLocaleString('en-GB')} more`;
  const detail = moreErrors
    ? `${clip(errors.map((e) => `${e.field}: ${e.message}`).join('; '), maxDetailLength - more.length)}${more}`
    : problem.detail && clip(problem.detail, maxDetailLength);
  return { detail, errors, moreErrors };
}

export async function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem) {
  for (const [k, v] of Object.entries(problem.headers)) reply.header(k, v);
  reply.code(problem.status);
  const { detail, errors, moreErrors } = shortened(problem);
  if (isApiRequest(request) || !request.headers.accept?.includes('html')) {
    return reply.type('application/problem+json').send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(detail ? { detail } : {}),
      instance: clip(request.url.split('?')[0] ?? '', maxFieldLength),
      requestId: request.id,
      ...(errors.length ? { errors } : {}),
      ...(moreErrors ? { moreErrors } : {}),
    });
  }
  const copy = pageCopy[problem.status];
  const generic = ['Bad request', 'Unauthorised', 'Forbidden', 'Not found', 'Internal server error'];
  const custom = !generic.includes(problem.title) && detail;
  return reply.page('error.njk', {
    pageTitle: custom ? problem.title : (copy?.title ?? problem.title),
    paragraphs: custom ? [detail] : (copy?.paragraphs ?? [detail]),
    requestId: problem.status >= 500 ? request.id : undefined,
  });
}

export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error as FastifyError);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else if (isConcurrentChange(error)) request.log.warn({ err: error }, 'request collided with another');
    else request.log.info({ status: problem.status, title: problem.title }, 'request refused');
    try {
      return await sendProblem(request, reply, problem);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply.code(problem.status).type('text/plain').send(`${problem.title}\nReference: ${request.id}`);
    }
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(
      request,
      reply,
      new HttpProblem(
        404,
        'Not found',
        `Nothing was found at ${clip(request.url.split('?')[0] ?? '', maxFieldLength)}.`,
      ),
    ),
  );
}
