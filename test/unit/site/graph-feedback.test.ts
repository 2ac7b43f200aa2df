import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { GraphFeedback, graphSentence } from '../../../app/_components/graph/GraphFeedback';
import { nodeLines } from '../../../app/_components/graph/GraphView';
import { fitGraph, MIN_SCALE, pairDirection, scaleFor } from '../../../app/_components/graph/fit';
import { layoutGraph } from '../../../app/_components/graph/layout';
import { Graph, type CheckResult } from '../../../grader/results';
import { messages } from '../../../lib/i18n/catalog';

/** The graph feedback's sentences and text alternative, rendered without a browser, in both languages. */

const node = (id: string, label: string, op: string, value: number, grad: number) => ({ id, label, op, value, grad });
const graph: Graph = Graph.parse({
  mode: 'reverse',
  input: 'f = w.mul(x).add(b).mul(-1).exp().add(1).pow(-1) at x = 1, w = 0, b = 0',
  student: {
    nodes: [node('s0', 'h₅', 'add', 2, -1.5), node('s1', 'h₆', 'pow', 0.5, 1), { id: 's2', label: '…', op: '', value: 'gap', grad: 'gap', gap: 19_990 }],
    edges: [['s2', 's0'], ['s0', 's1']],
  },
  reference: { nodes: [node('r0', 'h₅', 'add', 2, -0.25), node('r1', 'h₆', 'pow', 0.5, 1)], edges: [['r0', 'r1']] },
  total: 20_000,
  wrong: [{ label: 'h₅', value: false, grad: true }],
  firstWrong: { label: 'h₅', got: -1.5, expected: -0.25, after: 'h₆', local: { got: -1.5, expected: -0.25 } },
  problems: ['getter'],
});
const check = { name: 'examples', graph } as unknown as CheckResult;

describe('graph feedback', () => {
  it('names the first wrong gradient and the local derivative used, in English and Chinese', () => {
    expect(graphSentence(graph, messages('en').feedback.graph)).toBe(
      'On the backward pass, ∂f/∂h₆ is correct; ∂f/∂h₅ is not: yours is -1.5, the reference -0.25. You multiplied by -1.5 where the local derivative ∂h₆/∂h₅ is -0.25.',
    );
    expect(graphSentence(graph, messages('zh').feedback.graph)).toBe(
      '在反向传播中，∂f/∂h₆ 是正确的；∂f/∂h₅ 不正确：你的是 -1.5，参考为 -0.25。你乘上的是 -1.5，而局部导数 ∂h₆/∂h₅ 应为 -0.25。',
    );
    const forward = { ...graph, mode: 'forward' as const, firstWrong: { label: 'h₃', got: 2, expected: 3 } };
    expect(graphSentence(forward, messages('en').feedback.graph)).toBe('On the forward pass, the first wrong tangent is that of h₃: yours is 2, the reference 3.');
  });

  it('a wrong tangent at a two-input node gives the rule, both partials and the wrong rule used, in English and Chinese', () => {
    const firstWrong = { label: 'h₆', got: -0.25, expected: 0.25, binary: { op: 'div' as const, args: ['1', 'h₅'] as [string, string], partials: [0.5, -0.25] as [number, number], tangents: [0, -1] as [number, number], used: '(ȧ·b + a·ḃ)/b²' } };
    const forward = { ...graph, mode: 'forward' as const, firstWrong };
    expect(graphSentence(forward, messages('en').feedback.graph)).toBe(
      'On the forward pass, the tangent of each operand (1 and h₅) is correct; the tangent of h₆ is not: yours is -0.25, the reference 0.25. For h₆ = div(a, b) with a = 1, b = h₅ the tangent is (ȧ·b − a·ḃ)/b²: ∂h₆/∂a = 0.5 and ∂h₆/∂b = -0.25, so 0.5·0 + (-0.25)·(-1) = 0.25. Yours equals (ȧ·b + a·ḃ)/b².',
    );
    expect(graphSentence(forward, messages('zh').feedback.graph)).toBe(
      '在前向传播中，每个操作数（1 和 h₅）的切线分量都是正确的；h₆ 的切线分量不正确：你的是 -0.25，参考为 0.25。对 h₆ = div(a, b)，a = 1，b = h₅，切线分量为 (ȧ·b − a·ḃ)/b²：∂h₆/∂a = 0.5，∂h₆/∂b = -0.25，所以 0.5·0 + (-0.25)·(-1) = 0.25。你的结果等于 (ȧ·b + a·ḃ)/b²。',
    );
    // x·x names its one operand once; with no known wrong rule, none is named.
    const square = { ...forward, firstWrong: { label: 'h₁', got: 5, expected: 4, binary: { op: 'mul' as const, args: ['x', 'x'] as [string, string], partials: [2, 2] as [number, number], tangents: [1, 1] as [number, number] } } };
    expect(graphSentence(square, messages('en').feedback.graph)).toBe(
      'On the forward pass, the tangent of each operand (x) is correct; the tangent of h₁ is not: yours is 5, the reference 4. For h₁ = mul(a, b) with a = x, b = x the tangent is ȧ·b + a·ḃ: ∂h₁/∂a = 2 and ∂h₁/∂b = 2, so 2·1 + 2·1 = 4.',
    );
  });

  it('marks a wrong node with both numbers; the text alternative lists every node and the summarised rest', () => {
    const t = messages('en').feedback.graph;
    expect(nodeLines(graph.student.nodes[0]!, t, 'reverse', graph.reference.nodes[0], graph.wrong[0])).toEqual(['✗ h₅ = add', 'value 2', 'grad -1.5 ≠', 'ref -0.25']);
    const html = renderToStaticMarkup(createElement(GraphFeedback, { checks: [check], t }));
    expect(html).toContain('Your code built 20000 nodes; the first and last few are drawn.');
    expect(html).toContain('… 19990 more nodes');
    expect(html).toContain(t.problems.getter);
    expect(html.match(/<tr data-wrong="true"/g)).toHaveLength(1);
    const zh = renderToStaticMarkup(createElement(GraphFeedback, { checks: [check], t: messages('zh').feedback.graph }));
    expect(zh).toContain('以文字列出计算图');
    expect(zh).toContain('……另有 19990 个节点');
    expect(zh).not.toMatch(/Your graph|reference gradient/);
  });
});

describe('graph layout (dagre)', () => {
  it('puts inputs before the node computed from them: left to right, or top to bottom on a phone', () => {
    const nodes = ['w', 'x', 'h1', 'h2'].map((id) => ({ id, width: 90, height: 50 }));
    const edges: [string, string][] = [['w', 'h1'], ['x', 'h1'], ['h1', 'h2']];
    const lr = layoutGraph(nodes, edges, 'LR');
    expect(lr.nodes.w!.x).toBeLessThan(lr.nodes.h1!.x);
    expect(lr.nodes.h1!.x).toBeLessThan(lr.nodes.h2!.x);
    expect(lr.edges).toHaveLength(3);
    const tb = layoutGraph(nodes, edges, 'TB');
    expect(tb.nodes.x!.y).toBeLessThan(tb.nodes.h1!.y);
    expect(tb.width).toBeLessThan(lr.width);
  });
});

describe('fitting a graph to the width its container has', () => {
  // The reverse-mode graph's sizes as laid out: about 900 px left to right, 330 px top to bottom.
  const [lr, tb] = [900, 330];
  it('left to right at its own size where it fits (a wide screen)', () => {
    expect(fitGraph(lr, tb, 1000)).toEqual({ direction: 'LR', scale: 1 });
  });
  it('left to right, a little smaller, while the text stays easily legible', () => {
    expect(fitGraph(lr, tb, 810)).toEqual({ direction: 'LR', scale: 0.9 });
  });
  it('top to bottom when left to right would have to shrink more (a laptop’s side pane, a phone)', () => {
    expect(fitGraph(lr, tb, 660)).toEqual({ direction: 'TB', scale: 1 });
    expect(fitGraph(lr, tb, 297)).toEqual({ direction: 'TB', scale: 0.9 });
  });
  it('never below the legible size: a graph too wide even so keeps MIN_SCALE (and scrolls inside its own box)', () => {
    expect(fitGraph(lr, tb, 100)).toEqual({ direction: 'TB', scale: MIN_SCALE });
    // A wide, flat graph whose top-to-bottom layout is wider still stays left to right.
    expect(fitGraph(600, 900, 450)).toEqual({ direction: 'LR', scale: 0.75 });
  });
});

describe('one direction for the student’s graph and the reference', () => {
  // The student's graph (two extra constants) is wider than the reference both ways.
  const student = { LR: 1000, TB: 380 };
  const reference = { LR: 760, TB: 330 };
  it('the wider graph decides: where only the narrower fits left to right, both go top to bottom', () => {
    expect(fitGraph(reference.LR, reference.TB, 800).direction).toBe('LR');
    expect(fitGraph(student.LR, student.TB, 800).direction).toBe('TB');
    expect(pairDirection([student, reference], 800)).toBe('TB');
    expect(pairDirection([reference, student], 800)).toBe('TB');
  });
  it('both left to right where the wider one fits so', () => {
    expect(pairDirection([student, reference], 1100)).toBe('LR');
  });
  it('a reference drawn alone decides for itself', () => {
    expect(pairDirection([reference], 800)).toBe('LR');
  });
  it('the scale in the chosen direction: never enlarged, never below MIN_SCALE', () => {
    expect(scaleFor(400, 800)).toBe(1);
    expect(scaleFor(1000, 900)).toBe(0.9);
    expect(scaleFor(1000, 100)).toBe(MIN_SCALE);
  });
});
