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
  }
}

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}
