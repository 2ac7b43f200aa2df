import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSource, graphFor } from '../../../grader/harness/graph/capture';
import { driverSource } from '../../../grader/harness/runner';
import type { CheckSpec, ExerciseChecks, GraphSpec } from '../../../grader/harness/spec';
import { Graph } from '../../../grader/results';
import type { CallResult } from '../../../grader/sandbox/session';
import { startRunner, type Runner } from '../sandbox/session-client';
import dualNumbers from '../../../exercises/4.5-autodiff/dual-numbers/checks';
import reverseMode from '../../../exercises/4.5-autodiff/reverse-mode/checks';
import { readMistakeSource } from '../../../lib/content/mistakes';
import sigmoidGraph from '../../../exercises/4.5-autodiff/sigmoid-graph/checks';

/**
 * The graph the feedback draws is read from the learner's own objects, inside the real sandbox,
 * under the same limits as a check: a right graph, a wrong gradient named where it first goes
 * wrong, and hostile objects (cycles, getters, Proxies, huge and deep graphs) that each give a
 * clear result and leave the session usable.
 */

let runner: Runner;
beforeAll(async () => {
  runner = await startRunner();
});
afterAll(async () => {
  await runner?.close();
});

const dir = 'exercises/4.5-autodiff';
const specs: Record<string, ExerciseChecks> = { 'reverse-mode': reverseMode, 'sigmoid-graph': sigmoidGraph, 'dual-numbers': dualNumbers };
async function graphSpec(exercise: string): Promise<{ check: CheckSpec; graph: GraphSpec }> {
  const check = specs[exercise]!.checks.find((c) => c.graph)!;
  return { check, graph: check.graph! };
}
/** A solution, or a catalogued mistake (a patch of the solution) applied to it. */
const file = (exercise: string, name: string) =>
  name.startsWith('mistakes/') ? readMistakeSource(`${dir}/${exercise}/.meta/solution.ts`, `${dir}/${exercise}/.meta/${name}.patch`) : readFileSync(`${dir}/${exercise}/.meta/${name}.ts`, 'utf8');

const book = { x: 1, w: 0, b: 0, form: 'exp' };

/** Runs the graph driver on `input` with `source` as the learner's module, `times` calls in one session. */
async function capture(spec: GraphSpec, source: string, input: unknown, opts: { checkTimeMs?: number; times?: number } = {}) {
  const driver = captureSource(driverSource(spec.call));
  const r = await runner.run({ source, limits: { checkTimeMs: opts.checkTimeMs ?? 1000 }, calls: Array.from({ length: opts.times ?? 1 }, () => ({ driver, input })) });
  expect(r.hostIntact).toBe(true);
  expect(r.openFailure).toBeUndefined();
  const graphs = r.calls.map((c: CallResult) => Graph.parse(graphFor(spec, input, 'the example', c)));
  return { graph: graphs[0]!, graphs, calls: r.calls };
}

/** A learner Value written out in full (micrograd's shape), with `extra` spliced into the class body. */
function valueClass(extra = '', parentsField = 'prev'): string {
  return `
export class Value {
  data: number; grad = 0; ${parentsField}: Value[]; step: () => void = () => {};
  constructor(data: number, parents: Value[] = []) { this.data = data; this.${parentsField} = parents; }
  add(o: Value | number) { const b = o instanceof Value ? o : new Value(o); const out = new Value(this.data + b.data, [this, b]); out.step = () => { this.grad += out.grad; b.grad += out.grad; }; return out; }
  mul(o: Value | number) { const b = o instanceof Value ? o : new Value(o); const out = new Value(this.data * b.data, [this, b]); out.step = () => { this.grad += b.data * out.grad; b.grad += this.data * out.grad; }; return out; }
  pow(k: number) { const out = new Value(this.data ** k, [this]); out.step = () => { this.grad += k * this.data ** (k - 1) * out.grad; }; return out; }
  exp() { const out = new Value(Math.exp(this.data), [this]); out.step = () => { this.grad += out.data * out.grad; }; return out; }
  tanh() { const t = Math.tanh(this.data); const out = new Value(t, [this]); out.step = () => { this.grad += (1 - t * t) * out.grad; }; return out; }
  relu() { const out = new Value(Math.max(0, this.data), [this]); out.step = () => { this.grad += (this.data > 0 ? 1 : 0) * out.grad; }; return out; }
  backward() {
    const order: Value[] = []; const seen = new Set<Value>(); const stack: [Value, number][] = [[this, 0]];
    while (stack.length) { const top = stack[stack.length - 1]!; const [v, i] = top; if (i === 0 && seen.has(v)) { stack.pop(); continue; } seen.add(v);
      const ps = (v as any).${parentsField} as Value[]; if (i < ps.length) { top[1]++; stack.push([ps[i]!, 0]); } else { stack.pop(); order.push(v); } }
    for (const v of order) v.grad = 0; this.grad = 1; for (const v of order.reverse()) v.step();
  }
  ${extra}
}`;
}

describe('capturing the learner’s graph', () => {
  it('draws the book’s graph from a right solution: every node matches, the constants the learner made appear too', async () => {
    const { graph: spec } = await graphSpec('reverse-mode');
    const { graph } = await capture(spec, file('reverse-mode', 'solution'), book);
    expect(graph.problems).toEqual([]);
    expect(graph.wrong).toEqual([]);
    expect(graph.firstWrong).toBeUndefined();
    const labels = graph.student.nodes.map((n) => n.label);
    for (const l of ['x', 'w', 'b', 'h₁', 'h₂', 'h₃', 'h₄', 'h₅', 'h₆']) expect(labels).toContain(l);
    // mul(-1) and add(1) made constant nodes: the graph is the learner's, not the statement's.
    expect(graph.total).toBe(11);
    const h6 = graph.student.nodes.find((n) => n.label === 'h₆')!;
    expect(h6).toMatchObject({ op: 'pow', value: 0.5, grad: 1 });
    expect(graph.student.nodes.find((n) => n.label === 'w')!.grad).toBe(0.25);
    // Edges point from inputs to outputs: w → h₁ and h₅ → h₆ exist, never the reverse.
    const id = (l: string) => graph.student.nodes.find((n) => n.label === l)!.id;
    expect(graph.student.edges).toContainEqual([id('w'), id('h₁')]);
    expect(graph.student.edges).toContainEqual([id('h₅'), id('h₆')]);
    expect(graph.student.edges).not.toContainEqual([id('h₆'), id('h₅')]);
  });

  it('names the first node on the backward pass whose gradient is wrong, and the local derivative used there', async () => {
    const { graph: spec } = await graphSpec('reverse-mode');
    // pow's local derivative without the factor k: ∂h₆/∂h₅ comes out as h₅⁻² instead of −h₅⁻².
    const wrongPow = valueClass().replace('this.grad += k * this.data ** (k - 1) * out.grad', 'this.grad += this.data ** (k - 1) * out.grad');
    const { graph } = await capture(spec, wrongPow, book);
    expect(graph.firstWrong).toMatchObject({ label: 'h₅', after: 'h₆', got: 0.25, expected: -0.25, local: { got: 0.25, expected: -0.25 } });
    expect(graph.wrong.map((w) => w.label)).toEqual(['w', 'b', 'h₁', 'h₂', 'h₃', 'h₄', 'h₅']);
    expect(graph.wrong.every((w) => !w.value)).toBe(true);
    expect(graph.firstWrongValue).toBeUndefined();
  });

  it('finds a wrong local derivative in the middle of the sigmoid-graph chain, and a wrong tangent in forward mode', async () => {
    const sg = await graphSpec('sigmoid-graph');
    const { graph } = await capture(sg.graph, file('sigmoid-graph', 'mistakes/exp-at-wrong-node'), { x: 1.5, w: -0.5, b: 0.25 });
    expect(graph.firstWrong?.label).toBe('h₃');
    expect(graph.firstWrong?.after).toBe('h₄');

    const dual = await graphSpec('dual-numbers');
    const forgot = await capture(dual.graph, file('dual-numbers', 'mistakes/product-rule-forgotten'), { fn: 'sin-exp', t: 0.5 });
    expect(forgot.graph.mode).toBe('forward');
    expect(forgot.graph.firstWrong?.label).toBe('h₃');
    expect(forgot.graph.wrong.map((w) => w.label)).toEqual(['h₃']);
    const right = await capture(dual.graph, file('dual-numbers', 'solution'), { fn: 'sigmoid-w', t: 0, p: 1, q: 0 });
    expect(right.graph.wrong).toEqual([]);
    expect(right.graph.student.nodes.find((n) => n.label === 'h₆')).toMatchObject({ op: 'div', value: 0.5, grad: 0.25 });
  });
});

describe('a wrong tangent at a two-input node (dual-numbers) is explained by its rule and both partials', () => {
  it('product rule forgotten: x·x at x = 2 gives ẋ·ẋ = 1 where ∂h₁/∂a·ȧ + ∂h₁/∂b·ḃ = 2·1 + 2·1 = 4', async () => {
    const dual = await graphSpec('dual-numbers');
    const { graph } = await capture(dual.graph, file('dual-numbers', 'mistakes/product-rule-forgotten'), { fn: 'square-plus', t: 2 });
    expect(graph.firstWrong).toEqual({ label: 'h₁', got: 1, expected: 4, binary: { op: 'mul', args: ['x', 'x'], partials: [2, 2], tangents: [1, 1], used: 'ȧ·ḃ' } });
  });

  it('quotient rule with a plus: 1/h₅ names both partials, 1/b and −a/b², and the rule used', async () => {
    const dual = await graphSpec('dual-numbers');
    // sigmoid-w at w = 0, p = 1, q = 0: h₅ = 2 with tangent −1, so h₆ = 1/h₅ has tangent −(−1)/4 = 0.25.
    const { graph } = await capture(dual.graph, file('dual-numbers', 'mistakes/quotient-rule-sign'), { fn: 'sigmoid-w', t: 0, p: 1, q: 0 });
    expect(graph.firstWrong).toEqual({ label: 'h₆', got: -0.25, expected: 0.25, binary: { op: 'div', args: ['1', 'h₅'], partials: [0.5, -0.25], tangents: [0, -1], used: '(ȧ·b + a·ḃ)/b²' } });
  });

  it('a wrong number no known rule gives: the rule and partials, and no guess', async () => {
    const dual = await graphSpec('dual-numbers');
    const odd = file('dual-numbers', 'solution').replace('this.dot * o.val + this.val * o.dot', '7 * this.dot * o.val + this.val * o.dot');
    expect(odd).not.toBe(file('dual-numbers', 'solution'));
    const { graph } = await capture(dual.graph, odd, { fn: 'sin-exp', t: 0.5 });
    const [s, e] = [Math.sin(0.5), Math.exp(0.5)];
    expect(graph.firstWrong?.label).toBe('h₃');
    expect(graph.firstWrong?.binary).toMatchObject({ op: 'mul', args: ['h₁', 'h₂'], tangents: [expect.closeTo(Math.cos(0.5), 9), expect.closeTo(e, 9)] });
    expect(graph.firstWrong?.binary?.partials).toEqual([expect.closeTo(e, 9), expect.closeTo(s, 9)]);
    expect(graph.firstWrong?.binary?.used).toBeUndefined();
  });
});

describe('hostile objects give a clear result and harm nothing', () => {
  it('a cycle in the learner’s links is reported, walked once, and the session goes on', async () => {
    const { graph: spec } = await graphSpec('reverse-mode');
    // After backward, every leaf links back to the output: x → … → h₆ → x.
    const cyclic = valueClass().replace('for (const v of order.reverse()) v.step();', 'for (const v of order.reverse()) v.step(); for (const v of order) if (v.prev.length === 0) v.prev.push(this);');
    const { graphs } = await capture(spec, cyclic, book, { times: 2 });
    for (const g of graphs) {
      expect(g.problems).toContain('cycle');
      expect(g.total).toBe(11);
    }
  });

  it('getters are reported as getters and never run, even one that throws and one that never returns', async () => {
    const { graph: spec } = await graphSpec('reverse-mode');
    const throwing = valueClass('get loud(): number { throw new Error("boom"); }').replace(
      'this.data = data;',
      'this.data = data; Object.defineProperty(this, "grad", { get() { throw new Error("no grad for you"); }, set() {}, configurable: true }); Object.defineProperty(this, "spin", { get() { for (;;) {} }, enumerable: true });',
    );
    const { graph, calls } = await capture(spec, throwing, book);
    expect(calls[0]!.ok).toBe(true);
    expect(graph.problems).toContain('getter');
    expect(graph.student.nodes.find((n) => n.label === 'h₆')!.grad).toBe('getter');
    expect(graph.wrong.every((w) => w.grad && !w.value)).toBe(true);
  });

  it('a Proxy whose traps throw is caught; one whose traps never return ends in the time limit', async () => {
    const { graph: spec } = await graphSpec('reverse-mode');
    const throwingProxy = valueClass().replace(
      'this.data = data; this.prev = parents;',
      'this.data = data; this.prev = parents.map((p) => new Proxy(p, { getOwnPropertyDescriptor() { throw new Error("trap"); }, ownKeys() { throw new Error("trap"); } }));',
    );
    const first = await capture(spec, throwingProxy, book);
    expect(first.graph.problems).toContain('threw');
    expect(first.graph.student.nodes.some((n) => n.label === 'h₆')).toBe(true);

    const loopingProxy = valueClass().replace(
      'this.data = data; this.prev = parents;',
      'this.data = data; this.prev = parents.length ? [new Proxy(parents[0]!, { getOwnPropertyDescriptor() { for (;;) {} } })] : [];',
    );
    const second = await capture(spec, loopingProxy, book, { checkTimeMs: 200 });
    expect(second.graph.problems).toEqual(['timeout']);
    expect(second.graph.student.nodes).toEqual([]);
    expect(second.graph.reference.nodes).toHaveLength(9);
  });

  it('huge graphs are cut to size: a node with 100 000 parents, a chain longer than the walk', async () => {
    const chainSpec: GraphSpec<{ n: number; fan: number }> = {
      mode: 'reverse',
      call: (m: { Value: new (d: number, p?: unknown[]) => { prev: unknown[] } }, { n, fan }: { n: number; fan: number }) => {
        const x = new m.Value(1);
        let v = x;
        for (let i = 0; i < n; i++) v = new m.Value(i, [v]);
        if (fan > 0) v.prev = Array.from({ length: fan }, (_, i) => new m.Value(i));
        return { root: v, named: [[x, 'x', '']], fields: { value: 'data', grad: 'grad' } };
      },
      reference: () => ({ nodes: [{ label: 'x', op: '', value: 1, grad: 0 }], edges: [] }),
    };
    const fanned = await capture(chainSpec, valueClass(), { n: 1, fan: 100_000 }, { checkTimeMs: 2000 });
    expect(fanned.graph.total).toBeLessThanOrEqual(1 + 16 + 1);
    const long = await capture(chainSpec, valueClass(), { n: 60_000, fan: 0 }, { checkTimeMs: 3000 });
    expect(long.graph.problems).toContain('limit');
    expect(long.graph.total).toBe(50_000);
    expect(long.graph.student.nodes.length).toBeLessThanOrEqual(64);
  });

  it('a 20 000-node chain shows its first and last few nodes and counts the rest', async () => {
    const deep: GraphSpec<{ depth: number }> = {
      mode: 'reverse',
      call: (m: { Value: new (d: number) => { mul(c: number): never; add(c: number): never; backward(): void } }, { depth }: { depth: number }) => {
        const x = new m.Value(0.5);
        let v = x as unknown as { mul(c: number): never; add(c: number): never; backward(): void };
        for (let i = 0; i < depth; i++) v = i % 2 === 0 ? v.mul(1.0001) : v.add(0.001);
        v.backward();
        return { root: v, named: [[x, 'x', ''], [v, 'out', '']], fields: { value: 'data', grad: 'grad' } };
      },
      reference: () => ({ nodes: [], edges: [] }),
    };
    const { graph } = await capture(deep, file('reverse-mode', 'solution'), { depth: 20_000 }, { checkTimeMs: 3000 });
    expect(graph.problems).toEqual([]);
    // Every op made a constant node too: 20 000 ops, 20 000 constants, and x.
    expect(graph.total).toBe(40_001);
    const gap = graph.student.nodes.find((n) => n.gap !== undefined)!;
    expect(gap.label).toBe('…');
    const shown = graph.student.nodes.filter((n) => n.gap === undefined);
    expect(gap.gap).toBe(graph.total - shown.length);
    expect(shown.length).toBeLessThanOrEqual(14);
    // The input end and the output end are both there, joined through the gap.
    const x = shown.find((n) => n.label === 'x')!;
    const out = shown.find((n) => n.label === 'out')!;
    expect(x.grad).toBeGreaterThan(1);
    expect(out.grad).toBe(1);
    expect(graph.student.edges.some(([, b]) => b === gap.id)).toBe(true);
    expect(graph.student.edges.some(([a]) => a === gap.id)).toBe(true);
  });
});
