import type { InputPart, Path } from './spec';

/**
 * How an input and a number are put in front of a student: inputs as named numbers, vectors and
 * matrices (rendered in rows by the site), names as the statement spells them, and numbers with
 * just enough digits that two different values print differently.
 */

const MAX_ENTRIES = 600;
const MAX_VECTOR = 64;
const MAX_SIDE = 16;

export function isVector(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
}

/** A matrix: rows of numbers, all of one length (a ragged list of vectors is not a matrix). */
export function isMatrix(v: unknown): v is number[][] {
  return Array.isArray(v) && v.length > 0 && v.every((row) => isVector(row) && row.length === (v[0] as number[]).length);
}

function fits(value: unknown): value is InputPart['value'] {
  if (typeof value === 'number' || typeof value === 'string') return true;
  if (isVector(value)) return value.length <= MAX_VECTOR;
  if (isMatrix(value)) return value.length <= MAX_SIDE && value[0]!.length <= MAX_SIDE;
  return false;
}

/**
 * The default display of an input: a number or array under the argument's name; an object's
 * numeric fields under their own names, one level of nesting deep, lists of matrices or vectors
 * numbered from 1 (`W[1]`, `W[2]`). Returns undefined when nothing fits (the text line remains).
 */
export function defaultShow(input: unknown, argument: string | undefined, names: Record<string, string> = {}): InputPart[] | undefined {
  const parts: InputPart[] = [];
  const add = (key: string, value: unknown, depth: number) => {
    const name = names[key] ?? key;
    if (fits(value) && typeof value !== 'string') parts.push({ name, value });
    else if (typeof value === 'string' && value.length <= 60) parts.push({ name, value });
    else if (Array.isArray(value) && value.length <= 8 && value.every((v) => fits(v) && typeof v !== 'string')) {
      value.forEach((v, k) => parts.push({ name: `${name}[${k + 1}]`, value: v as InputPart['value'] }));
    } else if (depth === 0 && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) add(k, v, depth + 1);
    }
  };
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    for (const [k, v] of Object.entries(input)) add(k, v, 0);
  } else {
    add(argument ?? 'x', input, 1);
  }
  // Plain numbers are as clear in the one-line description; the layout is for vectors and matrices.
  if (parts.every((p) => typeof p.value === 'number' || typeof p.value === 'string')) return undefined;
  return limitParts(parts);
}

/** Keeps a display within a size a student can read; undefined when it would not fit. */
export function limitParts(parts: InputPart[] | undefined): InputPart[] | undefined {
  if (!parts || parts.length === 0) return undefined;
  let entries = 0;
  for (const p of parts) {
    if (!fits(p.value)) return undefined;
    entries += Array.isArray(p.value) ? p.value.flat().length : 1;
  }
  return entries <= MAX_ENTRIES ? parts : undefined;
}

/** The name of the changed part of an input: the author's name for it, else the argument or field name. */
export function nameOfInput(path: Path, argument: string | undefined, nameInput: ((path: Path) => string) | undefined, names: Record<string, string> = {}): string {
  if (nameInput) return nameInput(path);
  if (typeof path[0] === 'string') return names[path[0]] ?? path[0];
  return argument ?? 'input';
}

/**
 * Two numbers printed with the fewest significant digits (at least 8, at most 17) that tell them
 * apart, so "expected 0.19661193, got 0.19661193" never happens.
 */
export function formatPair(expected: number, got: number): [string, string] {
  for (let p = 8; p <= 17; p++) {
    const a = formatDigits(expected, p);
    const b = formatDigits(got, p);
    if (a !== b || p === 17) return [a, b];
  }
  return [formatDigits(expected, 17), formatDigits(got, 17)];
}

export function formatDigits(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e6) return String(Number(x.toPrecision(precision)));
  return x.toExponential(precision - 1).replace(/\.?0+e/, 'e');
}
