import { z } from 'zod';
import type { Graph, GraphNode, GraphPart } from '../../results';
import { wireNumber } from '../compare';
import type { CallOutcome } from '../runner';
import type { GraphSpec, ReferenceGraph } from '../spec';
import { explainBinary, isBinaryOp } from './binary';
import { walkGraph, type WalkLimits } from './walk';

/**
 * The learner's computational graph for one example input: a sandbox call runs the exercise's graph
 * driver and `walkGraph` on what it returns (capture), then the host validates that answer like any
 * other learner output and compares it, node by node, with the reference graph (graphFor).
 */

export const WALK_LIMITS: WalkLimits = { maxVisit: 50_000, keep: 6, maxShow: 40 };

/** The source sent into the isolate: the exercise's graph driver, then the walker on its result. */
export function captureSource(graphDriverSource: string, limits: WalkLimits = WALK_LIMITS): string {
  return `(() => { const __name = (f) => f; const walk = (${walkGraph.toString()}); const build = ${graphDriverSource}; return (m, input) => walk(build(m, input), ${JSON.stringify(limits)}); })()`;
}

/** The same on the host, for trusted modules (catalogued mistakes, tests). */
export function captureDriver(spec: GraphSpec, limits: WalkLimits = WALK_LIMITS): (m: unknown, input: unknown) => unknown {
  return (m, input) => walkGraph(spec.call(m, input), limits);
}

const Field = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']), z.string().max(24)]);
/** The walker's answer, checked before anything is read from it: the learner's code shared its isolate. */
const Walked = z.object({
  nodes: z
    .array(
      z.object({
        name: z.string().max(24).nullable(),
        op: z.string().max(24).nullable(),
        value: Field,
        grad: Field,
        gap: z.number().int().nonnegative().optional(),
      }),
    )
    .max(64),
  edges: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).max(160),
  total: z.number().int().nonnegative(),
  problems: z.array(z.string().max(24)).max(16),
  linked: z.boolean(),
});

const PROBLEMS = ['cycle', 'limit', 'threw', 'getter', 'noLinks', 'timeout', 'error', 'unreadable'] as const;
type Problem = (typeof PROBLEMS)[number];

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : undefined);
const close = (got: number, expected: number) => Math.abs(got - expected) <= 1e-9 + 1e-6 * Math.abs(expected);
const short = (x: number) => String(Number(x.toPrecision(4)));
const field = (v: unknown): GraphNode['value'] => {
  const n = num(v);
  return n !== undefined ? wireNumber(n) : typeof v === 'string' ? v.slice(0, 24) : null;
};

export function referencePart(ref: ReferenceGraph): GraphPart {
  const ids = new Map(ref.nodes.map((n, i) => [n.label, `r${i}`]));
  return {
    nodes: ref.nodes.slice(0, 64).map((n, i) => ({ id: `r${i}`, label: n.label, op: n.op, value: n.value === null ? null : wireNumber(n.value), grad: n.grad === null ? null : wireNumber(n.grad) })),
    edges: ref.edges.flatMap(([a, b]) => (ids.has(a) && ids.has(b) ? [[ids.get(a)!, ids.get(b)!] as [string, string]] : [])).slice(0, 160),
  };
}

/** Builds the feedback's graph from the capture call's outcome. */
export function graphFor(spec: GraphSpec, input: unknown, inputText: string, out: CallOutcome): Graph {
  const ref = spec.reference(structuredClone(input));
  const base = { mode: spec.mode, input: inputText.slice(0, 200), reference: referencePart(ref), wrong: [] as Graph['wrong'] };
  const empty = { nodes: [], edges: [] };
  if (!out.ok) return { ...base, student: empty, total: 0, problems: [out.failure.kind === 'runtime_error' ? 'error' : 'timeout'] };
  const parsed = Walked.safeParse(out.value);
  if (!parsed.success || parsed.data.edges.some(([a, b]) => a >= parsed.data.nodes.length || b >= parsed.data.nodes.length)) {
    return { ...base, student: empty, total: 0, problems: ['unreadable'] };
  }
  const walked = parsed.data;
  const hasInput = new Set(walked.edges.map(([, b]) => b));
  const student: GraphPart = {
    nodes: walked.nodes.map((n, i) => {
      const v = num(n.value);
      const label = n.gap !== undefined ? '…' : (n.name ?? (!hasInput.has(i) && v !== undefined ? short(v) : ''));
      return { id: `s${i}`, label, op: n.gap !== undefined ? '' : (n.op ?? ''), value: field(n.value), grad: field(n.grad), ...(n.gap !== undefined ? { gap: n.gap } : {}) };
    }),
    edges: walked.edges.map(([a, b]) => [`s${a}`, `s${b}`]),
  };
  const problems = walked.problems.filter((p): p is Problem => (PROBLEMS as readonly string[]).includes(p));
  return { ...base, student, total: walked.total, problems, ...compareGraphs(spec.mode, ref, walked.nodes) };
}

/**
 * Marks the learner's named nodes that differ from the reference, and finds the first wrong
 * gradient along the pass that computes it: from the output back for reverse mode, from the input
 * on for forward mode. That node's predecessor on the pass is right, so the ratio of the two
 * gradients is the local derivative the learner used — the thing to fix.
 */
function compareGraphs(mode: Graph['mode'], ref: ReferenceGraph, nodes: z.infer<typeof Walked>['nodes']): Pick<Graph, 'wrong' | 'firstWrong' | 'firstWrongValue'> {
  const byName = new Map(nodes.filter((n) => n.name !== null).map((n) => [n.name!, n]));
  const wrongOf = (expected: number | null, got: unknown) => {
    if (expected === null) return false;
    const g = num(got);
    return g === undefined || !(close(g, expected) || (Number.isNaN(expected) && Number.isNaN(g)));
  };
  const wrong: Graph['wrong'] = [];
  for (const r of ref.nodes) {
    const s = byName.get(r.label);
    const value = wrongOf(r.value, s?.value);
    const grad = wrongOf(r.grad, s?.grad);
    if (value || grad) wrong.push({ label: r.label, value, grad });
  }
  const isWrong = (label: string, key: 'value' | 'grad') => wrong.some((w) => w.label === label && w[key]);

  const result: Pick<Graph, 'wrong' | 'firstWrong' | 'firstWrongValue'> = { wrong: wrong.slice(0, 64) };
  const firstValue = ref.nodes.find((r) => isWrong(r.label, 'value') && num(byName.get(r.label)?.value) !== undefined);
  if (firstValue) result.firstWrongValue = { label: firstValue.label, got: wireNumber(num(byName.get(firstValue.label)!.value)!), expected: wireNumber(firstValue.value!) };

  // The pass: reverse mode hands gradients from each node to its inputs; forward mode from inputs on.
  const order = mode === 'reverse' ? [...ref.nodes].reverse() : ref.nodes;
  const refByLabel = new Map(ref.nodes.map((r) => [r.label, r]));
  for (const r of order) {
    if (r.grad === null || !isWrong(r.label, 'grad')) continue;
    const got = num(byName.get(r.label)?.grad);
    if (got === undefined) {
      result.firstWrong = { label: r.label, got: 'NaN', expected: wireNumber(r.grad) };
      break;
    }
    // The one node it takes its gradient from: its only consumer (reverse) or only input (forward).
    const from = ref.edges.filter(([a, b]) => (mode === 'reverse' ? a === r.label : b === r.label)).map(([a, b]) => (mode === 'reverse' ? b : a));
    const prev = from.length === 1 ? refByLabel.get(from[0]!) : undefined;
    const first: NonNullable<Graph['firstWrong']> = { label: r.label, got: wireNumber(got), expected: wireNumber(r.grad) };
    if (prev && prev.grad !== null && !isWrong(prev.label, 'grad')) {
      first.after = prev.label;
      if (prev.grad !== 0 && Number.isFinite(prev.grad)) first.local = { got: wireNumber(got / prev.grad), expected: wireNumber(r.grad / prev.grad) };
    }
    // Forward mode, two operands: one ratio cannot say what went wrong (ȧ·b + a·ḃ has two terms),
    // so the rule is given with its partial derivative for each operand.
    if (mode === 'forward' && r.args && isBinaryOp(r.op)) {
      const operand = (arg: string | number) => {
        if (typeof arg === 'number') return { value: arg, tangent: 0 };
        const node = refByLabel.get(arg);
        return node && node.value !== null && node.grad !== null && !isWrong(arg, 'grad') && !isWrong(arg, 'value') ? { value: node.value, tangent: node.grad } : undefined;
      };
      const [a, b] = [operand(r.args[0]), operand(r.args[1])];
      if (a && b) {
        first.binary = explainBinary(r.op, [String(r.args[0]), String(r.args[1])], a, b, got);
        delete first.local;
        delete first.after;
      }
    }
    result.firstWrong = first;
    break;
  }
  return result;
}
