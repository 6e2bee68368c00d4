import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem.ts';

/** Deeper than anything the API takes (an EHC step is three levels), shallow enough for every walk over a body. */
export const maxJsonDepth = 32;

/**
 * Whether a JSON text nests objects and arrays deeper than `limit`, found in one pass without
 * parsing it: a body 100,000 brackets deep parses, but every recursive walk over it afterwards
 * (taking out NULs, validating) would run out of stack.
 */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Fastify's own JSON parser (prototype poisoning refused as before), behind the depth check. */
export function refuseDeepJson(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, maxJsonDepth))
      return done(
        new HttpProblem(
          400,
          'Body nested too deeply',
          `The body nests objects or arrays more than ${maxJsonDepth} deep. Send a flatter body.`,
        ),
        undefined,
      );
    return parse(request, body as string, done);
  });
}
