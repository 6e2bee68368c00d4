import { sql } from 'kysely';
import { recordEventWithin } from '../modules/ehc/index.ts';
import {
  answerStep,
  askAdviser,
  type PortalContext,
  startRequest,
  submitRequest,
} from '../modules/portals/index.ts';
import { auditAs } from '../platform/audit/index.ts';
import type { Principal } from '../platform/auth/principal.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/connect.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import { hooksOf } from '../platform/hooks.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';

/**
 * The demo's families, school and adviser with work waiting, made by the same use cases people
 * carry out, inside the demo's one transaction: online requests for help waiting in the triage
 * queue and one for an assessment just opened; advice asked of the demo adviser; a consultation
 * put to the demo SENCo's school; and the demo parent linked to a child whose draft plan is open
 * for comments and to one whose plan is being reviewed.
 */

export interface PortalDemoPeople {
  parent: Principal;
  senco: Principal;
  coordinator: Principal;
  /** The demo adviser's user id. */
  adviserId: string;
  /** The demo SENCo's school. */
  schoolId: string;
  schoolName: string;
}

const helpRequests = [
  {
    needs: 'Since moving up to Year 5 he has stopped joining in, and reading is two years behind his class.',
    views:
      'He loves football and drawing. We would like to know what help the school can give and whether he needs more.',
  },
  {
    needs:
      'She finds noisy rooms very hard and has been refusing to go into school two or three days a week.',
    views: 'She wants to be a vet. We want her back in school without the panic every morning.',
  },
  {
    needs:
      'Speech is hard to understand outside the family, and he gets frustrated when other children do not understand him.',
    views: 'He enjoys building things and being outdoors. We would like speech and language help in school.',
  },
];

export async function seedPortalDemo(
  tx: Tx,
  database: Database,
  config: Pick<Config, 'uploads' | 'publicUrl'>,
  people: PortalDemoPeople,
  today: IsoDate,
  now: Date,
): Promise<{ triage: number; advice: number; consultations: number; reviews: number }> {
  // Each person's use cases share the demo's transaction; their audit events are written as theirs.
  const actors: PortalContext[] = [];
  const ctxOf = (principal: Principal): PortalContext => {
    const ctx: PortalContext = {
      database,
      principal,
      today,
      now,
      ip: null,
      requestId: 'demo',
      hooks: hooksOf([]),
      uploads: config.uploads,
      publicUrl: config.publicUrl ?? 'http://localhost:3000',
      shared: { tx, events: [] },
    };
    actors.push(ctx);
    return ctx;
  };
  const parent = ctxOf(people.parent);
  const senco = ctxOf(people.senco);
  const coordinator = ctxOf(people.coordinator);
  const { laCode } = people.parent;

  // The parent's children, and pupils of the SENCo's school without an open request.
  const parentsChildren = await sql<{
    id: string;
  }>`SELECT DISTINCT r.child_id AS id FROM child_relationships r
    JOIN people p ON p.id = r.person_id WHERE p.user_id = ${people.parent.userId} ORDER BY 1`.execute(tx);
  const pupils = await sql<{
    upn: string;
  }>`SELECT c.upn FROM children c WHERE c.establishment_id = ${people.schoolId}
    AND c.upn IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ehc_requests q WHERE q.child_id = c.id AND q.closed_on IS NULL)
    AND NOT EXISTS (SELECT 1 FROM ehc_plans p WHERE p.child_id = c.id AND p.status = 'active')
    ORDER BY c.upn LIMIT 3`.execute(tx);

  const send = async (
    ctx: PortalContext,
    who: { childId?: string; upn?: string },
    kind: 'help' | 'assessment',
    i: number,
  ) => {
    const started = await startRequest(ctx, who);
    if (!started.ok) return false;
    const id = started.value;
    const text = helpRequests[i % helpRequests.length] ?? { needs: '', views: '' };
    await answerStep(ctx, id, 'what', { kind });
    await answerStep(ctx, id, 'needs', {
      needs: text.needs,
      supportNow: 'Small-group work three mornings a week.',
    });
    await answerStep(ctx, id, 'views', { views: text.views });
    if (ctx === senco)
      await answerStep(ctx, id, 'consent', { agreed: 'yes', by: 'The child’s mother', on: today });
    return (await submitRequest(ctx, id)).ok;
  };
  let triage = 0;
  const firstChild = parentsChildren.rows[0]?.id;
  if (firstChild && (await send(parent, { childId: firstChild }, 'help', 0))) triage++;
  for (const [i, p] of pupils.rows.entries()) {
    const kind = i === pupils.rows.length - 1 ? 'assessment' : 'help';
    if ((await send(senco, { upn: p.upn }, kind, i + 1)) && kind === 'help') triage++;
  }

  // Advice asked of the demo adviser on requests being assessed, most recently decided first.
  const assessing = await sql<{
    id: string;
  }>`SELECT id FROM ehc_requests WHERE la_code = ${laCode} AND stage = 'assessing'
    ORDER BY received_on DESC LIMIT 3`.execute(tx);
  let advice = 0;
  for (const [i, r] of assessing.rows.entries()) {
    const asked = await askAdviser(coordinator, r.id, {
      adviserId: people.adviserId,
      kind: i === 0 ? 'psychological' : 'educational',
    });
    if (asked.ok) advice++;
  }

  // A consultation put to the SENCo's school on a draft plan being finalised.
  const drafting = await sql<{
    id: string;
  }>`SELECT r.id FROM ehc_requests r WHERE r.la_code = ${laCode} AND r.stage = 'drafting'
    AND EXISTS (SELECT 1 FROM ehc_events e WHERE e.request_id = r.id AND e.type = 'draft-served')
    ORDER BY r.received_on DESC LIMIT 1`.execute(tx);
  let consultations = 0;
  const draftId = drafting.rows[0]?.id;
  if (draftId) {
    const consulted = await recordEventWithin(tx, coordinator, draftId, {
      corrects: null,
      event: { type: 'setting-consulted', on: today, settingName: people.schoolName },
    });
    if (consulted.ok) consultations++;
  }
  // The demo parent also cares for a child whose draft plan is open for their comments.
  const open = await sql<{ person: string }>`SELECT p.id AS person FROM ehc_requests r
    JOIN ehc_events e ON e.request_id = r.id AND e.type = 'draft-served'
    JOIN child_relationships cr ON cr.child_id = r.child_id JOIN people p ON p.id = cr.person_id
    WHERE r.la_code = ${laCode} AND r.stage = 'drafting' AND p.user_id IS NULL
      AND (e.body->>'on')::date BETWEEN ${today}::date - 14 AND ${today}::date
    ORDER BY (e.body->>'on') DESC LIMIT 1`.execute(tx);
  const person = open.rows[0]?.person;
  if (person) await sql`UPDATE people SET user_id = ${people.parent.userId} WHERE id = ${person}`.execute(tx);
  // And for a child whose plan is being reviewed: changes proposed and open for their comments if
  // any review is there, or else a review meeting to come.
  const reviewed = await sql<{ person: string }>`SELECT p.id AS person FROM ehc_reviews r
    JOIN child_relationships cr ON cr.child_id = r.child_id JOIN people p ON p.id = cr.person_id
    WHERE r.la_code = ${laCode} AND r.closed_on IS NULL AND p.user_id IS NULL
      AND ((r.stage = 'amending' AND r.amendments_proposed_on BETWEEN ${today}::date - 14 AND ${today}::date)
        OR (r.stage = 'invited' AND r.meeting_on >= ${today}::date))
    ORDER BY (r.stage = 'amending') DESC, r.meeting_on LIMIT 1`.execute(tx);
  const reviewPerson = reviewed.rows[0]?.person;
  if (reviewPerson)
    await sql`UPDATE people SET user_id = ${people.parent.userId} WHERE id = ${reviewPerson}`.execute(tx);
  for (const ctx of actors) if (ctx.shared?.events.length) await auditAs(tx, ctx, ctx.shared.events);
  return { triage, advice, consultations, reviews: reviewPerson ? 1 : 0 };
}
