import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Feedback } from '../../../app/_components/Feedback';
import { disagreements, Plot, plotText } from '../../../app/_components/Plot';
import type { Exercise } from '../../../lib/content/loader';
import { messages } from '../../../lib/i18n/catalog';
import type { PreparedExercise } from '../../../grader/harness/prepare';
import { runChecks } from '../../../grader/harness/run';
import { driverSource, hostRunner } from '../../../grader/harness/runner';
import type { CheckSpec } from '../../../grader/harness/spec';

/**
 * Plots that teach (4.1): a check whose inputs stay on one side of ReLU's kink still draws the
 * student's curve over both sides, marks the kink, shades where the curves part, and says both in
 * its text alternative.
 */

const reluPrime = (x: number) => (x > 0 ? 1 : 0);
const inputs = [0.5, 1, 2.5, 3, 4.5];
const check: CheckSpec<number, number> = {
  name: 'relu-prime-right',
  title: 'reluPrime at random x in (0, 5]',
  kind: 'gradient',
  call: (m: { reluPrime(x: number): number }, x: number) => m.reluPrime(x),
  inputs,
  expected: reluPrime,
  plot: { x: (x) => x, range: [-5, 5], kinks: [0] },
};
const prepared: PreparedExercise = {
  exercise: { id: 'relu-subgradient' } as unknown as Exercise,
  checks: [{ spec: check as CheckSpec, points: 1, cases: inputs.map((input) => ({ input, expected: reluPrime(input) })), driverSource: driverSource(check.call) }],
  mistakes: [],
  mistakeAnswers: () => undefined,
};
// Right up to x = 2, then half the slope it should have.
const student = { reluPrime: (x: number) => (x > 2 ? 0.5 : x > 0 ? 1 : 0) };

function plotOf() {
  const out = runChecks(prepared, prepared.checks, hostRunner(student), { locale: 'en', totalTimeMs: 10_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: false });
  return out.checks[0]!.plot!;
}

describe('plots that teach', () => {
  it('draws over the whole range asked for, with the kink, even when the inputs avoid it', () => {
    const plot = plotOf();
    expect(plot.x[0]).toBe(-5);
    expect(plot.x[plot.x.length - 1]).toBe(5);
    expect(plot.kinks).toEqual([0]);
    expect(plot.got[plot.x.indexOf(-1)]).toBe(0);
  });

  it('finds the stretch where the curves part, and shades it', () => {
    const plot = plotOf();
    const stretches = disagreements(plot);
    expect(stretches).toHaveLength(1);
    expect(stretches[0]![0]).toBeCloseTo(2.05, 10);
    expect(stretches[0]![1]).toBe(5);
    const svg = renderToStaticMarkup(createElement(Plot, { data: plot, t: messages('en').feedback }));
    expect(svg.match(/data-testid="plot-differs"/g)).toHaveLength(1);
    expect(svg.match(/data-testid="plot-kink"/g)).toHaveLength(1);
    expect(svg).toContain('where yours differs');
  });

  it('says the stretch and the kink in words, in both languages', () => {
    const plot = plotOf();
    expect(plotText(plot, messages('en').feedback)).toMatch(/ Yours differs on 1 stretch: 2\.05 … 5\. Kinks of the reference at x = 0\.$/);
    expect(plotText(plot, messages('zh').feedback)).toMatch(/你的函数在 1 个区间上与参考不同：2\.05 … 5。参考函数的不可导点在 x = 0。$/);
  });
});

describe('the function and its derivative, as small multiples (4.1)', () => {
  // relu and reluPrime, each a check with a plot, as the activation exercises have them.
  const relu = (x: number) => Math.max(0, x);
  const xs = [-4, -1, 0.5, 2, 4];
  const spec = (name: string, title: string, f: (x: number) => number, call: CheckSpec['call']): CheckSpec<number, number> => ({
    name,
    title: { en: title, zh: `${title}（中文）` },
    call,
    inputs: xs,
    expected: f,
    plot: { x: (x) => x, range: [-5, 5], kinks: [0] },
  });
  const checks = [
    spec('value', 'relu at random x', relu, (m: { relu(x: number): number }, x: number) => m.relu(x)),
    spec('derivative', 'reluPrime at random x', reluPrime, (m: { reluPrime(x: number): number }, x: number) => m.reluPrime(x)),
  ];
  const both: PreparedExercise = {
    ...prepared,
    checks: checks.map((c) => ({ spec: c as CheckSpec, points: 1, cases: xs.map((input) => ({ input, expected: c.expected!(input) })), driverSource: driverSource(c.call) })),
  };
  const grade = (module: unknown) => runChecks(both, both.checks, hostRunner(module), { locale: 'en', totalTimeMs: 10_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: false });

  it('are drawn when every check passes too: both curves over the whole range, agreeing, the kink marked', () => {
    const out = grade({ relu, reluPrime });
    expect(out.checks.map((c) => c.passed)).toEqual([true, true]);
    for (const c of out.checks) {
      expect(c.plot?.x).toHaveLength(201);
      expect([c.plot!.x[0], c.plot!.x[200]]).toEqual([-5, 5]);
      expect(c.plot?.kinks).toEqual([0]);
      expect(disagreements(c.plot!)).toEqual([]);
    }
    const t = messages('en').feedback;
    expect(plotText(out.checks[1]!.plot!, t)).toMatch(/Kinks of the reference at x = 0\.$/);
    const result = { status: 'passed', mode: 'check', score: 1, points: 2, maxPoints: 2, summary: 'ok', checks: out.checks, compileErrors: [], console: { text: '' } };
    const html = renderToStaticMarkup(createElement(Feedback, { result: result as never, t, messages: messages('en') }));
    // One section, one figure per check, captioned with the check and its verdict; nothing shaded.
    expect(html.match(/data-testid="plots"/g)).toHaveLength(1);
    expect(html).toContain('Your functions against the reference');
    expect(html.match(/<figure class="plot"/g)).toHaveLength(2);
    expect(html).toContain('✓ relu at random x');
    expect(html).toContain('✓ reluPrime at random x');
    expect(html.match(/data-testid="plot-kink"/g)).toHaveLength(2);
    expect(html).not.toContain('data-testid="plot-differs"');
    const zh = renderToStaticMarkup(createElement(Feedback, { result: result as never, t: messages('zh').feedback, messages: messages('zh') }));
    expect(zh).toContain('你的函数与参考函数对比');
    expect(zh).toContain('✓ reluPrime at random x（中文）');
  });

  it('the dense curves are budgeted on the grading’s own clock (the isolate’s CPU time), not the process’s age', () => {
    // A CPU clock that reads nothing like performance.now(): a real grading's session.cpuMs().
    const out = runChecks(both, both.checks, hostRunner({ relu, reluPrime }), { locale: 'en', totalTimeMs: 5000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: false, clock: () => -1e9 });
    for (const c of out.checks) expect(c.plot?.x).toHaveLength(201);
  });

  it('a wrong derivative: its figure is shaded where it differs, the function’s is not, on the same x range', () => {
    const out = grade({ relu, reluPrime: (x: number) => (x > 2 ? 0.5 : reluPrime(x)) });
    expect(out.checks.map((c) => c.passed)).toEqual([true, false]);
    const t = messages('en').feedback;
    const result = { status: 'failed', mode: 'check', score: 0.5, points: 1, maxPoints: 2, summary: 'no', checks: out.checks, compileErrors: [], console: { text: '' } };
    const html = renderToStaticMarkup(createElement(Feedback, { result: result as never, t, messages: messages('en') }));
    const figures = html.split('<figure class="plot"').slice(1);
    expect(figures).toHaveLength(2);
    expect(figures[0]).toContain('✓ relu at random x');
    expect(figures[0]).not.toContain('plot-differs');
    expect(figures[1]).toContain('✗ reluPrime at random x');
    expect(figures[1]!.match(/data-testid="plot-differs"/g)).toHaveLength(1);
    // Both axes say −5 … 5.
    for (const f of figures) expect(f).toMatch(/>-5<\/text>.*>5<\/text>/);
  });
});

describe('‖δ⁽ˡ⁾‖ per layer (4.6)', () => {
  const norms = (scale: number) => [0.5, 0.1, 0.02, 0.004].map((v) => v * scale);
  const vectorCheck: CheckSpec<number, number[]> = {
    name: 'examples',
    title: 'norms',
    call: (m: { deltaNorms(s: number): number[] }, s: number) => m.deltaNorms(s),
    inputs: [1],
    expected: norms,
    plot: { x: () => 0, xLabel: 'layer l', yLabel: 'log₁₀‖δ⁽ˡ⁾‖', vector: { log10: true } },
  };
  const vectorPrepared: PreparedExercise = {
    ...prepared,
    checks: [{ spec: vectorCheck as CheckSpec, points: 1, cases: [{ input: 1, expected: norms(1) }], driverSource: driverSource(vectorCheck.call) }],
  };

  it('plots the student’s norms against the reference, layer by layer, on a log scale', () => {
    // The squared norm: log₁₀ doubles, so the gap grows with depth as the norms shrink.
    const squared = { deltaNorms: (s: number) => norms(s).map((v) => v * v) };
    const out = runChecks(vectorPrepared, vectorPrepared.checks, hostRunner(squared), { locale: 'en', totalTimeMs: 10_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: false });
    const plot = out.checks[0]!.plot!;
    expect(plot.x).toEqual([1, 2, 3, 4]);
    expect(plot.yLabel).toBe('log₁₀‖δ⁽ˡ⁾‖');
    expect(plot.expected.map((v) => Number(v!.toFixed(6)))).toEqual(norms(1).map((v) => Number(Math.log10(v).toFixed(6))));
    expect(plot.got.map((v) => Number(v!.toFixed(6)))).toEqual(norms(1).map((v) => Number((2 * Math.log10(v)).toFixed(6))));
    const svg = renderToStaticMarkup(createElement(Plot, { data: plot, t: messages('en').feedback }));
    expect(svg).toContain('log₁₀‖δ⁽ˡ⁾‖');
  });
});
