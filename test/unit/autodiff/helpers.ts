// Shared checks for the autodiff tests: every op is verified the same two ways.
//   1. reverse mode against central differences (gradcheck), through L = Σ R ⊙ f(inputs) with
//      fixed random weights R, so every output element counts and errors cannot cancel;
//   2. forward mode against reverse mode: the jvp of L along random tangents v must equal
//      Σᵢ ⟨∇ᵢL, vᵢ⟩ from one backward pass.

import { expect } from 'vitest';
import {
  formatGradcheck,
  gradcheck,
  jvp,
  mul,
  sum,
  Tensor,
  valueAndGrad,
  createRng,
  type Rng,
  type Shape,
} from '../../../lib/autodiff';

export function randomTensor(rng: Rng, shape: Shape, opts: { lo?: number; hi?: number; awayFrom?: number[]; margin?: number } = {}): Tensor {
  const { lo = -2, hi = 2, awayFrom = [], margin = 1e-3 } = opts;
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let v: number;
    do v = rng.uniform(lo, hi);
    while (awayFrom.some((k) => Math.abs(v - k) < margin));
    data[i] = v;
  }
  return new Tensor(data, shape.slice());
}

export interface CheckOptions {
  atol?: number;
  rtol?: number;
  eps?: number;
  /** Relative tolerance for forward-vs-reverse agreement (both are exact up to rounding). */
  modeTol?: number;
}

/** Gradient check + forward-vs-reverse check of f at the given inputs. */
export function checkGradients(f: (...ts: Tensor[]) => Tensor, inputs: Tensor[], seed: number | string = 1, opts: CheckOptions = {}): void {
  const rng = createRng(seed);
  const out = f(...inputs);
  const R = randomTensor(rng, out.shape, { lo: -1, hi: 1 });
  const L = (...ts: Tensor[]) => sum(mul(f(...ts), R));

  const report = gradcheck(L, inputs, { atol: opts.atol ?? 1e-6, rtol: opts.rtol ?? 1e-5, eps: opts.eps });
  expect(report.ok, formatGradcheck(report)).toBe(true);

  const { grads } = valueAndGrad(L, inputs);
  const tangents = inputs.map((t) => randomTensor(rng, t.shape, { lo: -1, hi: 1 }));
  const { tangent } = jvp(L, inputs, tangents);
  let expected = 0;
  let scale = 0;
  grads.forEach((g, i) =>
    g.forEach((gi, j) => {
      expected += gi * tangents[i].data[j];
      scale += Math.abs(gi * tangents[i].data[j]);
    }),
  );
  const tol = (opts.modeTol ?? 1e-12) * Math.max(scale, 1e-300) + 1e-300;
  expect(Math.abs(tangent.item() - expected), `forward ${tangent.item()} vs reverse ${expected}`).toBeLessThanOrEqual(tol);
}

/** Relative error with a floor for values at 0. */
export function relError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

export function expectClose(actual: number, expected: number, rtol = 1e-12, atol = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(atol + rtol * Math.abs(expected));
}

export function expectArrayClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-12, atol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `at ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(expected[i]));
  }
}
