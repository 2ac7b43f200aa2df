'use client';

import type { CheckResult, Graph, GraphNode, GraphPart } from '../../../grader/results';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { formatNumber } from '../numbers';
import { useCallback, useState } from 'react';
import { pairDirection, type Widths } from './fit';
import { GraphView } from './GraphView';
import { useWidth } from './useWidth';

type T = Messages['feedback']['graph'];

/** The grading's graph: the first check that carries one (the 4.5 exercises' example check). */
export function graphOf(checks: CheckResult[]): Graph | undefined {
  return checks.find((c) => c.graph)?.graph;
}

/**
 * The one sentence the feedback summary says about the graph: the first node on the pass where the
 * gradient (or tangent) goes wrong, with the local derivative the student used when that is known.
 */
export function graphSentence(graph: Graph, t: T): string | undefined {
  const f = graph.firstWrong;
  if (f?.binary) return binarySentence(f, f.binary, t);
  if (f) {
    const reverse = graph.mode === 'reverse';
    const params = {
      label: f.label,
      after: f.after ?? '',
      got: formatNumber(f.got),
      expected: formatNumber(f.expected),
      localGot: formatNumber(f.local?.got),
      localExpected: formatNumber(f.local?.expected),
    };
    const key = !f.after ? 'Alone' : f.local ? 'Local' : '';
    return format(t[`firstWrong${reverse ? 'Reverse' : 'Forward'}${key}` as const], params);
  }
  const v = graph.firstWrongValue;
  if (v) return format(t.firstWrongValue, { label: v.label, got: formatNumber(v.got), expected: formatNumber(v.expected) });
  if (graph.student.nodes.length > 0 && graph.wrong.length === 0) return graph.mode === 'reverse' ? t.allRight : t.allRightForward;
  return undefined;
}

/** The tangent rules of the two-input ops, in the same ȧ, ḃ the grader names a wrong rule in. */
const RULES = { add: 'ȧ + ḃ', sub: 'ȧ − ḃ', mul: 'ȧ·b + a·ḃ', div: '(ȧ·b − a·ḃ)/b²' } as const;

type FirstWrong = NonNullable<Graph['firstWrong']>;

/** A wrong tangent at a two-input node: the rule, each operand's partial derivative, and the wrong rule used if known. */
function binarySentence(f: FirstWrong, b: NonNullable<FirstWrong['binary']>, t: T): string {
  // A negative factor in a product reads better in parentheses: 0.5·(−1).
  const factor = (v: FirstWrong['got']) => {
    const s = formatNumber(v);
    return s.startsWith('-') ? `(${s})` : s;
  };
  const [a, c] = b.args;
  return format(b.used ? t.firstWrongForwardBinaryUsed : t.firstWrongForwardBinary, {
    inputs: a === c ? a : `${a}${t.and}${c}`,
    label: f.label,
    got: formatNumber(f.got),
    expected: formatNumber(f.expected),
    op: b.op,
    a,
    b: c,
    rule: RULES[b.op],
    da: formatNumber(b.partials[0]),
    db: formatNumber(b.partials[1]),
    pa: factor(b.partials[0]),
    pb: factor(b.partials[1]),
    ta: factor(b.tangents[0]),
    tb: factor(b.tangents[1]),
    used: b.used ?? '',
  });
}

/** The summary's line about the graph, mounted in the feedback summary. */
export function GraphSummaryLine({ checks, t }: { checks: CheckResult[]; t: T }) {
  const graph = graphOf(checks);
  const sentence = graph && graph.firstWrong ? graphSentence(graph, t) : undefined;
  if (!sentence) return null;
  return (
    <p className="graph-finding" data-testid="graph-finding">
      {sentence}
    </p>
  );
}

/** The student's graph beside the reference, what could not be read, and both as text. */
export function GraphFeedback({ checks, t }: { checks: CheckResult[]; t: T }) {
  const graph = graphOf(checks);
  // The pair's width is the feedback's, whatever the graphs inside it: each graph may take all of it.
  const [pair, available] = useWidth<HTMLDivElement>();
  // Each graph's widths once laid out: the pair is drawn one way, chosen by the wider of the two.
  const [widths, setWidths] = useState<Record<string, Widths>>({});
  const onStudent = useCallback((w: Widths) => setWidths((all) => ({ ...all, student: w })), []);
  const onReference = useCallback((w: Widths) => setWidths((all) => ({ ...all, reference: w })), []);
  if (!graph) return null;
  const drawn = [graph.student.nodes.length > 0 && 'student', 'reference'].filter((k): k is string => Boolean(k));
  const laidOut = drawn.map((k) => widths[k]).filter((w): w is Widths => w !== undefined);
  const direction = available !== null && laidOut.length === drawn.length ? pairDirection(laidOut, available) : null;
  const reference = new Map(graph.reference.nodes.map((n) => [n.label, n]));
  const wrong = new Map(graph.wrong.map((w) => [w.label, w]));
  const sentence = graphSentence(graph, t);
  const shown = graph.student.nodes.filter((n) => n.gap === undefined).length;
  return (
    <section className="graph-feedback" aria-label={t.title} data-testid="graph-feedback">
      <h3>{t.title}</h3>
      <p className="muted small">{format(t.forInput, { input: graph.input })}</p>
      {/* The first wrong node is named in the feedback summary already. */}
      {sentence && !graph.firstWrong && <p data-testid="graph-sentence">{sentence}</p>}
      {graph.total > shown && <p className="muted small">{format(t.total, { n: graph.total })}</p>}
      {graph.problems.length > 0 && (
        <ul className="graph-problems" data-testid="graph-problems">
          {graph.problems.map((p) => (
            <li key={p}>{t.problems[p]}</li>
          ))}
        </ul>
      )}
      <div className="graph-pair" ref={pair}>
        {graph.student.nodes.length > 0 && (
          <GraphView part={graph.student} title={t.yours} mode={graph.mode} t={t} reference={reference} wrong={wrong} available={available} direction={direction} onWidths={onStudent} testid="graph-student" />
        )}
        <GraphView part={graph.reference} title={t.reference} mode={graph.mode} t={t} available={available} direction={direction} onWidths={onReference} testid="graph-reference" />
      </div>
      <details className="graph-text">
        <summary>{t.asText}</summary>
        <NodeTable graph={graph} reference={reference} t={t} />
      </details>
    </section>
  );
}

/** The text alternative: every node of the student's graph with its numbers and the reference's. */
function NodeTable({ graph, reference, t }: { graph: Graph; reference: Map<string, GraphNode>; t: T }) {
  const reverse = graph.mode === 'reverse';
  const inputsOf = (part: GraphPart, id: string) =>
    part.edges
      .filter(([, b]) => b === id)
      .map(([a]) => part.nodes.find((n) => n.id === a)?.label || '·')
      .join(', ');
  const rows = graph.student.nodes.length > 0 ? graph.student : graph.reference;
  return (
    <table className="graph-table" data-testid="graph-table">
      <thead>
        <tr>
          <th scope="col">{t.node}</th>
          <th scope="col">{t.op}</th>
          <th scope="col">{t.yourValue}</th>
          <th scope="col">{t.refValue}</th>
          <th scope="col">{reverse ? t.yourGrad : t.yourTangent}</th>
          <th scope="col">{reverse ? t.refGrad : t.refTangent}</th>
          <th scope="col">{t.status}</th>
        </tr>
      </thead>
      <tbody>
        {rows.nodes.map((n) => {
          if (n.gap !== undefined)
            return (
              <tr key={n.id}>
                <td colSpan={7}>{format(t.gap, { n: n.gap })}</td>
              </tr>
            );
          const ref = rows === graph.student ? reference.get(n.label) : n;
          const w = graph.wrong.find((x) => x.label === n.label);
          const inputs = inputsOf(rows, n.id);
          return (
            <tr key={n.id} data-wrong={w ? 'true' : undefined}>
              <th scope="row">{n.label || '·'}</th>
              <td>{n.op ? `${n.op}(${inputs})` : !ref && !inputs ? t.constant : ''}</td>
              <td>{rows === graph.student ? formatNumber(n.value) : '—'}</td>
              <td>{formatNumber(ref?.value)}</td>
              <td>{rows === graph.student ? formatNumber(n.grad) : '—'}</td>
              <td>{formatNumber(ref?.grad)}</td>
              <td>{w ? `✗ ${t.wrongMark}` : ref ? t.ok : t.notInReference}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
