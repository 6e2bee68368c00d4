import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Access, can } from '../auth/roles.ts';
import type { AssetManifest } from './assets.ts';

export interface NavItem {
  href: string;
  text: string;
  access: Access;
}

/**
 * The header's two sets of links: the main menu of the service's areas, and the person's own
 * account, which sits apart beside their name so the main menu keeps to one row.
 */
export interface Menus {
  main: NavItem[];
  account: NavItem[];
}

/** What every page needs besides its own data: who is signed in, where they may go, the CSRF token. */
export function pageContext(
  request: FastifyRequest,
  reply: FastifyReply,
  assets: AssetManifest,
  menus: Menus,
  withCsrf = true,
) {
  const p = request.principal;
  const path = request.url.split('?')[0] ?? '/';
  const offered = (items: NavItem[]) =>
    p
      ? items
          .filter((n) => n.access === 'signed-in' || n.access === 'public' || can(p.roles, n.access))
          // An area open to two permissions is listed once for each: someone holding both sees it once.
          .filter((n, i, all) => all.findIndex((m) => m.href === n.href) === i)
          .map((n) => ({
            href: n.href,
            text: n.text,
            current: path === n.href,
            active: n.href !== '/' && path.startsWith(`${n.href}/`),
          }))
      : [];
  return {
    principal: p,
    navigation: offered(menus.main),
    accountNavigation: offered(menus.account),
    assets,
    csrfToken: withCsrf ? reply.generateCsrf() : '',
    requestId: request.id,
  };
}
