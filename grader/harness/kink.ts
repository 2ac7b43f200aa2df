import type { JudgeFailure } from './spec';
import { closeTo, tolerances } from './tolerances';

/** A number as judge messages show it: 10 significant digits; anything else as JSON. */
export function shown(v: unknown): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(10))) : v === undefined ? 'undefined' : JSON.stringify(v);
}

export interface KinkJudge<I> {
  /** The learner's two functions, as messages name them: `elu`, `eluPrime`. */
  names: { value: string; derivative: string };
  value: (input: I) => number;
  derivative: (input: I) => number;
  /** The call's arguments as messages write them: `-0.25, 0.5`. */
  args: (input: I) => string;
  /**
   * At a kink, where it is and its one-sided derivatives (the left one named as the statement
   * writes it, e.g. `γe⁰`); null away from kinks.
   */
  kink: (input: I) => { at: number; left: number; leftName: string; right: number } | null;
}

/**
 * The judge of a piecewise activation answered as `{ value, derivative }`: exact away from its kink
 * (closed-form tolerance); at the kink any slope between the two one-sided derivatives is right.
 * ELU and leaky ReLU share it.
 */
export function kinkJudge<I>(spec: KinkJudge<I>): (got: unknown, input: I) => JudgeFailure | null {
  return (got, input) => {
    const g = (got ?? {}) as { value?: unknown; derivative?: unknown };
    const args = spec.args(input);
    const value = spec.value(input);
    if (!closeTo(g.value, value, tolerances.closedForm)) {
      return {
        message: {
          en: `${spec.names.value}(${args}) should be ${shown(value)}, but you returned ${shown(g.value)}.`,
          zh: `${spec.names.value}(${args}) 应为 ${shown(value)}，但你返回了 ${shown(g.value)}。`,
        },
        path: ['value'],
      };
    }
    const d = g.derivative;
    const kink = spec.kink(input);
    if (kink) {
      const lo = Math.min(kink.left, kink.right);
      const hi = Math.max(kink.left, kink.right);
      if (typeof d === 'number' && d >= lo && d <= hi) return null;
      return {
        message: {
          en: `At x = ${kink.at} the one-sided derivatives are ${kink.leftName} = ${kink.left} (left) and ${kink.right} (right); any value in [${lo}, ${hi}] is accepted, but you returned ${shown(d)}.`,
          zh: `在 x = ${kink.at} 处左导数为 ${kink.leftName} = ${kink.left}，右导数为 ${kink.right}；[${lo}, ${hi}] 中的任何值都可接受，但你返回了 ${shown(d)}。`,
        },
        path: ['derivative'],
      };
    }
    const want = spec.derivative(input);
    if (closeTo(d, want, tolerances.closedForm)) return null;
    return {
      message: {
        en: `${spec.names.derivative}(${args}) should be ${shown(want)}, but you returned ${shown(d)}.`,
        zh: `${spec.names.derivative}(${args}) 应为 ${shown(want)}，但你返回了 ${shown(d)}。`,
      },
      path: ['derivative'],
    };
  };
}
