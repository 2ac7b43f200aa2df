import type { Operator } from './tokens';

/** Offsets into the source: `start` inclusive, `end` exclusive (0-based). */
export interface Span {
  start: number;
  end: number;
}

interface Base extends Span {
  /** The node was written inside parentheses (kept for the preview); the span then includes them. */
  paren?: boolean;
  /** For a parenthesised node, the span inside the outermost parentheses. */
  inner?: Span;
}

export type Node =
  | (Base & { kind: 'num'; value: number; raw: string })
  | (Base & { kind: 'sym'; name: string })
  | (Base & { kind: 'neg'; arg: Node })
  | (Base & { kind: 'bin'; op: Operator; left: Node; right: Node })
  | (Base & { kind: 'transpose'; arg: Node })
  | (Base & { kind: 'call'; name: string; nameSpan: Span; args: Node[] });

/** Where a node is, without the parentheses around it: what messages point at. */
export function core(node: Node): Span {
  return node.inner ?? { start: node.start, end: node.end };
}

/** The source text of a node (without its parentheses), shortened for messages. */
export function snippet(source: string, node: Node | Span, max = 48): string {
  const span = 'kind' in node ? core(node) : node;
  const text = source.slice(span.start, span.end).replace(/\s+/g, ' ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Children in evaluation order. */
export function children(node: Node): Node[] {
  switch (node.kind) {
    case 'num':
    case 'sym':
      return [];
    case 'neg':
    case 'transpose':
      return [node.arg];
    case 'bin':
      return [node.left, node.right];
    case 'call':
      return node.args;
  }
}

/** Every identifier used as a symbol and every function called. */
export function names(root: Node): { symbols: Set<string>; functions: Set<string> } {
  const symbols = new Set<string>();
  const functions = new Set<string>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'sym') symbols.add(node.name);
    if (node.kind === 'call') functions.add(node.name);
    stack.push(...children(node));
  }
  return { symbols, functions };
}
