import dagre from '@dagrejs/dagre';

/**
 * Places a computational graph with dagre (layered layout, inputs on the left as in the book's
 * figure, or on top on a narrow screen). Loaded with import() by GraphView, so dagre's code is
 * only fetched on pages that show a graph.
 */

export interface SizedNode {
  id: string;
  width: number;
  height: number;
}

export interface Placed {
  width: number;
  height: number;
  nodes: Record<string, { x: number; y: number; width: number; height: number }>;
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
}

export function layoutGraph(nodes: SizedNode[], edges: [string, string][], direction: 'LR' | 'TB'): Placed {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: direction, nodesep: 14, ranksep: direction === 'LR' ? 34 : 26, marginx: 6, marginy: 6 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const [a, b] of edges) if (a !== b) g.setEdge(a, b);
  dagre.layout(g);
  const placed: Placed = { width: Number(g.graph().width ?? 0), height: Number(g.graph().height ?? 0), nodes: {}, edges: [] };
  for (const n of nodes) {
    const p = g.node(n.id);
    placed.nodes[n.id] = { x: p.x - n.width / 2, y: p.y - n.height / 2, width: n.width, height: n.height };
  }
  for (const e of g.edges()) placed.edges.push({ from: e.v, to: e.w, points: ((g.edge(e).points ?? []) as { x: number; y: number }[]).map((p) => ({ x: p.x, y: p.y })) });
  return placed;
}
