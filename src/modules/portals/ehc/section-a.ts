import type { FieldError } from '../../../platform/http/problem.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { planSectionsOf, type Stage, writeSection } from '../../ehc/index.ts';
import { familyAccess } from '../access.ts';
import { audit, authorise, type PortalContext, transaction } from '../context.ts';
import type { Change } from '../requests/service.ts';
import * as repo from './repo.ts';
import { ehcContextOf, loadEhc, notifyLa } from './service.ts';

/**
 * Section A of the plan in the family's words: what matters to the child and their views, their
 * interests, and their hopes for the future. The family writes it while the plan is being made;
 * the LA puts it into the draft plan as written. Once the plan is final, it changes at a review.
 */

export interface SectionAInput {
  views: string;
  interests: string;
  aspirations: string;
  version: number;
}

const openStages: readonly Stage[] = ['deciding-whether-to-assess', 'assessing', 'drafting'];
const fields = [
  ['views', 'What matters to them and their views'],
  ['interests', 'Their interests'],
  ['aspirations', 'Their hopes for the future'],
] as const;

function validate(input: SectionAInput): FieldError[] {
  const errors: FieldError[] = fields
    .filter(([name]) => input[name].trim().length > 5000)
    .map(([name, label]) => ({ field: name, message: `${label} must be 5,000 characters or fewer` }));
  if (fields.every(([name]) => !input[name].trim()))
    errors.push({ field: 'views', message: 'Write at least one part of section A' });
  return errors;
}

export function writeSectionA(ctx: PortalContext, id: string, input: SectionAInput): Promise<Change<null>> {
  return transaction(ctx, async (tx) => {
    const { laCode, userId } = ctx.principal;
    const { child, viewer, view } = await loadEhc(tx, ctx, id);
    if (viewer.party !== 'family') throw notFound('There is no request with this link that you can see.');
    if (!openStages.includes(view.stage))
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'views',
            message:
              view.stage === 'issued'
                ? 'The plan is final: section A changes at the plan’s review. Send a message to your EHC coordinator with what has changed'
                : 'This request has ended: there is no plan being written for section A',
          },
        ],
      };
    const errors = validate(input);
    if (errors.length) return { ok: false, status: 400, errors };
    const link = (await familyAccess(tx, ctx)).open.find((l) => l.child.id === child.id);
    const saved = await repo.saveSectionA(tx, laCode, {
      ehcRequestId: id,
      childId: child.id,
      views: input.views.trim(),
      interests: input.interests.trim(),
      aspirations: input.aspirations.trim(),
      writtenBy: userId,
      writtenAs: link?.madeAs === 'young-person' ? 'young-person' : 'parent',
      version: input.version,
      at: ctx.now,
    });
    if (!saved)
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'views',
            message:
              'Someone else in your family saved section A since you opened it. Reload the page and make your change again',
          },
        ],
      };
    await audit(tx, ctx, {
      action: 'portal.section-a.written',
      entityType: 'ehc_request',
      entityId: id,
      childId: child.id,
    });
    await notifyLa(tx, ctx, view, 'portals.section-a', 'A family has written section A of a plan');
    return { ok: true, value: null };
  });
}

/** Section A as the plan holds it: the family's words under plain headings, and who wrote them. */
export function sectionAText(a: repo.SectionARow): string {
  return [
    a.views && `What matters to me and my views\n${a.views}`,
    a.interests && `My interests\n${a.interests}`,
    a.aspirations && `My hopes for the future\n${a.aspirations}`,
    `Written by ${a.writtenAs === 'young-person' ? 'the young person' : 'the child’s parent or carer'} through the portal.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The LA puts the family's section A into the draft plan as written, over what section A held. */
export async function sectionAIntoPlan(ctx: PortalContext, id: string): Promise<Change<null>> {
  authorise(ctx, 'ehc:write');
  const read = await transaction(ctx, async (tx) => {
    const { view } = await loadEhc(tx, ctx, id);
    const family = await repo.sectionAOf(tx, ctx.principal.laCode, id);
    const current =
      view.plan?.status === 'draft'
        ? (await planSectionsOf(tx, ctx.principal.laCode, view.plan.id)).find((s) => s.code === 'A')
        : undefined;
    return { draft: view.plan?.status === 'draft', family, current };
  });
  const refuse = (message: string): Change<null> => ({
    ok: false,
    status: 422,
    errors: [{ field: 'sectionA', message }],
  });
  if (!read.draft) return refuse('Section A goes into a draft plan: there is no draft plan yet');
  if (!read.family) return refuse('The family has not written section A in the portal');
  const content = sectionAText(read.family);
  if (read.current?.content === content)
    return refuse('Section A of the draft plan already holds the family’s words');
  // Written the way every change to a section is: refused if someone wrote section A since it was read.
  const written = await writeSection(ehcContextOf(ctx), id, 'A', {
    content,
    version: read.current?.version ?? 0,
  });
  if (!written.ok)
    return { ok: false, status: written.status === 404 ? 422 : written.status, errors: written.errors };
  await transaction(ctx, (tx) => repo.markSectionAInPlan(tx, ctx.principal.laCode, id, ctx.now));
  return { ok: true, value: null };
}
