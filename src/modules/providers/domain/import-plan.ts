import type { SuccessorGraph } from './gias-links.ts';
import type { GiasEstablishment } from './gias-row.ts';

/** A record the LA already holds, as the import needs to know it. */
export interface HeldEstablishment {
  id: string;
  urn: number | null;
  previousUrns: readonly number[];
}

export interface PlannedRecord {
  /** Undefined for a record the import creates. */
  id?: string;
  /** The URN the record had before the import, when a successor takes it over. */
  replacedUrn?: number;
  previousUrns: number[];
  gias: GiasEstablishment;
}

export interface ImportPlan {
  creates: PlannedRecord[];
  updates: PlannedRecord[];
  /** Rows for URNs that a successor's record has taken over: nothing to write. */
  superseded: number;
}

/**
 * URNs a file's rows may carry that concern the LA even though GIAS gives them to another LA:
 * those it holds (its own and out-of-county settings), their former URNs and their successors.
 */
export function urnsOfInterest(held: readonly HeldEstablishment[], graph: SuccessorGraph): Set<number> {
  const out = new Set<number>();
  for (const h of held) {
    for (const u of [...(h.urn ? [h.urn] : []), ...h.previousUrns]) {
      out.add(u);
      for (const d of graph.descendantsOf(u)) out.add(d);
    }
  }
  return out;
}

interface Slot {
  id?: string;
  urn: number | null;
  originalUrn: number | null;
  previousUrns: Set<number>;
  gias?: GiasEstablishment;
}

/**
 * Decides what the import writes: each row updates the record with its URN, or takes over the
 * record of a predecessor (so a converted academy keeps the placements and cluster of the
 * school it replaced), or is already represented by a successor's record, or is new.
 * Predecessors are placed before their successors, so the outcome does not depend on row order.
 */
export function planGiasImport(
  rows: readonly GiasEstablishment[],
  held: readonly HeldEstablishment[],
  graph: SuccessorGraph,
): ImportPlan {
  const slots: Slot[] = held.map((h) => ({
    id: h.id,
    urn: h.urn,
    originalUrn: h.urn,
    previousUrns: new Set(h.previousUrns),
  }));
  const byUrn = new Map<number, Slot>();
  const byPreviousUrn = new Map<number, Slot>();
  for (const s of slots) {
    if (s.urn) byUrn.set(s.urn, s);
    for (const p of s.previousUrns) byPreviousUrn.set(p, s);
  }
  const ordered = rows
    .map((row, i) => ({ row, i, depth: graph.ancestorsOf(row.fields.urn).length }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i)
    .map((x) => x.row);

  let superseded = 0;
  for (const row of ordered) {
    const urn = row.fields.urn;
    const same = byUrn.get(urn);
    if (same) {
      same.gias = row;
      continue;
    }
    if (byPreviousUrn.has(urn)) {
      superseded++;
      continue;
    }
    const successor = graph.descendantsOf(urn).find((u) => byUrn.has(u));
    const carriedOn = successor === undefined ? undefined : byUrn.get(successor);
    if (carriedOn) {
      if (carriedOn.gias) carriedOn.previousUrns.add(urn);
      byPreviousUrn.set(urn, carriedOn);
      superseded++;
      continue;
    }
    const ancestors = graph.ancestorsOf(urn);
    const predecessorUrn = ancestors.find((u) => byUrn.has(u));
    const predecessor = predecessorUrn === undefined ? undefined : byUrn.get(predecessorUrn);
    if (predecessor && predecessorUrn !== undefined) {
      byUrn.delete(predecessorUrn);
      // The URNs in between (a school converted twice) belong to the record too.
      const between = ancestors.filter((a) => graph.ancestorsOf(a).includes(predecessorUrn));
      for (const u of [predecessorUrn, ...between]) {
        predecessor.previousUrns.add(u);
        byPreviousUrn.set(u, predecessor);
      }
      predecessor.urn = urn;
      predecessor.gias = row;
      byUrn.set(urn, predecessor);
      continue;
    }
    const slot: Slot = { urn, originalUrn: null, previousUrns: new Set(), gias: row };
    slots.push(slot);
    byUrn.set(urn, slot);
  }

  const planned = (s: Slot & { gias: GiasEstablishment }): PlannedRecord => ({
    ...(s.id ? { id: s.id } : {}),
    ...(s.id && s.originalUrn && s.originalUrn !== s.urn ? { replacedUrn: s.originalUrn } : {}),
    previousUrns: [...s.previousUrns].filter((u) => u !== s.urn).sort((a, b) => a - b),
    gias: s.gias,
  });
  const written = slots
    .filter((s): s is Slot & { gias: GiasEstablishment } => s.gias !== undefined)
    .sort((a, b) => a.gias.fields.urn - b.gias.fields.urn);
  return {
    creates: written.filter((s) => !s.id).map(planned),
    updates: written.filter((s) => s.id).map(planned),
    superseded,
  };
}
