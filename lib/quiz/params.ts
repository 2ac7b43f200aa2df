import { BrokenQuestionError, compiled } from './compile';
import { evaluate, ExprError, scalarOf } from './expr';
import { createRandom } from './random';
import type { Param, Question } from './schema';

const MAX_ATTEMPTS = 200;

/** The values a range parameter can take, rounded to the step's decimals so they print exactly. */
export function paramValues(p: Param): number[] {
  if ('choices' in p) return p.choices;
  const decimals = Math.max(decimalsOf(p.step), decimalsOf(p.min));
  const count = Math.floor((p.max - p.min) / p.step + 1e-9) + 1;
  const values: number[] = [];
  for (let k = 0; k < Math.min(count, 100_000); k++) {
    const v = Number((p.min + k * p.step).toFixed(decimals));
    if (!p.exclude.some((x) => Math.abs(x - v) < 1e-12)) values.push(v);
  }
  return values;
}

function decimalsOf(x: number): number {
  const m = /(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  return Math.max(0, (m?.[1]?.length ?? 0) - Number(m?.[2] ?? 0));
}

/**
 * This student's numbers for a question: params drawn from the seed, then the derived values in
 * order. Draws whose derived values are not finite or that fail a `require` are drawn again, so the
 * same seed always lands on the same accepted draw.
 */
export function drawParams(q: Question, seed: string): Map<string, number> {
  const c = compiled(q);
  if (c.params.length === 0 && c.derived.length === 0) return new Map();
  const random = createRandom(seed, q.id, 'params');
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const values = new Map<string, number>();
    for (const name of c.params) {
      const options = paramValues(q.params![name]!);
      values.set(name, options[random.below(options.length)]!);
    }
    if (completeDraw(q, values)) return values;
  }
  throw new BrokenQuestionError(`question ${q.id}: no draw of the params satisfied "require" in ${MAX_ATTEMPTS} attempts`);
}

function completeDraw(q: Question, values: Map<string, number>): boolean {
  const c = compiled(q);
  const env = { values, functions: new Map(), dims: new Map() };
  try {
    for (const d of c.derived) {
      const v = scalarOf(evaluate(d.ast, d.source, env));
      if (v === undefined) return false;
      values.set(d.name, v);
    }
    return c.require.every((r) => (scalarOf(evaluate(r.ast, r.source, env)) ?? 0) > 0);
  } catch (err) {
    if (err instanceof ExprError) return false;
    throw err;
  }
}

/** A drawn value as it appears in a text: exact for grid values, six significant digits otherwise. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export function interpolate(text: string, values: ReadonlyMap<string, number>): string {
  if (values.size === 0) return text;
  return text.replace(PLACEHOLDER, (all, name: string) => {
    const v = values.get(name);
    return v === undefined ? all : formatNumber(v);
  });
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
