import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/problem.ts';
import { parentCarersOfChild, youngPersonDecidesOn } from '../../children/index.ts';
import { familyAccess, parentAccessOf, setParentAccess } from '../access.ts';
import { audit, type PortalContext, type PortalDeps, portalContext, transaction } from '../context.ts';

/**
 * A young person's say over which of their parents' accounts follow their record, once decisions
 * are theirs. Before then the page says when that will be.
 */

interface Sharing {
  childId: string;
  decides: boolean;
  parents: { personId: string; name: string; hasAccount: boolean; allowed: boolean }[];
}

function sharingOf(ctx: PortalContext): Promise<Sharing> {
  return transaction(ctx, async (tx) => {
    const { laCode } = ctx.principal;
    const own = (await familyAccess(tx, ctx)).open.find((l) => l.madeAs === 'young-person');
    if (!own) throw notFound('This page is for a young person’s own account.');
    const access = await parentAccessOf(tx, laCode, own.child.id);
    const parents = (await parentCarersOfChild(tx, laCode, own.child.id))
      .filter((p) => p.userId !== ctx.principal.userId)
      .map((p) => ({
        personId: p.id,
        name: `${p.forename} ${p.surname}`,
        hasAccount: p.userId !== null,
        allowed: access.get(p.id) ?? false,
      }));
    await audit(tx, ctx, {
      action: 'portal.sharing.read',
      entityType: 'child',
      entityId: own.child.id,
      childId: own.child.id,
    });
    return {
      childId: own.child.id,
      decides: await youngPersonDecidesOn(tx, laCode, own.child, ctx.today),
      parents,
    };
  });
}

function setSharing(ctx: PortalContext, personId: string, allowed: boolean): Promise<void> {
  return transaction(ctx, async (tx) => {
    const { laCode, userId } = ctx.principal;
    const own = (await familyAccess(tx, ctx)).open.find((l) => l.madeAs === 'young-person');
    if (!own) throw notFound('This page is for a young person’s own account.');
    const parent = (await parentCarersOfChild(tx, laCode, own.child.id)).find(
      (p) => p.id === personId && p.userId !== userId,
    );
    if (!parent) throw notFound('There is no such parent or carer on your record.');
    await setParentAccess(tx, laCode, { childId: own.child.id, personId, allowed, by: userId });
    await audit(tx, ctx, {
      action: allowed ? 'portal.sharing.allowed' : 'portal.sharing.stopped',
      entityType: 'child',
      entityId: own.child.id,
      childId: own.child.id,
      detail: { personId },
    });
  });
}

export async function sharingPages(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);

  app.get('/family/sharing', { config: { access: 'portal:request' } }, async (request, reply) => {
    const c = ctx(request);
    const s = await sharingOf(c);
    return reply.page('portals/sharing.njk', {
      pageTitle: 'Who can follow your record',
      s,
      saved: (request.query as { saved?: string }).saved === '1',
    });
  });

  app.post('/family/sharing/:personId', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { personId } = request.params as { personId: string };
    const allowed = (request.body as { allowed?: string } | undefined)?.allowed === 'yes';
    await setSharing(ctx(request), personId, allowed);
    return reply.redirect('/family/sharing?saved=1', 303);
  });
}
