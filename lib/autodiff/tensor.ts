// The Tensor: a flat Float64Array in row-major order plus a shape, and — when it was produced by an
// op on tensors that require gradients — the links of the computational graph (its parents and a
// backward closure). A tensor may also carry a forward-mode tangent (see forward.ts).
//
// Convention: tensors are immutable values. Ops never write into their inputs; the only in-place
// writes in the library are gradient accumulation (`grad`) and explicit optimiser steps on leaves.

import { backward as runBackward } from './backward';

export type Shape = number[];

/** Plain JavaScript data: a number, or arrays of them nested to any depth (rectangular). */
export type Nested = number | Nested[];

/** How an op's output differentiates: reverse mode (backward) and forward mode (tangent). */
export interface Rule {
  /** Given ∂L/∂out, add each parent's share into its `grad` (only parents that require grad). */
  backward: (g: Float64Array) => void;
  /** Given the parents' tangents (zeros where absent), return the output's tangent. */
  tangent: (parentTangents: Float64Array[]) => Float64Array;
}

export class Tensor {
  readonly data: Float64Array;
  readonly shape: Shape;
  /** ∂(root)/∂(this), filled by backward(); null until some gradient reaches this tensor. */
  grad: Float64Array | null = null;
  requiresGrad: boolean;
  /** Forward-mode tangent (directional derivative), present only inside jvp(). */
  tangent: Float64Array | null = null;
  /** Inputs this tensor was computed from (empty for leaves and for untracked results). */
  readonly parents: Tensor[];
  /** Local backward step; null for leaves. */
  readonly backwardFn: ((g: Float64Array) => void) | null;
  /** Name of the op that produced this tensor ('leaf' for data). */
  readonly op: string;

  constructor(
    data: Float64Array,
    shape: Shape,
    opts: { requiresGrad?: boolean; parents?: Tensor[]; backwardFn?: ((g: Float64Array) => void) | null; op?: string } = {},
  ) {
    if (data.length !== sizeOf(shape)) {
      throw new Error(`Tensor: ${data.length} values do not fill shape [${shape.join(', ')}]`);
    }
    this.data = data;
    this.shape = shape;
    this.requiresGrad = opts.requiresGrad ?? false;
    this.parents = opts.parents ?? [];
    this.backwardFn = opts.backwardFn ?? null;
    this.op = opts.op ?? 'leaf';
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** True for tensors created from data (not by an op). */
  get isLeaf(): boolean {
    return this.backwardFn === null;
  }

  /** The single value of a tensor with one element. */
  item(): number {
    if (this.data.length !== 1) throw new Error(`item(): tensor of shape [${this.shape.join(', ')}] is not a scalar`);
    return this.data[0];
  }

  /** Plain JS copy: number for shape [], number[] for [n], number[][] for [r, c], … */
  toNested(): Nested {
    return toNested(this.data, this.shape);
  }

  /** The gradient as plain JS, in this tensor's shape (zeros if no gradient reached it). */
  gradNested(): Nested {
    return toNested(this.grad ?? new Float64Array(this.size), this.shape);
  }

  /** Reverse-mode: fill `grad` of every tensor this one depends on. See backward.ts. */
  backward(seed?: Tensor | Float64Array | number): void {
    runBackward(this, seed);
  }

  zeroGrad(): void {
    this.grad = null;
  }

  /** Same values, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data.slice(), this.shape.slice());
  }

  toString(): string {
    return `Tensor(${JSON.stringify(this.toNested())}, shape=[${this.shape.join(', ')}]${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Graph recording

let noGradDepth = 0;

/** Run fn without recording a graph (results do not require grad). Used by gradcheck and optimisers. */
export function noGrad<T>(fn: () => T): T {
  noGradDepth++;
  try {
    return fn();
  } finally {
    noGradDepth--;
  }
}

export function isGradEnabled(): boolean {
  return noGradDepth === 0;
}

/**
 * Wrap an op's output. The graph link is kept only if some parent requires grad (and recording is
 * on); the tangent is computed only if some parent carries one. Every op ends with this call.
 */
export function node(data: Float64Array, shape: Shape, op: string, parents: Tensor[], rule: Rule): Tensor {
  let requiresGrad = false;
  let hasTangent = false;
  for (const p of parents) {
    if (p.requiresGrad) requiresGrad = true;
    if (p.tangent !== null) hasTangent = true;
  }
  requiresGrad &&= isGradEnabled();
  const out = requiresGrad
    ? new Tensor(data, shape, { requiresGrad, parents, backwardFn: rule.backward, op })
    : new Tensor(data, shape, { op });
  if (hasTangent) out.tangent = rule.tangent(parents.map(tangentOf));
  return out;
}

/** The gradient buffer of t, allocated (zeros) on first use; backward closures add into it. */
export function gradOf(t: Tensor): Float64Array {
  if (t.grad === null) t.grad = new Float64Array(t.data.length);
  return t.grad;
}

/** grad(t) += contribution, if t wants a gradient. */
export function accumulate(t: Tensor, contribution: Float64Array): void {
  if (!t.requiresGrad) return;
  const g = gradOf(t);
  for (let i = 0; i < g.length; i++) g[i] += contribution[i];
}

export function tangentOf(t: Tensor): Float64Array {
  return t.tangent ?? new Float64Array(t.data.length);
}

/** A number operand becomes a constant scalar tensor. */
export type Operand = Tensor | number;

export function asTensor(x: Operand): Tensor {
  return typeof x === 'number' ? new Tensor(Float64Array.of(x), []) : x;
}

/** A tensor as is, anything else (number, nested arrays) copied into a constant tensor. */
export function toTensor(x: Tensor | Nested): Tensor {
  return x instanceof Tensor ? x : tensor(x);
}

// ---------------------------------------------------------------------------------------------
// Shapes

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`invalid shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Row-major strides: the flat distance between neighbours along each axis. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Resolve a possibly negative axis against a rank. */
export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

/**
 * View a shape as [outer, n, inner] around one axis: element (o, k, i) sits at (o·n + k)·inner + i.
 * Every axis-wise op (sum, softmax, max, concat) walks its data this way.
 */
export function splitAtAxis(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, n: shape[axis], inner };
}

// ---------------------------------------------------------------------------------------------
// Constructors and conversions

export interface TensorOptions {
  requiresGrad?: boolean;
}

/** A tensor from plain JS data (copied): 3 → [], [1, 2] → [2], [[1, 2], [3, 4]] → [2, 2], … */
export function tensor(data: Nested, opts: TensorOptions = {}): Tensor {
  const shape = inferShape(data);
  const flat = new Float64Array(sizeOf(shape));
  if (typeof data === 'number') {
    flat[0] = data;
  } else if (shape.length === 1) {
    const row = data as number[];
    for (let i = 0; i < row.length; i++) flat[i] = checkNumber(row[i]);
  } else if (shape.length === 2) {
    const rows = data as number[][];
    const c = shape[1];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== c) throw new Error(`tensor(): ragged data at row ${i}`);
      for (let j = 0; j < c; j++) flat[i * c + j] = checkNumber(row[j]);
    }
  } else {
    fillFlat(data, shape, 0, flat, 0);
  }
  return new Tensor(flat, shape, { requiresGrad: opts.requiresGrad });
}

export function scalar(x: number, opts: TensorOptions = {}): Tensor {
  return new Tensor(Float64Array.of(x), [], { requiresGrad: opts.requiresGrad });
}

export function zeros(shape: Shape, opts: TensorOptions = {}): Tensor {
  return new Tensor(new Float64Array(sizeOf(shape)), shape.slice(), { requiresGrad: opts.requiresGrad });
}

export function ones(shape: Shape, opts: TensorOptions = {}): Tensor {
  return full(shape, 1, opts);
}

export function full(shape: Shape, value: number, opts: TensorOptions = {}): Tensor {
  return new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape.slice(), { requiresGrad: opts.requiresGrad });
}

/** Wrap an existing buffer without copying it (cheap); the tensor then shares it with the caller. */
export function fromArray(data: Float64Array, shape: Shape, opts: TensorOptions = {}): Tensor {
  return new Tensor(data, shape.slice(), { requiresGrad: opts.requiresGrad });
}

/** Rebuild nested arrays from a flat row-major buffer. */
export function toNested(data: Float64Array, shape: readonly number[]): Nested {
  if (shape.length === 0) return data[0];
  if (shape.length === 1) return Array.from(data);
  if (shape.length === 2) {
    const [r, c] = shape;
    const out: number[][] = new Array(r);
    for (let i = 0; i < r; i++) out[i] = Array.from(data.subarray(i * c, i * c + c));
    return out;
  }
  const inner = sizeOf(shape.slice(1));
  const out: Nested[] = new Array(shape[0]);
  for (let i = 0; i < shape[0]; i++) out[i] = toNested(data.subarray(i * inner, (i + 1) * inner), shape.slice(1));
  return out;
}

function inferShape(data: Nested): Shape {
  const shape: Shape = [];
  let cur: Nested = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  if (!Array.isArray(cur) && typeof cur !== 'number') throw new Error(`tensor(): expected numbers, got ${typeof cur}`);
  return shape;
}

function fillFlat(data: Nested, shape: Shape, axis: number, out: Float64Array, offset: number): number {
  // Explicit stack instead of recursion is not needed here: depth is the rank, not the data size.
  if (axis === shape.length) {
    if (typeof data !== 'number') throw new Error('tensor(): ragged data');
    out[offset] = checkNumber(data);
    return offset + 1;
  }
  if (!Array.isArray(data) || data.length !== shape[axis]) throw new Error('tensor(): ragged data');
  for (const child of data) offset = fillFlat(child, shape, axis + 1, out, offset);
  return offset;
}

function checkNumber(x: unknown): number {
  if (typeof x !== 'number') throw new Error(`tensor(): expected a number, got ${typeof x}`);
  return x;
}
