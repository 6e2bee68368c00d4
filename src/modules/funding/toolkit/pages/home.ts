import type { FastifyInstance } from 'fastify';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { notAdoptedText, potTitle, returnStatusLabels, toolkitPath } from '../presenters.ts';
import { type HomeRow, toolkitHome } from '../service.ts';
import { pageContext, type ToolkitDeps } from './common.ts';

/**
 * A host's or head teacher's clusters and each pot's toolkit: where each stands and what it needs.
 * Each is a short list of facts with a link, so the page holds no table of its own to download.
 */

function potItem(r: HomeRow) {
  const facts =
    r.allocationPence === null
      ? [`${notAdoptedText(r.pot)}.`]
      : [
          `Allocation ${penceText(r.allocationPence)}, planned ${penceText(r.plannedPence)}, spent ${penceText(r.spentPence)}.`,
          `End-of-year return: ${returnStatusLabels[r.returnStatus].toLowerCase()}${
            ['not_due', 'due', 'overdue'].includes(r.returnStatus) ? `, due by ${longDate(r.dueOn)}` : ''
          }.`,
        ];
  return { href: toolkitPath(r.clusterId, r.pot.id), text: potTitle(r.pot), facts };
}

export async function homePage(app: FastifyInstance, deps: ToolkitDeps) {
  app.get('/cluster-funding', { config: { access: 'clusters:toolkit' } }, async (request, reply) => {
    const rows = await toolkitHome(pageContext(request, deps));
    const clusters = new Map<string, { name: string; as: string; pots: ReturnType<typeof potItem>[] }>();
    for (const r of rows) {
      const c = clusters.get(r.clusterId) ?? { name: r.clusterName, as: r.as, pots: [] };
      c.pots.push(potItem(r));
      clusters.set(r.clusterId, c);
    }
    return reply.page('funding/toolkit/home.njk', {
      pageTitle: 'Your clusters’ SEND funding',
      clusters: [...clusters.values()],
      overdue: rows.filter((r) => r.as === 'host' && r.returnStatus === 'overdue').map(potItem),
    });
  });
}
