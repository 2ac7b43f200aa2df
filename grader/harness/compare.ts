import type { Path, Tolerance } from './spec';

/**
 * Structural comparison of a learner's answer with the reference. Shapes first (a wrong shape is
 * its own kind of mistake and gets its own message), then every number within tolerance; the
 * worst element is kept so the feedback can point at it.
 */

export const DEFAULT_TOLERANCE: Required<Tolerance> = { abs: 1e-7, rel: 1e-6 };

export type ShapeProblem =
  | { key: 'expectedNumber'; path: Path; got: string }
  | { key: 'expectedArray'; path: Path; length: number; got: string }
  | { key: 'wrongLength'; path: Path; length: number; gotLength: number }
  | { key: 'expectedObject'; path: Path; field: string; got: string }
  | { key: 'expectedValue'; path: Path; expected: string; got: string };

export interface Worst {
  path: Path;
  expected: number;
  got: number;
  absError: number;
  relError: number;
}

export type Comparison =
  | { ok: true }
  | { ok: false; kind: 'shape'; problem: ShapeProblem }
  | { ok: false; kind: 'value'; worst: Worst; wrongElements: number };

export function compare(expected: unknown, got: unknown, tolerance: Tolerance = {}): Comparison {
  const tol = { ...DEFAULT_TOLERANCE, ...tolerance };
  const wrong: { path: Path; e: number; g: number }[] = [];
  let largest = 0;

  // An explicit stack rather than recursion: answers are small, but the walk must not depend on it.
  const stack: { e: unknown; g: unknown; path: Path }[] = [{ e: expected, g: got, path: [] }];
  while (stack.length > 0) {
    const { e, g, path } = stack.pop()!;
    if (typeof e === 'number') {
      if (typeof g !== 'number') return { ok: false, kind: 'shape', problem: { key: 'expectedNumber', path, got: describeValue(g) } };
      if (Number.isFinite(e)) largest = Math.max(largest, Math.abs(e));
      if (!withinTolerance(e, g, tol)) wrong.push({ path, e, g });
    } else if (Array.isArray(e)) {
      if (!Array.isArray(g)) return { ok: false, kind: 'shape', problem: { key: 'expectedArray', path, length: e.length, got: describeValue(g) } };
      if (g.length !== e.length) return { ok: false, kind: 'shape', problem: { key: 'wrongLength', path, length: e.length, gotLength: g.length } };
      for (let i = e.length - 1; i >= 0; i--) stack.push({ e: e[i], g: g[i], path: [...path, i] });
    } else if (e !== null && typeof e === 'object') {
      for (const key of Object.keys(e).reverse()) {
        if (g === null || typeof g !== 'object' || Array.isArray(g) || !Object.prototype.hasOwnProperty.call(g, key)) {
          return { ok: false, kind: 'shape', problem: { key: 'expectedObject', path, field: key, got: describeValue(g) } };
        }
        stack.push({ e: (e as Record<string, unknown>)[key], g: (g as Record<string, unknown>)[key], path: [...path, key] });
      }
    } else if (!Object.is(e, g)) {
      return { ok: false, kind: 'shape', problem: { key: 'expectedValue', path, expected: describeValue(e), got: describeValue(g) } };
    }
  }
  // The worst element is the one a teacher would point at: its error measured against a scale that
  // ignores references tiny next to the rest of the answer (a reference of −2e-7 beside entries of
  // 0.5 is "about 0", and 1e-5 there is not the answer's biggest problem).
  const floor = SCALE_FLOOR * largest;
  let worst: Worst | undefined;
  let worstRank = -1;
  for (const { path, e, g } of wrong) {
    const absError = Math.abs(g - e);
    const relError = relativeError(e, g, floor);
    const r = rank(relError, absError);
    if (r > worstRank) {
      worst = { path, expected: e, got: g, absError, relError };
      worstRank = r;
    }
  }
  return worst ? { ok: false, kind: 'value', worst, wrongElements: wrong.length } : { ok: true };
}

/** References below this fraction of the answer's largest reference are measured against that floor. */
export const SCALE_FLOOR = 1e-3;

export function withinTolerance(e: number, g: number, tol: Required<Tolerance>): boolean {
  if (Number.isNaN(e)) return Number.isNaN(g);
  if (!Number.isFinite(e) || !Number.isFinite(g)) return e === g;
  return Math.abs(g - e) <= tol.abs + tol.rel * Math.abs(e);
}

/**
 * |got − expected| relative to the larger magnitude of the two: 0 when equal, 1 when one of them is
 * 0 (or an order of magnitude off), 2 at most for a sign flip. Unlike dividing by |expected| alone,
 * it stays readable when the reference is 0. `floor` is the smallest scale considered (see compare).
 */
export function relativeError(e: number, g: number, floor = 0): number {
  if (Number.isNaN(g) || Number.isNaN(e)) return Number.POSITIVE_INFINITY;
  if (e === g) return 0;
  const d = Math.abs(g - e);
  return Number.isFinite(d) ? d / Math.max(Math.abs(e), Math.abs(g), floor) : Number.POSITIVE_INFINITY;
}

// NaN and infinities outrank any finite error so the most broken element is the one shown.
function rank(rel: number, abs: number): number {
  return Number.isFinite(rel) ? rel : Number.isNaN(abs) ? Number.MAX_VALUE : Number.MAX_VALUE / 2;
}

/** A short, student-readable description of any value, e.g. `undefined`, `a string "abc"`, `an array of 3`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return String(v);
    const keys = Object.keys(v);
    return keys.length === 0 ? 'an empty object' : `an object with fields ${keys.slice(0, 5).join(', ')}`;
  }
  return typeof v;
}

export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e6) return String(Number(x.toPrecision(8)));
  return x.toExponential(6).replace(/\.?0+e/, 'e');
}

/** Numbers for the wire: NaN and infinities become strings JSON can carry. */
export function wireNumber(x: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  return x;
}

/** Value at `path` inside a nested structure, or undefined. */
export function at(value: unknown, path: Path): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** Deep equality for plain data, NaN equal to itself (used to detect mutated arguments). */
export function firstDifference(a: unknown, b: unknown, path: Path = []): Path | null {
  if (Object.is(a, b)) return null;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? null : path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], [...path, i]);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return path;
    for (const k of ka) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k]);
      if (d) return d;
    }
    return null;
  }
  return path;
}
