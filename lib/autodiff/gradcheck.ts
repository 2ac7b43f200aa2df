// Gradient checking: compare the gradient that backward() computes with central differences
//   ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h      (error O(h²), versus O(h) one-sided)
// and say where they disagree, in the words minitorch uses:
//   "Received derivative X for argument 1 at index (2, 3), but the central difference gives Y."
// Arguments and indices count from 0.

import { backward } from './backward';
import { noGrad, Tensor } from './tensor';

export type ScalarFn = (...inputs: Tensor[]) => Tensor;

export interface GradcheckOptions {
  /** Step h of the central difference. */
  eps?: number;
  /** An entry passes if |analytic − numeric| ≤ atol + rtol·|numeric|. */
  atol?: number;
  rtol?: number;
}

export interface ParamReport {
  /** Position of this input in the argument list. */
  index: number;
  shape: number[];
  maxAbsError: number;
  /** Largest |a − n| / max(|a|, |n|) (0 where both are 0). */
  maxRelError: number;
  /** The entry that exceeds its tolerance the most (or comes closest to it). */
  worst: { index: number[]; analytic: number; numeric: number };
  /** Entries beyond tolerance. */
  failures: number;
  ok: boolean;
  analytic: Float64Array;
  numeric: Float64Array;
}

export interface GradcheckReport {
  ok: boolean;
  /** f at the unperturbed inputs. */
  value: number;
  params: ParamReport[];
}

export const GRADCHECK_DEFAULTS = { eps: 1e-6, atol: 1e-5, rtol: 1e-4 } as const;

/**
 * f's value and its gradient with respect to each input, computed on fresh leaf copies of the
 * inputs (the caller's tensors and their grads are left untouched).
 */
export function valueAndGrad(f: ScalarFn, inputs: Tensor[]): { value: Tensor; grads: Float64Array[] } {
  const leaves = inputs.map((t) => new Tensor(t.data.slice(), t.shape.slice(), { requiresGrad: true }));
  const value = f(...leaves);
  if (value.size !== 1) throw new Error(`expected f to return a scalar, got shape [${value.shape.join(', ')}]`);
  if (value.requiresGrad) backward(value);
  return { value, grads: leaves.map((l) => l.grad ?? new Float64Array(l.size)) };
}

/** Central-difference gradient of a scalar f with respect to each input. */
export function numericGradient(f: ScalarFn, inputs: Tensor[], eps: number = GRADCHECK_DEFAULTS.eps): Float64Array[] {
  const copies = inputs.map((t) => new Tensor(t.data.slice(), t.shape.slice()));
  const evaluate = (): number => {
    const out = noGrad(() => f(...copies));
    if (out.size !== 1) throw new Error(`expected f to return a scalar, got shape [${out.shape.join(', ')}]`);
    return out.data[0];
  };
  return copies.map((c) => {
    const grad = new Float64Array(c.size);
    for (let i = 0; i < c.size; i++) {
      const x = c.data[i];
      const up = x + eps;
      const down = x - eps;
      c.data[i] = up;
      const fUp = evaluate();
      c.data[i] = down;
      const fDown = evaluate();
      c.data[i] = x;
      // Divide by the step actually taken: x ± eps is rounded.
      grad[i] = (fUp - fDown) / (up - down);
    }
    return grad;
  });
}

export function gradcheck(f: ScalarFn, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  const { eps, atol, rtol } = { ...GRADCHECK_DEFAULTS, ...opts };
  const { value, grads } = valueAndGrad(f, inputs);
  const numeric = numericGradient(f, inputs, eps);
  const params = inputs.map((t, p) => compare(p, t.shape, grads[p], numeric[p], atol, rtol));
  return { ok: params.every((r) => r.ok), value: value.data[0], params };
}

function compare(index: number, shape: number[], a: Float64Array, n: Float64Array, atol: number, rtol: number): ParamReport {
  let maxAbsError = 0;
  let maxRelError = 0;
  let failures = 0;
  let worstAt = 0;
  let worstRatio = -1;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - n[i]);
    const scale = Math.max(Math.abs(a[i]), Math.abs(n[i]));
    const rel = scale === 0 ? 0 : err / scale;
    // How far past its tolerance this entry is (> 1 fails; NaN counts as infinitely far).
    const ratio = err / (atol + rtol * Math.abs(n[i]));
    const excess = Number.isNaN(ratio) ? Infinity : ratio;
    if (excess > 1) failures++;
    if (excess > worstRatio) {
      worstRatio = excess;
      worstAt = i;
    }
    maxAbsError = Math.max(maxAbsError, err);
    maxRelError = Math.max(maxRelError, rel);
  }
  return {
    index,
    shape: shape.slice(),
    maxAbsError,
    maxRelError,
    worst: { index: multiIndex(worstAt, shape), analytic: a[worstAt] ?? 0, numeric: n[worstAt] ?? 0 },
    failures,
    ok: failures === 0,
    analytic: a,
    numeric: n,
  };
}

/** Flat row-major position → multi-index, e.g. 7 in shape [3, 4] → [1, 3]. */
export function multiIndex(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    idx[ax] = flat % shape[ax];
    flat = Math.floor(flat / shape[ax]);
  }
  return idx;
}

function formatNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

/** One line per failing argument, minitorch style; a one-line summary when everything passes. */
export function formatGradcheck(report: GradcheckReport): string {
  if (report.ok) {
    const worst = Math.max(0, ...report.params.map((p) => p.maxAbsError));
    return `Gradient check passed for ${report.params.length} argument(s); largest difference ${formatNumber(worst)}.`;
  }
  return report.params
    .filter((p) => !p.ok)
    .map(
      (p) =>
        `Received derivative ${formatNumber(p.worst.analytic)} for argument ${p.index} at index (${p.worst.index.join(', ')}), ` +
        `but the central difference gives ${formatNumber(p.worst.numeric)}.`,
    )
    .join('\n');
}
