import type { Graph } from '../../results';
import { wireNumber } from '../compare';

/**
 * The tangent rules of the two-input ops as a table (tinygrad's style): the partial derivatives
 * with respect to each operand, and the wrong rules students are known to write instead. A wrong
 * tangent at a node whose operands' tangents are right is then explained by the rule, its two
 * partials at this input, and — when the student's number equals one — the wrong rule used.
 */

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';
type Operand = { value: number; tangent: number };

const PARTIALS: Record<BinaryOp, (a: number, b: number) => [number, number]> = {
  add: () => [1, 1],
  sub: () => [1, -1],
  mul: (a, b) => [b, a],
  div: (a, b) => [1 / b, -a / (b * b)],
};

/** Formulas in ȧ, ḃ, a, b (the same in every language), each with how to compute it. */
const WRONG_RULES: Record<BinaryOp, [string, (a: number, da: number, b: number, db: number) => number][]> = {
  add: [
    ['ȧ', (_a, da) => da],
    ['ḃ', (_a, _da, _b, db) => db],
    ['ȧ − ḃ', (_a, da, _b, db) => da - db],
    ['ȧ·ḃ', (_a, da, _b, db) => da * db],
  ],
  sub: [
    ['ȧ + ḃ', (_a, da, _b, db) => da + db],
    ['ḃ − ȧ', (_a, da, _b, db) => db - da],
    ['ȧ', (_a, da) => da],
  ],
  mul: [
    ['ȧ·ḃ', (_a, da, _b, db) => da * db],
    ['ȧ·b', (_a, da, b) => da * b],
    ['a·ḃ', (a, _da, _b, db) => a * db],
    ['ȧ·b − a·ḃ', (a, da, b, db) => da * b - a * db],
  ],
  div: [
    ['(ȧ·b + a·ḃ)/b²', (a, da, b, db) => (da * b + a * db) / (b * b)],
    ['(a·ḃ − ȧ·b)/b²', (a, da, b, db) => (a * db - da * b) / (b * b)],
    ['(ȧ·b − a·ḃ)/b', (a, da, b, db) => (da * b - a * db) / b],
    ['ȧ/ḃ', (_a, da, _b, db) => da / db],
    ['ȧ/b', (_a, da, b) => da / b],
  ],
};

export const isBinaryOp = (op: string): op is BinaryOp => op in PARTIALS;

const close = (got: number, expected: number) => Math.abs(got - expected) <= 1e-9 + 1e-6 * Math.abs(expected);

/** The feedback's account of a wrong tangent `got` at `op(a, b)`; `names` are the operands as drawn. */
export function explainBinary(op: BinaryOp, names: [string, string], a: Operand, b: Operand, got: number): NonNullable<NonNullable<Graph['firstWrong']>['binary']> {
  const partials = PARTIALS[op](a.value, b.value);
  const right = partials[0] * a.tangent + partials[1] * b.tangent;
  // A wrong rule that gives the right number here explains nothing: it is not named.
  const used = WRONG_RULES[op].find(([, f]) => {
    const v = f(a.value, a.tangent, b.value, b.tangent);
    return Number.isFinite(v) && close(got, v) && !close(right, v);
  })?.[0];
  return {
    op,
    args: names,
    partials: [wireNumber(partials[0]), wireNumber(partials[1])],
    tangents: [wireNumber(a.tangent), wireNumber(b.tangent)],
    ...(used ? { used } : {}),
  };
}
