import { core, snippet, type Node } from './ast';
import { BUILTINS, CONSTANTS } from './builtins';
import { constantSize } from './analyze';
import { exprError } from './errors';

/** A dense row-major matrix. Column vectors are n×1. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export type Value = number | Matrix;

export interface Env {
  /** Symbol values; dimension names are numbers here too. */
  values: ReadonlyMap<string, Value>;
  /** Declared elementwise functions, e.g. a concrete f′ for this draw. */
  functions: ReadonlyMap<string, (x: number) => number>;
  dims: ReadonlyMap<string, number>;
}

export function matrix(rows: number, cols: number, fill: (i: number, j: number) => number = () => 0): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = fill(i, j);
  return { rows, cols, data };
}

export function isMatrix(v: Value): v is Matrix {
  return typeof v !== 'number';
}

/** A number, or a 1×1 matrix read as one; undefined for anything larger. */
export function scalarOf(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  return v.rows === 1 && v.cols === 1 ? v.data[0] : undefined;
}

export function allFinite(v: Value): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  for (const x of v.data) if (!Number.isFinite(x)) return false;
  return true;
}

export function toArray(v: Value): number | number[][] {
  if (typeof v === 'number') return v;
  return Array.from({ length: v.rows }, (_, i) => Array.from(v.data.subarray(i * v.cols, (i + 1) * v.cols)));
}

/**
 * Evaluates an analysed expression. Shapes were checked by `analyze`, so mismatches here are bugs,
 * not learner errors. A non-finite final result throws an ExprError that names the innermost part
 * of the expression that first stopped being finite (overflow, division by zero, log of a negative
 * number); the message keeps an `{at}` placeholder that `atPoint` fills with where it was evaluated.
 * Intermediate infinities that cancel out (1/(1 + exp(1000)) = 0) are fine.
 */
export function evaluate(root: Node, source: string, env: Env): Value {
  const ctx: { firstBad?: Node; divisionByZero?: boolean } = {};
  const result = evalNode(root, env, ctx);
  if (!allFinite(result)) {
    const bad = ctx.firstBad ?? root;
    throw exprError(ctx.divisionByZero ? 'divisionByZero' : 'notFinite', { snippet: snippet(source, bad) }, core(bad));
  }
  return result;
}

function evalNode(node: Node, env: Env, ctx: { firstBad?: Node; divisionByZero?: boolean }): Value {
  const value = compute(node, env, ctx);
  if (ctx.firstBad === undefined && !allFinite(value)) {
    ctx.firstBad = node;
    if (node.kind === 'bin' && (node.op === '/' || node.op === './')) ctx.divisionByZero = true;
  }
  return value;
}

function compute(node: Node, env: Env, ctx: { firstBad?: Node; divisionByZero?: boolean }): Value {
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'sym': {
      const v = env.values.get(node.name) ?? env.dims.get(node.name) ?? CONSTANTS.get(node.name)?.value;
      if (v === undefined) throw new Error(`no value for symbol ${node.name}`);
      return v;
    }
    case 'neg':
      return map(evalNode(node.arg, env, ctx), (x) => -x);
    case 'transpose':
      return transpose(evalNode(node.arg, env, ctx));
    case 'bin': {
      const a = evalNode(node.left, env, ctx);
      const b = evalNode(node.right, env, ctx);
      switch (node.op) {
        case '+':
          return zip(a, b, (x, y) => x + y);
        case '-':
          return zip(a, b, (x, y) => x - y);
        case '.*':
          return zip(a, b, (x, y) => x * y);
        case './':
          return zip(a, b, (x, y) => x / y);
        case '.^':
        case '^':
          return zip(a, b, Math.pow);
        case '/':
          return zip(a, b, (x, y) => x / y);
        case '*':
          return scalarOf(a) !== undefined || scalarOf(b) !== undefined ? zip(a, b, (x, y) => x * y) : matmul(a as Matrix, b as Matrix);
      }
      break;
    }
    case 'call':
      return call(node, env, ctx);
  }
  throw new Error('unreachable');
}

function call(node: Extract<Node, { kind: 'call' }>, env: Env, ctx: { firstBad?: Node; divisionByZero?: boolean }): Value {
  const builtin = BUILTINS.get(node.name);
  if (builtin?.kind === 'fill' || builtin?.kind === 'eye') {
    const sizes = node.args.map((arg) => constantSize(arg, env.dims));
    if (sizes.some((s) => s === undefined)) throw new Error(`${node.name}: sizes must be constant`);
    const rows = sizes[0]!;
    if (builtin.kind === 'eye') return matrix(rows, rows, (i, j) => (i === j ? 1 : 0));
    return matrix(rows, sizes[1] ?? 1, () => builtin.fillValue!);
  }
  const args = node.args.map((arg) => evalNode(arg, env, ctx));
  if (!builtin) {
    const f = env.functions.get(node.name);
    if (!f) throw new Error(`no definition for function ${node.name}`);
    return map(args[0]!, f);
  }
  switch (builtin.kind) {
    case 'map':
      return map(args[0]!, builtin.map!);
    case 'zip':
      return args.slice(1).reduce<Value>((acc, v) => zip(acc, v, builtin.zip!), args[0]!);
    case 'diag': {
      const v = args[0]!;
      if (typeof v === 'number') return v;
      const n = v.data.length;
      return matrix(n, n, (i, j) => (i === j ? v.data[i]! : 0));
    }
    case 'sum': {
      const v = args[0]!;
      if (typeof v === 'number') return v;
      let s = 0;
      for (const x of v.data) s += x;
      return s;
    }
    case 'transpose':
      return transpose(args[0]!);
    default:
      throw new Error('unreachable');
  }
}

function map(v: Value, f: (x: number) => number): Value {
  if (typeof v === 'number') return f(v);
  const data = new Float64Array(v.data.length);
  for (let k = 0; k < data.length; k++) data[k] = f(v.data[k]!);
  return { rows: v.rows, cols: v.cols, data };
}

/** Elementwise with scalar (and 1×1) broadcasting. */
function zip(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const sa = scalarOf(a);
  const sb = scalarOf(b);
  if (sa !== undefined && (sb === undefined || isMatrix(b))) return map(b, (y) => f(sa, y));
  if (sb !== undefined) return map(a, (x) => f(x, sb));
  const A = a as Matrix;
  const B = b as Matrix;
  if (A.rows !== B.rows || A.cols !== B.cols) throw new Error('shape mismatch after analysis');
  const data = new Float64Array(A.data.length);
  for (let k = 0; k < data.length; k++) data[k] = f(A.data[k]!, B.data[k]!);
  return { rows: A.rows, cols: A.cols, data };
}

function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error('shape mismatch after analysis');
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] = out[i * b.cols + j]! + aik * b.data[k * b.cols + j]!;
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

function transpose(v: Value): Value {
  if (typeof v === 'number') return v;
  return matrix(v.cols, v.rows, (i, j) => v.data[j * v.cols + i]!);
}
