import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import type { Access } from '../auth/roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when the browser sent a session cookie that has run out, so the sign-in page can say why. */
    sessionExpired: boolean;
  }
  interface FastifyContextConfig {
    /** Who may use the route. Every route must say; the app refuses to start otherwise. */
    access?: Access;
    /**
     * A public form posted from a page kept in a cache, which can carry no reader's CSRF token
     * ("Was this page helpful?"): posted by nobody signed in, it acts for nobody, so there is no
     * one to forge it against. Signed in, the token is checked as everywhere.
     */
    anonymousWithoutCsrf?: boolean;
  }
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Whether a request is for the JSON API, which takes bearer tokens and never cookies. Decided by
 * the route the router matched, which it found from the decoded path: the raw URL may spell /api
 * as /%61pi and still reach an API route. A request no route matched is judged by its decoded path.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  return isApiPath(request.routeOptions.url ?? decodedPath(request.url));
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
