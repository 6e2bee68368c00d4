import fastifyMultipart, { type FastifyMultipartAttachFieldsToBodyOptions } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './problem.ts';

/**
 * Routes that take a file from a form: the multipart body is read in this scope only (the rest of
 * the app keeps refusing it). The plugin reads the body in a hook of its own, and what it throws
 * for a body it cannot read (no boundary, cut short) says nothing of whose fault it is: a request
 * still being read when it fails is answered as the sender's mistake, not a fault of ours.
 */
export async function multipartScope(
  app: FastifyInstance,
  options: FastifyMultipartAttachFieldsToBodyOptions,
  routes: (scope: FastifyInstance) => void | Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    const reading = new WeakSet<FastifyRequest>();
    scope.addHook('preValidation', async (request) => {
      reading.add(request);
    });
    scope.setErrorHandler(async (error: FastifyError, request) => {
      if (reading.has(request) && !error.statusCode)
        throw new HttpProblem(
          400,
          'Bad request',
          'The upload could not be read. Go back and send the form again.',
        );
      throw error;
    });
    await scope.register(fastifyMultipart, options);
    scope.addHook('preValidation', async (request) => {
      reading.delete(request);
    });
    await routes(scope);
  });
}
