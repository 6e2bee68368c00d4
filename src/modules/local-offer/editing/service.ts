import type { ZodError } from 'zod';
import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, forbidden, notFound } from '../../../platform/http/problem.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { postcodeCentroids } from '../../sufficiency/index.ts';
import { audit, authorise, type LocalOfferContext, transaction } from '../context.ts';
import { termsOf } from '../directory/repo.ts';
import { reviewDue, type ServiceRecord, serviceRecordSchema } from '../domain/record.ts';
import { publicCache } from '../public/cache.ts';
import * as repo from './repo.ts';

/**
 * Editing the Local Offer: an editor drafts a service (a new one, or a change to one already
 * published), submits it for review and publishes it; a provider suggests a change to its own
 * service, which an editor publishes or rejects with a reason. Publishing writes the version into
 * the published directory in one transaction and empties the public pages' cache. Every step is a
 * version row, kept: the trail of who changed what and who published it.
 */

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 409 | 422; errors: FieldError[] };

const refused = <T>(status: 400 | 409 | 422, field: string, message: string): Outcome<T> => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

const noSuchService = () => notFound('There is no Local Offer service with this ID.');
const noSuchVersion = () => notFound('There is no draft or suggestion with this ID.');

/** A field's name as the form's input IDs spell it: `locations-0-postcode`. */
export const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('-') || 'name';

/** The form's problems, each naming its field, a place or a set of times by its number. */
export function recordErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => {
    const [head, index] = i.path;
    const prefix =
      head === 'locations' && typeof index === 'number'
        ? `Place ${index + 1}: `
        : head === 'schedules' && typeof index === 'number'
          ? `Times ${index + 1}: `
          : '';
    return { field: fieldOf(i.path), message: `${prefix}${i.message}` };
  });
}

async function parseRecord(tx: Tx, laCode: string, input: unknown): Promise<Outcome<ServiceRecord>> {
  const parsed = serviceRecordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: recordErrors(parsed.error) };
  if (!(await repo.organizationExists(tx, laCode, parsed.data.organizationId)))
    return refused(400, 'organizationId', 'Choose an organisation of this Local Offer');
  return { ok: true, value: parsed.data };
}

/** Saves an editor's draft: a new service when `serviceId` is null, else a change to that service. */
export async function saveDraft(
  ctx: LocalOfferContext,
  serviceId: string | null,
  input: unknown,
): Promise<Outcome<{ serviceId: string; versionId: string }>> {
  authorise(ctx, 'local-offer:edit');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (serviceId !== null && !(isUuid(serviceId) && (await repo.serviceHead(tx, laCode, serviceId, true))))
      throw noSuchService();
    const record = await parseRecord(tx, laCode, input);
    if (!record.ok) return record;
    const id = serviceId ?? (await repo.insertService(tx, laCode, record.value, ctx.today));
    const open = (await repo.versionsOf(tx, laCode, id)).find(
      (v) => v.kind === 'draft' && v.state === 'open',
    );
    const versionId =
      open?.id ??
      (await repo.insertVersion(tx, laCode, {
        serviceId: id,
        kind: 'draft',
        state: 'open',
        content: record.value,
        note: '',
        by: userId,
        at: ctx.now,
      }));
    if (open) await repo.updateVersionContent(tx, laCode, open.id, record.value, ctx.now);
    await audit(tx, ctx, {
      action: serviceId ? 'local-offer.service.drafted' : 'local-offer.service.created',
      entityType: 'lo_service',
      entityId: id,
      childId: null,
      detail: { version: versionId },
    });
    return { ok: true, value: { serviceId: id, versionId } };
  });
}

/** A provider's suggested change to one of its own services, waiting for an editor. */
export async function suggestChange(
  ctx: LocalOfferContext,
  serviceId: string,
  input: unknown,
  note: string,
): Promise<Outcome<{ versionId: string }>> {
  authorise(ctx, 'local-offer:suggest');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const head = isUuid(serviceId) ? await repo.serviceHead(tx, laCode, serviceId) : undefined;
    // Another organisation's service is not this provider's to know of.
    if (!head || !(await repo.isMember(tx, laCode, head.organizationId, userId))) throw noSuchService();
    const record = await parseRecord(tx, laCode, input);
    if (!record.ok) return record;
    if (record.value.organizationId !== head.organizationId)
      return refused(422, 'organizationId', 'A provider suggests changes to its own services only');
    if (note.length > 2000) return refused(400, 'note', 'The note must be 2,000 characters or fewer');
    const versionId = await repo.insertVersion(tx, laCode, {
      serviceId,
      kind: 'suggestion',
      state: 'in-review',
      content: record.value,
      note,
      by: userId,
      at: ctx.now,
    });
    await audit(tx, ctx, {
      action: 'local-offer.service.suggested',
      entityType: 'lo_service',
      entityId: serviceId,
      childId: null,
      detail: { version: versionId },
    });
    return { ok: true, value: { versionId } };
  });
}

async function openVersion(tx: Tx, ctx: LocalOfferContext, versionId: string) {
  const v = isUuid(versionId) ? await repo.version(tx, ctx.principal.laCode, versionId, true) : undefined;
  if (!v) throw noSuchVersion();
  return v;
}

export async function submitForReview(ctx: LocalOfferContext, versionId: string): Promise<Outcome<null>> {
  authorise(ctx, 'local-offer:edit');
  return transaction(ctx, async (tx) => {
    const v = await openVersion(tx, ctx, versionId);
    if (v.state !== 'open')
      return refused(409, 'version', `This version is ${stateWords[v.state]}: it cannot be submitted`);
    await repo.submitVersion(tx, ctx.principal.laCode, v.id, ctx.principal.userId, ctx.now);
    await audit(tx, ctx, {
      action: 'local-offer.service.submitted',
      entityType: 'lo_service',
      entityId: v.serviceId,
      childId: null,
      detail: { version: v.id },
    });
    return { ok: true, value: null };
  });
}

export const stateWords: Record<repo.VersionState, string> = {
  open: 'a draft',
  'in-review': 'waiting for review',
  published: 'already published',
  rejected: 'rejected',
  replaced: 'replaced by a later version',
};

/** Publishes a draft or a suggestion: the service as the public and the ORUK feed see it, from now. */
export async function publish(
  ctx: LocalOfferContext,
  versionId: string,
): Promise<Outcome<{ serviceId: string }>> {
  authorise(ctx, 'local-offer:edit');
  const { laCode, userId } = ctx.principal;
  const result = await transaction(ctx, async (tx): Promise<Outcome<{ serviceId: string }>> => {
    const v = await openVersion(tx, ctx, versionId);
    if (v.state !== 'open' && v.state !== 'in-review')
      return refused(409, 'version', `This version is ${stateWords[v.state]}: it cannot be published`);
    // Checked again: the organisation may have gone since it was written.
    const record = await parseRecord(tx, laCode, v.content);
    if (!record.ok) return { ok: false, status: 422, errors: record.errors };
    const r = record.value;
    const termIds = [
      ...(await termsOf(tx, 'schedule-2')).filter((t) => r.headings.includes(t.code as never)),
      ...(await termsOf(tx, 'category')).filter((t) => r.categories.includes(t.code as never)),
      ...(await termsOf(tx, 'sen2-need')).filter((t) => r.needs.includes(t.code as never)),
    ].map((t) => t.id);
    const centroids = await postcodeCentroids(
      tx,
      laCode,
      r.locations.map((l) => l.postcode),
    );
    await repo.writePublished(tx, laCode, v.serviceId, r, {
      at: ctx.now,
      today: ctx.today,
      termIds,
      places: r.locations.map((l) => {
        const c = centroids.get(l.postcode.replace(' ', ''));
        return { ...l, latitude: c?.latitude ?? null, longitude: c?.longitude ?? null };
      }),
    });
    await repo.decideVersion(tx, laCode, v.id, { state: 'published', note: null, by: userId, at: ctx.now });
    await repo.replaceOthers(tx, laCode, v.serviceId, v.id, ctx.now);
    await audit(tx, ctx, {
      action: 'local-offer.service.published',
      entityType: 'lo_service',
      entityId: v.serviceId,
      childId: null,
      detail: { version: v.id, kind: v.kind },
    });
    return { ok: true, value: { serviceId: v.serviceId } };
  });
  if (result.ok) publicCache.clear(laCode);
  return result;
}

export async function reject(
  ctx: LocalOfferContext,
  versionId: string,
  reason: string,
): Promise<Outcome<null>> {
  authorise(ctx, 'local-offer:edit');
  const note = reason.trim();
  return transaction(ctx, async (tx) => {
    const v = await openVersion(tx, ctx, versionId);
    if (v.state !== 'open' && v.state !== 'in-review')
      return refused(409, 'version', `This version is ${stateWords[v.state]}: it cannot be rejected`);
    if (!note) return refused(400, 'reason', 'Say why it is rejected, for the person who wrote it');
    if (note.length > 2000) return refused(400, 'reason', 'The reason must be 2,000 characters or fewer');
    await repo.decideVersion(tx, ctx.principal.laCode, v.id, {
      state: 'rejected',
      note,
      by: ctx.principal.userId,
      at: ctx.now,
    });
    await audit(tx, ctx, {
      action: 'local-offer.service.rejected',
      entityType: 'lo_service',
      entityId: v.serviceId,
      childId: null,
      detail: { version: v.id },
    });
    return { ok: true, value: null };
  });
}

/** Takes a published service off the public pages and the feed (published again by publishing a version). */
export async function withdraw(ctx: LocalOfferContext, serviceId: string): Promise<Outcome<null>> {
  authorise(ctx, 'local-offer:edit');
  const { laCode } = ctx.principal;
  const r = await transaction(ctx, async (tx): Promise<Outcome<null>> => {
    const head = isUuid(serviceId) ? await repo.serviceHead(tx, laCode, serviceId, true) : undefined;
    if (!head) throw noSuchService();
    if (!head.published) return refused(409, 'service', 'The service is not published');
    await repo.setPublished(tx, laCode, serviceId, false, ctx.now);
    await audit(tx, ctx, {
      action: 'local-offer.service.withdrawn',
      entityType: 'lo_service',
      entityId: serviceId,
      childId: null,
    });
    return { ok: true, value: null };
  });
  if (r.ok) publicCache.clear(laCode);
  return r;
}

/** Records that an editor checked the service with its provider today: the 12 months start again. */
export async function markReviewed(ctx: LocalOfferContext, serviceId: string): Promise<Outcome<null>> {
  authorise(ctx, 'local-offer:edit');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const head = isUuid(serviceId) ? await repo.serviceHead(tx, laCode, serviceId, true) : undefined;
    if (!head) throw noSuchService();
    await repo.markReviewed(tx, laCode, serviceId, ctx.today);
    await audit(tx, ctx, {
      action: 'local-offer.service.reviewed',
      entityType: 'lo_service',
      entityId: serviceId,
      childId: null,
    });
    return { ok: true, value: null };
  });
}

/** Who is at the Local Offer's editing pages: an editor sees every service, a provider its own. */
function readerOf(ctx: LocalOfferContext): 'editor' | 'provider' {
  if (can(ctx.principal.roles, 'local-offer:edit')) return 'editor';
  if (can(ctx.principal.roles, 'local-offer:suggest')) return 'provider';
  throw forbidden();
}

export interface ManageList {
  reader: 'editor' | 'provider';
  rows: (repo.EditorListRow & { reviewDue: string; overdue: boolean })[];
}

export async function manageList(ctx: LocalOfferContext): Promise<ManageList> {
  const reader = readerOf(ctx);
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const all = await repo.editorList(tx, laCode);
    const mine = reader === 'provider' ? new Set(await repo.memberOrganizations(tx, laCode, userId)) : null;
    return {
      reader,
      rows: all
        .filter((r) => !mine || mine.has(r.organizationId))
        .map((r) => {
          const due = reviewDue(r.reviewedOn);
          return { ...r, reviewDue: due, overdue: due <= ctx.today };
        }),
    };
  });
}

export interface ManageService {
  reader: 'editor' | 'provider';
  head: repo.ServiceHead;
  /** What the form starts from: the open draft, else the published record. */
  record: ServiceRecord | null;
  openDraft: repo.VersionRow | null;
  versions: repo.VersionRow[];
  organizations: repo.OrganizationListRow[];
  choices: FormChoices;
  reviewDue: string;
}

/** The headings and categories a service is listed under, with their names, in their order. */
export interface FormChoices {
  headings: { code: string; name: string }[];
  categories: { code: string; name: string }[];
}

async function choicesOf(tx: Tx): Promise<FormChoices> {
  const pick = (t: { code: string; name: string }) => ({ code: t.code, name: t.name });
  return {
    headings: (await termsOf(tx, 'schedule-2')).map(pick),
    categories: (await termsOf(tx, 'category')).map(pick),
  };
}

export async function manageService(ctx: LocalOfferContext, serviceId: string): Promise<ManageService> {
  const reader = readerOf(ctx);
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const head = isUuid(serviceId) ? await repo.serviceHead(tx, laCode, serviceId) : undefined;
    if (!head || (reader === 'provider' && !(await repo.isMember(tx, laCode, head.organizationId, userId))))
      throw noSuchService();
    const versions = await repo.versionsOf(tx, laCode, serviceId);
    const openDraft =
      reader === 'editor' ? (versions.find((v) => v.kind === 'draft' && v.state === 'open') ?? null) : null;
    return {
      reader,
      head,
      record: openDraft?.content ?? (await repo.publishedRecord(tx, laCode, serviceId)) ?? null,
      openDraft,
      // A provider sees its own suggestions, not the editors' drafts and notes.
      versions: reader === 'editor' ? versions : versions.filter((v) => v.createdBy === userId),
      organizations: (await repo.organizations(tx, laCode)).filter(
        (o) => reader === 'editor' || o.id === head.organizationId,
      ),
      choices: await choicesOf(tx),
      reviewDue: reviewDue(head.reviewedOn),
    };
  });
}

export async function formChoices(
  ctx: LocalOfferContext,
): Promise<FormChoices & { organizations: repo.OrganizationListRow[] }> {
  authorise(ctx, 'local-offer:edit');
  return transaction(ctx, async (tx) => ({
    organizations: await repo.organizations(tx, ctx.principal.laCode),
    ...(await choicesOf(tx)),
  }));
}
