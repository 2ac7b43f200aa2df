'use client';

import { useEffect, useMemo, useState } from 'react';
import type { GraphNode, GraphPart } from '../../../grader/results';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { formatNumber } from '../numbers';
import { scaleFor, type Widths } from './fit';
import type { Placed } from './layout';

type T = Messages['feedback']['graph'];

const CHAR = 7.2;
const LINE = 16;
const PAD = 8;

/** Width of a line of 12 px monospace text: Chinese characters take two columns. */
function textWidth(line: string): number {
  let columns = 0;
  for (const ch of line) columns += /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1;
  return columns * CHAR;
}

/** What a node says, line by line: name and op, value, gradient; a wrong field shows both numbers. */
export function nodeLines(n: GraphNode, t: T, mode: 'reverse' | 'forward', ref?: GraphNode, wrong?: { value: boolean; grad: boolean }): string[] {
  if (n.gap !== undefined) return [format(t.gap, { n: n.gap })];
  // A constant the student's code made shows as its number; its value line says the rest.
  const head = `${wrong ? '✗ ' : ''}${n.label}${n.op ? ` = ${n.op}` : ''}`;
  const lines = [head];
  const gradWord = mode === 'reverse' ? t.grad : t.tangent;
  // A wrong field keeps the box narrow: the reference's number goes on a line of its own.
  const field = (word: string, got: GraphNode['value'], bad: boolean | undefined, expected: GraphNode['value'] | undefined) =>
    bad ? [`${word} ${formatNumber(got)} ≠`, `${t.referenceShort} ${formatNumber(expected)}`] : [`${word} ${formatNumber(got)}`];
  lines.push(...field(t.value, n.value, wrong?.value, ref?.value));
  // An input whose gradient the exercise does not ask for (x in sigmoid-graph) has none to show.
  if (n.grad !== 'missing' || (ref && ref.grad !== null)) lines.push(...field(gradWord, n.grad, wrong?.grad, ref?.grad));
  return lines;
}

export interface GraphViewProps {
  part: GraphPart;
  title: string;
  mode: 'reverse' | 'forward';
  t: T;
  /** The reference graph's nodes by label, and which of the student's nodes differ: absent for the reference itself. */
  reference?: Map<string, GraphNode>;
  wrong?: Map<string, { value: boolean; grad: boolean }>;
  /** The width the graph may take, in CSS pixels, measured from its container (null until measured). */
  available: number | null;
  /** The direction chosen for the pair (pairDirection), null until both graphs are laid out. */
  direction: 'LR' | 'TB' | null;
  /** Told this graph's width each way once laid out, so the pair can choose one direction. */
  onWidths: (widths: Widths) => void;
  testid: string;
}

/**
 * One computational graph as SVG, laid out by dagre (loaded on first use) both ways; the pair's
 * direction (chosen by GraphFeedback from both graphs' widths) and the container's measured width
 * set the scale, so the graph never makes the feedback scroll sideways when it can fit legibly.
 */
export function GraphView({ part, title, mode, t, reference, wrong, available, direction, onWidths, testid }: GraphViewProps) {
  const [layouts, setLayouts] = useState<Record<'LR' | 'TB', Placed> | null>(null);
  const lines = useMemo(
    () => new Map(part.nodes.map((n) => [n.id, nodeLines(n, t, mode, reference?.get(n.label), wrong?.get(n.label))])),
    [part, t, mode, reference, wrong],
  );

  useEffect(() => {
    let live = true;
    void import('./layout').then(({ layoutGraph }) => {
      if (!live) return;
      const sized = part.nodes.map((n) => {
        const text = lines.get(n.id) ?? [];
        return { id: n.id, width: Math.max(64, Math.ceil(Math.max(...text.map(textWidth)) + 2 * PAD)), height: text.length * LINE + 2 * PAD - 4 };
      });
      // Both directions up front (a few dozen nodes at most): a resize then only picks one.
      const both = { LR: layoutGraph(sized, part.edges, 'LR'), TB: layoutGraph(sized, part.edges, 'TB') };
      setLayouts(both);
      onWidths({ LR: both.LR.width, TB: both.TB.width });
    });
    return () => {
      live = false;
    };
  }, [lines, part, onWidths]);

  const placed = layouts && direction && available !== null ? layouts[direction] : null;
  const fit = placed && available !== null ? { scale: scaleFor(placed.width, available) } : null;
  const marked = part.nodes.filter((n) => wrong?.has(n.label)).length;
  const alt = format(t.alt, { title, n: part.nodes.filter((n) => n.gap === undefined).length, wrong: marked });
  return (
    <figure className="graph-figure" data-testid={testid}>
      <figcaption>{title}</figcaption>
      {!placed ? (
        <p className="muted small">{t.drawing}</p>
      ) : (
        <div className="graph-scroll">
          <svg
            viewBox={`0 0 ${placed.width} ${placed.height}`}
            width={Math.floor(placed.width * fit!.scale)}
            height={Math.ceil(placed.height * fit!.scale)}
            role="img"
            aria-label={alt}
            data-direction={direction}
            data-scale={fit!.scale.toFixed(3)}
          >
            <defs>
              <marker id={`${testid}-arrow`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill="#6b7385" />
              </marker>
            </defs>
            {placed.edges.map((e, i) => (
              <polyline
                key={i}
                points={e.points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}
                fill="none"
                stroke="#6b7385"
                strokeWidth={1.3}
                markerEnd={`url(#${testid}-arrow)`}
              />
            ))}
            {part.nodes.map((n) => {
              const box = placed.nodes[n.id];
              if (!box) return null;
              const bad = wrong?.has(n.label);
              const gap = n.gap !== undefined;
              return (
                <g key={n.id} data-node={n.label} data-wrong={bad ? 'true' : undefined} className={`graph-node${bad ? ' graph-node-wrong' : ''}${gap ? ' graph-node-gap' : ''}`}>
                  <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={6} strokeDasharray={gap ? '4 3' : undefined} />
                  {(lines.get(n.id) ?? []).map((line, k) => (
                    <text key={k} x={box.x + PAD} y={box.y + PAD + 10 + k * LINE} fontSize={12} fontWeight={k === 0 ? 600 : 400}>
                      {line}
                    </text>
                  ))}
                </g>
              );
            })}
          </svg>
        </div>
      )}
    </figure>
  );
}
