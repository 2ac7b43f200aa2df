/**
 * Reads the computational graph a learner's objects form, inside the sandbox. `walkGraph` is sent
 * into the isolate as source text (see capture.ts), so it is self-contained: it refers to nothing
 * outside its own body. It runs under the same CPU, memory and output limits as any check call.
 *
 * It never runs learner code on purpose: fields are read through property descriptors, so a getter
 * is reported as "getter" instead of being called, and only own data properties are followed as
 * links. A Proxy's traps do run (a descriptor lookup is a trap); one that throws is caught, one that
 * loops ends in the call's time limit like any other learner loop. Cycles are detected, not
 * followed twice, and the walk and its output stop at fixed sizes: a graph of any size comes back
 * as at most `keep` nodes from each end plus the named nodes, with a placeholder counting the rest.
 */

/** What a graph driver returns inside the sandbox: the learner's objects, named by the driver. */
export interface CaptureRequest {
  /** The output node: its links (own data properties holding nodes) are walked back to the inputs. */
  root?: unknown;
  /** Nodes the driver made itself, with the statement's names: [object, label, op]. */
  named: [unknown, string, string][];
  /**
   * Edges between named nodes (indices into `named`), from input to output: the graph when there
   * is no root to walk (forward mode, plain numbers), or when the learner's nodes keep no links.
   */
  edges?: [number, number][];
  /** Field names of the forward value and of the gradient (or tangent). */
  fields: { value: string; grad: string };
}

export interface WalkLimits {
  /** Nodes visited before the walk stops. */
  maxVisit: number;
  /** Nodes kept from each end of a graph larger than `maxShow`. */
  keep: number;
  maxShow: number;
}

export type FieldValue = number | string;

export interface WalkedGraph {
  nodes: { name: string | null; op: string | null; value: FieldValue; grad: FieldValue; gap?: number }[];
  edges: [number, number][];
  total: number;
  problems: string[];
  linked: boolean;
}

export function walkGraph(req: CaptureRequest, limits: WalkLimits): WalkedGraph {
  const MAX_KEYS = 32;
  const MAX_ARRAY = 16;
  const problems: string[] = [];
  const note = (p: string) => {
    if (problems.indexOf(p) < 0) problems.push(p);
  };
  const isObject = (v: unknown): v is object => v !== null && (typeof v === 'object' || typeof v === 'function');
  // A descriptor found on the object or its prototype chain; undefined when absent or when a trap threw.
  const describe = (o: object, key: string): PropertyDescriptor | undefined => {
    try {
      let p: object | null = o;
      for (let depth = 0; depth < 8 && p !== null; depth++) {
        const d = Object.getOwnPropertyDescriptor(p, key);
        if (d) return d;
        p = Object.getPrototypeOf(p) as object | null;
      }
    } catch {
      note('threw');
    }
    return undefined;
  };
  const read = (o: unknown, key: string): FieldValue => {
    if (!isObject(o)) return 'missing';
    const d = describe(o, key);
    if (!d) return 'missing';
    if (!('value' in d)) {
      note('getter');
      return 'getter';
    }
    const v: unknown = d.value;
    return typeof v === 'number' ? v : typeof v;
  };
  const isNode = (v: unknown): v is object => isObject(v) && !Array.isArray(v) && describe(v, req.fields.value) !== undefined;
  const readOp = (o: object): string | null => {
    for (const key of ['op', '_op', 'operation']) {
      const d = describe(o, key);
      if (d && 'value' in d && typeof d.value === 'string' && d.value.length <= 12) return d.value;
    }
    return null;
  };

  const named = new Map<unknown, number>();
  // At most 40 named nodes, so a summarised graph (2·keep + named + the gap) stays within 64.
  const namedList = Array.isArray(req.named) ? req.named.slice(0, 40) : [];
  namedList.forEach((entry, i) => {
    if (Array.isArray(entry) && isObject(entry[0]) && !named.has(entry[0])) named.set(entry[0], i);
  });

  // Breadth-first from the output along links; `depth` is the distance from the output.
  const list: object[] = [];
  const index = new Map<object, number>();
  const depth: number[] = [];
  const links: [number, number][] = [];
  const add = (o: object, d: number): number => {
    const known = index.get(o);
    if (known !== undefined) return known;
    if (list.length >= limits.maxVisit) {
      note('limit');
      return -1;
    }
    index.set(o, list.length);
    list.push(o);
    depth.push(d);
    return list.length - 1;
  };
  if (isNode(req.root)) {
    add(req.root, 0);
    for (let q = 0; q < list.length; q++) {
      const o = list[q]!;
      let keys: (string | symbol)[] = [];
      try {
        keys = Reflect.ownKeys(o).slice(0, MAX_KEYS);
      } catch {
        note('threw');
      }
      for (const key of keys) {
        if (key === req.fields.value || key === req.fields.grad || typeof key !== 'string') continue;
        let d: PropertyDescriptor | undefined;
        try {
          d = Object.getOwnPropertyDescriptor(o, key);
        } catch {
          note('threw');
        }
        if (!d || !('value' in d)) continue;
        const v: unknown = d.value;
        let candidates: unknown[] = [v];
        try {
          if (Array.isArray(v)) candidates = v.slice(0, MAX_ARRAY);
        } catch {
          note('threw');
          candidates = [];
        }
        for (const c of candidates) {
          if (!isNode(c) || c === o) {
            if (c === o) note('cycle');
            continue;
          }
          const j = add(c, depth[q]! + 1);
          if (j < 0) continue;
          if (links.length >= limits.maxVisit * 4) {
            note('limit');
            continue;
          }
          links.push([j, q]);
        }
      }
    }
  }

  // Named nodes the walk did not reach (or every named node, when there is no root) join the graph.
  const linked = links.length > 0;
  for (const [o] of namedList) if (isObject(o) && !index.has(o)) add(o, Number.MAX_SAFE_INTEGER);
  const edges: [number, number][] = linked ? links : [];
  if (!linked && Array.isArray(req.edges)) {
    if (isNode(req.root)) note('noLinks');
    for (const e of req.edges.slice(0, 160)) {
      const from = Array.isArray(e) ? index.get(namedList[e[0]]?.[0] as object) : undefined;
      const to = Array.isArray(e) ? index.get(namedList[e[1]]?.[0] as object) : undefined;
      if (from !== undefined && to !== undefined) edges.push([from, to]);
    }
  }

  // A cycle: Kahn's algorithm cannot order every node.
  const indegree = list.map(() => 0);
  const out: number[][] = list.map(() => []);
  for (const [a, b] of edges) {
    indegree[b]!++;
    out[a]!.push(b);
  }
  const ready = indegree.flatMap((n, i) => (n === 0 ? [i] : []));
  let ordered = 0;
  while (ready.length > 0) {
    const i = ready.pop()!;
    ordered++;
    for (const j of out[i]!) if (--indegree[j]! === 0) ready.push(j);
  }
  if (ordered < list.length) note('cycle');

  // Large graphs: the nodes farthest from the output and the nearest, the named ones, and a gap.
  const byDistance = list.map((_, i) => i).sort((a, b) => depth[b]! - depth[a]! || b - a);
  let kept = byDistance;
  if (list.length > limits.maxShow) {
    const keep = new Set([...byDistance.slice(0, limits.keep), ...byDistance.slice(-limits.keep)]);
    for (const o of named.keys()) if (index.has(o as object)) keep.add(index.get(o as object)!);
    kept = byDistance.filter((i) => keep.has(i));
  }
  const position = new Map(kept.map((i, k) => [i, k]));
  const nodes: WalkedGraph['nodes'] = kept.map((i) => {
    const o = list[i]!;
    const n = named.get(o);
    return {
      name: n !== undefined ? String(namedList[n]![1]).slice(0, 24) : null,
      op: n !== undefined ? String(namedList[n]![2]).slice(0, 24) : readOp(o),
      value: read(o, req.fields.value),
      grad: read(o, req.fields.grad),
    };
  });
  const shown: [number, number][] = [];
  const seen = new Set<string>();
  let gap = -1;
  for (const [a, b] of edges) {
    let from = position.get(a);
    let to = position.get(b);
    if (from === undefined && to === undefined) continue;
    if (from === undefined || to === undefined) {
      if (gap < 0) {
        gap = nodes.length;
        nodes.push({ name: null, op: null, value: 'gap', grad: 'gap', gap: list.length - kept.length });
      }
      from ??= gap;
      to ??= gap;
    }
    const key = `${from} ${to}`;
    if (seen.has(key) || shown.length >= 160) continue;
    seen.add(key);
    shown.push([from, to]);
  }
  if (gap < 0 && kept.length < list.length) nodes.push({ name: null, op: null, value: 'gap', grad: 'gap', gap: list.length - kept.length });
  return { nodes, edges: shown, total: list.length, problems, linked };
}
