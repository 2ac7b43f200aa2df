import { describe, expect, it } from 'vitest';
import type { Exercise } from '../../../lib/content/loader';
import { compare } from '../../../grader/harness/compare';
import type { PreparedCheck, PreparedExercise, PreparedMistake } from '../../../grader/harness/prepare';
import { runChecks, missingExport } from '../../../grader/harness/run';
import { driverSource, hostRunner, type CallOutcome } from '../../../grader/harness/runner';
import { formatPair } from '../../../grader/harness/show';
import type { CheckSpec } from '../../../grader/harness/spec';
import { GradingResult } from '../../../grader/results';

/**
 * What the harness tells a student, checked on small exercises run with the host runner: names
 * from the statement, honest messages for mistakes outside the catalogue, the element a teacher
 * would point at, and data the site can lay out (input parts, vector heatmaps, dense plots).
 */

function prepare(specs: CheckSpec[], mistakes: Record<string, { hint: string; module: unknown }> = {}): PreparedExercise {
  const checks: PreparedCheck[] = specs.map((spec) => {
    const inputs = spec.inputs as unknown[];
    return {
      spec,
      points: spec.points ?? 1,
      cases: inputs.map((input) => ({ input, expected: spec.expected?.(structuredClone(input)) })),
      driverSource: driverSource(spec.call),
    };
  });
  const list: PreparedMistake[] = Object.entries(mistakes).map(([id, m]) => ({ id, hint: m.hint, module: m.module }));
  return {
    exercise: { id: 'test' } as unknown as Exercise,
    checks,
    mistakes: list,
    mistakeAnswers(id, check): CallOutcome[] | undefined {
      const m = list.find((x) => x.id === id);
      if (!m) return undefined;
      const runner = hostRunner(m.module);
      return check.cases.map((c) => runner.call(check.driverSource, check.spec.call, c.input));
    },
  };
}

function run(prepared: PreparedExercise, mod: unknown, locale: 'en' | 'zh' = 'en') {
  return runChecks(prepared, prepared.checks, hostRunner(mod), { locale, totalTimeMs: 10_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: true });
}

const softmaxRef = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

const softmaxCheck: CheckSpec<number[], number[]> = {
  name: 'softmax',
  title: 'softmax',
  argument: 'z',
  call: (m: { softmax(z: number[]): number[] }, z: number[]) => m.softmax(z),
  inputs: [
    [1, 2, 3],
    [0, 0],
  ],
  expected: softmaxRef,
};

describe('mistakes outside the catalogue', () => {
  it('says "you changed z; copy it first" and gives no catalogued hint for code that mutates its argument', () => {
    // Subtracts max(z) in place: the answers are right, the argument is not left alone. A catalogued
    // mistake that happens to agree on these inputs must not be offered as the explanation.
    const inPlace = {
      softmax(z: number[]) {
        const m = Math.max(...z);
        for (let i = 0; i < z.length; i++) z[i]! -= m;
        return softmaxRef(z);
      },
    };
    const prepared = prepare([softmaxCheck as CheckSpec], { 'shift-by-min': { hint: 'Subtracting min(z)…', module: { softmax: softmaxRef } } });
    const out = run(prepared, inPlace);
    const c = out.checks[0]!;
    expect(c.passed).toBe(false);
    expect(c.problem).toBe('mutated');
    expect(c.message).toMatch(/^You changed `z`; copy it first/);
    expect(c.mistake).toBeUndefined();
    expect(run(prepared, inPlace, 'zh').checks[0]!.message).toMatch(/^你修改了 `z`/);
  });

  it('names the export the checks looked for, never m.softmax', () => {
    const out = run(prepare([softmaxCheck as CheckSpec]), { softMax: softmaxRef });
    const c = out.checks[0]!;
    expect(c.problem).toBe('missing_export');
    expect(c.message).toMatch(/^export function softmax was not found/);
    expect(c.message).not.toMatch(/m\.softmax/);
    expect(c.error?.message).not.toMatch(/m\.softmax/);
    expect(missingExport('TypeError: m.other is not a function', driverSource(softmaxCheck.call))).toBeUndefined();
  });

  it('reports a stack overflow as a stack overflow', () => {
    const recurse = { softmax: (z: number[]): number[] => recurse.softmax(z) };
    const c = run(prepare([softmaxCheck as CheckSpec]), recurse).checks[0]!;
    expect(c.problem).toBe('stack_overflow');
    expect(c.message).toMatch(/^Stack overflow/);
    expect(c.message).not.toMatch(/shape/i);
  });
});

describe('the worst element', () => {
  it('is measured against a scale that ignores tiny references', () => {
    // The tiny reference is "about 0" next to 0.5; 1e-5 there is not the answer's biggest problem.
    const r = compare([0.5, -2e-7, 0.3], [0.45, 1e-5, 0.3]);
    expect(r).toMatchObject({ ok: false, kind: 'value', worst: { path: [0], expected: 0.5, got: 0.45 } });
  });

  it('prints enough digits that expected and got differ visibly', () => {
    const [e, g] = formatPair(0.196611933241, 0.196611934);
    expect(e).not.toBe(g);
    expect(formatPair(0.5, 0.25)).toEqual(['0.5', '0.25']);
  });
});

describe('what the site lays out', () => {
  const layersCheck: CheckSpec = {
    name: 'layers',
    title: 'layers',
    call: (m: { grads(x: number[]): { db: number[][] } }, x: number[]) => m.grads(x),
    inputs: [[1, 2]],
    expected: () => ({ db: [[0.1, 0.2, 0.3], [0.4]] }),
    heatmap: true,
  };

  it('draws a ragged list of bias gradients as vectors, never as a rectangle with a missing cell', () => {
    const c = run(prepare([layersCheck]), { grads: () => ({ db: [[0.1, 0.25, 0.3], [0.4]] }) }).checks[0]!;
    expect(c.heatmaps).toHaveLength(2);
    expect(c.heatmaps!.map((h) => [h.kind, h.rows, h.cols])).toEqual([
      ['vector', 3, 1],
      ['vector', 1, 1],
    ]);
    expect(c.heatmaps![0]!.values.length).toBe(3);
    expect(c.heatmaps![0]!.got).toEqual([0.1, 0.25, 0.3]);
    // The label counts from 1, as the statement does.
    expect(c.mismatch?.where?.label).toBe('db, row 1, column 2');
  });

  it('shows the input under the statement’s name, as a vector', () => {
    const c = run(prepare([softmaxCheck as CheckSpec]), { softmax: (z: number[]) => softmaxRef(z).map((v, i, all) => (i === all.length - 1 ? 0.5 : v)) }).checks[0]!;
    expect(c.inputParts).toEqual([{ name: 'z', value: [1, 2, 3] }]);
    expect(c.mismatch?.block).toMatchObject({ expected: softmaxRef([1, 2, 3]), index: [2] });
    expect(c.mismatch?.where?.label).toBe('the answer, entry 3');
  });

  it('plots a scalar function on a dense grid, with the check’s inputs as points', () => {
    const spec: CheckSpec<number, number> = {
      name: 'sq',
      title: 'square',
      call: (m: { f(x: number): number }, x: number) => m.f(x),
      inputs: [-2, 0, 1],
      expected: (x) => x * x,
      plot: { x: (x) => x },
    };
    const c = run(prepare([spec as CheckSpec]), { f: (x: number) => x * x + (x > 0.5 ? 1 : 0) }).checks[0]!;
    expect(c.plot?.x).toHaveLength(201);
    expect(c.plot?.x[0]).toBe(-2);
    expect(c.plot?.x[200]).toBe(1);
    expect(c.plot?.expected[100]).toBeCloseTo(c.plot!.x[100]! ** 2, 12);
    expect(c.plot?.got[200]).toBe(2);
    expect(c.plot?.samples?.x).toEqual([-2, 0, 1]);
  });

  it('draws the dense curve only after the verdicts, so a function that fails between the inputs changes nothing', () => {
    const spec: CheckSpec<number, number> = {
      name: 'sq',
      title: 'square',
      call: (m: { f(x: number): number }, x: number) => m.f(x),
      inputs: [-2, 0, 1],
      expected: (x) => x * x,
      plot: { x: (x) => x },
    };
    const picky = {
      f: (x: number) => {
        if (![-2, 0, 1].includes(x)) throw new Error('only the check’s inputs');
        return x === 1 ? 2 : x * x;
      },
    };
    const c = run(prepare([spec as CheckSpec]), picky).checks[0]!;
    expect(c).toMatchObject({ passed: false, cases: { total: 3, failed: 1 }, mismatch: { expected: 1, got: 2 } });
    // Of the 201 grid points only the ends (x = −2 and x = 1) are inputs the function accepts.
    expect(c.plot?.x).toHaveLength(201);
    expect(c.plot?.got.filter((v) => v !== null)).toEqual([4, 2]);
    expect(c.plot?.samples?.got).toEqual([4, 0, 2]);
  });

  it('passes the result schema', () => {
    const out = run(prepare([layersCheck, softmaxCheck as CheckSpec]), { grads: () => ({ db: [[Number.NaN, 0.2, 0.3], [0.4]] }), softmax: (z: number[]) => z });
    const result = {
      exercise: 'test',
      version: 'v',
      mode: 'submit',
      status: 'failed',
      score: 0,
      points: 0,
      maxPoints: 2,
      summary: '',
      checks: out.checks,
      compileErrors: [],
      console: { text: '', truncated: false },
      timeMs: 1,
    };
    expect(GradingResult.safeParse(JSON.parse(JSON.stringify(result))).success).toBe(true);
  });
});
