import type { RowProblem } from './gias-row.ts';

/** GIAS "links" file columns: URN, LinkURN, LinkName, LinkType, LinkEstablishedDate. */
export const giasLinkColumns = ['URN', 'LinkURN', 'LinkType'] as const;

export interface GiasLink {
  urn: number;
  linkUrn: number;
  linkType: string;
}

/**
 * Which URN carries on which, from GIAS's links. "Successor" rows say LinkURN carries on URN;
 * "Predecessor" rows say the reverse. A split school has several successors, so none of them
 * can take over its record, and splits are left out.
 */
export class SuccessorGraph {
  private readonly successors = new Map<number, Set<number>>();
  private readonly predecessors = new Map<number, Set<number>>();

  constructor(links: readonly GiasLink[]) {
    for (const l of links) {
      const type = l.linkType.trim().toLowerCase();
      if (type.includes('split')) continue;
      if (type.startsWith('successor')) this.add(l.urn, l.linkUrn);
      else if (type.startsWith('predecessor')) this.add(l.linkUrn, l.urn);
    }
  }

  private add(from: number, to: number) {
    if (from === to) return;
    if (!this.successors.has(from)) this.successors.set(from, new Set());
    this.successors.get(from)?.add(to);
    if (!this.predecessors.has(to)) this.predecessors.set(to, new Set());
    this.predecessors.get(to)?.add(from);
  }

  /** URNs this one carries on, nearest first (breadth first), however many steps back. */
  ancestorsOf(urn: number): number[] {
    return this.walk(urn, this.predecessors);
  }

  /** URNs that carry this one on, nearest first. */
  descendantsOf(urn: number): number[] {
    return this.walk(urn, this.successors);
  }

  private walk(urn: number, edges: Map<number, Set<number>>): number[] {
    const seen = new Set([urn]);
    const out: number[] = [];
    let frontier = [urn];
    // Chains are short (conversion, re-brokering); the limit only guards against bad data.
    for (let depth = 0; depth < 20 && frontier.length; depth++) {
      const next: number[] = [];
      for (const u of frontier)
        for (const v of [...(edges.get(u) ?? [])].sort((a, b) => a - b))
          if (!seen.has(v)) {
            seen.add(v);
            out.push(v);
            next.push(v);
          }
      frontier = next;
    }
    return out;
  }
}

/** Reads the links file's rows (values by column) into links, naming each bad row. */
export function readGiasLinks(
  header: readonly string[],
  records: readonly { row: number; values: readonly string[] }[],
): { links: GiasLink[]; problems: RowProblem[] } {
  const index = Object.fromEntries(giasLinkColumns.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof giasLinkColumns)[number],
    number
  >;
  const links: GiasLink[] = [];
  const problems: RowProblem[] = [];
  for (const r of records) {
    const urn = (r.values[index.URN] ?? '').trim();
    const linkUrn = (r.values[index.LinkURN] ?? '').trim();
    if (!/^\d{6}$/.test(urn))
      problems.push({ row: r.row, column: 'URN', problem: `"${urn}" is not a URN (6 digits)` });
    else if (!/^\d{6}$/.test(linkUrn))
      problems.push({ row: r.row, column: 'LinkURN', problem: `"${linkUrn}" is not a URN (6 digits)` });
    else links.push({ urn: Number(urn), linkUrn: Number(linkUrn), linkType: r.values[index.LinkType] ?? '' });
  }
  return { links, problems };
}
