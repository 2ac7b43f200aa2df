import { core, snippet, type Node } from './ast';
import { BUILTINS, CONSTANTS } from './builtins';
import { ExprError, exprError, message } from './errors';
import { LIMITS } from './limits';
import { formatShape, isScalar, sameShape, SCALAR, type Shape } from './shape';
import { suggest } from './suggest';
import { fill, join, type LocalizedText } from './text';

/** What an expression may refer to. */
export interface Scope {
  /** Declared symbols with their shapes (scalars are 1×1). */
  symbols: ReadonlyMap<string, Shape>;
  /** Declared elementwise functions, e.g. `fprime` for f′. */
  functions: ReadonlySet<string>;
  /** Named dimensions: usable as sizes in `ones(M_l)` and as scalar values; they name shapes in messages. */
  dims: ReadonlyMap<string, number>;
  /**
   * false only for a preview without a question: unknown names are then taken as scalar symbols and
   * elementwise functions, so the formula can still be shown.
   */
  strict: boolean;
}

export const LOOSE_SCOPE: Scope = { symbols: new Map(), functions: new Set(), dims: new Map(), strict: false };

/**
 * Resolves every name and infers the shape of every node, bottom-up. Throws an ExprError that
 * names the offending part of the input: unknown symbols (with a suggestion), wrong argument counts,
 * shape mismatches with both shapes, and expressions too large to evaluate cheaply.
 */
export function analyze(root: Node, source: string, scope: Scope): Shape {
  return visit(root, source, scope, { flops: 0 });
}

type State = { flops: number };

/** Counts the work of producing a value of shape `s`, refusing expressions too costly to evaluate. */
function charge(state: State, s: Shape, perEntry = 1): Shape {
  state.flops += s.rows * s.cols * perEntry;
  if (state.flops > LIMITS.maxFlops) throw exprError('tooExpensive', {});
  return s;
}

function visit(node: Node, source: string, scope: Scope, state: State): Shape {
  const cost = (s: Shape, perEntry = 1) => charge(state, s, perEntry);
  switch (node.kind) {
    case 'num':
      return SCALAR;
    case 'sym':
      return resolveSymbol(node, scope);
    case 'neg':
      return cost(visit(node.arg, source, scope, state));
    case 'transpose': {
      const s = visit(node.arg, source, scope, state);
      return cost({ rows: s.cols, cols: s.rows });
    }
    case 'bin': {
      const mixed = mixedProducts(node);
      if (!mixed) return visitBin(node, source, scope, state);
      try {
        return visitBin(node, source, scope, state);
      } catch (err) {
        throw withPrecedenceHint(err, node, mixed, source);
      }
    }
    case 'call':
      return visitCall(node, source, scope, state, cost);
  }
  throw new Error('unreachable');
}

function visitBin(node: Extract<Node, { kind: 'bin' }>, source: string, scope: Scope, state: State): Shape {
  const fmt = (s: Shape) => formatShape(s, scope.dims);
  const where = { snippet: snippet(source, node) };
  const cost = (s: Shape, perEntry = 1) => charge(state, s, perEntry);
  const a = visit(node.left, source, scope, state);
  const b = visit(node.right, source, scope, state);
  const span = core(node);
  switch (node.op) {
    case '+':
    case '-':
      if (isScalar(a) || isScalar(b) || sameShape(a, b)) return cost(broadcast(a, b));
      throw exprError(node.op === '+' ? 'shapeAdd' : 'shapeSubtract', { a: fmt(a), b: fmt(b), ...where }, span);
    case '.*':
    case './':
    case '.^':
      if (isScalar(a) || isScalar(b) || sameShape(a, b)) return cost(broadcast(a, b));
      throw exprError('shapeElementwise', { op: node.op, a: fmt(a), b: fmt(b), ...where }, span);
    case '*':
      if (isScalar(a) || isScalar(b)) return cost(broadcast(a, b));
      if (a.cols === b.rows) return cost({ rows: a.rows, cols: b.cols }, a.cols);
      throw matmulError(a, b, fmt, where, span);
    case '/':
      if (isScalar(b)) return cost(a);
      throw exprError('matrixDivide', { b: fmt(b), ...where }, span);
    case '^':
      if (isScalar(a) && isScalar(b)) return cost(SCALAR);
      throw exprError('matrixPower', { a: fmt(a), b: fmt(b), ...where }, span);
  }
}

const ELEMENTWISE = new Set(['.*', './']);
const SHAPE_CODES = new Set(['shapeMatmul', 'shapeElementwise', 'shapeAdd', 'shapeSubtract', 'matrixDivide']);
const hinted = new WeakSet<ExprError>();

/**
 * `a .* B * c` next to `a * B .* c`: the matrix product and the elementwise products bind equally
 * and are read left to right, as in MATLAB, so `f(z) .* W^T * d` is `(f(z) .* W^T) * d`, not the
 * book's f′(z) ⊙ (Wᵀδ). Returns the unparenthesised left operand that mixes the two, if any.
 */
function mixedProducts(node: Extract<Node, { kind: 'bin' }>): Extract<Node, { kind: 'bin' }> | undefined {
  const left = node.left;
  if (left.kind !== 'bin' || left.paren) return undefined;
  if (node.op === '*' && ELEMENTWISE.has(left.op)) return left;
  if (ELEMENTWISE.has(node.op) && left.op === '*') return left;
  return undefined;
}

/** A shape error inside a mixed chain, with how the chain was read and where parentheses go. */
function withPrecedenceHint(err: unknown, node: Extract<Node, { kind: 'bin' }>, left: Extract<Node, { kind: 'bin' }>, source: string): unknown {
  if (!(err instanceof ExprError) || !SHAPE_CODES.has(err.code) || hinted.has(err)) return err;
  const text = (n: Node) => source.slice(n.start, n.end);
  const hint = fill(
    {
      en: '`.*` and `*` bind equally and are read from left to right, so `{whole}` means `({left}) {op} {right}`; for `{a} {lop} ({b} {op} {right})` add those parentheses.',
      zh: '`.*` 与 `*` 优先级相同，从左到右结合，所以 `{whole}` 表示 `({left}) {op} {right}`；若想表示 `{a} {lop} ({b} {op} {right})`，请加上这对括号。',
    },
    { whole: text(node), left: text(left), op: node.op, right: text(node.right), a: text(left.left), lop: left.op, b: text(left.right) },
  );
  const out = new ExprError(err.code, join([err.text, hint]), err.start === undefined ? undefined : { start: err.start, end: err.end! });
  hinted.add(out);
  return out;
}

function matmulError(a: Shape, b: Shape, fmt: (s: Shape) => string, where: { snippet: string }, span: { start: number; end: number }): ExprError {
  const err = exprError('shapeMatmul', { a: fmt(a), b: fmt(b), n: a.cols, p: b.rows, ...where }, span);
  if (!sameShape(a, b)) return err;
  // Two vectors of the same shape: almost always an elementwise product was meant.
  return new ExprError('shapeMatmul', join([err.text, message('shapeMatmulElementwiseHint')]), span);
}

function broadcast(a: Shape, b: Shape): Shape {
  return isScalar(a) ? b : a;
}

function resolveSymbol(node: Extract<Node, { kind: 'sym' }>, scope: Scope): Shape {
  const declared = scope.symbols.get(node.name);
  if (declared) return declared;
  if (scope.dims.has(node.name) || CONSTANTS.has(node.name)) return SCALAR;
  if (BUILTINS.has(node.name) || scope.functions.has(node.name)) {
    throw exprError('functionWithoutCall', { name: node.name }, core(node));
  }
  if (!scope.strict) return SCALAR;
  throw unknownName('unknownSymbol', node.name, core(node), [...scope.symbols.keys(), ...scope.dims.keys(), ...CONSTANTS.keys()], [...scope.symbols.keys()]);
}

function unknownName(
  code: 'unknownSymbol' | 'unknownFunction',
  name: string,
  span: { start: number; end: number },
  candidates: string[],
  listed: string[],
): ExprError {
  const base = exprError(code, { name }, span).text;
  const guess = suggest(name, candidates);
  let tail: LocalizedText;
  if (guess) tail = fill({ en: ' — did you mean `{guess}`?', zh: '——你是否想写 `{guess}`？' }, { guess });
  else if (listed.length > 0) {
    const list = listed.map((n) => `\`${n}\``).join(', ');
    tail = fill({ en: '. Available here: {list}.', zh: '。可用的有：{list}。' }, { list });
  } else tail = { en: '.', zh: '。' };
  return new ExprError(code, { en: base.en + tail.en, zh: base.zh + tail.zh }, span);
}

function visitCall(
  node: Extract<Node, { kind: 'call' }>,
  source: string,
  scope: Scope,
  state: { flops: number },
  cost: (s: Shape, perEntry?: number) => Shape,
): Shape {
  const fmt = (s: Shape) => formatShape(s, scope.dims);
  const where = { snippet: snippet(source, node) };
  const builtin = BUILTINS.get(node.name);
  const declared = scope.functions.has(node.name) || (!scope.strict && !builtin);

  if (!builtin && !declared) {
    if (scope.symbols.has(node.name) || scope.dims.has(node.name) || CONSTANTS.has(node.name)) {
      throw exprError('notAFunction', { name: node.name }, node.nameSpan);
    }
    throw unknownName('unknownFunction', node.name, node.nameSpan, [...BUILTINS.keys(), ...scope.functions], [...scope.functions]);
  }

  const [minArgs, maxArgs] = builtin ? [builtin.minArgs, builtin.maxArgs] : [1, 1];
  if (node.args.length < minArgs || node.args.length > maxArgs) {
    throw exprError('arity', { name: node.name, expected: arityText(minArgs, maxArgs), got: node.args.length }, node.nameSpan);
  }

  if (builtin && (builtin.kind === 'fill' || builtin.kind === 'eye')) {
    const sizes = node.args.map((arg) => {
      const n = constantSize(arg, scope.dims);
      if (n === undefined) throw exprError('sizeArgument', { name: node.name, ...where }, core(node));
      return n;
    });
    const rows = sizes[0]!;
    const cols = builtin.kind === 'eye' ? rows : (sizes[1] ?? 1);
    const s = { rows, cols };
    if (rows > LIMITS.maxSize || cols > LIMITS.maxSize) throw exprError('tooLarge', { a: fmt(s), max: LIMITS.maxSize, ...where }, core(node));
    return cost(s);
  }

  const args = node.args.map((arg) => visit(arg, source, scope, state));
  if (declared || !builtin) return cost(args[0]!, 4);

  switch (builtin.kind) {
    case 'map':
      return cost(args[0]!, 4);
    case 'zip': {
      let acc = args[0]!;
      for (const s of args.slice(1)) {
        if (!(isScalar(acc) || isScalar(s) || sameShape(acc, s))) {
          throw exprError('shapeFunction', { name: node.name, a: fmt(acc), b: fmt(s), ...where }, core(node));
        }
        acc = broadcast(acc, s);
      }
      return cost(acc);
    }
    case 'diag': {
      const v = args[0]!;
      if (v.rows !== 1 && v.cols !== 1) throw exprError('diagVector', { a: fmt(v), ...where }, core(node));
      const n = Math.max(v.rows, v.cols);
      return cost({ rows: n, cols: n });
    }
    case 'sum':
      cost(args[0]!);
      return SCALAR;
    case 'transpose':
      return cost({ rows: args[0]!.cols, cols: args[0]!.rows });
    default:
      throw new Error('unreachable');
  }
}

function arityText(min: number, max: number): string {
  return min === max ? String(min) : `${min}–${max}`;
}

/**
 * A size written with numbers and dimension names (`M_l`, `M_l + 1`, `2*M_next`), or undefined when
 * the argument depends on anything else. Sizes must be whole numbers from 1 up.
 */
export function constantSize(node: Node, dims: ReadonlyMap<string, number>): number | undefined {
  const value = constantValue(node, dims, 0);
  return value !== undefined && Number.isInteger(value) && value >= 1 ? value : undefined;
}

function constantValue(node: Node, dims: ReadonlyMap<string, number>, depth: number): number | undefined {
  if (depth > 8) return undefined;
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'sym':
      return dims.get(node.name);
    case 'bin': {
      if (node.op !== '+' && node.op !== '-' && node.op !== '*') return undefined;
      const a = constantValue(node.left, dims, depth + 1);
      const b = constantValue(node.right, dims, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      return node.op === '+' ? a + b : node.op === '-' ? a - b : a * b;
    }
    default:
      return undefined;
  }
}
