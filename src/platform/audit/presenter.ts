import type { NamedChild } from './child-directory.ts';
import type { AuditEventRow } from './repo.ts';
import type { AuditLabeller } from './vocabulary.ts';

/** An event as people read it: the codes and ids kept, labels and names beside them. */
export interface AuditEventView extends AuditEventRow {
  actionLabel: string;
  /** The record described: "EHC request EHC-1A2B3C4D", "Letter details". */
  record: string;
  /** The child the event is about, by name. */
  childName: string | null;
  /** The children a listing showed, by name, in the order it showed them. */
  children: NamedChild[];
}

/** Every child and account an event names, so a page of events looks their names up at once. */
export function idsToName(rows: readonly AuditEventRow[]): { childIds: string[]; userIds: string[] } {
  const childIds = new Set<string>();
  const userIds = new Set<string>();
  for (const r of rows) {
    if (r.childId) childIds.add(r.childId);
    for (const id of r.childIds ?? []) childIds.add(id);
    if (r.entityType === 'user' && r.entityId) userIds.add(r.entityId);
  }
  return { childIds: [...childIds], userIds: [...userIds] };
}

export function describeEvents(
  rows: readonly AuditEventRow[],
  labeller: AuditLabeller,
  names: { children: ReadonlyMap<string, string>; users: ReadonlyMap<string, string> },
): AuditEventView[] {
  const childName = (id: string) => names.children.get(id) ?? `Unknown child (${id})`;
  return rows.map((r) => {
    const event = { action: r.action, entityType: r.entityType, entityId: r.entityId, detail: r.detail };
    const account = r.entityType === 'user' && r.entityId ? names.users.get(r.entityId) : undefined;
    return {
      ...r,
      actionLabel: labeller.action(event),
      record: account ? `Account of ${account}` : labeller.record(event),
      childName: r.childId ? childName(r.childId) : null,
      children: (r.childIds ?? []).map((id) => ({ id, name: childName(id) })),
    };
  });
}

/** "1 child", "23 children". */
export const childCount = (n: number) => `${n} ${n === 1 ? 'child' : 'children'}`;

/** Who did it, as one line: their name and email, or the service itself. */
export function personOf(e: Pick<AuditEventView, 'userName' | 'userEmail'>): string {
  if (!e.userName) return 'OpenSEND';
  return e.userEmail ? `${e.userName} (${e.userEmail})` : e.userName;
}

/** The child or children an event is about, as one line: "Zoë Brontë", "3 children: Ada, Ben, Cy". */
export function childrenOf(e: Pick<AuditEventView, 'childName' | 'children'>): string {
  if (e.childName) return e.childName;
  if (!e.children.length) return '';
  return `${childCount(e.children.length)}: ${e.children.map((c) => c.name).join(', ')}`;
}
